/* The module file's records as the loader (lkmd) and the kernel read them:
 * the kernel ABI version, the info record in section .lvmodinfo and the
 * parameter records in section .lvmodparam. Module authors write them with
 * the macros of lkm/include/lavender/module.h, which assert that their
 * pointer-holding view has exactly this layout. Sizes are in bytes; every
 * string is NUL-terminated inside its array; addresses are i386 words that
 * the module's relocations fill in. docs/architecture.md "Modules" has the
 * file format. */
#ifndef LAVENDER_UAPI_MODULE_H
#define LAVENDER_UAPI_MODULE_H
#include <stddef.h>
#include <stdint.h>

/* The interface between the kernel and its modules (the exported symbols,
 * their calling conventions, these records). Raised on every incompatible
 * change; a module built for another version is refused by name. */
#define LV_KERNEL_ABI_VERSION 1u

#define LV_MODINFO_SECTION ".lvmodinfo"
#define LV_MODPARAM_SECTION ".lvmodparam"
#define LV_MODINFO_MAGIC 0x494D564Cu /* bytes "LVMI" */

#define LV_MODULE_NAME_MAX 32	 /* a module name: [A-Za-z0-9_-], 1-31 */
#define LV_MODULE_VERSION_MAX 16 /* free text */
#define LV_MODULE_DESC_MAX 80	 /* free text */
#define LV_MODULE_DEPS_MAX 4	 /* modules this one needs loaded first */
#define LV_MODULE_PARAMS_MAX 16	 /* parameter records per module */
#define LV_MODPARAM_NAME_MAX 32	 /* a parameter name: [A-Za-z0-9_], 1-31 */
#define LV_MODPARAM_DESC_MAX 80
#define LV_MODPARAM_STRING_MAX 256 /* a string parameter's array, NUL too */

/* One per module file, in section .lvmodinfo (exactly sizeof bytes). */
typedef struct lv_modinfo {
	uint32_t magic;	      /* LV_MODINFO_MAGIC */
	uint32_t abi_version; /* LV_KERNEL_ABI_VERSION it was built for */
	char name[LV_MODULE_NAME_MAX];
	char version[LV_MODULE_VERSION_MAX];
	char description[LV_MODULE_DESC_MAX];
	uint32_t init; /* int init(void): 0 or -ERR_*; 0: none (in .text) */
	uint32_t exit; /* void exit(void); 0: none (in .text) */
	/* names of modules needed; the used ones first, the rest empty */
	char depends[LV_MODULE_DEPS_MAX][LV_MODULE_NAME_MAX];
} lv_modinfo_t;

_Static_assert(sizeof(lv_modinfo_t) == 272, "lv_modinfo_t layout");
_Static_assert(offsetof(lv_modinfo_t, init) == 136, "lv_modinfo_t.init");
_Static_assert(offsetof(lv_modinfo_t, depends) == 144, "lv_modinfo_t.deps");

/* Parameter types: the variable's C type and size. */
#define LV_MODPARAM_INT 1    /* int32_t, 4 bytes: decimal or 0x hex */
#define LV_MODPARAM_BOOL 2   /* _Bool, 1 byte: 0/1, n/y, false/true */
#define LV_MODPARAM_STRING 3 /* char[size], 2..LV_MODPARAM_STRING_MAX */

/* Zero or more, an array in section .lvmodparam. */
typedef struct lv_modparam {
	char name[LV_MODPARAM_NAME_MAX]; /* the variable's name */
	char description[LV_MODPARAM_DESC_MAX];
	uint32_t type; /* LV_MODPARAM_* */
	uint32_t size; /* bytes of the variable */
	uint32_t addr; /* the variable (writable data of the module) */
} lv_modparam_t;

_Static_assert(sizeof(lv_modparam_t) == 124, "lv_modparam_t layout");
_Static_assert(offsetof(lv_modparam_t, type) == 112, "lv_modparam_t.type");

/* --- the kernel's side (system calls module_*, uapi/syscalls.h) --- */

/* One exported kernel symbol as module_exports gives it: a function with
 * the i386 cdecl convention at address. */
