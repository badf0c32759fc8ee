/* Exported kernel symbols: the functions a loadable module may call. Each
 * is marked at its definition with LV_EXPORT(fn), which puts a record {name,
 * address} into section .kexports (linker.ld keeps it between
 * _kexports_start and _kexports_end). Taking the address in a kept table
 * keeps the function under link-time optimisation with its name and the
 * i386 cdecl convention (GCC changes conventions only of functions whose
 * address does not escape); ktest kexports checks every record against the
 * kernel's symbol table. Changing an exported function's meaning or
 * signature raises LV_KERNEL_ABI_VERSION (uapi/module.h); modules declare
 * them through lkm/include/lavender/kernel.h. */
#ifndef LAVENDER_LIB_EXPORT_H
#define LAVENDER_LIB_EXPORT_H

typedef struct kexport {
	const char *name;
	const void *addr;
} kexport_t;

#define LV_EXPORT(fn)                                                          \
	static __attribute__((section(".kexports"), used, aligned(4)))         \
	const kexport_t kexport_##fn = {#fn, (const void *)(fn)}

#endif
