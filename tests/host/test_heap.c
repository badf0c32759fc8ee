/* The first-fit heap over a malloc'd arena: growth (recorded, can be made to
 * fail; unbacked memory is poisoned for ASan), splitting, coalescing, bad
 * frees, the limit, and a seeded random stress with heap_check throughout. */
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

#define STEP 4096u
#define HDR 16u /* the block header, as heap.h describes it */

typedef struct arena {
	heap_t h;
	unsigned char *mem;
	size_t size;
	uintptr_t backed_end; /* where the next growth must start */
	int calls, fail, bad;
	size_t last_bytes;
} arena_t;

static int grow_cb(void *ctx, uintptr_t start, size_t bytes)
{
	arena_t *a = ctx;
	a->calls++;
	a->last_bytes = bytes;
	/* Contiguous, inside the limit, whole steps unless cut by the limit. */
	if (start != a->backed_end || bytes == 0 ||
	    bytes > a->h.limit - start ||
	    (bytes % a->h.grow_step && start + bytes != a->h.limit)) {
		unit_fail(__FILE__, __LINE__, "bad growth 0x%zx + %zu",
			  (size_t)(start - a->h.base), bytes);
		a->bad++;
	}
	if (a->fail)
		return -ERR_NOMEM;
	ASAN_UNPOISON_MEMORY_REGION((void *)start, bytes);
	a->backed_end = start + bytes;
	return 0;
}

/* A heap of at most limit bytes growing by step. */
static void arena_init(arena_t *a, size_t limit, size_t step)
{
	memset(a, 0, sizeof(*a));
	a->size = (limit + STEP - 1) / STEP * STEP;
	a->mem = aligned_alloc(STEP, a->size);
	if (!a->mem)
		abort();
	ASAN_POISON_MEMORY_REGION(a->mem, a->size);
	a->backed_end = (uintptr_t)a->mem;
	heap_init(&a->h, (uintptr_t)a->mem, (uintptr_t)a->mem + limit, step,
		  grow_cb, a);
}

static void arena_free(arena_t *a)
{
	ASAN_UNPOISON_MEMORY_REGION(a->mem, a->size);
	free(a->mem);
}

static size_t backed(const arena_t *a) { return a->h.brk - a->h.base; }

static void fill(void *p, size_t n, unsigned seed)
{
	unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(seed * 31 + i * 7);
}

static int intact(const void *p, size_t n, unsigned seed)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)(seed * 31 + i * 7))
			return 0;
	return 1;
}

UNIT_TEST(heap_first_alloc)
{
	arena_t a;
	arena_init(&a, 1 << 20, STEP);
	CHECK_EQ(a.calls, 0); /* nothing backed until needed */
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(heap_free_bytes(&a.h), 0);
	CHECK(heap_alloc(&a.h, 0) == NULL);
	unsigned char *p = heap_alloc(&a.h, 1);
	CHECK(p != NULL);
	CHECK_EQ(a.calls, 1);
	CHECK_EQ(a.last_bytes, STEP);
	CHECK((uintptr_t)p == a.h.base + HDR);
	CHECK_EQ(backed(&a), STEP);
	CHECK_EQ(heap_block_size(&a.h, p), 16);
	CHECK_EQ(a.h.used_bytes, 16);
	CHECK_EQ(a.h.used_blocks, 1);
	CHECK_EQ(heap_free_bytes(&a.h), STEP - 32);
	CHECK_EQ(heap_check(&a.h), 0);
	fill(p, 16, 1);
	CHECK_EQ(heap_free(&a.h, p), 0);
	CHECK_EQ(a.h.used_bytes, 0);
	CHECK_EQ(a.h.used_blocks, 0);
	CHECK_EQ(heap_free_bytes(&a.h), STEP);
	CHECK_EQ(heap_check(&a.h), 0);
	arena_free(&a);
}

UNIT_TEST(heap_alignment_and_sizes)
{
	enum { N = 600 };
	static unsigned char *p[N + 1];
	arena_t a;
	arena_init(&a, 4 << 20, STEP);
	for (size_t size = 1; size <= N; size++) {
		p[size] = heap_alloc(&a.h, size);
		CHECK(p[size] != NULL);
		CHECK_EQ((uintptr_t)p[size] % HEAP_ALIGN, 0);
		size_t bs = heap_block_size(&a.h, p[size]);
		size_t rounded = (size + 15) / 16 * 16;
		CHECK(bs >= rounded && bs <= rounded + 16);
		fill(p[size], bs, (unsigned)size);
		/* A fresh heap hands blocks out in address order. */
		if (size > 1)
			CHECK((uintptr_t)p[size] >=
			      (uintptr_t)p[size - 1] +
				  heap_block_size(&a.h, p[size - 1]) + HDR);
	}
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(a.h.used_blocks, N);
	for (size_t size = 1; size <= N; size++)
		CHECK(intact(p[size], heap_block_size(&a.h, p[size]),
			     (unsigned)size));
	arena_free(&a);
}