#define LV_KEXPORT_NAME_MAX 32 /* NUL included */
typedef struct lv_kexport {
	uint32_t address;
	char name[LV_KEXPORT_NAME_MAX];
} lv_kexport_t;
_Static_assert(sizeof(lv_kexport_t) == 36, "lv_kexport_t layout");

/* A function symbol of a module, for backtraces: its image offset (inside
 * text) and name (a longer one is cut by the loader). */
#define LV_MODSYM_NAME_MAX 32  /* NUL included */
#define LV_MODULE_SYMS_MAX 256 /* symbols handed over per module */
typedef struct lv_modsym {
	uint32_t offset;
	char name[LV_MODSYM_NAME_MAX];
} lv_modsym_t;
_Static_assert(sizeof(lv_modsym_t) == 36, "lv_modsym_t layout");

/* init_offset/exit_offset of a module without that function. */
#define LV_MODULE_NO_ENTRY 0xFFFFFFFFu

/* module_install's request: the image linked at the base module_reserve
 * gave (modlink's layout), page-aligned boundaries. */
typedef struct lv_module_install {
	int32_t id;	   /* the reservation, from module_reserve */
	uint32_t image;	   /* user address of the image, size bytes */
	uint32_t size;	   /* bytes, the reservation's size */
	uint32_t text_end; /* [0, text_end) text: read-only, executable */
	uint32_t ro_end;   /* [text_end, ro_end) read-only data; the rest rw */
	uint32_t
	    init_offset; /* int init(void) in text, or LV_MODULE_NO_ENTRY */
	uint32_t
	    exit_offset;  /* void exit(void) in text, or LV_MODULE_NO_ENTRY */
	uint32_t symbols; /* user address of nsyms lv_modsym_t (0: none) */
	uint32_t nsyms;	  /* at most LV_MODULE_SYMS_MAX */
	int32_t init_rc;  /* out: what init returned (when it ran) */
	char name[LV_MODULE_NAME_MAX]; /* [A-Za-z0-9_-], 1-31, unique */
	/* the ids of the installed modules this one depends on (its record's
	 * depends, as the loader resolved them; each must be live or dead, not
	 * this one: else -ERR_INVAL). The kernel keeps them for module_info,
	 * so the facts outlive the loader, and module_remove refuses
	 * (-ERR_BUSY) a module another installed module depends on. */
	int32_t deps[LV_MODULE_DEPS_MAX];
	uint32_t ndeps; /* at most LV_MODULE_DEPS_MAX */
} lv_module_install_t;
_Static_assert(sizeof(lv_module_install_t) == 92, "lv_module_install_t");

/* A module's state in module_info. */
#define LV_MODULE_RESERVED 1  /* memory reserved, no image yet */
#define LV_MODULE_LOADING 2   /* being copied, or its init is running */
#define LV_MODULE_LIVE 3      /* init returned 0 */
#define LV_MODULE_UNLOADING 4 /* its exit is running */
/* Its kernel-side process ended (a fault in its thread, or its last thread
 * returned): its ports are dead; module_remove runs exit and frees it. */
#define LV_MODULE_DEAD 5

/* The users one module slot names: a driver's sessions (as many as
 * LV_NETDRV_SESSIONS_MAX). */
#define LV_MODULE_USERS_MAX 8

/* One slot of the kernel's module table (module_info; lsmod). */
typedef struct lv_module_stat {
	int32_t id;
	uint32_t state; /* LV_MODULE_* */
	uint32_t base;	/* kernel address of the image */
	uint32_t size;	/* bytes of the image (its reservation) */
	int32_t owner;	/* pid that reserved or installed it (0: gone) */
	uint32_t refs;	/* users (its driver's sessions); removal needs 0 */
	char name[LV_MODULE_NAME_MAX]; /* empty while reserved */
	int32_t pid; /* its kernel-side process (0 while reserved) */
	/* the processes of those sessions (refs of them, at most
	 * LV_MODULE_USERS_MAX), as the module last told the kernel */
	int32_t users[LV_MODULE_USERS_MAX];
	/* the ids it depends on, as module_install got them (ndeps of them):
	 * facts a restarted loader rebuilds its records from */
	int32_t deps[LV_MODULE_DEPS_MAX];
	uint32_t ndeps;
} lv_module_stat_t;
_Static_assert(sizeof(lv_module_stat_t) == 112, "lv_module_stat_t layout");

#endif
