/* The kept memory map and its RAM lookup (see memmap.h). */
#include "nucleus/memmap.h"
#include "nucleus/nucleus.h"

static boot_region_t kept[BOOT_MAX_REGIONS];
static int nkept;
static int kept_complete; /* 0 until memmap_keep: all is RAM */

/* end of [base, base+len), cut at 2^64 - 1 instead of wrapping. */
static uint64_t end_of(uint64_t base, uint64_t len)
{
	return len > UINT64_MAX - base ? UINT64_MAX : base + len;
}

int memmap_has_ram(const boot_region_t *regions, int n, uint64_t start,
		   uint64_t len)
{
	uint64_t end = end_of(start, len);
	if (len == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		if (regions[i].type != 1)
			continue;
		uint64_t r0 = regions[i].base;
		uint64_t r1 = end_of(r0, regions[i].length);
		if (start < r1 && r0 < end)
			return 1;
	}
	return 0;
}

void memmap_keep(const boot_region_t *regions, int n, int complete)
{
	if (n > BOOT_MAX_REGIONS) {
		n = BOOT_MAX_REGIONS;
		complete = 0;
	}
	for (int i = 0; i < n; i++)
		kept[i] = regions[i];
	nkept = n;
	kept_complete = complete;
}

int nu_phys_has_ram(uint64_t start, uint64_t len)
{
	return !kept_complete || memmap_has_ram(kept, nkept, start, len);
}
