/* The physical frame allocator over synthetic memory maps: exact frame sets
 * (checked against a simple model), exhaustion, counts and bad frees. */
#include <stdint.h>
#include <string.h>
#include "nucleus/frame.h"
#include "nucleus/layout.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"
#include "unit.h"

#define FRAMES (DIRECT_MAP_SIZE / PAGE_SIZE)
#define MIB (1024u * 1024u)

static uint8_t model_free[FRAMES]; /* 1: the model says init frees it */
static uint8_t handed_out[FRAMES];

static int overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	return a0 < b1 && b0 < a1;
}

/* A frame is free after init when a usable region holds all of it and no
 * reserved region or range touches it; frame 0 never is. */
static uint32_t model(const boot_region_t *r, int n, const frame_range_t *res,
		      int nres)
{
	uint32_t count = 0;
	for (uint32_t f = 0; f < FRAMES; f++) {
		uint64_t s = (uint64_t)f * PAGE_SIZE, e = s + PAGE_SIZE;
		int usable = 0, blocked = f == 0;
		for (int i = 0; i < n; i++) {
			uint64_t rs = r[i].base, re = r[i].base + r[i].length;
			if (r[i].type == 1)
				usable |= rs <= s && e <= re;
			else
				blocked |= overlaps(s, e, rs, re);
		}
		for (int i = 0; i < nres; i++)
			blocked |= overlaps(s, e, res[i].start, res[i].end);
		model_free[f] = usable && !blocked;
		count += model_free[f];
	}
	return count;
}

/* Allocates until none is left, checking each frame against the model and
 * the free count as it goes; returns how many were handed out. */
static uint32_t alloc_all(void)
{
	uint32_t n = 0, left = nu_frame_free_count();
	memset(handed_out, 0, sizeof(handed_out));
	for (;;) {
		uint32_t pa = nu_frame_alloc();
		if (!pa)
			break;
		uint32_t f = pa / PAGE_SIZE;
		if (pa % PAGE_SIZE || pa >= DIRECT_MAP_SIZE || !model_free[f] ||
		    handed_out[f] || !nu_frame_is_allocated(pa) ||
		    nu_frame_free_count() != left - n - 1) {
			unit_fail(__FILE__, __LINE__,
				  "bad frame 0x%x after %u (model %d, seen %d, "
				  "free count %u)",
				  pa, n,
				  pa < DIRECT_MAP_SIZE ? model_free[f] : -1,
				  pa < DIRECT_MAP_SIZE ? handed_out[f] : -1,
				  nu_frame_free_count());
			return n;
		}
		handed_out[f] = 1;
		n++;
	}
	if (nu_frame_free_count() != 0)
		unit_fail(__FILE__, __LINE__, "%u frames free after exhaustion",
			  nu_frame_free_count());
	return n;
}

/* Init, compare with the model, exhaust, free all, exhaust again. */
static void check_config(const boot_region_t *r, int n,
			 const frame_range_t *res, int nres)
{
	uint32_t want = model(r, n, res, nres);
	nu_frame_init(r, n, res, nres);
	CHECK_EQ(nu_frame_total_count(), want);
	CHECK_EQ(nu_frame_free_count(), want);
	CHECK_EQ(alloc_all(), want);
	CHECK_EQ(nu_frame_alloc(), 0);
	CHECK_EQ(nu_frame_free_count(), 0);
	for (uint32_t f = 0; f < FRAMES; f++)
		if (handed_out[f])
			CHECK_EQ(nu_frame_free(f * PAGE_SIZE), 0);
	CHECK_EQ(nu_frame_free_count(), want);
	CHECK_EQ(nu_frame_total_count(), want);
	CHECK_EQ(alloc_all(), want);
}

