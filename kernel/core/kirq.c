/* IRQ lines handled by modules in the kernel (see kirq.h). */
#include "core/kirq.h"
#include "core/ipc.h"
#include "core/kproc.h"
#include "core/port.h"
#include "nucleus/nucleus.h"
#include "lib/export.h"
#include "uapi/errors.h"

#define IRQ_LINES 16

typedef struct kirq {
	proc_t *owner; /* NULL: not ours */
	port_t *port;  /* the owner's own port (a reference) */
	int (*handler)(unsigned irq, void *arg);
	void *arg;
	uint32_t lost; /* messages that could not be queued */
} kirq_t;

static kirq_t lines[IRQ_LINES];

static void on_irq(unsigned irq)
{
	kirq_t *l = &lines[irq];
	nu_irq_mask(irq); /* until the owner has serviced the device */
	if (!l->owner)
		return;
	if (l->handler && !l->handler(irq, l->arg)) {
		nu_irq_unmask(irq);
		return;
	}
	uint32_t line = irq;
	if (ipc_kernel_send(l->port, LV_OP_IRQ, &line, sizeof(line)) < 0)
		l->lost++;
}

int kirq_claim(unsigned irq, int (*handler)(unsigned irq, void *arg), void *arg)
{
	proc_t *p = kproc_caller();
	handle_slot_t *s;
	if (!p)
		return -ERR_PERM;
	if (irq >= IRQ_LINES)
		return -ERR_INVAL;
	uint32_t f = nu_irq_save();
	int rc = handle_lookup(p, KPROC_PORT, &s);
	if (rc == 0 && s->right.type != LV_RIGHT_RECEIVE)
		rc = -ERR_DEADPORT;
	if (rc == 0 && !lines[irq].owner) {
		lines[irq] = (kirq_t){p, s->right.port, handler, arg, 0};
		rc = nu_irq_claim(irq, on_irq); /* -ERR_BUSY: another's */
		if (rc < 0)
			lines[irq] = (kirq_t){0};
		else
			port_ref(s->right.port);
	} else if (rc == 0) {
		rc = -ERR_BUSY;
	}
	nu_irq_restore(f);
	return rc;
}
LV_EXPORT(kirq_claim);

/* The line irq if p owns it, else NULL. */
static kirq_t *owned(unsigned irq, const proc_t *p)
{
	return irq < IRQ_LINES && p && lines[irq].owner == p ? &lines[irq]
							     : NULL;
}

int kirq_unmask(unsigned irq)
{
	if (!owned(irq, kproc_caller()))
		return -ERR_PERM;
	nu_irq_unmask(irq);
	return 0;
}
LV_EXPORT(kirq_unmask);

static void release(unsigned irq)
{
	uint32_t f = nu_irq_save();
	nu_irq_release(irq);
	port_unref(lines[irq].port);
	lines[irq] = (kirq_t){0};
	nu_irq_restore(f);
}

int kirq_release(unsigned irq)
{
	if (!owned(irq, kproc_caller()))
		return -ERR_PERM;
	release(irq);
	return 0;
}
LV_EXPORT(kirq_release);

static void release_all(proc_t *p)
{
	for (unsigned irq = 0; irq < IRQ_LINES; irq++)
		if (owned(irq, p))
			release(irq);
}

void kirq_init(void) { proc_add_release_hook(release_all); }
