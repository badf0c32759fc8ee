/* COM1 from user mode (see uart.h). The kernel set the line up (115200 8N1,
 * FIFOs off: kernel/nucleus/serial.c) and still prints its own messages on it,
 * polled like ours. */
#include <lavender/portio.h>
#include <lavender/syscall.h>
#include "uart.h"

#define COM1 0x3F8
#define COM1_PORTS 8
#define REG_DATA 0
#define REG_IER 1
#define REG_LSR 5
#define IER_RX_AVAILABLE 0x01
#define LSR_DATA_READY 0x01

int uart_claim(int handle)
{
	int rc = lv_ioport_grant(COM1, COM1_PORTS);
	if (rc < 0)
		return rc;
	rc = lv_irq_attach(UART_IRQ, handle);
	if (rc < 0)
		return rc;
	lv_outb(COM1 + REG_IER, IER_RX_AVAILABLE);
	return 0;
}

void uart_release(void) { lv_irq_detach(UART_IRQ); }

void uart_rx_pause(void) { lv_outb(COM1 + REG_IER, 0); }

void uart_rx_resume(void) { lv_outb(COM1 + REG_IER, IER_RX_AVAILABLE); }

int uart_getc(void)
{
	if (!(lv_inb(COM1 + REG_LSR) & LSR_DATA_READY))
		return -1;
	return lv_inb(COM1 + REG_DATA);
}

void uart_write(const uint8_t *buf, uint32_t len)
{
	/* Through the kernel's console (it adds the CRs): the kernel writes
	 * each piece with interrupts off, so its own lines (a module's, a
	 * fault report) fall between whole pieces of ours, never inside. */
	while (len > 0) {
		int n = lv_console_write(buf, len);
		if (n <= 0)
			return;
		buf += n;
		len -= (uint32_t)n;
	}
}
