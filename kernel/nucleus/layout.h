/* The virtual and physical memory layout: the one place that fixes it.
 *   0x00000000-0xAFFFFFFF  user space of ordinary processes (later issues)
 *   0xB0000000-0xBFFFFFFF  resident area, mapped in every space (later issues)
 *   0xC0000000-0xDFFFFFFF  direct map of physical 0-512 MiB, 4 MiB pages
 *   0xE0000000-0xEFFFFFFF  kernel heap, 4 KiB pages mapped on demand
 *   0xF0000000-0xFFBFFFFF  kernel mapping window: tests, device memory,
 *                          modules (0xF8000000-0xFBFFFFFF); its last page
 *                          is nu_phys_write's
 * Page tables for 0xE0000000 and up exist from boot, so every address space
 * that copies the kernel's page-directory entries sees later mappings. */
#ifndef LAVENDER_NUCLEUS_LAYOUT_H
#define LAVENDER_NUCLEUS_LAYOUT_H

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define USER_LIMIT 0xB0000000u /* first address ordinary processes lack */
#define RESIDENT_BASE 0xB0000000u
#define KERNEL_BASE 0xC0000000u
#define DIRECT_MAP_SIZE 0x20000000u /* 512 MiB: frames above are not used */
#define KHEAP_BASE 0xE0000000u
#define KHEAP_LIMIT 0xF0000000u
#define KWINDOW_BASE 0xF0000000u
#define KWINDOW_LIMIT 0xFFC00000u
/* The window's last page: where nu_phys_write reaches physical pages beyond
 * the direct map (device memory mapped by a driver). */
#define KWINDOW_PHYS_PAGE (KWINDOW_LIMIT - PAGE_SIZE)
/* Loadable modules' images, inside the window (core/module.c). */
#define MODULE_AREA_BASE 0xF8000000u
#define MODULE_AREA_LIMIT 0xFC000000u
#define KTABLES_BASE KHEAP_BASE /* first address with boot-time page tables */

#define KERNEL_PHYS_BASE 0x00100000u

#define PHYS_TO_VIRT(pa) ((void *)((unsigned long)(pa) + KERNEL_BASE))
#define VIRT_TO_PHYS(va) ((unsigned long)(va)-KERNEL_BASE)

#endif
