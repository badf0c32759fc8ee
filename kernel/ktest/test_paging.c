/* Self-tests of kernel page mappings and of faults recovered through the
 * .fixup table (the basis of copyin/copyout). */
#include "ktest/ktest.h"
#include "uapi/errors.h"

#define TEST_VA (KWINDOW_BASE + 0x100000)
#define UNMAPPED_VA 0x0BAD0000u /* below the kernel: no mapping after boot */

int ktest_paging_map(void)
{
	uint32_t pa = nu_frame_alloc(), got;
	KT_ASSERT(pa != 0);
	KT_ASSERT_EQ(nu_map_kernel_page(TEST_VA, pa, NU_MAP_WRITE), 0);
	KT_ASSERT_EQ(nu_map_kernel_page(TEST_VA, pa, NU_MAP_WRITE), -ERR_EXIST);
	KT_ASSERT_EQ(nu_kernel_virt_to_phys(TEST_VA + 0x123, &got), 0);
	KT_ASSERT_EQ(got, pa + 0x123);
	volatile uint32_t *v = (volatile uint32_t *)TEST_VA;
	for (uint32_t i = 0; i < PAGE_SIZE / 4; i++)
		v[i] = 0xA5000000u | i;
	const uint32_t *alias = PHYS_TO_VIRT(pa); /* same frame, direct map */
	for (uint32_t i = 0; i < PAGE_SIZE / 4; i++)
		KT_ASSERT_EQ(alias[i], 0xA5000000u | i);
	KT_ASSERT_EQ(nu_unmap_kernel_page(TEST_VA, &got), 0);
	KT_ASSERT_EQ(got, pa);
	uint32_t word;
	KT_ASSERT_EQ(nu_probe_read32(v, &word), -ERR_FAULT); /* really gone */
	KT_ASSERT_EQ(nu_unmap_kernel_page(TEST_VA, NULL), -ERR_NOENT);
	KT_ASSERT_EQ(nu_kernel_virt_to_phys(TEST_VA, &got), -ERR_NOENT);
	KT_ASSERT_EQ(nu_map_kernel_page(0x1000, pa, 0), -ERR_INVAL);
	KT_ASSERT_EQ(nu_map_kernel_page(TEST_VA + 1, pa, 0), -ERR_INVAL);
	KT_ASSERT_EQ(nu_frame_free(pa), 0);
	return 0;
}

/* A page mapped without NU_MAP_WRITE is read-only for the kernel too
 * (CR0.WP, set at boot): what keeps a module's text and read-only data
 * safe from stray kernel writes. */
int ktest_paging_readonly(void)
{
	uint32_t pa = nu_frame_alloc(), word;
	KT_ASSERT(pa != 0);
	*(volatile uint32_t *)PHYS_TO_VIRT(pa) = 0x600DF00Du;
	KT_ASSERT_EQ(nu_map_kernel_page(TEST_VA, pa, 0), 0);
	volatile uint32_t *v = (volatile uint32_t *)TEST_VA;
	KT_ASSERT_EQ(nu_probe_read32(v, &word), 0);
	KT_ASSERT_EQ(word, 0x600DF00Du);
	KT_ASSERT_EQ(nu_probe_write32(v, 1), -ERR_FAULT);
	KT_ASSERT_EQ(*(volatile uint32_t *)PHYS_TO_VIRT(pa), 0x600DF00Du);
	KT_ASSERT_EQ(nu_unmap_kernel_page(TEST_VA, NULL), 0);
	KT_ASSERT_EQ(nu_frame_free(pa), 0);
	return 0;
}

int ktest_fault_recovered(void)
{
	uint32_t word = 0x1234;
	volatile uint32_t *bad = (volatile uint32_t *)UNMAPPED_VA;
	KT_ASSERT_EQ(nu_probe_read32(bad, &word), -ERR_FAULT);
	KT_ASSERT_EQ(word, 0x1234); /* untouched on failure */
	KT_ASSERT_EQ(nu_probe_write32(bad, 1), -ERR_FAULT);
	KT_ASSERT_EQ(nu_probe_read32(&word, &word), 0);

	/* A copy running off the end of a mapped page stops with -ERR_FAULT
	 * after copying what was reachable. */
	uint32_t pa = nu_frame_alloc();
	KT_ASSERT(pa != 0);
	KT_ASSERT_EQ(nu_map_kernel_page(TEST_VA, pa, NU_MAP_WRITE), 0);
	uint8_t *page = (uint8_t *)TEST_VA;
	for (uint32_t i = 0; i < PAGE_SIZE; i++)
		page[i] = (uint8_t)i;
	static uint8_t dst[2 * PAGE_SIZE];
	KT_ASSERT_EQ(nu_copy_checked(dst, page, 2 * PAGE_SIZE), -ERR_FAULT);
	for (uint32_t i = 0; i < PAGE_SIZE; i++)
		KT_ASSERT_EQ(dst[i], (uint8_t)i);
	KT_ASSERT_EQ(nu_copy_checked(dst, page, PAGE_SIZE), 0);
	KT_ASSERT_EQ(nu_unmap_kernel_page(TEST_VA, NULL), 0);
	KT_ASSERT_EQ(nu_frame_free(pa), 0);
	kprintf("ktest: page faults at 0x%08x and 0x%08x were recovered\n",
		UNMAPPED_VA, TEST_VA + PAGE_SIZE);
	return 0;
}
