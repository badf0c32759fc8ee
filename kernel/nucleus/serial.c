/* COM1 (16550 UART) at 115200 8N1, polled. The console and the test harness
 * both use it; input becomes interrupt-driven with the console server. */
#include "nucleus/serial.h"
#include "nucleus/cpu.h"

#define COM1 0x3F8
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define EARLY_MAX 256 /* bytes: as many as the kernel's console ring */

/* Bytes that came before the FIFOs were switched on (typed, or piped into
 * QEMU before boot): switching them on clears the receiver, so they are
 * read out first and handed out before anything newer. QEMU's UART model
 * delivers the next byte it holds back as soon as one is read, so this
 * takes up to EARLY_MAX of them; a byte past that is lost (the console
 * ring would drop it too). */
static uint8_t early[EARLY_MAX];
static unsigned early_len, early_next;

void nu_serial_init(void)
{
	outb(COM1 + 3, 0x03); /* DLAB off: offset 0 is the receiver */
	while (early_len < EARLY_MAX && (inb(COM1 + 5) & LSR_DATA_READY))
		early[early_len++] = inb(COM1);
	/* More than EARLY_MAX waiting: the FIFOs stay off (switching them on
	 * would clear the byte the receiver holds); the rest comes a byte at
	 * a time, nothing lost. */
	int more = inb(COM1 + 5) & LSR_DATA_READY;
	outb(COM1 + 1, 0x00); /* no UART interrupts */
	outb(COM1 + 3, 0x80); /* DLAB on */
	outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1, DLAB off */
	if (!more) {
		outb(COM1 + 2, 0xC7); /* FIFOs on and cleared */
		/* A read of the empty receiver is harmless on a 16550 and
		 * makes QEMU's model deliver what it still holds back (it
		 * does so when the receiver is read, and clearing the FIFO
		 * does not count). */
		if (!(inb(COM1 + 5) & LSR_DATA_READY))
			(void)inb(COM1);
	}
	outb(COM1 + 4, 0x0B); /* DTR, RTS, OUT2 */
}

void nu_serial_putc(char c)
{
	while (!(inb(COM1 + 5) & LSR_THR_EMPTY))
		;
	outb(COM1, (uint8_t)c);
}

int nu_serial_getc_nowait(void)
{
	if (early_next < early_len)
		return early[early_next++];
	if (!(inb(COM1 + 5) & LSR_DATA_READY))
		return -1;
	return inb(COM1);
}

void nu_serial_enable_rx_interrupt(void)
{
	outb(COM1 + 1, 0x01); /* interrupt when received data is available */
}

void nu_serial_disable_rx_interrupt(void) { outb(COM1 + 1, 0x00); }
