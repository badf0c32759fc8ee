/* The module loader's port (servers/lkmd, registered as "lkmd", type
 * "server"): loading and removing kernel modules, listing them and reading
 * a module file's info record. lkmd holds the module right (init's -m) and
 * checks every file with its module linker before anything reaches the
 * kernel (docs/architecture.md, "Modules").
 *
 * Who may ask what (fails closed): LIST and INFO anyone; LOAD and UNLOAD
 * only lkmd's parent, init (-ERR_PERM for any other sender, nothing
 * changes). The administrator asks init (lavender/initctl_proto.h,
 * LV_INITCTL_MODULE_LOAD/UNLOAD: the same payloads, which init forwards
 * here), so only the holder of init's control right loads kernel code.
 *
 * Every request is a call whose payload is exactly the operation's layout
 * (-ERR_INVAL otherwise). Programs call lavender/lkmd.h. */
#ifndef LAVENDER_LKMD_PROTO_H
#define LAVENDER_LKMD_PROTO_H
#include <stdint.h>
#include "uapi/module.h"

#define LV_LKMD_NAME "lkmd"
#define LV_LKMD_PATH_MAX 128   /* a module file's path, NUL included */
#define LV_LKMD_PARAMS_MAX 256 /* the parameter list, its end included */
#define LV_LKMD_MESSAGE_MAX 200
#define LV_LKMD_USERS_MAX 64	   /* used-by names, commas, NUL */
#define LV_LKMD_DIR "/lib/modules" /* where a NAME is NAME.ko */

/* LOAD flags */
#define LV_LKMD_PROBE                                                          \
	1u /* modprobe: path is a NAME in LV_LKMD_DIR (or a                    \
	    * file, whose folder holds the dependencies); the                  \
	    * modules its record depends on are loaded first */
/* UNLOAD flags */
#define LV_LKMD_FORCE 1u /* rmmod -f: even while other modules use it */
#define LV_LKMD_DEPS                                                           \
	2u /* modprobe -r: then its dependencies that no                       \
	    * loaded module uses any more */

enum lkmd_op {
	/* Request msg_lkmd_load_t, from init only. Reads the file through
	 * the file server, checks and links it (ELF, sections, symbols,
	 * relocations, the info record, the ABI version), against the
	 * kernel's exports and those of the modules it depends on (which
	 * must be loaded: -ERR_NOENT), sets the parameters, installs it and
	 * runs its init. With LV_LKMD_PROBE its dependencies first, each
	 * once (a cycle: -ERR_LOOP); if one fails, those this request loaded
	 * are removed again. Reply msg_lkmd_result_t; status: the module's
	 * kernel id (> 0; a probe of a loaded module: its id, nothing
	 * loaded), or -ERR_* with message naming the file and the cause:
	 * -ERR_NOEXEC a bad file (its linker's text), -ERR_NOENT no such
	 * file, an unknown symbol or parameter, -ERR_EXIST loaded already,
	 * -ERR_INVAL/-ERR_RANGE a bad parameter, init's own code when it
	 * failed (the kernel undid everything), -ERR_NOSPC/-ERR_NOMEM the
	 * kernel's module limits. */
	LV_LKMD_LOAD = 0x4C4B0101,
	/* Request msg_lkmd_unload_t, from init only. Runs the module's exit
	 * and frees it; refused (-ERR_BUSY, message naming the users) while
	 * a loaded module depends on it or its driver has sessions (the
	 * kernel's refs: message naming their pids), unless LV_LKMD_FORCE,
	 * which first sends the module's driver STOP (ending the sessions,
	 * receivers told GONE); with
	 * LV_LKMD_DEPS then removes its unused dependencies, users first.
	 * Reply msg_lkmd_result_t; status 0, -ERR_NOENT not loaded,
	 * -ERR_BUSY in use (by modules, or by the kernel's count). */
	LV_LKMD_UNLOAD = 0x4C4B0102,
	/* No request payload. Reply msg_lkmd_list_t; status: count. */
	LV_LKMD_LIST = 0x4C4B0103,
	/* Request msg_lkmd_info_req_t: a file path, or a NAME (no '/':
	 * LV_LKMD_DIR/NAME.ko). The file is checked (not linked). Reply
	 * msg_lkmd_info_t; status 0, or -ERR_* with message as for LOAD. */
	LV_LKMD_INFO = 0x4C4B0104,
};

