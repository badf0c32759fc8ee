/* The region list (kernel/core/region.c): adding, overlap refused, merging,
 * removal with splits and per-owner charges, flags over part of a region,
 * the count bound, allocation failure leaving the list as it was, and a
 * seeded comparison against a page bitmap. */
#include <stdlib.h>
#include <string.h>
#include "core/region.h"
#include "uapi/errors.h"
#include "unit.h"

#define P 4096u

static int fail_alloc;
static void *t_alloc(size_t n) { return fail_alloc ? NULL : malloc(n); }

static region_list_t list(void)
{
	region_list_t l = {NULL, 0, t_alloc, free};
	return l;
}

static uint32_t charged[8];
static void charge(void *ctx, int owner, uint32_t pages)
{
	(void)ctx;
	charged[owner & 7] += pages;
}

UNIT_TEST(region_add_find_merge)
{
	region_list_t l = list();
	CHECK_EQ(region_add(&l, 0x10000, 0x20000, REGION_WRITE, 1), 0);
	CHECK_EQ(region_add(&l, 0x20000, 0x30000, REGION_WRITE, 1), 0);
	CHECK_EQ(l.count, 1); /* merged */
	CHECK(region_find(&l, 0x2FFFF) && region_find(&l, 0x10000));
	CHECK(region_find(&l, 0x30000) == NULL);
	CHECK_EQ(region_add(&l, 0x30000, 0x31000, 0, 1), 0); /* other flags */
	CHECK_EQ(l.count, 2);
	CHECK_EQ(region_add(&l, 0x2F000, 0x30000, 0, 1), -ERR_EXIST);
	CHECK_EQ(region_add(&l, 0x8000, 0x11000, 0, 1), -ERR_EXIST);
	CHECK_EQ(region_add(&l, 0x1000, 0x1000, 0, 1), -ERR_INVAL);
	CHECK_EQ(region_add(&l, 0x1001, 0x2000, 0, 1), -ERR_INVAL);
	CHECK_EQ(region_pages(&l, 1), 0x21);
	CHECK_EQ(region_pages(&l, -1), 0x21);
	/* Stacks never merge (each keeps its overflow gap). */
	CHECK_EQ(region_add(&l, 0x40000, 0x41000, REGION_STACK, 1), 0);
	CHECK_EQ(region_add(&l, 0x41000, 0x42000, REGION_STACK, 1), 0);
	CHECK_EQ(l.count, 4);
	region_clear(&l);
	CHECK_EQ(l.count, 0);
}

UNIT_TEST(region_remove_splits_and_charges)
{
	region_list_t l = list();
	memset(charged, 0, sizeof(charged));
	CHECK_EQ(region_add(&l, 0x10000, 0x20000, REGION_WRITE, 1), 0);
	CHECK_EQ(region_add(&l, 0x20000, 0x30000, REGION_WRITE, 2), 0);
	CHECK_EQ(region_remove(&l, 0x18000, 0x24000, charge, NULL), 0);
	CHECK_EQ(charged[1], 8);
	CHECK_EQ(charged[2], 4);
	CHECK(region_find(&l, 0x17FFF) && !region_find(&l, 0x18000));
	CHECK(!region_find(&l, 0x23FFF) && region_find(&l, 0x24000));
	/* A hole in the middle of one region. */
	CHECK_EQ(region_remove(&l, 0x12000, 0x13000, charge, NULL), 0);
	CHECK_EQ(charged[1], 9);
	CHECK_EQ(l.count, 3);
	CHECK_EQ(region_remove(&l, 0, 0xFFFFF000u, charge, NULL), 0);
	CHECK_EQ(l.count, 0);
	CHECK_EQ(charged[1] + charged[2], 32);
}

