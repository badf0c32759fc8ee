/* What the boot loader told us, copied out of the Multiboot structures into
 * kernel memory so nothing later depends on where the loader put them. */
#ifndef LAVENDER_NUCLEUS_BOOTINFO_H
#define LAVENDER_NUCLEUS_BOOTINFO_H
#include <stdint.h>

#define BOOT_MAX_REGIONS 32
#define BOOT_MAX_MODULES 64
#define BOOT_CMDLINE_MAX 512
#define BOOT_MODNAME_MAX 128

typedef struct boot_region {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* 1 usable RAM; others reserved (Multiboot types) */
} boot_region_t;

typedef struct boot_module {
	uint32_t start;		     /* physical, inclusive */
	uint32_t end;		     /* physical, exclusive */
	char name[BOOT_MODNAME_MAX]; /* the module's command line */
} boot_module_t;

typedef struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];
	char loader[64];
	uint32_t mem_lower_kib, mem_upper_kib;
	boot_region_t regions[BOOT_MAX_REGIONS];
	int nregions;
	boot_module_t modules[BOOT_MAX_MODULES];
	int nmodules;
	int truncated; /* 1 if regions, modules or strings did not all fit */
	int regions_truncated; /* 1 if the memory map did not all fit */
} boot_info_t;

#endif