UNIT_TEST(heap_split_and_coalesce)
{
	arena_t a;
	arena_init(&a, 1 << 20, STEP);
	void *p[5];
	for (int i = 0; i < 5; i++) {
		p[i] = heap_alloc(&a.h, 100); /* 112-byte payloads */
		CHECK(p[i] != NULL);
	}
	size_t tail = heap_free_bytes(&a.h);
	CHECK_EQ(tail, STEP - 5 * 128);

	CHECK_EQ(heap_free(&a.h, p[1]), 0); /* a hole */
	CHECK_EQ(heap_free_bytes(&a.h), tail + 128);
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(heap_free(&a.h, p[2]), 0); /* merges with the hole before */
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(heap_free_bytes(&a.h), tail + 256);
	/* The merged hole takes exactly 256 - 16 bytes, at p[1]. */
	void *q = heap_alloc(&a.h, 240);
	CHECK(q == p[1]);
	CHECK_EQ(heap_free_bytes(&a.h), tail);
	CHECK_EQ(heap_free(&a.h, q), 0);

	CHECK_EQ(heap_free(&a.h, p[0]), 0); /* merges with the hole after */
	CHECK_EQ(heap_check(&a.h), 0);
	q = heap_alloc(&a.h, 3 * 128 - 16);
	CHECK(q == p[0]);
	CHECK_EQ(heap_free(&a.h, q), 0);

	CHECK_EQ(heap_free(&a.h, p[4]), 0); /* merges with the tail */
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(heap_free(&a.h, p[3]), 0); /* merges on both sides */
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(heap_free_bytes(&a.h), backed(&a));
	CHECK_EQ(a.h.used_bytes, 0);
	CHECK_EQ(a.h.used_blocks, 0);
	/* One free block: the whole backed range fits without growing. */
	int calls = a.calls;
	q = heap_alloc(&a.h, backed(&a) - HDR);
	CHECK(q != NULL && (uintptr_t)q == a.h.base + HDR);
	CHECK_EQ(a.calls, calls);
	CHECK_EQ(heap_free_bytes(&a.h), 0);
	CHECK_EQ(heap_check(&a.h), 0);
	arena_free(&a);
}

UNIT_TEST(heap_first_fit_and_no_tiny_split)
{
	arena_t a;
	arena_init(&a, 1 << 20, STEP);
	void *small = heap_alloc(&a.h, 48); /* block of 64 */
	void *sep1 = heap_alloc(&a.h, 16);
	void *big = heap_alloc(&a.h, 240); /* block of 256 */
	void *sep2 = heap_alloc(&a.h, 16);
	CHECK(small && sep1 && big && sep2);
	CHECK_EQ(heap_free(&a.h, small), 0);
	CHECK_EQ(heap_free(&a.h, big), 0);
	/* Too big for the first hole: the second, lowest that fits. */
	void *x = heap_alloc(&a.h, 100);
	CHECK(x == big);
	CHECK_EQ(heap_block_size(&a.h, x), 112); /* split: 128 + 128 */
	CHECK_EQ(heap_check(&a.h), 0);
	/* Fits the first hole. */
	void *y = heap_alloc(&a.h, 10);
	CHECK(y == small);
	CHECK_EQ(heap_block_size(&a.h, y), 16); /* 64 = 32 + 32: split */
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(heap_free(&a.h, y), 0);
	/* A remainder of 16 bytes is not worth a block: the whole 64. */
	y = heap_alloc(&a.h, 32);
	CHECK(y == small);
	CHECK_EQ(heap_block_size(&a.h, y), 48);
	CHECK_EQ(a.h.used_bytes, 48 + 16 + 112 + 16);
	CHECK_EQ(heap_check(&a.h), 0);
	arena_free(&a);
}

