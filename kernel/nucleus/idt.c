/* The interrupt descriptor table: an interrupt gate per vector to the stubs
 * of isr.asm, except the double fault, which is a task gate (gdt.c). */
#include "nucleus/idt.h"
#include "nucleus/gdt.h"

typedef struct __attribute__((packed)) idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t zero;
	uint8_t type_attr;
	uint16_t offset_high;
} idt_gate_t;

static idt_gate_t idt[256];
extern const uint32_t isr_stub_table[256];

#define GATE_INTERRUPT 0x8E /* present, DPL 0, 32-bit interrupt gate */
#define GATE_TASK 0x85	    /* present, DPL 0, task gate */

void nu_idt_set_gate_dpl(unsigned vector, unsigned dpl)
{
	idt[vector].type_attr =
	    (idt[vector].type_attr & ~0x60) | ((dpl & 3) << 5);
}

void nu_idt_init(void)
{
	for (unsigned v = 0; v < 256; v++) {
		uint32_t handler = isr_stub_table[v];
		idt[v] = (idt_gate_t){handler & 0xFFFF, GDT_KERNEL_CODE, 0,
				      GATE_INTERRUPT, handler >> 16};
	}
	idt[8] = (idt_gate_t){0, GDT_DF_TSS, 0, GATE_TASK, 0};
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} ptr = {sizeof(idt) - 1, (uint32_t)idt};
	__asm__ volatile("lidt %0" : : "m"(ptr));
}
