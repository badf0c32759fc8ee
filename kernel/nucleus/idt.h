/* IDT setup. Nucleus-internal. */
#ifndef LAVENDER_NUCLEUS_IDT_H
#define LAVENDER_NUCLEUS_IDT_H

#define IRQ_BASE_VECTOR 32
#define SYSCALL_VECTOR 0x80

void nu_idt_init(void);
/* Lets code at privilege dpl raise vector with "int" (3 for system calls). */
void nu_idt_set_gate_dpl(unsigned vector, unsigned dpl);

#endif
