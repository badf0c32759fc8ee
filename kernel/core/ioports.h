/* Who holds which I/O ports: one holder per port, so two drivers cannot
 * drive one device, whatever their kind: a user-mode driver's grant
 * (ioport_grant) and a module's claim (kio_claim) are records of the same
 * table. The kernel's own devices (interrupt controllers, timer, the exit
 * port) are never given out. Grants and claims end with their process. */
#ifndef LAVENDER_CORE_IOPORTS_H
#define LAVENDER_CORE_IOPORTS_H
#include <stdint.h>
#include "core/proc.h"

/* Records [first, first+count) for p: -ERR_ACCES for the kernel's ports,
 * -ERR_BUSY if another process holds one of them, -ERR_NOSPC when the table
 * is full. Ports p already holds are fine. Interrupts off. */
int ioports_claim(proc_t *p, uint32_t first, uint32_t count);
/* Forgets p's record of exactly [first, first+count); -ERR_NOENT if p has
 * none. Interrupts off. */
int ioports_release(proc_t *p, uint32_t first, uint32_t count);
/* Forgets every grant of p (its end). */
void ioports_release_all(proc_t *p);

/* --- exported to modules (lkm/include/lavender/kernel.h) --- */

/* Claims ports [first, first+count) for the caller's kernel-side process
 * (kproc_caller: a module's init or thread), as ioport_grant does for a
 * user-mode driver: -ERR_BUSY when another process (a user-mode driver, or
 * another module) holds one, -ERR_ACCES for the kernel's, -ERR_INVAL for an
 * empty range or one past 0xFFFF, -ERR_PERM for a caller that is no module,
 * -ERR_NOSPC when the table is full. Released when the process ends. */
int kio_claim(unsigned first, unsigned count);
/* Gives back a claim of exactly that range (a scan's configuration ports,
 * say): 0, -ERR_NOENT, -ERR_PERM. */
int kio_release(unsigned first, unsigned count);

#endif
