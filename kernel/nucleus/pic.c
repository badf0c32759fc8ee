/* 8259A PIC pair: remapped above the CPU exceptions, lines masked until a
 * handler is installed, spurious IRQ 7/15 recognised and not acknowledged. */
#include "nucleus/pic.h"
#include "nucleus/cpu.h"
#include "nucleus/entropy.h"
#include "nucleus/idt.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0B
#define CASCADE_IRQ 2

static nu_irq_handler_t irq_handlers[16];
static uint16_t mask = 0xFFFF;
static uint32_t spurious_count;

static void write_mask(void)
{
	outb(PIC1_DATA, mask & 0xFF);
	outb(PIC2_DATA, mask >> 8);
}

void nu_pic_init(void)
{
	outb(PIC1_CMD, 0x11); /* ICW1: edge, cascade, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, IRQ_BASE_VECTOR); /* ICW2: vector base */
	outb(PIC2_DATA, IRQ_BASE_VECTOR + 8);
	outb(PIC1_DATA, 1 << CASCADE_IRQ); /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, CASCADE_IRQ);
	outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	mask = 0xFFFF & ~(1u << CASCADE_IRQ);
	write_mask();
}

void nu_pic_mask(unsigned irq)
{
	uint32_t f = nu_irq_save();
	mask |= 1u << (irq & 15);
	write_mask();
	nu_irq_restore(f);
}

void nu_pic_unmask(unsigned irq)
{
	uint32_t f = nu_irq_save();
	mask &= ~(1u << (irq & 15));
	write_mask();
	nu_irq_restore(f);
}

static int is_spurious(unsigned irq)
{
	if (irq != 7 && irq != 15)
		return 0;
	uint16_t cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
	outb(cmd, PIC_READ_ISR);
	return !(inb(cmd) & 0x80);
}

/* IRQ handlers running now (nested ones count): handlers never switch
 * threads, so this is the current thread's. */
static int irq_depth;

void nu_pic_dispatch(unsigned irq)
{
	if (is_spurious(irq)) {
		spurious_count++;
		if (irq == 15)
			outb(PIC1_CMD, PIC_EOI); /* the master did see IRQ 2 */
		return;
	}
	/* Acknowledge first: a handler may switch threads and not return soon.
	 */
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
	nu_entropy_irq(irq); /* the random generator's timing samples */
	if (irq_handlers[irq]) {
		irq_depth++;
		irq_handlers[irq](irq);
		irq_depth--;
	}
}

int nu_in_irq(void) { return irq_depth > 0; }

int nu_irq_claim(unsigned irq, nu_irq_handler_t h)
{
	if (irq >= 16 || irq == CASCADE_IRQ || !h)
		return -ERR_INVAL;
	if (irq_handlers[irq])
		return -ERR_BUSY;
	irq_handlers[irq] = h;
	nu_pic_unmask(irq);
	return 0;
}

void nu_irq_release(unsigned irq)
{
	if (irq >= 16 || irq == CASCADE_IRQ)
		return;
	nu_pic_mask(irq);
	irq_handlers[irq] = NULL;
}

void nu_irq_mask(unsigned irq) { nu_pic_mask(irq); }
void nu_irq_unmask(unsigned irq) { nu_pic_unmask(irq); }

int nu_irq_set_handler(unsigned irq, nu_irq_handler_t h)
{
	if (irq >= 16 || irq == CASCADE_IRQ)
		return -ERR_INVAL;
	irq_handlers[irq] = h;
	if (h)
		nu_pic_unmask(irq);
	else
		nu_pic_mask(irq);
	return 0;
}
