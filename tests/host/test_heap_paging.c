/* The heap's page release (heap_set_paging): pages wholly inside free blocks
 * are handed back and asked for again before use. The arena tracks each
 * page's state and poisons released pages for ASan, so a heap that touched a
 * released page, or handed out a block over one, fails here. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/heap.h"
#include "uapi/errors.h"
#include "unit.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

#define PAGE 4096u
#define PAGES 1024u /* a 4 MiB arena */

typedef struct paged {
	heap_t h;
	unsigned char *mem;
	unsigned char mapped[PAGES];
	size_t nmapped;
	int fail_back, bad;
} paged_t;

static int page_range_ok(paged_t *a, uintptr_t start, size_t bytes)
{
	if (start % PAGE || bytes % PAGE || start < (uintptr_t)a->mem ||
	    start + bytes > (uintptr_t)a->mem + PAGES * PAGE) {
		a->bad++;
		return 0;
	}
	return 1;
}

static int back_cb(void *ctx, uintptr_t start, size_t bytes)
{
	paged_t *a = ctx;
	if (!page_range_ok(a, start, bytes))
		return -ERR_INVAL;
	for (size_t off = 0; off < bytes; off += PAGE) {
		size_t i = (start + off - (uintptr_t)a->mem) / PAGE;
		if (a->mapped[i])
			continue;
		if (a->fail_back)
			return -ERR_NOMEM;
		a->mapped[i] = 1;
		a->nmapped++;
		ASAN_UNPOISON_MEMORY_REGION((void *)(start + off), PAGE);
	}
	return 0;
}

static int release_cb(void *ctx, uintptr_t start, size_t bytes)
{
	paged_t *a = ctx;
	if (!page_range_ok(a, start, bytes))
		return -ERR_INVAL;
	for (size_t off = 0; off < bytes; off += PAGE) {
		size_t i = (start + off - (uintptr_t)a->mem) / PAGE;
		if (!a->mapped[i])
			continue;
		a->mapped[i] = 0;
		a->nmapped--;
		ASAN_POISON_MEMORY_REGION((void *)(start + off), PAGE);
	}
	return 0;
}

static int grow_cb(void *ctx, uintptr_t start, size_t bytes)
{
	paged_t *a = ctx;
	int rc = back_cb(ctx, start, bytes);
	if (rc < 0)
		release_cb(a, start, bytes);
	return rc;
}

static void paged_init(paged_t *a, size_t step)
{
	memset(a, 0, sizeof(*a));
	a->mem = aligned_alloc(PAGE, PAGES * PAGE);
	if (!a->mem)
		abort();
	ASAN_POISON_MEMORY_REGION(a->mem, PAGES * PAGE);
	heap_init(&a->h, (uintptr_t)a->mem, (uintptr_t)a->mem + PAGES * PAGE,
		  step, grow_cb, a);
	heap_set_paging(&a->h, PAGE, back_cb, release_cb);
}

static void paged_free(paged_t *a)
{
	ASAN_UNPOISON_MEMORY_REGION(a->mem, PAGES * PAGE);
	free(a->mem);
}

/* 1 if every page of [p, p+n) is mapped. */
static int all_mapped(const paged_t *a, const void *p, size_t n)
{
	size_t first = ((uintptr_t)p - (uintptr_t)a->mem) / PAGE;
	size_t last = ((uintptr_t)p + n - 1 - (uintptr_t)a->mem) / PAGE;
	for (size_t i = first; i <= last; i++)
		if (!a->mapped[i])
			return 0;
	return 1;
}

UNIT_TEST(heap_paging_big_block_returns_pages)
{
	paged_t a;
	paged_init(&a, 64 * 1024);
	void *small = heap_alloc(&a.h, 100);
	void *big = heap_alloc(&a.h, 1 << 20);
	CHECK(small && big);
	CHECK(all_mapped(&a, big, 1 << 20));
	size_t peak = a.nmapped;
	memset(big, 0xAB, 1 << 20);
	CHECK_EQ(heap_free(&a.h, big), 0);
	/* Only the pages holding headers stay: the small block's page and
	 * the free block's header page. */
	CHECK(a.nmapped <= 2);
	CHECK(peak - a.nmapped >= 255);
	CHECK_EQ(heap_check(&a.h), 0);
	/* The pages come back when the space is used again. */
	unsigned char *again = heap_alloc(&a.h, 512 * 1024);
	CHECK(again != NULL);
	CHECK(all_mapped(&a, again, 512 * 1024));
	memset(again, 1, 512 * 1024);
	CHECK_EQ(heap_free(&a.h, again), 0);
	CHECK_EQ(heap_free(&a.h, small), 0);
	CHECK(a.nmapped <= 1);
	CHECK_EQ(a.bad, 0);
	paged_free(&a);
}

UNIT_TEST(heap_paging_back_failure)
{
	paged_t a;
	paged_init(&a, 64 * 1024);
	void *big = heap_alloc(&a.h, 300 * 1024);
	CHECK(big != NULL);
	CHECK_EQ(heap_free(&a.h, big), 0);
	size_t before = a.nmapped;
	a.fail_back = 1;
	CHECK(heap_alloc(&a.h, 200 * 1024) == NULL);
	a.fail_back = 0;
	CHECK_EQ(a.nmapped, before); /* nothing stays mapped */
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(a.h.used_blocks, 0);
	void *p = heap_alloc(&a.h, 200 * 1024);
	CHECK(p != NULL && all_mapped(&a, p, 200 * 1024));
	CHECK_EQ(heap_free(&a.h, p), 0);
	paged_free(&a);
}

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

UNIT_TEST(heap_paging_random)
{
	enum { SLOTS = 300, OPS = 20000 };
	static unsigned char *slot[SLOTS];
	static size_t size[SLOTS];
	paged_t a;
	paged_init(&a, 16 * 1024);
	for (int op = 0; op < OPS; op++) {
		int s = (int)(next_rand() % SLOTS);
		if (slot[s]) {
			for (size_t i = 0; i < size[s]; i++)
				CHECK_EQ(slot[s][i], (unsigned char)(s + i));
			CHECK_EQ(heap_free(&a.h, slot[s]), 0);
			slot[s] = NULL;
		} else {
			uint32_t y = next_rand();
			size[s] = 1 + y % (y & 0x10000 ? 30000 : 300);
			slot[s] = heap_alloc(&a.h, size[s]);
			CHECK(slot[s] != NULL);
			CHECK(all_mapped(&a, slot[s], size[s]));
			for (size_t i = 0; i < size[s]; i++)
				slot[s][i] = (unsigned char)(s + i);
		}
		CHECK_EQ(heap_check(&a.h), 0);
	}
	for (int s = 0; s < SLOTS; s++)
		if (slot[s])
			CHECK_EQ(heap_free(&a.h, slot[s]), 0);
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK(a.nmapped <= 1); /* one free block: its header page */
	CHECK_EQ(a.bad, 0);
	paged_free(&a);
}