UNIT_TEST(frame_pc_like_map)
{
	const boot_region_t r[] = {
	    {0, 0x9fc00, 1},
	    {0x9fc00, 0x400, 2},
	    {0xf0000, 0x10000, 2},
	    {0x100000, 0x7ee0000, 1}, /* up to 128 MiB - 128 KiB */
	    {0x7fe0000, 0x20000, 2},
	    {0xfffc0000u, 0x40000, 2},
	};
	const frame_range_t res[] = {
	    {0, 0x100000},	  /* low 1 MiB */
	    {0x100000, 0x180123}, /* the kernel, unaligned end */
	};
	uint32_t want = (0x7fe0000 - 0x181000) / PAGE_SIZE;
	CHECK_EQ(model(r, 6, res, 2), want);
	nu_frame_init(r, 6, res, 2);
	CHECK_EQ(nu_frame_total_count(), want);
	CHECK_EQ(nu_frame_free_count(), want);
	uint32_t first = nu_frame_alloc();
	CHECK(first >= 0x181000 && first < 0x7fe0000);
	check_config(r, 6, res, 2);
}

UNIT_TEST(frame_unaligned_edges)
{
	/* [0x1800, 0x4800) holds whole frames 0x2000 and 0x3000 only. */
	const boot_region_t r[] = {{0x1800, 0x3000, 1}};
	nu_frame_init(r, 1, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), 2);
	uint32_t a = nu_frame_alloc(), b = nu_frame_alloc();
	CHECK((a == 0x2000 && b == 0x3000) || (a == 0x3000 && b == 0x2000));
	CHECK_EQ(nu_frame_alloc(), 0);

	/* A reserved region a few bytes long, unaligned, takes its frame;
	 * one straddling a boundary takes both. */
	const boot_region_t r2[] = {
	    {0x10000, 0x10000, 1},
	    {0x12ff0, 0x10, 2},
	    {0x15ff8, 0x10, 3},
	};
	model(r2, 3, NULL, 0);
	CHECK_EQ(model_free[0x12], 0);
	CHECK_EQ(model_free[0x15], 0);
	CHECK_EQ(model_free[0x16], 0);
	nu_frame_init(r2, 3, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), 16 - 3);
	check_config(r2, 3, NULL, 0);

	/* A reserved range with unaligned ends takes every frame it touches. */
	const frame_range_t res[] = {{0x10fff, 0x11001}};
	nu_frame_init(r2, 1, res, 1);
	CHECK_EQ(nu_frame_free_count(), 16 - 2);
	check_config(r2, 1, res, 1);

	/* Less than a frame, or a frame's worth across a boundary: none. */
	const boot_region_t tiny[] = {{0x20100, 0xf00, 1},
				      {0x30800, 0x1000, 1}};
	nu_frame_init(tiny, 2, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), 0);
	CHECK_EQ(nu_frame_alloc(), 0);
}

UNIT_TEST(frame_overlapping_regions)
{
	/* Usable regions overlapping each other count each frame once;
	 * reserved ones win wherever they overlap usable ones. */
	const boot_region_t r[] = {
	    {0x100000, 0x100000, 1},
	    {0x180000, 0x100000, 1},
	    {0x1c0000, 0x8000, 2},
	    {0x100000, 0x1000, 4},
	};
	uint32_t want = (0x280000 - 0x100000) / PAGE_SIZE - 8 - 1;
	CHECK_EQ(model(r, 4, NULL, 0), want);
	nu_frame_init(r, 4, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), want);
	check_config(r, 4, NULL, 0);
	/* The order of regions does not matter. */
	const boot_region_t rev[] = {r[3], r[2], r[1], r[0]};
	nu_frame_init(rev, 4, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), want);
}

