/* Who holds which I/O ports: one holder per port, so two drivers cannot
 * drive one device; the kernel's own devices (interrupt controllers, timer,
 * the exit port) are never given out. Grants end with their process. */
#ifndef LAVENDER_SYSTEM_IOPORTS_H
#define LAVENDER_SYSTEM_IOPORTS_H
#include <stdint.h>
#include "core/proc.h"

/* Records [first, first+count) for p: -ERR_ACCES for the kernel's ports,
 * -ERR_BUSY if another process holds one of them, -ERR_NOSPC when the table
 * is full. Ports p already holds are fine. Interrupts off. */
int ioports_claim(proc_t *p, uint32_t first, uint32_t count);
/* Forgets every grant of p (its end). */
void ioports_release_all(proc_t *p);

#endif