UNIT_TEST(heap_bad_frees)
{
	arena_t a;
	arena_init(&a, 1 << 20, STEP);
	unsigned char *p = heap_alloc(&a.h, 64);
	unsigned char *q = heap_alloc(&a.h, 64);
	unsigned char *r = heap_alloc(&a.h, 64);
	CHECK(p && q && r);
	memset(p, 0, 64);
	int local;
	size_t used = a.h.used_bytes, free_bytes = heap_free_bytes(&a.h);
	void *bad[] = {
	    NULL,
	    &local,
	    (void *)a.h.base,
	    p + 1,
	    p + 8,
	    p + 16, /* aligned, inside a payload */
	    p + 32,
	    (void *)a.h.brk,
	    (void *)(a.h.brk + 16),
	    (void *)(a.h.base + 2 * STEP),
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(heap_free(&a.h, bad[i]), -ERR_INVAL);
		CHECK_EQ(heap_block_size(&a.h, bad[i]), 0);
	}
	CHECK_EQ(a.h.used_bytes, used);
	CHECK_EQ(heap_free_bytes(&a.h), free_bytes);
	CHECK_EQ(heap_check(&a.h), 0);

	CHECK_EQ(heap_free(&a.h, q), 0);
	CHECK_EQ(heap_free(&a.h, q), -ERR_INVAL); /* double free */
	CHECK_EQ(heap_block_size(&a.h, q), 0);
	CHECK_EQ(heap_free(&a.h, p), 0);	  /* q merges into p */
	CHECK_EQ(heap_free(&a.h, q), -ERR_INVAL); /* stale, merged away */
	CHECK_EQ(heap_free(&a.h, p), -ERR_INVAL);
	CHECK_EQ(heap_free(&a.h, r), 0); /* all merged with the tail */
	CHECK_EQ(heap_free(&a.h, r), -ERR_INVAL);
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(a.h.used_blocks, 0);
	CHECK_EQ(heap_free_bytes(&a.h), backed(&a));
	/* A stale pointer into a block allocated over old headers. */
	unsigned char *big = heap_alloc(&a.h, 512);
	CHECK(big == p);
	CHECK_EQ(heap_free(&a.h, q), -ERR_INVAL);
	CHECK_EQ(heap_free(&a.h, r), -ERR_INVAL);
	CHECK_EQ(heap_check(&a.h), 0);
	arena_free(&a);
}

UNIT_TEST(heap_grow_sizes)
{
	arena_t a;
	arena_init(&a, 1 << 20, STEP);
	void *p = heap_alloc(&a.h, STEP - HDR); /* exactly one step */
	CHECK(p != NULL);
	CHECK_EQ(a.calls, 1);
	CHECK_EQ(a.last_bytes, STEP);
	CHECK_EQ(heap_free_bytes(&a.h), 0);
	void *q = heap_alloc(&a.h, 5000); /* rounded up to whole steps */
	CHECK(q != NULL);
	CHECK_EQ(a.calls, 2);
	CHECK_EQ(a.last_bytes, 2 * STEP);
	CHECK((uintptr_t)q == a.h.base + STEP + HDR);
	/* Needs 3 steps + 32 bytes; the free tail of 3168 bytes makes that
	 * 3 steps of growth, not 4. */
	void *r = heap_alloc(&a.h, 3 * STEP + 1);
	CHECK(r != NULL);
	CHECK_EQ(a.calls, 3);
	CHECK_EQ(a.last_bytes, 3 * STEP);
	CHECK_EQ(backed(&a), 6 * STEP);
	CHECK_EQ(a.bad, 0);
	CHECK_EQ(heap_check(&a.h), 0);
	arena_free(&a);

	/* A larger step: growth is at least that. */
	arena_init(&a, 1 << 20, 16 * STEP);
	CHECK(heap_alloc(&a.h, 10) != NULL);
	CHECK_EQ(a.last_bytes, 16 * STEP);
	CHECK(heap_alloc(&a.h, 17 * STEP) != NULL); /* tail + one step */
	CHECK_EQ(a.last_bytes, 16 * STEP);
	CHECK_EQ(backed(&a), 32 * STEP);
	/* Lacks 163856 - 61392 bytes beyond the tail: two whole steps. */
	CHECK(heap_alloc(&a.h, 40 * STEP) != NULL);
	CHECK_EQ(a.last_bytes, 32 * STEP);
	CHECK_EQ(a.bad, 0);
	arena_free(&a);
}

/* brk, free list and counters: what a failed allocation must not change. */
typedef struct snapshot {
	uintptr_t brk;
	size_t free_bytes, used_bytes, used_blocks;
	const heap_block_t *free_list;
} snapshot_t;

static snapshot_t snap(const heap_t *h)
{
	return (snapshot_t){h->brk, heap_free_bytes(h), h->used_bytes,
			    h->used_blocks, h->free_list};
}

static int same(snapshot_t x, snapshot_t y)
{
	return x.brk == y.brk && x.free_bytes == y.free_bytes &&
	       x.used_bytes == y.used_bytes && x.used_blocks == y.used_blocks &&
	       x.free_list == y.free_list;
}