UNIT_TEST(region_flags_and_holes)
{
	region_list_t l = list();
	CHECK_EQ(region_add(&l, 0x10000, 0x20000, REGION_WRITE, 1), 0);
	CHECK_EQ(region_set_flags(&l, 0x11000, 0x12000, REGION_WRITE, 0), 0);
	CHECK_EQ(l.count, 3);
	/* Page by page, alike neighbours merge: still three regions. */
	CHECK_EQ(region_set_flags(&l, 0x12000, 0x13000, REGION_WRITE, 0), 0);
	CHECK_EQ(l.count, 3);
	CHECK_EQ(region_find(&l, 0x11000)->hi, 0x13000);
	CHECK_EQ(
	    region_set_flags(&l, 0x12000, 0x13000, REGION_WRITE, REGION_WRITE),
	    0);
	CHECK_EQ(region_find(&l, 0x11000)->flags, 0);
	CHECK_EQ(region_find(&l, 0x12000)->flags, REGION_WRITE);
	CHECK_EQ(region_set_flags(&l, 0x1F000, 0x21000, REGION_WRITE, 0),
		 -ERR_NOENT); /* runs past the end: nothing changes */
	CHECK_EQ(region_find(&l, 0x1F000)->flags, REGION_WRITE);
	CHECK_EQ(l.count, 3);
	CHECK(region_covers(&l, 0x10000, 0x20000));
	CHECK(!region_covers(&l, 0x10000, 0x21000));
	CHECK(!region_covers(&l, 0xF000, 0x11000));
	region_set_owner(&l, 1, 5);
	CHECK_EQ(region_pages(&l, 5), 16);
	region_clear(&l);
}

UNIT_TEST(region_bounds_and_alloc_failure)
{
	region_list_t l = list();
	for (uint32_t i = 0; i < REGION_MAX; i++)
		CHECK_EQ(region_add(&l, (2 * i + 1) * P, (2 * i + 2) * P, 0, 1),
			 0);
	CHECK_EQ(region_add(&l, 0x10000000, 0x10001000, 0, 1), -ERR_NOSPC);
	/* A split that needs a region past the bound changes nothing. */
	region_clear(&l);
	CHECK_EQ(region_add(&l, P, 4 * P, 0, 1), 0);
	fail_alloc = 1;
	CHECK_EQ(region_remove(&l, 2 * P, 3 * P, NULL, NULL), -ERR_NOMEM);
	CHECK_EQ(region_set_flags(&l, 2 * P, 3 * P, REGION_WRITE, REGION_WRITE),
		 -ERR_NOMEM);
	fail_alloc = 0;
	CHECK_EQ(l.count, 1);
	CHECK_EQ(region_pages(&l, 1), 3);
	CHECK_EQ(region_find(&l, 2 * P)->flags, 0);
	region_clear(&l);
}

UNIT_TEST(region_random_against_bitmap)
{
	enum { PAGES = 512, OPS = 5000 };
	static uint8_t map[PAGES]; /* 0 free, else flags + 1 */
	region_list_t l = list();
	uint32_t seed = 77;
	memset(map, 0, sizeof(map));
	for (int op = 0; op < OPS; op++) {
		seed = seed * 1103515245u + 12345u;
		uint32_t a = (seed >> 8) % PAGES, n = 1 + (seed >> 20) % 24;
		if (a + n > PAGES)
			n = PAGES - a;
		int kind = (seed >> 4) % 3;
		if (kind == 0) {
			int free_run = 1;
			for (uint32_t i = a; i < a + n; i++)
				free_run &= map[i] == 0;
			int rc = region_add(&l, (a + 1) * P, (a + n + 1) * P,
					    (seed & 1) ? REGION_WRITE : 0, 1);
			if (rc == -ERR_NOSPC)
				continue;
			CHECK_EQ(rc, free_run ? 0 : -ERR_EXIST);
			if (rc == 0)
				for (uint32_t i = a; i < a + n; i++)
					map[i] = (seed & 1) ? 3 : 1;
		} else if (kind == 1) {
			if (region_remove(&l, (a + 1) * P, (a + n + 1) * P,
					  NULL, NULL) == 0)
				for (uint32_t i = a; i < a + n; i++)
					map[i] = 0;
		} else {
			int covered = 1;
			for (uint32_t i = a; i < a + n; i++)
				covered &= map[i] != 0;
			int rc = region_set_flags(
			    &l, (a + 1) * P, (a + n + 1) * P, REGION_WRITE, 0);
			if (rc == -ERR_NOSPC)
				continue;
			CHECK_EQ(rc, covered ? 0 : -ERR_NOENT);
			if (rc == 0)
				for (uint32_t i = a; i < a + n; i++)
					map[i] = 1;
		}
		uint32_t prev_hi = 0;
		for (const region_t *r = l.head; r; r = r->next) {
			CHECK(r->lo < r->hi && r->lo >= prev_hi);
			prev_hi = r->hi;
		}
		for (uint32_t i = 0; i < PAGES; i++) {
			const region_t *r = region_find(&l, (i + 1) * P);
			CHECK_EQ(r != NULL, map[i] != 0);
			if (r)
				CHECK_EQ(r->flags, (uint32_t)(map[i] - 1));
		}
	}
	region_clear(&l);
}
