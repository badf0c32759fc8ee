/* Console input: bytes typed on COM1, buffered from its interrupt until a
 * thread reads them. Output goes through kprintf. (The console server of a
 * later issue takes this over.) */
#ifndef LAVENDER_SYSTEM_CONSOLE_H
#define LAVENDER_SYSTEM_CONSOLE_H
#include <stdint.h>

void console_input_init(void);
/* Waits for at least one byte, then returns up to len bytes. */
int console_read(char *buf, uint32_t len);

#endif
