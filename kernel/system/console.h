/* Console input: bytes typed on COM1, buffered from its interrupt until a
 * thread reads them, and the hand-over of the line to a console server and
 * back (docs/architecture.md, "Console server"). Output goes through
 * kprintf. */
#ifndef LAVENDER_SYSTEM_CONSOLE_H
#define LAVENDER_SYSTEM_CONSOLE_H
#include <stdint.h>

void console_input_init(void);
/* A console server (process pid) takes the line (its IRQ 4 route): the
 * kernel stops reading input and keeps what it buffered for the holder to
 * take (console_read). Resuming, when the line is free again, takes at once
 * whatever the UART received meanwhile. A no-op when the kernel does not
 * hold the line / cannot take it back. */
void console_input_yield(int pid);
void console_input_resume(void);
#define CONSOLE_IRQ 4
/* Input for process caller, up to len bytes:
 * - the kernel holds the line: waits for at least one byte;
 * - caller holds it: the hand-over. Returns at once the bytes the kernel
 *   buffered before (0: none left), and wakes the kernel's waiting readers
 *   with -ERR_BUSY;
 * - another process holds it: -ERR_BUSY (read through that server). */
int console_read(char *buf, uint32_t len, int caller);

#endif