UNIT_TEST(heap_grow_failure)
{
	arena_t a;
	arena_init(&a, 1 << 20, STEP);
	a.fail = 1;
	CHECK(heap_alloc(&a.h, 10) == NULL); /* the very first growth */
	CHECK_EQ(a.calls, 1);
	CHECK(a.h.brk == a.h.base);
	CHECK(a.h.free_list == NULL);
	CHECK_EQ(heap_check(&a.h), 0);
	a.fail = 0;
	void *p = heap_alloc(&a.h, 1000);
	CHECK(p != NULL);
	fill(p, 1000, 7);
	a.fail = 1;
	snapshot_t before = snap(&a.h);
	CHECK(heap_alloc(&a.h, 5000) == NULL);
	CHECK_EQ(a.calls, 3);
	CHECK(same(before, snap(&a.h)));
	CHECK_EQ(heap_check(&a.h), 0);
	/* What fits in memory already backed still works. */
	void *q = heap_alloc(&a.h, 1000);
	CHECK(q != NULL);
	CHECK_EQ(a.calls, 3);
	a.fail = 0;
	void *r = heap_alloc(&a.h, 5000);
	CHECK(r != NULL);
	CHECK(intact(p, 1000, 7));
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(a.bad, 0);
	arena_free(&a);
}

UNIT_TEST(heap_limit)
{
	arena_t a;
	arena_init(&a, 8 * STEP, STEP);
	int calls = 0;
	CHECK(heap_alloc(&a.h, 8 * STEP) == NULL); /* header cannot fit */
	CHECK(heap_alloc(&a.h, 8 * STEP + 1) == NULL);
	CHECK(heap_alloc(&a.h, SIZE_MAX) == NULL);
	CHECK(heap_alloc(&a.h, SIZE_MAX - 8) == NULL);
	CHECK_EQ(a.calls, calls);
	CHECK(a.h.brk == a.h.base);
	/* Blocks of 1024 bytes: exactly 32 fit, then no more. */
	void *p[40];
	int n = 0;
	while (n < 40 && (p[n] = heap_alloc(&a.h, 1000)) != NULL)
		n++;
	CHECK_EQ(n, 32);
	CHECK(a.h.brk == a.h.limit);
	CHECK_EQ(heap_free_bytes(&a.h), 0);
	CHECK(heap_alloc(&a.h, 1) == NULL);
	CHECK_EQ(heap_check(&a.h), 0);
	for (int i = 0; i < n; i++)
		CHECK_EQ(heap_free(&a.h, p[i]), 0);
	CHECK_EQ(heap_free_bytes(&a.h), 8 * STEP);
	void *all = heap_alloc(&a.h, 8 * STEP - HDR);
	CHECK(all != NULL);
	CHECK_EQ(heap_free(&a.h, all), 0);
	CHECK_EQ(a.bad, 0);
	arena_free(&a);

	/* A limit that is not a whole number of steps. */
	arena_init(&a, 2 * STEP + 256, STEP);
	CHECK(heap_alloc(&a.h, 2 * STEP) != NULL);
	CHECK(a.h.brk == a.h.limit);
	CHECK(heap_alloc(&a.h, 200) != NULL);
	CHECK(heap_alloc(&a.h, 16) == NULL);
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(a.bad, 0);
	arena_free(&a);
}

UNIT_TEST(heap_grow_uses_free_tail)
{
	/* 3024 + 5024 bytes of blocks fit in two steps: the free tail left
	 * by the first growth must count towards the second. */
	arena_t a;
	arena_init(&a, 2 * STEP, STEP);
	void *p = heap_alloc(&a.h, 3000);
	CHECK(p != NULL);
	void *q = heap_alloc(&a.h, 5000);
	CHECK(q != NULL);
	CHECK(a.h.brk == a.h.limit);
	CHECK_EQ(heap_check(&a.h), 0);
	arena_free(&a);

	/* Unlimited: growth covers only what the tail lacks. */
	arena_init(&a, 1 << 20, STEP);
	CHECK(heap_alloc(&a.h, 3000) != NULL);
	CHECK(heap_alloc(&a.h, 4500) != NULL);
	CHECK_EQ(backed(&a), 2 * STEP);
	CHECK_EQ(a.bad, 0);
	arena_free(&a);
}

