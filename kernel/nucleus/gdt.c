/* Segment descriptors and task-state segments. Flat 4 GiB segments for now;
 * the user segments' limits will shrink for the resident area (issue 4). The
 * double-fault vector uses a task gate so that a kernel stack overflow is still
 * reported on a stack of its own. */
#include "nucleus/gdt.h"
#include "nucleus/cpu.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include <stddef.h>

typedef struct __attribute__((packed)) gdt_entry {
	uint16_t limit_low;
	uint16_t base_low;
	uint8_t base_mid;
	uint8_t access;
	uint8_t limit_high_flags;
	uint8_t base_high;
} gdt_entry_t;

typedef struct __attribute__((packed)) descriptor_ptr {
	uint16_t limit;
	uint32_t base;
} descriptor_ptr_t;

static gdt_entry_t gdt[GDT_ENTRIES];
/* The main TSS followed by the I/O permission bitmap and its 0xFF end byte,
 * preceded by the sysenter entry stack: SYSENTER_ESP points at the TSS (the
 * top of that stack), so a trap on the entry's first instruction (a #DB when
 * the process entered with TF set) pushes its frame there, not into the TSS
 * or whatever lies before it; the entry's first instruction leaves it. */
static struct __attribute__((packed, aligned(16))) {
	uint32_t entry_stack[SYSENTER_STACK_BYTES / 4];
	tss_t tss;
	uint8_t io_bitmap[IO_BITMAP_BYTES];
	uint8_t io_end;
} main_task;
#define main_tss (main_task.tss)
static const uint8_t *io_bitmap_loaded; /* whose bits io_bitmap holds */
static tss_t double_fault_tss;
static uint8_t double_fault_stack[8192] __attribute__((aligned(16)));

extern uint32_t boot_page_directory[];
void nu_double_fault_task(void);

static void gdt_set(int index, uint32_t base, uint32_t limit, uint8_t access,
		    uint8_t flags)
{
	gdt_entry_t *e = &gdt[index];
	e->limit_low = limit & 0xFFFF;
	e->base_low = base & 0xFFFF;
	e->base_mid = (base >> 16) & 0xFF;
	e->access = access;
	e->limit_high_flags = ((limit >> 16) & 0x0F) | (flags << 4);
	e->base_high = (base >> 24) & 0xFF;
}

static void tss_set(int index, tss_t *tss)
{
	gdt_set(index, (uint32_t)tss, sizeof(*tss) - 1, 0x89, 0x0);
}

