/* COM1, the 16550 UART the console server drives from user mode: its I/O
 * ports and receive interrupt (IRQ 4, routed to a port as LV_OP_IRQ). Output
 * is polled; input is read on each interrupt. */
#ifndef CONSOLE_UART_H
#define CONSOLE_UART_H
#include <stdint.h>

#define UART_IRQ 4

/* Takes the UART's ports and its IRQ line (to the port of handle) and turns
 * its receive interrupt on. Needs the nucleus right. 0 or -ERR_*; on
 * failure nothing is kept (the kernel keeps the line). */
int uart_claim(int handle);
/* Gives the line back to the kernel. */
void uart_release(void);
/* The next byte received, or -1 when none is waiting. */
int uart_getc(void);
/* Flow control: the receive interrupt off (bytes wait in the UART) and on
 * again (a byte waiting then raises a new interrupt). */
void uart_rx_pause(void);
void uart_rx_resume(void);
/* Sends len bytes (the kernel's console_write: "\n" as "\r\n"; its own
 * lines fall between pieces of up to 128 bytes, never inside one). */
void uart_write(const uint8_t *buf, uint32_t len);

#endif