UNIT_TEST(heap_check_detects_corruption)
{
	arena_t a;
	arena_init(&a, 1 << 20, STEP);
	unsigned char *p = heap_alloc(&a.h, 64);
	unsigned char *q = heap_alloc(&a.h, 64);
	unsigned char *r = heap_alloc(&a.h, 64);
	CHECK(p && q && r);
	CHECK_EQ(heap_free(&a.h, q), 0);
	CHECK_EQ(heap_check(&a.h), 0);
	unsigned char save[HDR];
	unsigned char *headers[] = {p - HDR, q - HDR, r - HDR};
	for (int i = 0; i < 3; i++) {
		unsigned char *hdr = headers[i];
		memcpy(save, hdr, HDR);
		hdr[4] ^= 1; /* the magic */
		CHECK_EQ(heap_check(&a.h), -ERR_INVAL);
		memcpy(hdr, save, HDR);
		hdr[0] ^= 16; /* the size, still aligned */
		CHECK_EQ(heap_check(&a.h), -ERR_INVAL);
		memcpy(hdr, save, HDR);
		hdr[0] ^= 1; /* the size, unaligned */
		CHECK_EQ(heap_check(&a.h), -ERR_INVAL);
		memcpy(hdr, save, HDR);
		CHECK_EQ(heap_check(&a.h), 0);
	}
	a.h.used_bytes++;
	CHECK_EQ(heap_check(&a.h), -ERR_INVAL);
	a.h.used_bytes--;
	a.h.used_blocks++;
	CHECK_EQ(heap_check(&a.h), -ERR_INVAL);
	a.h.used_blocks--;
	heap_block_t *list = a.h.free_list;
	a.h.free_list = (heap_block_t *)(r - HDR);
	CHECK_EQ(heap_check(&a.h), -ERR_INVAL);
	a.h.free_list = list;
	CHECK_EQ(heap_check(&a.h), 0);
	arena_free(&a);
}

static uint64_t rng = 0x853c49e6748fea9bull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

UNIT_TEST(heap_random_stress)
{
	enum { SLOTS = 200, OPS = 30000 };
	static unsigned char *slot[SLOTS];
	static size_t size[SLOTS];
	arena_t a;
	arena_init(&a, 16 << 20, 4 * STEP);
	size_t live_bytes = 0, live_blocks = 0, failures = 0;
	for (int op = 0; op < OPS; op++) {
		uint32_t x = next_rand();
		int s = (int)(x % SLOTS);
		if (slot[s]) {
			CHECK(intact(slot[s], size[s], (unsigned)s));
			live_bytes -= heap_block_size(&a.h, slot[s]);
			live_blocks--;
			CHECK_EQ(heap_free(&a.h, slot[s]), 0);
			CHECK_EQ(heap_free(&a.h, slot[s]), -ERR_INVAL);
			slot[s] = NULL;
		} else {
			uint32_t y = next_rand();
			size[s] = 1 + y % (y & 0x10000 ? 20000 : 200);
			a.fail = next_rand() % 50 == 0;
			snapshot_t before = snap(&a.h);
			int calls = a.calls;
			slot[s] = heap_alloc(&a.h, size[s]);
			if (!slot[s]) {
				/* Only a failed growth may refuse. */
				CHECK(a.fail && a.calls == calls + 1);
				CHECK(same(before, snap(&a.h)));
				failures++;
			} else {
				CHECK_EQ((uintptr_t)slot[s] % HEAP_ALIGN, 0);
				CHECK(heap_block_size(&a.h, slot[s]) >=
				      size[s]);
				fill(slot[s], size[s], (unsigned)s);
				live_bytes += heap_block_size(&a.h, slot[s]);
				live_blocks++;
			}
			a.fail = 0;
		}
		CHECK_EQ(heap_check(&a.h), 0);
		CHECK_EQ(a.h.used_bytes, live_bytes);
		CHECK_EQ(a.h.used_blocks, live_blocks);
		CHECK_EQ(heap_free_bytes(&a.h) + live_bytes + live_blocks * HDR,
			 backed(&a));
	}
	CHECK(failures > 0); /* the failure path was exercised */
	for (int s = 0; s < SLOTS; s++) {
		if (!slot[s])
			continue;
		CHECK(intact(slot[s], size[s], (unsigned)s));
		CHECK_EQ(heap_free(&a.h, slot[s]), 0);
		slot[s] = NULL;
	}
	CHECK_EQ(heap_check(&a.h), 0);
	CHECK_EQ(a.h.used_bytes, 0);
	CHECK_EQ(heap_free_bytes(&a.h), backed(&a));
	/* Everything merged back into one block. */
	int calls = a.calls;
	CHECK(heap_alloc(&a.h, backed(&a) - HDR) == (void *)(a.h.base + HDR));
	CHECK_EQ(a.calls, calls);
	CHECK_EQ(a.bad, 0);
	arena_free(&a);
}
