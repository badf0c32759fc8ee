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

#endif
