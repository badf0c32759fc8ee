/* Console input ring and the hand-over of the console line (see console.h).
 * Bytes that arrive while the ring is full are dropped and counted. */
#include "system/console.h"
#include "core/sched.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"

#define RING_SIZE 256
#define COM1_IRQ 4

static char ring[RING_SIZE];
static uint32_t head, tail; /* head: next write; tail: next read */
static uint32_t dropped;
static wait_queue_t readers;
static int active; /* the kernel holds IRQ 4 (no console server does) */
static int holder; /* while not active: pid of the process that took it */

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

int console_read(char *buf, uint32_t len, int caller)
{
	uint32_t f = nu_irq_save();
	while (active && head == tail)
		sched_block(&readers, 0); /* woken by input or a hand-over */
	int rc = -ERR_BUSY;
	if (active || caller == holder) {
		uint32_t n = 0;
		while (n < len && tail != head)
			buf[n++] = ring[tail++ % RING_SIZE];
		rc = (int)n;
	}
	/* The holder takes the ring over: whoever still waits for the kernel's
	 * input gets -ERR_BUSY and reads through the holder. */
	if (!active && caller == holder)
		sched_wake_all(&readers, -ERR_BUSY);
	nu_irq_restore(f);
	return rc;
}

void console_input_yield(int pid)
{
	if (active) {
		nu_irq_release(COM1_IRQ);
		active = 0;
		holder = pid;
	}
}

void console_input_resume(void)
{
	if (!active && nu_irq_claim(COM1_IRQ, on_serial_irq) == 0) {
		uint32_t f = nu_irq_save();
		nu_serial_enable_rx_interrupt();
		active = 1;
		holder = 0;
		/* What the UART got while the line changed hands: taking it
		 * also lowers the UART's interrupt, so the next byte raises
		 * a new edge (one left pending would silence the line). */
		on_serial_irq(COM1_IRQ);
		nu_irq_restore(f);
	}
}
