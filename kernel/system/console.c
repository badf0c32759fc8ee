/* Console input ring and the hand-over of the console line (see console.h).
 * Flow control, not loss: while the ring is full the UART's receive
 * interrupt is off, so bytes wait in the UART (QEMU holds back the rest);
 * a read that makes room turns it on again. */
#include "system/console.h"
#include "core/sched.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"

#define RING_SIZE 256
#define COM1_IRQ 4

static char ring[RING_SIZE];
static uint32_t head, tail; /* head: next write; tail: next read */
static wait_queue_t readers;
static int active; /* the kernel holds IRQ 4 (no console server does) */
static int holder; /* while not active: pid of the process that took it */

static int paused; /* the ring was full: the receive interrupt is off */

static void on_serial_irq(unsigned irq)
{
	(void)irq;
	int c, got = 0;
	while (head - tail < RING_SIZE && (c = nu_serial_getc_nowait()) >= 0) {
		ring[head++ % RING_SIZE] = (char)c;
		got = 1;
	}
	if (head - tail == RING_SIZE && !paused) {
		nu_serial_disable_rx_interrupt();
		paused = 1;
	}
	if (got)
		sched_wake_all(&readers, 0);
}

/* Room again after a read: the UART may interrupt again (a byte waiting
 * raises a new edge) and what waits is taken now. */
static void resume_if_paused(void)
{
	if (paused && active && head - tail < RING_SIZE) {
		paused = 0;
		nu_serial_enable_rx_interrupt();
		on_serial_irq(COM1_IRQ);
	}
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
		resume_if_paused();
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
		paused = 0;
		/* What the UART got while the line changed hands: taking it
		 * also lowers the UART's interrupt, so the next byte raises
		 * a new edge (one left pending would silence the line). */
		on_serial_irq(COM1_IRQ);
		nu_irq_restore(f);
	}
}
