/* Self-tests of the physical frame allocator against the real memory map. */
#include "ktest/ktest.h"
#include "uapi/errors.h"

#define SAMPLE 256

extern const char _kernel_phys_start[], _kernel_phys_end[];

int ktest_frame_alloc(void)
{
	static uint32_t frames[SAMPLE];
	uint32_t before = nu_frame_free_count();
	for (int i = 0; i < SAMPLE; i++) {
		uint32_t pa = nu_frame_alloc();
		KT_ASSERT(pa != 0);
		KT_ASSERT_EQ(pa % PAGE_SIZE, 0);
		KT_ASSERT(pa >= 0x100000 && pa < DIRECT_MAP_SIZE);
		KT_ASSERT(pa >= (uint32_t)_kernel_phys_end ||
			  pa + PAGE_SIZE <= (uint32_t)_kernel_phys_start);
		KT_ASSERT(nu_frame_is_allocated(pa));
		frames[i] = pa;
		/* Writing each frame's own address into it proves both that the
		 * memory is real and that no two frames are the same. */
		for (uint32_t w = 0; w < PAGE_SIZE / 4; w++)
			((uint32_t *)PHYS_TO_VIRT(pa))[w] = pa ^ w;
	}
	KT_ASSERT_EQ(nu_frame_free_count(), before - SAMPLE);
	for (int i = 0; i < SAMPLE; i++)
		for (uint32_t w = 0; w < PAGE_SIZE / 4; w++)
			KT_ASSERT_EQ(((uint32_t *)PHYS_TO_VIRT(frames[i]))[w],
				     frames[i] ^ w);
	for (int i = 0; i < SAMPLE; i++)
		KT_ASSERT_EQ(nu_frame_free(frames[i]), 0);
	KT_ASSERT_EQ(nu_frame_free_count(), before);
	KT_ASSERT_EQ(nu_frame_free(frames[0]), -ERR_INVAL); /* double free */
	KT_ASSERT_EQ(nu_frame_free((uint32_t)_kernel_phys_start), -ERR_INVAL);
	KT_ASSERT_EQ(nu_frame_free(frames[1] + 12), -ERR_INVAL);
	KT_ASSERT_EQ(nu_frame_free_count(), before);
	return 0;
}

int ktest_frame_exhaust(void)
{
	uint32_t before = nu_frame_free_count();
	uint32_t chain = 0, n = 0, pa;
	/* Each taken frame stores the previous one: a list needing no memory.
	 */
	while ((pa = nu_frame_alloc()) != 0) {
		*(uint32_t *)PHYS_TO_VIRT(pa) = chain;
		chain = pa;
		n++;
	}
	KT_ASSERT_EQ(n, before);
	KT_ASSERT_EQ(nu_frame_free_count(), 0);
	KT_ASSERT_EQ(nu_frame_alloc(), 0);
	while (chain) {
		uint32_t next = *(uint32_t *)PHYS_TO_VIRT(chain);
		KT_ASSERT_EQ(nu_frame_free(chain), 0);
		chain = next;
	}
	KT_ASSERT_EQ(nu_frame_free_count(), before);
	kprintf("ktest: took and returned all %u free frames (%u MiB)\n", n,
		n / 256);
	return 0;
}
