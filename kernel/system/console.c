/* Console input ring (see console.h). Bytes that arrive while the ring is
 * full are dropped and counted. */
#include "system/console.h"
#include "core/sched.h"
#include "nucleus/nucleus.h"

#define RING_SIZE 256
#define COM1_IRQ 4

static char ring[RING_SIZE];
static uint32_t head, tail; /* head: next write; tail: next read */
static uint32_t dropped;
static wait_queue_t readers;
static int active; /* the kernel holds IRQ 4 (no console server does) */

static void on_serial_irq(unsigned irq)
{
	(void)irq;
	int c, got = 0;
	while ((c = nu_serial_getc_nowait()) >= 0) {
		if (head - tail == RING_SIZE) {
			dropped++;
			continue;
		}
		ring[head++ % RING_SIZE] = (char)c;
		got = 1;
	}
	if (got)
		sched_wake_all(&readers, 0);
}

void console_input_init(void) { console_input_resume(); }

int console_read(char *buf, uint32_t len)
{
	uint32_t f = nu_irq_save();
	while (head == tail)
		sched_block(&readers, 0);
	uint32_t n = 0;
	while (n < len && tail != head)
		buf[n++] = ring[tail++ % RING_SIZE];
	nu_irq_restore(f);
	return (int)n;
}

void console_input_yield(void)
{
	if (active) {
		nu_irq_release(COM1_IRQ);
		active = 0;
	}
}

void console_input_resume(void)
{
	if (!active && nu_irq_claim(COM1_IRQ, on_serial_irq) == 0) {
		nu_serial_enable_rx_interrupt();
		active = 1;
	}
}
