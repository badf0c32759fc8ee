/* COM1 serial line. Nucleus-internal; others use kprintf. */
#ifndef LAVENDER_NUCLEUS_SERIAL_H
#define LAVENDER_NUCLEUS_SERIAL_H

void nu_serial_init(void);
void nu_serial_putc(char c);

#endif
