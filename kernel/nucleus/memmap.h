/* The physical memory map the loader gave (Multiboot), kept after boot: the
 * one answer to "is this RAM?" for every physical address, not only for the
 * frames the allocator manages below DIRECT_MAP_SIZE. Pure bookkeeping, so
 * host tests run it as is. Nucleus-internal; the rest of the kernel asks
 * nu_phys_has_ram (nucleus.h). */
#ifndef LAVENDER_NUCLEUS_MEMMAP_H
#define LAVENDER_NUCLEUS_MEMMAP_H
#include <stdint.h>
#include "nucleus/bootinfo.h"

/* 1 if some byte of [start, start+len) lies in a usable (type 1) region of
 * regions[0..n): RAM the kernel may hand out. Other types (reserved, ACPI,
 * bad) and addresses the map does not list are not RAM. Nothing wraps: a
 * range or region running past 2^64 is cut there. len 0: 0. */
int memmap_has_ram(const boot_region_t *regions, int n, uint64_t start,
		   uint64_t len);

/* Keeps a copy of the map for nu_phys_has_ram. complete = 0 when the loader
 * listed more regions than were kept: then every address counts as RAM
 * (fail closed: no device memory can be mapped). Before the first call,
 * too, everything is RAM. */
void memmap_keep(const boot_region_t *regions, int n, int complete);

#endif