void nu_gdt_init(void)
{
	/* access: present | ring | code/data | type; flags: 4 KiB granular,
	 * 32-bit */
	gdt_set(GDT_KERNEL_CODE / 8, 0, 0xFFFFF, 0x9A, 0xC);
	gdt_set(GDT_KERNEL_DATA / 8, 0, 0xFFFFF, 0x92, 0xC);
	gdt_set(GDT_USER_CODE / 8, 0, 0xFFFFF, 0xFA, 0xC);
	gdt_set(GDT_USER_DATA / 8, 0, 0xFFFFF, 0xF2, 0xC);
	/* Resident servers run in ring 1 so that the resident area can be
	 * supervisor-only (ordinary processes cannot touch it) yet reachable
	 * from any address space. Their segments end below the kernel; real
	 * CPUs enforce that limit, QEMU's TCG does not (docs/architecture.md).
	 */
	gdt_set(GDT_RESIDENT_CODE / 8, 0, (KERNEL_BASE >> 12) - 1, 0xBA, 0xC);
	gdt_set(GDT_RESIDENT_DATA / 8, 0, (KERNEL_BASE >> 12) - 1, 0xB2, 0xC);
	/* Thread-local storage: a ring-3 data segment of one page whose base
	 * the scheduler sets per thread (nu_tls_load); user space reads its
	 * block through %gs (selector LV_TLS_SELECTOR). */
	gdt_set(GDT_USER_TLS / 8, 0, 0, 0xF2, 0x4);

	memset(&main_tss, 0, sizeof(main_tss));
	main_tss.ss0 = GDT_KERNEL_DATA;
	main_tss.iomap_base = IO_BITMAP_NONE;
	main_task.io_end = 0xFF;
	memset(main_task.io_bitmap, 0xFF, sizeof(main_task.io_bitmap));
	gdt_set(GDT_TSS / 8, (uint32_t)&main_task.tss,
		sizeof(main_task) - SYSENTER_STACK_BYTES - 1, 0x89, 0x0);

	memset(&double_fault_tss, 0, sizeof(double_fault_tss));
	double_fault_tss.esp = double_fault_tss.esp0 =
	    (uint32_t)(double_fault_stack + sizeof(double_fault_stack));
	double_fault_tss.ss = double_fault_tss.ss0 = GDT_KERNEL_DATA;
	double_fault_tss.ds = double_fault_tss.es = GDT_KERNEL_DATA;
	double_fault_tss.fs = double_fault_tss.gs = GDT_KERNEL_DATA;
	double_fault_tss.cs = GDT_KERNEL_CODE;
	double_fault_tss.eip = (uint32_t)nu_double_fault_task;
	double_fault_tss.cr3 = VIRT_TO_PHYS(boot_page_directory);
	double_fault_tss.eflags = 0x2;
	double_fault_tss.iomap_base = sizeof(tss_t);
	tss_set(GDT_DF_TSS / 8, &double_fault_tss);

	descriptor_ptr_t ptr = {sizeof(gdt) - 1, (uint32_t)gdt};
	__asm__ volatile("lgdt %0\n\t"
			 "ljmp %1, $1f\n"
			 "1:\n\t"
			 "mov %2, %%ax\n\t"
			 "mov %%ax, %%ds\n\t"
			 "mov %%ax, %%es\n\t"
			 "mov %%ax, %%fs\n\t"
			 "mov %%ax, %%gs\n\t"
			 "mov %%ax, %%ss\n\t"
			 "ltr %w3\n\t"
			 /* A null LDT: a selector with TI set faults (#GP)
			  * instead of reading descriptors from address 0 up,
			  * which user space may map. */
			 "xor %%eax, %%eax\n\t"
			 "lldt %%ax"
			 :
			 : "m"(ptr), "i"(GDT_KERNEL_CODE), "i"(GDT_KERNEL_DATA),
			   "r"(GDT_TSS)
			 : "eax", "memory");
}

void nu_tss_set_kernel_stack(uint32_t esp0) { main_tss.esp0 = esp0; }

void nu_tls_load(uint32_t base)
{
	/* Byte-granular, one page (limit 4095): %gs:0..4095 is the block. A
	 * segment register caches the descriptor: the return to user mode
	 * reloads %gs from the trap frame, so the new base takes effect. */
	gdt_set(GDT_USER_TLS / 8, base, 4095, 0xF2, 0x4);
}

uint32_t *nu_tss_esp0_slot(void)
{
	/* esp0 sits at offset 4: aligned, as the TSS is. */
	return (uint32_t *)((uint8_t *)&main_task.tss + offsetof(tss_t, esp0));
}

uint32_t nu_sysenter_stack_top(void) { return (uint32_t)&main_task.tss; }

void nu_io_bitmap_load(const uint8_t *bitmap)
{
	if (!bitmap) {
		/* Past the TSS limit: every port is denied, nothing to copy. */
		main_tss.iomap_base = IO_BITMAP_NONE;
		return;
	}
	if (bitmap != io_bitmap_loaded)
		memcpy(main_task.io_bitmap, bitmap, IO_BITMAP_BYTES);
	io_bitmap_loaded = bitmap;
	main_tss.iomap_base = sizeof(tss_t);
}

void nu_io_bitmap_invalidate(void) { io_bitmap_loaded = NULL; }

const tss_t *nu_gdt_main_tss(void) { return &main_tss; }
