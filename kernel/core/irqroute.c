/* IRQ-to-port routing (see irqroute.h). */
#include "core/irqroute.h"
#include "core/ipc.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"

#define IRQ_LINES 16

typedef struct irq_route {
	proc_t *owner; /* NULL: not routed */
	port_t *port;  /* holds a reference */
	uint32_t lost; /* messages that could not be queued */
} irq_route_t;

static irq_route_t routes[IRQ_LINES];

static void on_irq(unsigned irq)
{
	irq_route_t *r = &routes[irq];
	nu_irq_mask(irq); /* until the owner acknowledges */
	uint32_t line = irq;
	if (!r->owner ||
	    ipc_kernel_send(r->port, LV_OP_IRQ, &line, sizeof(line)) < 0)
		r->lost++;
}

int irqroute_attach(unsigned irq, proc_t *owner, port_t *port)
{
	if (irq >= IRQ_LINES)
		return -ERR_INVAL;
	if (port_is_dead(port))
		return -ERR_DEADPORT;
	if (routes[irq].owner)
		return -ERR_BUSY;
	int rc = nu_irq_claim(irq, on_irq); /* -ERR_BUSY for the kernel's */
	if (rc < 0)
		return rc;
	port_ref(port);
	routes[irq] = (irq_route_t){.owner = owner, .port = port};
	return 0;
}

int irqroute_ack(unsigned irq, proc_t *owner)
{
	if (irq >= IRQ_LINES)
		return -ERR_INVAL;
	if (routes[irq].owner != owner)
		return -ERR_PERM;
	nu_irq_unmask(irq);
	return 0;
}

int irqroute_detach(unsigned irq, proc_t *owner)
{
	if (irq >= IRQ_LINES)
		return -ERR_INVAL;
	if (routes[irq].owner != owner)
		return -ERR_PERM;
	nu_irq_release(irq);
	port_unref(routes[irq].port);
	routes[irq] = (irq_route_t){0};
	return 0;
}

void irqroute_release_all(proc_t *owner)
{
	for (unsigned irq = 0; irq < IRQ_LINES; irq++)
		if (routes[irq].owner == owner)
			irqroute_detach(irq, owner);
}
