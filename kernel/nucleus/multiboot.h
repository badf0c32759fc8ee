/* Multiboot 1 information structures (Multiboot Specification 0.6.96 §3.3),
 * and the parser that copies them into a boot_info_t. The parser is pure: it
 * reaches loader memory only through the translate callback, so host tests can
 * feed it a fabricated structure. */
#ifndef LAVENDER_NUCLEUS_MULTIBOOT_H
#define LAVENDER_NUCLEUS_MULTIBOOT_H
#include <stdint.h>
#include "nucleus/bootinfo.h"

#define MB_BOOTLOADER_MAGIC 0x2BADB002u

#define MB_INFO_MEMORY (1u << 0)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS (1u << 3)
#define MB_INFO_MMAP (1u << 6)
#define MB_INFO_LOADER_NAME (1u << 9)

typedef struct __attribute__((packed)) mb_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} mb_info_t;

typedef struct __attribute__((packed)) mb_mmap_entry {
	uint32_t size; /* of the rest of the entry */
	uint64_t base;
	uint64_t length;
	uint32_t type;
} mb_mmap_entry_t;

typedef struct __attribute__((packed)) mb_module {
	uint32_t start, end, string, reserved;
} mb_module_t;

_Static_assert(sizeof(mb_info_t) == 68, "multiboot info layout");
_Static_assert(sizeof(mb_mmap_entry_t) == 24, "multiboot mmap entry layout");
_Static_assert(sizeof(mb_module_t) == 16, "multiboot module layout");

/* Returns a pointer through which len bytes at physical pa can be read, or
 * NULL if that range is not reachable. */
typedef const void *(*mb_translate_t)(uint32_t pa, uint32_t len);

/* Fills info from the structure at physical mbi_pa. Returns 0, or -ERR_INVAL
 * for a wrong magic or an unreachable structure. Strings too long and lists too
 * long are cut and info->truncated set. */
int mb_parse(uint32_t magic, uint32_t mbi_pa, mb_translate_t translate,
	     boot_info_t *info);

#endif
