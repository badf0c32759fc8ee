/* The kept memory map (kernel/nucleus/memmap.c): which physical ranges are
 * RAM, at any address (above the 512 MiB direct map too), for ranges that
 * straddle RAM and holes, at the edges of regions, near 4 GiB and 2^64, and
 * the fail-closed answers before the map is kept or when it is incomplete. */
#include <stdint.h>
#include "nucleus/memmap.h"
#include "nucleus/nucleus.h"
#include "unit.h"

#define MIB 0x100000ull

/* What QEMU's BIOS reports for -m 1024 (regions out of order on purpose). */
static const boot_region_t pc_1g[] = {
    {0x100000, 0x3FEE0000, 1}, /* 1 MiB - 0x3FFE0000: RAM */
    {0x0, 0x9FC00, 1},	       /* low memory */
    {0x9FC00, 0x400, 2},       /* EBDA */
    {0xF0000, 0x10000, 2},     /* BIOS */
    {0x3FFE0000, 0x20000, 2},  /* ACPI and friends */
    {0xFFFC0000, 0x40000, 2},  /* the BIOS flash below 4 GiB */
};
#define PC_N ((int)(sizeof(pc_1g) / sizeof(pc_1g[0])))

static int ram(uint64_t start, uint64_t len)
{
	return memmap_has_ram(pc_1g, PC_N, start, len);
}

UNIT_TEST(memmap_devices_are_not_ram)
{
	CHECK_EQ(ram(0xFEBF0000, 0x1000), 0); /* a PCI BAR in the hole */
	CHECK_EQ(ram(0xFD000000, 16 * MIB), 0);
	CHECK_EQ(ram(0xB8000, 0x8000), 0);    /* VGA text: not listed */
	CHECK_EQ(ram(0xFFFFF000, 0x1000), 0); /* reserved is not RAM */
	CHECK_EQ(ram(0x40000000, 0x1000), 0); /* just past the RAM */
}

UNIT_TEST(memmap_ram_at_any_address)
{
	CHECK_EQ(ram(0x100000, 0x1000), 1);   /* the kernel's */
	CHECK_EQ(ram(0x30000000, 0x1000), 1); /* above the direct map */
	CHECK_EQ(ram(0x3FFDF000, 0x1000), 1); /* the last RAM page */
	CHECK_EQ(ram(0x0, 0x1000), 1);
}

UNIT_TEST(memmap_straddling_ranges)
{
	CHECK_EQ(ram(0x9F000, 0x1000), 1);     /* part RAM, part EBDA */
	CHECK_EQ(ram(0x9FC00, 0x400), 0);      /* the EBDA alone */
	CHECK_EQ(ram(0xFF000, 0x2000), 1);     /* BIOS, then RAM */
	CHECK_EQ(ram(0xFF000, 0x1000), 0);     /* ends where RAM starts */
	CHECK_EQ(ram(0x3FFDF000, 0x2000), 1);  /* RAM, then reserved */
	CHECK_EQ(ram(0x3FFE0000, 0x1000), 0);  /* starts where RAM ends */
	CHECK_EQ(ram(0xA0000, 0x3FF00000), 1); /* a hole around RAM */
	CHECK_EQ(ram(0x1000, 0), 0);	       /* nothing */
}

UNIT_TEST(memmap_no_wrap)
{
	/* 32-bit arithmetic would wrap these to low memory (RAM). */
	CHECK_EQ(ram(0xFFFFF000, 0x2000), 0);
	CHECK_EQ(ram(0xFFFFFFFFull, 0x100000000ull), 0);
	/* RAM above 4 GiB is still RAM; a range reaching it is RAM. */
	const boot_region_t high[] = {{0x100000000ull, 0x40000000, 1}};
	CHECK_EQ(memmap_has_ram(high, 1, 0xFFFFF000, 0x2000), 1);
	CHECK_EQ(memmap_has_ram(high, 1, 0xFFFFF000, 0x1000), 0);
	/* Ranges and regions that would pass 2^64 are cut there. */
	CHECK_EQ(ram(UINT64_MAX - 0xFFF, 0x2000), 0);
	const boot_region_t top[] = {{UINT64_MAX - 0xFFF, 0x2000, 1}};
	CHECK_EQ(memmap_has_ram(top, 1, UINT64_MAX - 10, 5), 1);
	CHECK_EQ(memmap_has_ram(top, 1, 0, 0x1000), 0);
}

UNIT_TEST(memmap_overlapping_types)
{
	/* A region listed usable and reserved at once stays RAM: refusing a
	 * device mapping is the safe answer. */
	const boot_region_t both[] = {{0x100000, 0x100000, 1},
				      {0x180000, 0x1000, 2}};
	CHECK_EQ(memmap_has_ram(both, 2, 0x180000, 0x1000), 1);
	CHECK_EQ(memmap_has_ram(both, 0, 0x180000, 0x1000), 0); /* no map */
}

UNIT_TEST(memmap_kept_copy_fails_closed)
{
	/* Before the map is kept, and with an incomplete one, all is RAM. */
	memmap_keep(pc_1g, 0, 0);
	CHECK_EQ(nu_phys_has_ram(0xFEBF0000, 0x1000), 1);
	memmap_keep(pc_1g, PC_N, 0);
	CHECK_EQ(nu_phys_has_ram(0xFEBF0000, 0x1000), 1);
	static boot_region_t many[BOOT_MAX_REGIONS + 1];
	memmap_keep(many, BOOT_MAX_REGIONS + 1, 1); /* too many: incomplete */
	CHECK_EQ(nu_phys_has_ram(0xFEBF0000, 0x1000), 1);
	boot_region_t copy[PC_N];
	for (int i = 0; i < PC_N; i++)
		copy[i] = pc_1g[i];
	memmap_keep(copy, PC_N, 1);
	copy[0].type = 2; /* the kernel keeps its own copy */
	CHECK_EQ(nu_phys_has_ram(0xFEBF0000, 0x1000), 0);
	CHECK_EQ(nu_phys_has_ram(0x30000000, 0x1000), 1);
	CHECK_EQ(nu_phys_has_ram(0xFF000, 0x2000), 1);
}
