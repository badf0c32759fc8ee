/* IRQ lines handled inside the kernel by a module. At an interrupt the
 * line is masked and the module's handler runs in interrupt context; when
 * it returns nonzero (or there is none) the kernel posts LV_OP_IRQ {irq} to
 * the module process's own port (KPROC_PORT, sender 0), and the module's
 * thread services the device and unmasks the line (kirq_unmask); a zero
 * return unmasks it at once. One owner per line, shared with irqroute's (a
 * line routed to a user driver, or one of the kernel's own, is -ERR_BUSY);
 * a kernel-side process's lines are released when it ends. */
#ifndef LAVENDER_CORE_KIRQ_H
#define LAVENDER_CORE_KIRQ_H

/* Installs the release hook. */
void kirq_init(void);

/* --- exported to modules (lkm/include/lavender/kernel.h) --- */

/* Claims irq (0-15) for the caller's process (kproc_caller; a module's init
 * may) and unmasks it. handler may be NULL (always post). It runs with
 * interrupts off and must not block, allocate or fault: a fault there stops
 * the kernel. -ERR_PERM (no module), -ERR_INVAL, -ERR_BUSY. */
int kirq_claim(unsigned irq, int (*handler)(unsigned irq, void *arg),
	       void *arg);
/* Unmasks the caller's line; -ERR_PERM if it is not the caller's. */
int kirq_unmask(unsigned irq);
/* Releases the caller's line (masked, no handler); -ERR_PERM otherwise. */
int kirq_release(unsigned irq);

#endif
