/* For module authors: the info record and the parameters of a loadable
 * kernel module, as macros. Their records are the layouts of uapi/module.h
 * (the loader's view) with pointers where the loader sees words; the
 * module's relocations fill them in like any other data. Example:
 *
 *	static int irq = 9;
 *	static bool debug;
 *	static char mode[16] = "auto";
 *	LV_MODULE_PARAM(irq, int, "IRQ line of the card");
 *	LV_MODULE_PARAM(debug, bool, "log every frame");
 *	LV_MODULE_PARAM(mode, string, "media: auto, 10base2, 10baseT");
 *	LV_MODULE(.name = "ne2k", .version = "1.0",
 *		  .description = "NE2000 network card", .init = ne2k_init,
 *		  .exit = ne2k_exit, .depends = {"netcore"});
 *
 * One LV_MODULE per module (the loader refuses a file with none or two). */
#ifndef LAVENDER_MODULE_H
#define LAVENDER_MODULE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "uapi/module.h"

#if !defined(__i386__)
#error "modules are i386 code: build with -m32"
#endif

/* lv_modinfo_t with its code addresses as function pointers. */
struct lv_module_record {
	uint32_t magic, abi_version;
	char name[LV_MODULE_NAME_MAX];
	char version[LV_MODULE_VERSION_MAX];
	char description[LV_MODULE_DESC_MAX];
	int (*init)(void);
	void (*exit)(void);
	char depends[LV_MODULE_DEPS_MAX][LV_MODULE_NAME_MAX];
};
_Static_assert(sizeof(struct lv_module_record) == sizeof(lv_modinfo_t),
	       "the author's info record is the loader's");
_Static_assert(offsetof(struct lv_module_record, init) ==
		       offsetof(lv_modinfo_t, init) &&
		   offsetof(struct lv_module_record, exit) ==
		       offsetof(lv_modinfo_t, exit) &&
		   offsetof(struct lv_module_record, depends) ==
		       offsetof(lv_modinfo_t, depends),
	       "the author's info record is the loader's");

/* lv_modparam_t with the variable's address as a pointer. */
struct lv_module_param_record {
	char name[LV_MODPARAM_NAME_MAX];
	char description[LV_MODPARAM_DESC_MAX];
	uint32_t type, size;
	void *addr;
};
_Static_assert(sizeof(struct lv_module_param_record) == sizeof(lv_modparam_t),
	       "the author's parameter record is the loader's");
_Static_assert(offsetof(struct lv_module_param_record, addr) ==
		   offsetof(lv_modparam_t, addr),
	       "the author's parameter record is the loader's");

/* The info record: designated initialisers for name (required), version,
 * description, init, exit, depends. aligned(4) keeps the compiler from
 * padding the section (it aligns big objects to 32 bytes otherwise). */
#define LV_MODULE(...)                                                         \
	static __attribute__((section(LV_MODINFO_SECTION), used, aligned(4)))  \
	const struct lv_module_record lv_module_info = {                       \
	    .magic = LV_MODINFO_MAGIC,                                         \
	    .abi_version = LV_KERNEL_ABI_VERSION,                              \
	    __VA_ARGS__}

#define LV_MODPARAM_TYPE_int LV_MODPARAM_INT
#define LV_MODPARAM_TYPE_bool LV_MODPARAM_BOOL
#define LV_MODPARAM_TYPE_string LV_MODPARAM_STRING
#define LV_MODPARAM_FITS_int(v) _Generic(&(v), int * : 1, default : 0)
#define LV_MODPARAM_FITS_bool(v) _Generic(&(v), _Bool * : 1, default : 0)
#define LV_MODPARAM_FITS_string(v)                                             \
	_Generic(&(v), char(*)[sizeof(v)]                                      \
		 : sizeof(v) >= 2 && sizeof(v) <= LV_MODPARAM_STRING_MAX,      \
		   default : 0)

/* A parameter: var is a static variable of the module of the C type that
 * kind (int, bool or string: a char array) names; its initial value is the
 * default; `insmod FILE var=value` sets it before init runs. */
#define LV_MODULE_PARAM(var, kind, desc)                                       \
	_Static_assert(LV_MODPARAM_FITS_##kind(var),                           \
		       #var " is not a module parameter of type " #kind);      \
	static __attribute__((section(LV_MODPARAM_SECTION), used, aligned(4))) \
	const struct lv_module_param_record lv_modparam_##var = {              \
	    .name = #var,                                                      \
	    .description = desc,                                               \
	    .type = LV_MODPARAM_TYPE_##kind,                                   \
	    .size = sizeof(var),                                               \
	    .addr = &(var)}

#endif
