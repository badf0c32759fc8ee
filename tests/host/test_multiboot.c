/* mb_parse over fabricated Multiboot 1 structures in a host buffer that stands
 * for physical memory [PHYS_BASE, PHYS_BASE + MEM_SIZE). */
#include <stdint.h>
#include <string.h>
#include "nucleus/multiboot.h"
#include "uapi/errors.h"
#include "unit.h"

#define PHYS_BASE 0x10000u
#define MEM_SIZE 0x10000u

static unsigned char mem[MEM_SIZE];
static uint32_t mem_used; /* bump allocator over mem */

static const void *translate(uint32_t pa, uint32_t len)
{
	if (pa < PHYS_BASE || (uint64_t)pa + len > PHYS_BASE + MEM_SIZE)
		return NULL;
	return mem + (pa - PHYS_BASE);
}

static void mem_reset(void)
{
	memset(mem, 0xcc, sizeof(mem));
	mem_used = 0x100; /* nothing lives at PHYS_BASE itself */
}

/* Copies n bytes into fake physical memory; returns their address. */
static uint32_t place(const void *data, uint32_t n)
{
	uint32_t pa = PHYS_BASE + mem_used;
	memcpy(mem + mem_used, data, n);
	mem_used += n;
	return pa;
}

static uint32_t place_string(const char *s)
{
	return place(s, (uint32_t)strlen(s) + 1);
}

/* A string of n copies of c, NUL-terminated. */
static uint32_t place_repeat(char c, uint32_t n)
{
	uint32_t pa = PHYS_BASE + mem_used;
	memset(mem + mem_used, c, n);
	mem[mem_used + n] = '\0';
	mem_used += n + 1;
	return pa;
}

static uint32_t place_info(const mb_info_t *mbi)
{
	return place(mbi, sizeof(*mbi));
}

static uint32_t place_mmap_entry(uint32_t size, uint64_t base, uint64_t len,
				 uint32_t type)
{
	unsigned char raw[64];
	mb_mmap_entry_t e = {size, base, len, type};
	memset(raw, 0xee, sizeof(raw)); /* junk in any extra bytes */
	memcpy(raw, &e, sizeof(e));
	return place(raw, size + 4);
}

static void check_region(const boot_region_t *r, uint64_t base, uint64_t len,
			 uint32_t type)
{
	CHECK_EQ(r->base, base);
	CHECK_EQ(r->length, len);
	CHECK_EQ(r->type, type);
}

static int is_zeroed(const boot_info_t *info)
{
	const unsigned char *p = (const unsigned char *)info;
	for (size_t i = 0; i < sizeof(*info); i++)
		if (p[i])
			return 0;
	return 1;
}

UNIT_TEST(mb_wrong_magic)
{
	boot_info_t info;
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_MEMORY, .mem_lower = 639};
	uint32_t pa = place_info(&mbi);
	memset(&info, 0xab, sizeof(info));
	CHECK_EQ(mb_parse(0x1BADB002u, pa, translate, &info), -ERR_INVAL);
	CHECK(is_zeroed(&info));
	CHECK_EQ(mb_parse(0, pa, translate, &info), -ERR_INVAL);
	CHECK_EQ(mb_parse(MB_BOOTLOADER_MAGIC, pa, translate, &info), 0);
	CHECK_EQ(info.mem_lower_kib, 639);
}

UNIT_TEST(mb_unreachable_info)
{
	boot_info_t info;
	mem_reset();
	memset(&info, 0xab, sizeof(info));
	CHECK_EQ(mb_parse(MB_BOOTLOADER_MAGIC, 0, translate, &info),
		 -ERR_INVAL);
	CHECK(is_zeroed(&info));
	/* Starts inside, ends outside. */
	CHECK_EQ(mb_parse(MB_BOOTLOADER_MAGIC, PHYS_BASE + MEM_SIZE - 40,
			  translate, &info),
		 -ERR_INVAL);
	CHECK_EQ(mb_parse(MB_BOOTLOADER_MAGIC, 0xfffffff0u, translate, &info),
		 -ERR_INVAL);
	/* Just fits at the very end. */
	mb_info_t mbi = {0};
	memcpy(mem + MEM_SIZE - sizeof(mbi), &mbi, sizeof(mbi));
	CHECK_EQ(mb_parse(MB_BOOTLOADER_MAGIC,
			  PHYS_BASE + MEM_SIZE - (uint32_t)sizeof(mbi),
			  translate, &info),
		 0);
}