UNIT_TEST(frame_beyond_direct_map)
{
	const boot_region_t r[] = {
	    {DIRECT_MAP_SIZE - 0x2000, 0x10000, 1}, /* straddles the end */
	    {DIRECT_MAP_SIZE, 0x10000000, 1},
	    {0x100000000ull, 0x40000000ull, 1}, /* above 4 GiB */
	    {0xfffff000u, 0x2000, 1},		/* crosses 4 GiB */
	};
	nu_frame_init(r, 4, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), 2);
	check_config(r, 4, NULL, 0);

	/* All of the direct map usable: every frame but frame 0. A huge
	 * reserved region above it changes nothing. */
	const boot_region_t all[] = {
	    {0, 0x100000000ull, 1},
	    {0x20000000ull, 0x100000000ull, 2},
	};
	nu_frame_init(all, 2, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), FRAMES - 1);
	check_config(all, 2, NULL, 0);
	const frame_range_t res[] = {{DIRECT_MAP_SIZE - 0x1000, 0xffffffffu}};
	nu_frame_init(all, 1, res, 1);
	CHECK_EQ(nu_frame_free_count(), FRAMES - 2);

	/* Ends less than a frame past the direct map: the bitmap must not be
	 * touched beyond its last frame (ASan watches). */
	const boot_region_t edge[] = {
	    {DIRECT_MAP_SIZE - 0x4000, 0x5000, 1},
	    {DIRECT_MAP_SIZE - 0x800, 0x1000, 2},
	};
	const frame_range_t res_edge[] = {
	    {DIRECT_MAP_SIZE - 0x3000, DIRECT_MAP_SIZE + 0x800}};
	nu_frame_init(edge, 1, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), 4);
	nu_frame_init(edge, 2, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), 3);
	nu_frame_init(edge, 2, res_edge, 1);
	CHECK_EQ(nu_frame_free_count(), 1);
	check_config(edge, 2, res_edge, 1);
	CHECK_EQ(nu_frame_is_allocated(DIRECT_MAP_SIZE), 0);
}

UNIT_TEST(frame_zero_never_handed_out)
{
	const boot_region_t r[] = {{0, 0x10000, 1}};
	nu_frame_init(r, 1, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), 15);
	CHECK_EQ(nu_frame_total_count(), 15);
	CHECK(nu_frame_is_allocated(0));
	for (int i = 0; i < 15; i++) {
		uint32_t pa = nu_frame_alloc();
		CHECK(pa >= 0x1000 && pa < 0x10000);
	}
	CHECK_EQ(nu_frame_alloc(), 0);
	CHECK_EQ(nu_frame_free(0), -ERR_INVAL);
	CHECK_EQ(nu_frame_free_count(), 0);
}

UNIT_TEST(frame_empty_maps)
{
	nu_frame_init(NULL, 0, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), 0);
	CHECK_EQ(nu_frame_total_count(), 0);
	CHECK_EQ(nu_frame_alloc(), 0);
	const boot_region_t r[] = {{0x100000, 0x100000, 2}, {0, 0, 1}};
	nu_frame_init(r, 2, NULL, 0);
	CHECK_EQ(nu_frame_free_count(), 0);
	CHECK_EQ(nu_frame_alloc(), 0);
}

UNIT_TEST(frame_free_errors)
{
	const boot_region_t r[] = {
	    {0x100000, 0x100000, 1},
	    {0x300000, 0x100000, 1}, /* a hole at 2-3 MiB */
	};
	const frame_range_t res[] = {{0x100000, 0x110000}};
	nu_frame_init(r, 2, res, 1);
	uint32_t total = nu_frame_free_count();
	CHECK_EQ(total, 256 + 256 - 16);
	uint32_t a = nu_frame_alloc();
	CHECK(a != 0);
	CHECK_EQ(nu_frame_free_count(), total - 1);

	CHECK_EQ(nu_frame_free(a + 1), -ERR_INVAL);	      /* unaligned */
	CHECK_EQ(nu_frame_free(a + 0x800), -ERR_INVAL);	      /* unaligned */
	CHECK_EQ(nu_frame_free(0), -ERR_INVAL);		      /* frame 0 */
	CHECK_EQ(nu_frame_free(0x100000), -ERR_INVAL);	      /* reserved */
	CHECK_EQ(nu_frame_free(0x10f000), -ERR_INVAL);	      /* reserved */
	CHECK_EQ(nu_frame_free(0x200000), -ERR_INVAL);	      /* hole */
	CHECK_EQ(nu_frame_free(0x50000), -ERR_INVAL);	      /* not RAM */
	CHECK_EQ(nu_frame_free(DIRECT_MAP_SIZE), -ERR_INVAL); /* beyond */
	CHECK_EQ(nu_frame_free(0xfffff000u), -ERR_INVAL);
	uint32_t never = a == 0x3ff000 ? 0x3fe000 : 0x3ff000;
	CHECK_EQ(nu_frame_is_allocated(never), 0);
	CHECK_EQ(nu_frame_free(never), -ERR_INVAL); /* free, never taken */
	CHECK_EQ(nu_frame_free_count(), total - 1); /* none of that counted */

	CHECK_EQ(nu_frame_free(a), 0);
	CHECK_EQ(nu_frame_free_count(), total);
	CHECK_EQ(nu_frame_is_allocated(a), 0);
	CHECK_EQ(nu_frame_free(a), -ERR_INVAL); /* double free */
	CHECK_EQ(nu_frame_free_count(), total);
	CHECK_EQ(nu_frame_total_count(), total);
}

