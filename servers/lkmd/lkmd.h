/* lkmd's parts: main.c starts it and serves its port; service.c unpacks
 * the requests of lavender/lkmd_proto.h and says who may ask what; load.c
 * reads, checks, links, installs and removes modules (with the pure linker
 * pure_modlink.h and the dependency logic pure_moddeps.h); table.c keeps
 * the modules lkmd loaded -- their dependencies and exported symbols -- and
 * the kernel's exports. One thread: requests are served one at a time. */
#ifndef LAVENDER_LKMD_LKMD_H
#define LAVENDER_LKMD_LKMD_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/lkmd_proto.h>
#include "lkmd/pure_moddeps.h"
#include "lkmd/pure_modlink.h"

#define LKMD_FILE_MAX (4u << 20) /* bytes of a module file, at most */

/* table.c: the kernel's exported symbols, fetched once at start (the
 * module right is needed: -ERR_PERM without it); the modules installed
 * then adopted with the dependencies the kernel kept. */
int table_start(uint32_t *abi, int *nexports);
uint32_t table_kernel_abi(void);
/* Finds name for a module being linked whose record is info: the
 * kernel's exports, then those of the modules it depends on. 0 or
 * nonzero (modlink_lookup_t, ctx: the const modlink_info_t *). */
int table_lookup(void *ctx, const char *name, uint32_t *addr);
/* Records a module lkmd installed (id, linked at m's base): 0 or
 * -ERR_NOMEM. */
int table_add(int id, const modlink_t *m);
void table_remove(const char *name);
/* The kernel id of loaded module name, or 0 (table_known: lkmd's own
 * record; kernel_id: the kernel's table, whoever loaded it). */
int table_known(const char *name);
/* The id of loaded module name if lkmd knows its symbols (it loaded it,
 * not adopted it at start), else 0. */
int table_linkable(const char *name);
int table_kernel_id(const char *name);
/* The installed modules that depend on module name by the kernel's table
 * (whoever loaded them): their count, their names joined by commas into
 * users (moddeps_users). */
int table_kernel_users(const char *name, char *users, size_t len);
/* The records of the modules lkmd loaded (up to max into out): count. */
int table_records(moddeps_mod_t *out, int max);

/* A module file read whole (data malloc'd, the caller frees it). */
typedef struct lkmd_file {
	uint8_t *data;
	uint32_t size;
} lkmd_file_t;

/* load.c: the linker's state of the file being read (one at a time). */
extern modlink_t lkmd_link;
/* Reads path (from the root) and checks it into lkmd_link, f keeping
 * the bytes it points at: 0 or -ERR_* with "path: why" in msg. */
int load_parse(const char *path, lkmd_file_t *f, char *msg, size_t len);

/* The file of what (len bytes into path): what itself when it holds a
 * '/', else dir/what.ko for a module name what. 0, or -ERR_INVAL (not a
 * name) / -ERR_NAMETOOLONG with the reason in msg. */
int load_path(const char *dir, const char *what, char *path, size_t len,
	      char *msg, size_t msglen);

/* load.c (load_file), probe.c (load_probe, load_remove), info.c
 * (load_info). Each writes "FILE: why" (or "module NAME ...") into r->message
 * on failure and returns -ERR_*, as lavender/lkmd_proto.h says. */
int load_file(const char *path, const char *params, size_t psize,
	      msg_lkmd_result_t *r);
int load_probe(const char *what, const char *params, size_t psize,
	       msg_lkmd_result_t *r);
int load_remove(const char *name, uint32_t flags, msg_lkmd_result_t *r);
/* The sessions of module name's driver (users.c): 0 when there are none
 * (or force ended them: STOP to its driver); else -ERR_BUSY with msg
 * naming their processes, or STOP's error. */
int users_check(const char *name, int force, char *msg, size_t len);
/* The name of the "driver" entry process pid owns (a module's driver)
 * into driver (LV_NS_NAME_MAX bytes): 0 or -ERR_NOENT. */
int users_driver(int pid, char *driver);
/* Appends the names of the processes holding st's sessions (each once)
 * to list (len bytes; moddeps_append): lsmod's used-by. */
void users_sessions(const lv_module_stat_t *st, char *list, size_t len);
int load_info(const char *what, msg_lkmd_info_t *out);

/* Set while a LOAD from init runs: files are read from the file server
 * pinned with lv_fs_pin (load.c checks it still is after reading). */
extern int lkmd_trusted_fs;

#endif