UNIT_TEST(mb_no_flags)
{
	boot_info_t info;
	mem_reset();
	/* Fields set but not flagged: none of them may be used. */
	mb_info_t mbi = {.mem_lower = 639, .mem_upper = 1000};
	mbi.cmdline = place_string("ignored");
	mbi.boot_loader_name = place_string("ignored");
	mbi.mmap_addr = place_mmap_entry(20, 0, 0x1000, 1);
	mbi.mmap_length = 24;
	mbi.mods_count = 1;
	mbi.mods_addr = mbi.mmap_addr;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK(is_zeroed(&info));
}

UNIT_TEST(mb_memory_fallback)
{
	boot_info_t info;
	mem_reset();
	mb_info_t mbi = {
	    .flags = MB_INFO_MEMORY, .mem_lower = 639, .mem_upper = 130048};
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.mem_lower_kib, 639);
	CHECK_EQ(info.mem_upper_kib, 130048);
	CHECK_EQ(info.nregions, 2);
	check_region(&info.regions[0], 0, 639 * 1024, 1);
	if (unit_failures())
		return;
	check_region(&info.regions[1], 0x100000, 130048ull * 1024, 1);
	if (unit_failures())
		return;

	/* A huge upper size must not wrap in 32 bits. */
	mbi.mem_upper = 0xffffffffu;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.regions[1].length, 0xffffffffull * 1024);

	/* A map flagged but empty, or broken at once, also falls back. */
	mbi.mem_upper = 1024;
	mbi.flags = MB_INFO_MEMORY | MB_INFO_MMAP;
	mbi.mmap_addr = place_mmap_entry(20, 0, 0x1000, 2);
	mbi.mmap_length = 0;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nregions, 2);
	CHECK_EQ(info.regions[1].length, 1024 * 1024);
	mbi.mmap_addr = place_mmap_entry(16, 0, 0x1000, 2); /* size < 20 */
	mbi.mmap_length = 20;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nregions, 2);
	CHECK_EQ(info.regions[0].type, 1);

	/* No map and no memory fields: no regions at all. */
	mbi.flags = MB_INFO_MMAP;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nregions, 0);
}

UNIT_TEST(mb_mmap_entries)
{
	boot_info_t info;
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_MEMORY | MB_INFO_MMAP,
			 .mem_lower = 1,
			 .mem_upper = 2};
	mbi.mmap_addr = place_mmap_entry(20, 0, 0x9fc00, 1);
	place_mmap_entry(20, 0x9fc00, 0x400, 2);
	place_mmap_entry(28, 0x100000, 0x7ee0000, 1); /* stride 32 */
	place_mmap_entry(36, 0xfffc0000u, 0x40000, 2);
	place_mmap_entry(20, 0x100000000ull, 0x80000000ull, 1);
	mbi.mmap_length = 24 + 24 + 32 + 40 + 24;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nregions, 5);
	CHECK_EQ(info.truncated, 0);
	check_region(&info.regions[0], 0, 0x9fc00, 1);
	check_region(&info.regions[1], 0x9fc00, 0x400, 2);
	check_region(&info.regions[2], 0x100000, 0x7ee0000, 1);
	check_region(&info.regions[3], 0xfffc0000u, 0x40000, 2);
	check_region(&info.regions[4], 0x100000000ull, 0x80000000ull, 1);
	/* The map wins over mem_lower/mem_upper, which are still recorded. */
	CHECK_EQ(info.mem_lower_kib, 1);
	CHECK_EQ(info.mem_upper_kib, 2);
}

UNIT_TEST(mb_mmap_stops)
{
	boot_info_t info;
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_MMAP};
	/* A length with a partial entry at the end: the partial is ignored. */
	mbi.mmap_addr = place_mmap_entry(20, 0x1000, 0x1000, 1);
	place_mmap_entry(20, 0x2000, 0x1000, 1);
	mbi.mmap_length = 24 + 23;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nregions, 1);

	/* A bad size field ends the walk. */
	mbi.mmap_addr = place_mmap_entry(20, 0x1000, 0x1000, 1);
	place_mmap_entry(19, 0x2000, 0x1000, 1);
	place_mmap_entry(20, 0x3000, 0x1000, 1);
	mbi.mmap_length = 3 * 24;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nregions, 1);

	/* A map running off reachable memory ends there. */
	mb_mmap_entry_t e = {20, 0x5000, 0x1000, 1};
	memcpy(mem + MEM_SIZE - 2 * sizeof(e), &e, sizeof(e));
	memcpy(mem + MEM_SIZE - sizeof(e), &e, sizeof(e));
	mbi.mmap_addr = PHYS_BASE + MEM_SIZE - 2 * (uint32_t)sizeof(e);
	mbi.mmap_length = 10 * 24;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nregions, 2);
	check_region(&info.regions[1], 0x5000, 0x1000, 1);
}