UNIT_TEST(frame_free_then_realloc)
{
	const boot_region_t r[] = {{0x100000, 0x40000, 1}};
	nu_frame_init(r, 1, NULL, 0);
	model(r, 1, NULL, 0);
	CHECK_EQ(alloc_all(), 64);
	/* With one frame free, the next allocation must be that frame. */
	uint32_t picks[] = {0x100000, 0x13f000, 0x120000, 0x11f000};
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(nu_frame_free(picks[i]), 0);
		CHECK_EQ(nu_frame_free_count(), 1);
		CHECK_EQ(nu_frame_alloc(), picks[i]);
		CHECK_EQ(nu_frame_alloc(), 0);
	}
	/* Free a few, get exactly those back in some order. */
	for (int i = 0; i < 4; i++)
		CHECK_EQ(nu_frame_free(picks[i]), 0);
	CHECK_EQ(nu_frame_free_count(), 4);
	uint32_t got = 0;
	for (int i = 0; i < 4; i++) {
		uint32_t pa = nu_frame_alloc();
		int k = 0;
		while (k < 4 && picks[k] != pa)
			k++;
		CHECK(k < 4);
		CHECK(!(got & (1u << k)));
		got |= 1u << k;
	}
	CHECK_EQ(nu_frame_alloc(), 0);
}

UNIT_TEST(frame_reinit)
{
	const boot_region_t big[] = {{0x100000, 0x1000000, 1}};
	const boot_region_t small[] = {{0x200000, 0x4000, 1}};
	nu_frame_init(big, 1, NULL, 0);
	for (int i = 0; i < 100; i++)
		CHECK(nu_frame_alloc() != 0);
	nu_frame_init(small, 1, NULL, 0);
	CHECK_EQ(nu_frame_total_count(), 4);
	CHECK_EQ(nu_frame_free_count(), 4);
	CHECK_EQ(nu_frame_is_allocated(0x100000), 1); /* no longer RAM */
	CHECK_EQ(nu_frame_free(0x100000), -ERR_INVAL);
	model(small, 1, NULL, 0);
	CHECK_EQ(alloc_all(), 4);
}

static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* An address near a page boundary half of the time. */
static uint64_t rand_addr(uint64_t max)
{
	uint64_t a = next_rand() % max;
	switch (next_rand() % 4) {
	case 0: return a & ~(uint64_t)(PAGE_SIZE - 1);
	case 1: return (a & ~(uint64_t)(PAGE_SIZE - 1)) + next_rand() % 3;
	default: return a;
	}
}

UNIT_TEST(frame_random_maps)
{
	enum { CONFIGS = 40 };
	for (int c = 0; c < CONFIGS && !unit_failures(); c++) {
		boot_region_t r[12];
		frame_range_t res[4];
		int n = 1 + (int)(next_rand() % 12);
		int nres = (int)(next_rand() % 5);
		for (int i = 0; i < n; i++) {
			uint64_t max =
			    next_rand() % 8 ? 600ull * MIB : 8ull << 30;
			r[i].base = rand_addr(max);
			r[i].length =
			    1 + rand_addr(next_rand() % 2 ? 256 * MIB : MIB);
			r[i].type = next_rand() % 3 ? 1 : 2 + next_rand() % 3;
		}
		for (int i = 0; i < nres; i++) {
			res[i].start = (uint32_t)rand_addr(520 * MIB);
			res[i].end =
			    res[i].start + 1 + (uint32_t)rand_addr(64 * MIB);
		}
		check_config(r, n, res, nres);
	}
}
