/* ksyms_find and ksyms_addr over synthetic symbol tables, including a large
 * random one checked against a linear search. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "lib/ksyms.h"
#include "unit.h"

static const char names[] = "start\0alias\0middle\0dup_a\0dup_b\0last";
static const ksym_t syms[] = {
    {0x1000, 0},  /* start */
    {0x1040, 6},  /* alias */
    {0x1100, 12}, /* middle */
    {0x1200, 19}, /* dup_a */
    {0x1200, 25}, /* dup_b */
    {0x1300, 31}, /* last */
};
static const ksym_table_t table = {syms, 6, names, 0x1380};

UNIT_TEST(ksyms_find_hits)
{
	uint32_t off = 0xdead;
	CHECK_STR_EQ(ksyms_find(&table, 0x1000, &off), "start");
	CHECK_EQ(off, 0);
	CHECK_STR_EQ(ksyms_find(&table, 0x103f, &off), "start");
	CHECK_EQ(off, 0x3f);
	CHECK_STR_EQ(ksyms_find(&table, 0x1040, &off), "alias");
	CHECK_EQ(off, 0);
	CHECK_STR_EQ(ksyms_find(&table, 0x10ff, &off), "alias");
	CHECK_EQ(off, 0xbf);
	CHECK_STR_EQ(ksyms_find(&table, 0x1180, &off), "middle");
	CHECK_EQ(off, 0x80);
	CHECK_STR_EQ(ksyms_find(&table, 0x1300, &off), "last");
	CHECK_EQ(off, 0);
	CHECK_STR_EQ(ksyms_find(&table, 0x137f, &off), "last");
	CHECK_EQ(off, 0x7f);
}

UNIT_TEST(ksyms_find_outside)
{
	uint32_t off;
	CHECK(ksyms_find(&table, 0, &off) == NULL);
	CHECK(ksyms_find(&table, 0xfff, &off) == NULL);
	CHECK(ksyms_find(&table, 0x1380, &off) == NULL); /* text_end */
	CHECK(ksyms_find(&table, 0x1381, &off) == NULL);
	CHECK(ksyms_find(&table, 0xffffffffu, &off) == NULL);
}

UNIT_TEST(ksyms_find_duplicates)
{
	uint32_t off = 1;
	const char *name = ksyms_find(&table, 0x1200, &off);
	CHECK(name != NULL);
	CHECK(strcmp(name, "dup_a") == 0 || strcmp(name, "dup_b") == 0);
	CHECK_EQ(off, 0);
	const char *inside = ksyms_find(&table, 0x12ab, &off);
	CHECK_STR_EQ(inside, name); /* the same one throughout */
	CHECK_EQ(off, 0xab);
}

UNIT_TEST(ksyms_empty_and_single)
{
	uint32_t off;
	const ksym_table_t empty = {NULL, 0, "", 0x2000};
	CHECK(ksyms_find(&empty, 0x1000, &off) == NULL);
	CHECK(ksyms_find(&empty, 0, &off) == NULL);
	CHECK_EQ(ksyms_addr(&empty, "start"), 0);
	const ksym_table_t one = {syms, 1, names, 0x1010};
	CHECK_STR_EQ(ksyms_find(&one, 0x100f, &off), "start");
	CHECK_EQ(off, 0xf);
	CHECK(ksyms_find(&one, 0x1010, &off) == NULL);
	CHECK(ksyms_find(&one, 0xfff, &off) == NULL);
}

UNIT_TEST(ksyms_addr_lookup)
{
	CHECK_EQ(ksyms_addr(&table, "start"), 0x1000);
	CHECK_EQ(ksyms_addr(&table, "middle"), 0x1100);
	CHECK_EQ(ksyms_addr(&table, "dup_b"), 0x1200);
	CHECK_EQ(ksyms_addr(&table, "last"), 0x1300);
	CHECK_EQ(ksyms_addr(&table, "las"), 0);
	CHECK_EQ(ksyms_addr(&table, "lastx"), 0);
	CHECK_EQ(ksyms_addr(&table, "dup"), 0);
	CHECK_EQ(ksyms_addr(&table, ""), 0);
}

UNIT_TEST(ksyms_random_table)
{
	enum { COUNT = 1000, QUERIES = 20000 };
	static ksym_t big[COUNT];
	static char blob[COUNT * 8];
	uint32_t x = 12345, addr = 0x100000, pos = 0;
	for (uint32_t i = 0; i < COUNT; i++) {
		x = x * 1103515245u + 12345u;
		addr +=
		    (x >> 16) % 4 == 0 ? 0 : (x >> 16) % 256; /* some dups */
		big[i].addr = addr;
		big[i].name_offset = pos;
		pos += (uint32_t)sprintf(blob + pos, "f%u", i) + 1;
	}
	ksym_table_t t = {big, COUNT, blob, addr + 0x40};
	for (int q = 0; q < QUERIES; q++) {
		x = x * 1103515245u + 12345u;
		uint32_t a = 0x100000 - 0x100 + (x >> 8) % (addr - 0xff000);
		/* Reference: the highest-addressed symbol at or below a. */
		int best = -1;
		for (int i = 0; i < COUNT; i++)
			if (big[i].addr <= a)
				best = i;
		uint32_t off = 0;
		const char *name = ksyms_find(&t, a, &off);
		if (best < 0 || a >= t.text_end) {
			CHECK(name == NULL);
			continue;
		}
		CHECK(name != NULL);
		uint32_t at = ksyms_addr(&t, name);
		CHECK_EQ(at, big[best].addr);
		CHECK_EQ(off, a - big[best].addr);
	}
	for (int i = 0; i < COUNT; i += 37) {
		char want[16];
		sprintf(want, "f%d", i);
		/* Duplicated addresses: ksyms_addr gives the symbol's own. */
		CHECK_EQ(ksyms_addr(&t, want), big[i].addr);
	}
}