static void mmap_of(int n, boot_info_t *info)
{
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_MMAP};
	mbi.mmap_addr = PHYS_BASE + mem_used;
	for (int i = 0; i < n; i++)
		place_mmap_entry(20, (uint64_t)i << 20, 0x1000, 1 + i % 2);
	mbi.mmap_length = (uint32_t)n * 24;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, info),
	    0);
}

UNIT_TEST(mb_mmap_too_many)
{
	boot_info_t info;
	mmap_of(BOOT_MAX_REGIONS, &info);
	CHECK_EQ(info.nregions, BOOT_MAX_REGIONS);
	CHECK_EQ(info.truncated, 0);
	CHECK_EQ(info.regions_truncated, 0);
	mmap_of(BOOT_MAX_REGIONS + 8, &info);
	CHECK_EQ(info.nregions, BOOT_MAX_REGIONS);
	CHECK_EQ(info.truncated, 1);
	CHECK_EQ(info.regions_truncated, 1); /* the kept map fails closed */
	for (int i = 0; i < BOOT_MAX_REGIONS; i++) {
		CHECK_EQ(info.regions[i].base, (uint64_t)i << 20);
		CHECK_EQ(info.regions[i].type, 1 + i % 2);
	}
}

UNIT_TEST(mb_modules)
{
	boot_info_t info;
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_MODS};
	uint32_t init = place_string("/servers/init arg=1");
	uint32_t empty = place_string("");
	mb_module_t mods[3] = {
	    {0x200000, 0x201234, init, 0},
	    {0x202000, 0x202000, empty, 0},
	    {0x300000, 0x400000, 0, 0}, /* no string at all */
	};
	mbi.mods_addr = place(mods, sizeof(mods));
	mbi.mods_count = 3;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nmodules, 3);
	CHECK_EQ(info.truncated, 0);
	CHECK_EQ(info.modules[0].start, 0x200000);
	CHECK_EQ(info.modules[0].end, 0x201234);
	CHECK_STR_EQ(info.modules[0].name, "/servers/init arg=1");
	CHECK_EQ(info.modules[1].start, 0x202000);
	CHECK_STR_EQ(info.modules[1].name, "");
	CHECK_EQ(info.modules[2].end, 0x400000);
	CHECK_STR_EQ(info.modules[2].name, "");
	CHECK_EQ(info.nregions, 0);
}

UNIT_TEST(mb_modules_unreachable)
{
	boot_info_t info;
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_MODS, .mods_count = 2};
	mbi.mods_addr = 0x100; /* outside */
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nmodules, 0);
	/* A module whose name cannot be read keeps an empty, cut name. */
	mb_module_t m = {0x1000, 0x2000, 0x100, 0};
	mbi.mods_addr = place(&m, sizeof(m));
	mbi.mods_count = 1;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(info.nmodules, 1);
	CHECK_STR_EQ(info.modules[0].name, "");
	CHECK_EQ(info.truncated, 1);
}

static void modules_of(int n, boot_info_t *info)
{
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_MODS, .mods_count = (uint32_t)n};
	uint32_t name = place_string("mod");
	mbi.mods_addr = PHYS_BASE + mem_used;
	for (int i = 0; i < n; i++) {
		mb_module_t m = {0x100000u * (uint32_t)(i + 1),
				 0x100000u * (uint32_t)(i + 1) + 0x10, name, 0};
		place(&m, sizeof(m));
	}
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, info),
	    0);
}

UNIT_TEST(mb_modules_too_many)
{
	boot_info_t info;
	modules_of(BOOT_MAX_MODULES, &info);
	CHECK_EQ(info.nmodules, BOOT_MAX_MODULES);
	CHECK_EQ(info.truncated, 0);
	modules_of(BOOT_MAX_MODULES + 4, &info);
	CHECK_EQ(info.nmodules, BOOT_MAX_MODULES);
	CHECK_EQ(info.truncated, 1);
	for (int i = 0; i < BOOT_MAX_MODULES; i++) {
		CHECK_EQ(info.modules[i].start, 0x100000u * (uint32_t)(i + 1));
		CHECK_STR_EQ(info.modules[i].name, "mod");
	}
}

