/* Kernel page tables. The direct map (4 MiB pages) comes from boot.asm; this
 * file removes the boot identity map and gives every page-directory entry from
 * KTABLES_BASE up a page table at boot, so later address spaces can copy the
 * kernel's entries once and still see every later kernel mapping.
 * Callers serialise: these functions are not reentrant. */
#include "nucleus/cpu.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

#define PTE_PRESENT 0x001u
#define PTE_WRITE 0x002u
#define PTE_GLOBAL 0x100u
#define PDE_4M 0x080u
#define CR4_PGE 0x080u

extern uint32_t boot_page_directory[1024];

static uint32_t *kernel_table(uint32_t va)
{
	uint32_t pde = boot_page_directory[va >> 22];
	return PHYS_TO_VIRT(pde & PAGE_MASK);
}

/* The window's last page is nu_phys_write's alone. */
static int in_mappable_range(uint32_t va)
{
	return va >= KTABLES_BASE && va < KWINDOW_PHYS_PAGE &&
	       va % PAGE_SIZE == 0;
}

/* Gives every directory entry of [lo, hi) an empty page table now. */
static void make_tables(uint32_t lo, uint32_t hi)
{
	for (uint32_t i = lo >> 22; i < hi >> 22; i++) {
		uint32_t pa = nu_frame_alloc();
		if (!pa)
			panic("paging: no frame for the page table of 0x%08x",
			      i << 22);
		memset(PHYS_TO_VIRT(pa), 0, PAGE_SIZE);
		boot_page_directory[i] = pa | PTE_PRESENT | PTE_WRITE;
	}
}

void nu_paging_init(void)
{
	boot_page_directory[0] = 0; /* the boot stub's identity map */
	for (uint32_t i = KERNEL_BASE >> 22;
	     i < (KERNEL_BASE + DIRECT_MAP_SIZE) >> 22; i++)
		boot_page_directory[i] |= PTE_GLOBAL;
	/* The resident area's tables, shared by every address space:
	 * supervisor-only, so only the kernel and ring-1 resident servers
	 * reach its pages. */
	make_tables(RESIDENT_BASE, KERNEL_BASE);
	make_tables(KTABLES_BASE, KWINDOW_LIMIT);
	__asm__ volatile("mov %%cr4, %%eax; or %0, %%eax; mov %%eax, %%cr4"
			 :
			 : "i"(CR4_PGE)
			 : "eax");
	cpu_set_cr3(cpu_cr3());
}

int nu_map_kernel_page(uint32_t va, uint32_t pa, uint32_t flags)
{
	if (!in_mappable_range(va) || pa % PAGE_SIZE)
		return -ERR_INVAL;
	uint32_t *pte = &kernel_table(va)[(va >> 12) & 1023];
	if (*pte & PTE_PRESENT)
		return -ERR_EXIST;
	*pte = pa | PTE_PRESENT | PTE_GLOBAL |
	       (flags & NU_MAP_WRITE ? PTE_WRITE : 0);
	return 0;
}

int nu_unmap_kernel_page(uint32_t va, uint32_t *pa)
{
	if (!in_mappable_range(va))
		return -ERR_INVAL;
	uint32_t *pte = &kernel_table(va)[(va >> 12) & 1023];
	if (!(*pte & PTE_PRESENT))
		return -ERR_NOENT;
	if (pa)
		*pa = *pte & PAGE_MASK;
	*pte = 0;
	cpu_invlpg(va);
	return 0;
}

int nu_phys_write(uint32_t pa, const void *src, uint32_t n)
{
	if (n > PAGE_SIZE - pa % PAGE_SIZE)
		return -ERR_INVAL;
	if (pa < DIRECT_MAP_SIZE)
		return nu_copy_checked(PHYS_TO_VIRT(pa), src, n);
	/* Interrupt handlers deliver messages too: the page is used by one
	 * copy at a time. */
	uint32_t f = nu_irq_save();
	uint32_t *pte =
	    &kernel_table(KWINDOW_PHYS_PAGE)[(KWINDOW_PHYS_PAGE >> 12) & 1023];
	*pte = (pa & PAGE_MASK) | PTE_PRESENT | PTE_WRITE;
	cpu_invlpg(KWINDOW_PHYS_PAGE);
	int rc = nu_copy_checked((void *)(KWINDOW_PHYS_PAGE + pa % PAGE_SIZE),
				 src, n);
	*pte = 0;
	cpu_invlpg(KWINDOW_PHYS_PAGE);
	nu_irq_restore(f);
	return rc;
}

int nu_kernel_virt_to_phys(uint32_t va, uint32_t *pa)
{
	if (va >= KERNEL_BASE && va < KERNEL_BASE + DIRECT_MAP_SIZE) {
		*pa = va - KERNEL_BASE;
		return 0;
	}
	if (va < KTABLES_BASE || va >= KWINDOW_LIMIT)
		return -ERR_INVAL;
	uint32_t pte = kernel_table(va)[(va >> 12) & 1023];
	if (!(pte & PTE_PRESENT))
		return -ERR_NOENT;
	*pa = (pte & PAGE_MASK) | (va & ~PAGE_MASK);
	return 0;
}
