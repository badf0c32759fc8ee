/* COM1 (16550 UART) at 115200 8N1, polled. The console and the test harness
 * both use it; input becomes interrupt-driven with the console server. */
#include "nucleus/serial.h"
#include "nucleus/cpu.h"

#define COM1 0x3F8
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

/* The FIFOs stay off (the 16450 mode the UART resets in): switching them on
 * clears the receiver, and a byte QEMU delivers at that moment (typed, or
 * piped into QEMU before boot: QEMU hands the next byte over only after the
 * last was read, from its own thread) would be lost between any check and
 * the switch. Without them the receiver holds one byte and QEMU holds the
 * rest back until it is read: flow control, nothing lost, at the cost of an
 * interrupt per byte. */
void nu_serial_init(void)
{
	outb(COM1 + 1, 0x00); /* no UART interrupts */
	outb(COM1 + 3, 0x80); /* DLAB on */
	outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1, DLAB off */
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
	if (!(inb(COM1 + 5) & LSR_DATA_READY))
		return -1;
	return inb(COM1);
}

void nu_serial_enable_rx_interrupt(void)
{
	outb(COM1 + 1, 0x01); /* interrupt when received data is available */
}

void nu_serial_disable_rx_interrupt(void) { outb(COM1 + 1, 0x00); }