UNIT_TEST(mb_cmdline_and_loader)
{
	boot_info_t info;
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_CMDLINE | MB_INFO_LOADER_NAME};
	mbi.cmdline = place_string("/boot/kernel.elf ktest=all");
	mbi.boot_loader_name = place_string("GRUB 2.06");
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_STR_EQ(info.cmdline, "/boot/kernel.elf ktest=all");
	CHECK_STR_EQ(info.loader, "GRUB 2.06");
	CHECK_EQ(info.truncated, 0);
	CHECK_EQ(info.nregions, 0);
	/* Flagged but null pointers: empty strings. */
	mbi.cmdline = 0;
	mbi.boot_loader_name = 0;
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_STR_EQ(info.cmdline, "");
	CHECK_STR_EQ(info.loader, "");
	CHECK_EQ(info.truncated, 0);
}

/* The cmdline parsed from a string of n 'c's. */
static void cmdline_of(uint32_t n, boot_info_t *info)
{
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_CMDLINE};
	mbi.cmdline = place_repeat('c', n);
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, info),
	    0);
}

UNIT_TEST(mb_cmdline_lengths)
{
	boot_info_t info;
	cmdline_of(BOOT_CMDLINE_MAX - 2, &info);
	CHECK_EQ(strlen(info.cmdline), BOOT_CMDLINE_MAX - 2);
	CHECK_EQ(info.truncated, 0);
	cmdline_of(BOOT_CMDLINE_MAX - 1, &info); /* exact fit */
	CHECK_EQ(strlen(info.cmdline), BOOT_CMDLINE_MAX - 1);
	CHECK_EQ(info.truncated, 0);
	cmdline_of(BOOT_CMDLINE_MAX, &info);
	CHECK_EQ(strlen(info.cmdline), BOOT_CMDLINE_MAX - 1);
	CHECK_EQ(info.truncated, 1);
	cmdline_of(3000, &info);
	CHECK_EQ(strlen(info.cmdline), BOOT_CMDLINE_MAX - 1);
	CHECK_EQ(info.cmdline[0], 'c');
	CHECK_EQ(info.truncated, 1);
}

/* A module named by a string of n 'm's. */
static void module_name_of(uint32_t n, boot_info_t *info)
{
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_MODS, .mods_count = 1};
	mb_module_t m = {0x1000, 0x2000, place_repeat('m', n), 0};
	mbi.mods_addr = place(&m, sizeof(m));
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, info),
	    0);
	CHECK_EQ(info->nmodules, 1);
}

UNIT_TEST(mb_module_name_lengths)
{
	boot_info_t info;
	module_name_of(BOOT_MODNAME_MAX - 1, &info); /* exact fit */
	CHECK_EQ(strlen(info.modules[0].name), BOOT_MODNAME_MAX - 1);
	CHECK_EQ(info.truncated, 0);
	module_name_of(BOOT_MODNAME_MAX, &info);
	CHECK_EQ(strlen(info.modules[0].name), BOOT_MODNAME_MAX - 1);
	CHECK_EQ(info.truncated, 1);
	module_name_of(200, &info);
	CHECK_EQ(strlen(info.modules[0].name), BOOT_MODNAME_MAX - 1);
	CHECK_EQ(info.modules[0].name[0], 'm');
	CHECK_EQ(info.truncated, 1);
}

UNIT_TEST(mb_loader_name_long)
{
	boot_info_t info;
	mem_reset();
	mb_info_t mbi = {.flags = MB_INFO_LOADER_NAME};
	mbi.boot_loader_name = place_repeat('L', 100);
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_EQ(strlen(info.loader), sizeof(info.loader) - 1);
	CHECK_EQ(info.loader[0], 'L');
}

UNIT_TEST(mb_string_off_the_end)
{
	boot_info_t info;
	mem_reset();
	/* The last 10 bytes of memory, with no NUL: cut where memory ends. */
	memset(mem + MEM_SIZE - 10, 's', 10);
	mb_info_t mbi = {.flags = MB_INFO_CMDLINE,
			 .cmdline = PHYS_BASE + MEM_SIZE - 10};
	CHECK_EQ(
	    mb_parse(MB_BOOTLOADER_MAGIC, place_info(&mbi), translate, &info),
	    0);
	CHECK_STR_EQ(info.cmdline, "ssssssssss");
	CHECK_EQ(info.truncated, 1);
}
