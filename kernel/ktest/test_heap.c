/* Self-tests of the kernel heap (kmalloc/kfree over mapped frames). */
#include "ktest/ktest.h"
#include "core/kmem.h"
#include "lib/string.h"

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static int intact(const uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)(seed + i * 7))
			return 0;
	return 1;
}

int ktest_heap(void)
{
	enum { N = 64 };
	void *blocks[N];
	size_t baseline = kmem_used_bytes();
	for (int i = 0; i < N; i++) {
		size_t size = 1 + (size_t)i * 97;
		blocks[i] = kmalloc(size);
		KT_ASSERT(blocks[i] != NULL);
		KT_ASSERT_EQ((uintptr_t)blocks[i] % 16, 0);
		KT_ASSERT((uintptr_t)blocks[i] >= KHEAP_BASE &&
			  (uintptr_t)blocks[i] < KHEAP_LIMIT);
		fill(blocks[i], size, (uint32_t)i);
	}
	for (int i = 0; i < N; i++)
		KT_ASSERT(intact(blocks[i], 1 + (size_t)i * 97, (uint32_t)i));
	KT_ASSERT_EQ(kmem_check(), 0);
	for (int i = 0; i < N; i += 2) /* every other one, then the rest */
		kfree(blocks[i]);
	KT_ASSERT_EQ(kmem_check(), 0);
	for (int i = 1; i < N; i += 2)
		KT_ASSERT(intact(blocks[i], 1 + (size_t)i * 97, (uint32_t)i));
	for (int i = 1; i < N; i += 2)
		kfree(blocks[i]);
	KT_ASSERT_EQ(kmem_used_bytes(), baseline);
	KT_ASSERT(kmalloc(0) == NULL);
	KT_ASSERT(kmalloc(KHEAP_LIMIT - KHEAP_BASE) == NULL);
	uint8_t *z = kzalloc(1000);
	KT_ASSERT(z != NULL);
	for (int i = 0; i < 1000; i++)
		KT_ASSERT_EQ(z[i], 0);
	kfree(z);
	KT_ASSERT_EQ(kmem_check(), 0);
	return 0;
}

/* 4 MiB through the heap come back to the frame allocator when freed. */
int ktest_heap_returns_frames(void)
{
	enum { N = 16, SIZE = 256 * 1024 };
	void *blocks[N];
	uint32_t before = nu_frame_free_count();
	for (int i = 0; i < N; i++) {
		blocks[i] = kmalloc(SIZE);
		KT_ASSERT(blocks[i] != NULL);
		fill(blocks[i], SIZE, (uint32_t)i);
	}
	KT_ASSERT(nu_frame_free_count() + N * SIZE / PAGE_SIZE <= before + 64);
	for (int i = 0; i < N; i++) {
		KT_ASSERT(intact(blocks[i], SIZE, (uint32_t)i));
		kfree(blocks[i]);
	}
	KT_ASSERT_EQ(kmem_check(), 0);
	/* All but a few pages holding block headers are free again. */
	KT_ASSERT(nu_frame_free_count() + 4 >= before);
	return 0;
}

int ktest_heap_stress(void)
{
	enum { SLOTS = 128, OPS = 6000 };
	static uint8_t *slot[SLOTS];
	static size_t size[SLOTS];
	uint32_t x = 2463534242u; /* xorshift32 */
	size_t baseline = kmem_used_bytes();
	for (int op = 0; op < OPS; op++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		int s = x % SLOTS;
		if (slot[s]) {
			KT_ASSERT(intact(slot[s], size[s], (uint32_t)s));
			kfree(slot[s]);
			slot[s] = NULL;
		} else {
			size[s] = 1 + (x >> 8) % ((x & 0x80) ? 16384 : 256);
			slot[s] = kmalloc(size[s]);
			KT_ASSERT(slot[s] != NULL);
			fill(slot[s], size[s], (uint32_t)s);
		}
		if (op % 500 == 0)
			KT_ASSERT_EQ(kmem_check(), 0);
	}
	for (int s = 0; s < SLOTS; s++) {
		if (slot[s]) {
			KT_ASSERT(intact(slot[s], size[s], (uint32_t)s));
			kfree(slot[s]);
			slot[s] = NULL;
		}
	}
	KT_ASSERT_EQ(kmem_used_bytes(), baseline);
	KT_ASSERT_EQ(kmem_check(), 0);
	return 0;
}
