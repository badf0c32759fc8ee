/* GDT layout and TSS. Nucleus-internal. The order kernel code, kernel data,
 * user code, user data is the one sysenter/sysexit require. */
#ifndef LAVENDER_NUCLEUS_GDT_H
#define LAVENDER_NUCLEUS_GDT_H
#include <stdint.h>

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER_CODE 0x18
#define GDT_USER_DATA 0x20
#define GDT_TSS 0x28
#define GDT_DF_TSS 0x30
#define GDT_RESIDENT_CODE 0x38 /* ring 1: resident servers */
#define GDT_RESIDENT_DATA 0x40
#define GDT_USER_TLS 0x48 /* ring 3 data whose base is the thread's TLS */
#define GDT_ENTRIES 10

#define IO_BITMAP_BYTES 8192 /* one bit per port, 0 = allowed */

typedef struct __attribute__((packed)) tss {
	uint32_t prev;
	uint32_t esp0, ss0, esp1, ss1, esp2, ss2;
	uint32_t cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs;
	uint32_t ldt;
	uint16_t trap, iomap_base;
} tss_t;

_Static_assert(sizeof(tss_t) == 104, "TSS layout");

void nu_gdt_init(void);
void nu_tss_set_kernel_stack(uint32_t esp0);
/* Where the TSS keeps esp0, the kernel stack of the running thread. */
uint32_t *nu_tss_esp0_slot(void);
_Static_assert(__builtin_offsetof(tss_t, esp0) == 4,
	       "sysenter.asm reads esp0 at [SYSENTER_ESP + 4]");
/* The value of SYSENTER_ESP: the top of a small stack that lies right below
 * the TSS (room for a trap taken on the entry's first instruction). */
uint32_t nu_sysenter_stack_top(void);
#define SYSENTER_STACK_BYTES 1024
/* An iomap_base beyond the TSS limit: no I/O bitmap, all ports denied. */
#define IO_BITMAP_NONE 0xFFFF
/* The TSS whose state the CPU saved when the double fault switched tasks. */
const tss_t *nu_gdt_main_tss(void);

#endif
