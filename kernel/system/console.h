/* Console input: bytes typed on COM1, buffered from its interrupt until a
 * thread reads them. Output goes through kprintf. (The console server of a
 * later issue takes this over.) */
#ifndef LAVENDER_SYSTEM_CONSOLE_H
#define LAVENDER_SYSTEM_CONSOLE_H
#include <stdint.h>

void console_input_init(void);
/* A console server takes the line (its IRQ 4 route): the kernel stops
 * reading input; it resumes when the line is free again. */
void console_input_yield(void);
void console_input_resume(void);
#define CONSOLE_IRQ 4
/* Waits for at least one byte, then returns up to len bytes. */
int console_read(char *buf, uint32_t len);

#endif
