/* user/modtest's loader steps, shared between its files: what lkmd will do
 * (read a module file, check and link it with the pure module linker at a
 * base the kernel reserved, hand it over), in the small. */
#ifndef MODTEST_H
#define MODTEST_H
#include <stdint.h>
#include "uapi/module.h"
#include <lavender/ns.h>
#include "../../servers/lkmd/pure_modlink.h"

#define MODTEST_SYMS 64

typedef struct modfile {
	uint8_t *data;
	uint32_t size;
} modfile_t;

/* One module ready to install: reserved (req.id), linked at its base. */
typedef struct prepared {
	modlink_t link;
	uint8_t *image; /* req.size bytes */
	uint32_t base;
	lv_modsym_t syms[MODTEST_SYMS];
	lv_module_install_t req;
} prepared_t;

/* Reads the kernel's export table (once); 0 or -ERR_*. */
int modtest_exports(void);
/* Reads path into f (malloc'd); 0 or -ERR_*. */
int modtest_read(const char *path, modfile_t *f);
/* Checks and links f, with param ("key=value" or NULL) set, into a new
 * reservation; NULL, or why not (nothing reserved then). */
const char *modtest_prepare(const modfile_t *f, const char *param,
			    prepared_t *p);
/* The kernel's memory now (free frames and heap pages, heap bytes in use)
 * plus the caller's own pages. */
void modtest_mem_now(uint32_t *frames, uint32_t *heap_used);
/* NULL if the memory (frames0, heap0) is back (frames, heap), else why,
 * naming when. */
const char *modtest_mem_back(uint32_t frames0, uint32_t heap0, uint32_t frames,
			     uint32_t heap, const char *when);
/* 1 when the module table has no slot in use. */
int modtest_table_empty(void);

/* Modules as kernel-side processes (kproc.c). modtest_events_open waits
 * for the file server, then subscribes to the name server's events about
 * entries of type; modtest_await waits for event op about name (others
 * skipped). modtest_load installs f (no parameter) and waits until its
 * thread registered name, owned by its process: NULL and *id, *pid, or
 * why not. modtest_unload removes it and checks that name (unless was_dead:
 * gone already), the process and the slot went. modtest_state: the state of
 * module id (0: none). modtest_settled: the memory once the name server
 * has finished with what went before. */
int modtest_events_open(const char *type);
int modtest_await(uint32_t op, const char *name, lv_ns_entry_t *e);
const char *modtest_load(const modfile_t *f, const char *name, int *id,
			 int *pid);
/* The same with one parameter set ("key=value", or NULL). */
const char *modtest_load_with(const modfile_t *f, const char *param,
			      const char *name, int *id, int *pid);
const char *modtest_unload(int id, int pid, const char *name, int was_dead);
int modtest_state(int id);
void modtest_settled(uint32_t *frames, uint32_t *heap);
int modtest_kproc(void);
/* "modtest ne2k" (nic.c): the NE2000 module with a second node. */
int modtest_ne2k(void);
/* "modtest ne2k_echo" and "modtest ne2k_pci" (nic_equal.c): the module
 * through the user-mode driver's checks. */
int modtest_ne2k_echo(void);
int modtest_ne2k_pci(void);
/* Frees p's image (not its reservation or module). */
void modtest_release(prepared_t *p);

#endif
