/* User address spaces at the hardware level: one page directory each, sharing
 * the kernel's entries from RESIDENT_BASE up, so the kernel and the resident
 * area look the same in every space. User page tables below USER_LIMIT are
 * made on demand and freed with the directory; resident pages are mapped
 * supervisor-only (ring-1 resident servers reach them, ring 3 does not).
 * Callers serialise. */
#include "nucleus/cpu.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

#define PTE_PRESENT 0x001u
#define PTE_WRITE 0x002u
#define PTE_USER 0x004u
#define USER_PDES (USER_LIMIT >> 22)

extern uint32_t boot_page_directory[1024];

/* CR3 as last loaded here (reading the register costs under emulation);
 * 0 until the first switch, when the kernel directory is live. */
static uint32_t live_pd;

static uint32_t current_pd(void) { return live_pd ? live_pd : cpu_cr3(); }

static void load_pd(uint32_t pd_pa)
{
	cpu_set_cr3(pd_pa);
	live_pd = pd_pa;
}

static uint32_t *pd_of(uint32_t pd_pa) { return PHYS_TO_VIRT(pd_pa); }

uint32_t nu_pd_kernel(void) { return VIRT_TO_PHYS(boot_page_directory); }

uint32_t nu_pd_create(void)
{
	uint32_t pa = nu_frame_alloc();
	if (!pa)
		return 0;
	uint32_t *pd = pd_of(pa);
	memset(pd, 0, USER_PDES * 4);
	memcpy(pd + USER_PDES, boot_page_directory + USER_PDES,
	       (1024 - USER_PDES) * 4);
	return pa;
}

void nu_pd_destroy(uint32_t pd_pa, void (*release)(uint32_t pa))
{
	uint32_t *pd = pd_of(pd_pa);
	if (pd_pa == current_pd())
		load_pd(nu_pd_kernel());
	for (uint32_t i = 0; i < USER_PDES; i++) {
		if (!(pd[i] & PTE_PRESENT))
			continue;
		uint32_t *pt = PHYS_TO_VIRT(pd[i] & PAGE_MASK);
		for (uint32_t j = 0; j < 1024; j++)
			if ((pt[j] & PTE_PRESENT) && release)
				release(pt[j] & PAGE_MASK);
		nu_frame_free(pd[i] & PAGE_MASK);
	}
	nu_frame_free(pd_pa);
}

/* User pages: below USER_LIMIT in the space's own tables, or in the
 * resident area, whose tables every space shares (the pd does not matter). */
static int user_va_ok(uint32_t va)
{
	return va % PAGE_SIZE == 0 && va >= PAGE_SIZE && va < KERNEL_BASE;
}

static int is_resident(uint32_t va) { return va >= RESIDENT_BASE; }

/* TLB entries of resident pages may belong to any space: always flush. */
static void flush(uint32_t pd_pa, uint32_t va)
{
	if (is_resident(va) || pd_pa == current_pd())
		cpu_invlpg(va);
}

/* The PTE slot for va; makes the page table when create is set. */
static uint32_t *pte_slot(uint32_t pd_pa, uint32_t va, int create)
{
	uint32_t *pde = &pd_of(pd_pa)[va >> 22];
	if (!(*pde & PTE_PRESENT)) {
		if (!create)
			return NULL;
		uint32_t pt = nu_frame_alloc();
		if (!pt)
			return NULL;
		memset(PHYS_TO_VIRT(pt), 0, PAGE_SIZE);
		*pde = pt | PTE_PRESENT | PTE_WRITE | PTE_USER;
	}
	return &((uint32_t *)PHYS_TO_VIRT(*pde & PAGE_MASK))[(va >> 12) & 1023];
}

void nu_pd_prune(uint32_t pd_pa, uint32_t lo, uint32_t hi)
{
	uint32_t *pd = pd_of(pd_pa);
	for (uint32_t i = lo >> 22; i < USER_PDES && (i << 22) < hi; i++) {
		if (!(pd[i] & PTE_PRESENT))
			continue;
		const uint32_t *pt = PHYS_TO_VIRT(pd[i] & PAGE_MASK);
		uint32_t j = 0;
		while (j < 1024 && !pt[j])
			j++;
		if (j < 1024)
			continue; /* something is still mapped there */
		uint32_t table = pd[i] & PAGE_MASK;
		pd[i] = 0;
		flush(pd_pa, i << 22); /* the table may be cached */
		nu_frame_free(table);
	}
}

uint32_t nu_pd_next_table(uint32_t pd_pa, uint32_t va, uint32_t limit)
{
	const uint32_t *pd = pd_of(pd_pa);
	while (va < limit && !(pd[va >> 22] & PTE_PRESENT)) {
		uint32_t next = (va & ~0x3FFFFFu) + 0x400000u;
		if (next <= va) /* wrapped past 4 GiB */
			return limit;
		va = next;
	}
	return va < limit ? va : limit;
}

int nu_pd_map(uint32_t pd_pa, uint32_t va, uint32_t pa, uint32_t flags)
{
	if (!user_va_ok(va) || pa % PAGE_SIZE)
		return -ERR_INVAL;
	uint32_t *pte = pte_slot(pd_pa, va, 1);
	if (!pte)
		return -ERR_NOMEM;
	if (*pte & PTE_PRESENT)
		return -ERR_EXIST;
	*pte = pa | PTE_PRESENT | (is_resident(va) ? 0 : PTE_USER) |
	       (flags & NU_MAP_WRITE ? PTE_WRITE : 0);
	return 0;
}

int nu_pd_unmap(uint32_t pd_pa, uint32_t va, uint32_t *pa)
{
	if (!user_va_ok(va))
		return -ERR_INVAL;
	uint32_t *pte = pte_slot(pd_pa, va, 0);
	if (!pte || !(*pte & PTE_PRESENT))
		return -ERR_NOENT;
	if (pa)
		*pa = *pte & PAGE_MASK;
	*pte = 0;
	flush(pd_pa, va);
	return 0;
}

int nu_pd_protect(uint32_t pd_pa, uint32_t va, uint32_t flags)
{
	if (!user_va_ok(va))
		return -ERR_INVAL;
	uint32_t *pte = pte_slot(pd_pa, va, 0);
	if (!pte || !(*pte & PTE_PRESENT))
		return -ERR_NOENT;
	*pte = (*pte & ~PTE_WRITE) | (flags & NU_MAP_WRITE ? PTE_WRITE : 0);
	flush(pd_pa, va);
	return 0;
}

int nu_pd_lookup(uint32_t pd_pa, uint32_t va, uint32_t *pa, uint32_t *flags)
{
	if (va >= KERNEL_BASE)
		return -ERR_INVAL;
	uint32_t *pte = pte_slot(pd_pa, va & PAGE_MASK, 0);
	if (!pte || !(*pte & PTE_PRESENT))
		return -ERR_NOENT;
	*pa = (*pte & PAGE_MASK) | (va & ~PAGE_MASK);
	if (flags)
		*flags = *pte & PTE_WRITE ? NU_MAP_WRITE : 0;
	return 0;
}

uint32_t nu_pd_current(void) { return current_pd(); }

void nu_pd_switch(uint32_t pd_pa)
{
	if (current_pd() != pd_pa)
		load_pd(pd_pa);
}