typedef struct msg_lkmd_load {
	uint32_t flags;			 /* LV_LKMD_PROBE */
	char path[LV_LKMD_PATH_MAX];	 /* a file, or with PROBE a NAME */
	char params[LV_LKMD_PARAMS_MAX]; /* "key=value" words, each ended by
					  * a NUL, the list by an empty one:
					  * for the named module only */
	int32_t fs_pid; /* set by init when it forwards: the file server it
			 * started; lkmd reads module files only from it */
} msg_lkmd_load_t;
_Static_assert(sizeof(msg_lkmd_load_t) == 392, "lkmd load layout");

typedef struct msg_lkmd_unload {
	uint32_t flags; /* LV_LKMD_FORCE, LV_LKMD_DEPS */
	char name[LV_MODULE_NAME_MAX];
} msg_lkmd_unload_t;
_Static_assert(sizeof(msg_lkmd_unload_t) == 36, "lkmd unload layout");

/* LOAD's and UNLOAD's reply (and init's, when it cannot forward). */
typedef struct msg_lkmd_result {
	int32_t id;			   /* LOAD: the module's kernel id */
	char name[LV_MODULE_NAME_MAX];	   /* the module's name, once read */
	char message[LV_LKMD_MESSAGE_MAX]; /* with an error: FILE: why */
} msg_lkmd_result_t;
_Static_assert(sizeof(msg_lkmd_result_t) == 236, "lkmd result layout");

/* One module of LIST: the kernel's table (module_info) and lkmd's own
 * bookkeeping of who depends on whom. */
typedef struct lv_lkmd_module {
	int32_t id;
	uint32_t state; /* LV_MODULE_* */
	uint32_t base, size;
	uint32_t refs;	/* the kernel's count */
	uint32_t users; /* loaded modules that depend on it */
	char name[LV_MODULE_NAME_MAX];
	/* their names, then those of the processes holding its driver's
	 * sessions (each once), commas between ("..." when full) */
	char used_by[LV_LKMD_USERS_MAX];
} lv_lkmd_module_t;
_Static_assert(sizeof(lv_lkmd_module_t) == 120, "lkmd module layout");

#define LV_LKMD_LIST_MAX 16 /* the kernel's LIMIT_MODULES */
typedef struct msg_lkmd_list {
	uint32_t count;
	lv_lkmd_module_t modules[LV_LKMD_LIST_MAX];
} msg_lkmd_list_t;
_Static_assert(sizeof(msg_lkmd_list_t) == 1924, "lkmd list layout");

typedef struct msg_lkmd_info_req {
	char path[LV_LKMD_PATH_MAX];
} msg_lkmd_info_req_t;

typedef struct lv_lkmd_param {
	char name[LV_MODPARAM_NAME_MAX];
	char description[LV_MODPARAM_DESC_MAX];
	uint32_t type; /* LV_MODPARAM_* */
	uint32_t size; /* bytes */
} lv_lkmd_param_t;
_Static_assert(sizeof(lv_lkmd_param_t) == 120, "lkmd param layout");

typedef struct msg_lkmd_info {
	char path[LV_LKMD_PATH_MAX]; /* the file read */
	uint32_t abi_version;	     /* the module's */
	uint32_t kernel_abi;	     /* this kernel's */
	uint32_t image_size;	     /* bytes, once laid out */
	uint32_t ndepends, nparams;
	char name[LV_MODULE_NAME_MAX];
	char version[LV_MODULE_VERSION_MAX];
	char description[LV_MODULE_DESC_MAX];
	char depends[LV_MODULE_DEPS_MAX][LV_MODULE_NAME_MAX];
	lv_lkmd_param_t params[LV_MODULE_PARAMS_MAX];
	char message[LV_LKMD_MESSAGE_MAX]; /* with an error: FILE: why */
} msg_lkmd_info_t;
_Static_assert(sizeof(msg_lkmd_info_t) == 2524, "lkmd info layout");

#endif
