/* IRQ-to-port routing: an interrupt on a routed line masks the line and
 * becomes an LV_OP_IRQ message on the owner's port; the owner services the
 * device and acknowledges, which unmasks the line. One owner per line; the
 * kernel's own lines (timer, console, cascade) cannot be taken. */
#ifndef LAVENDER_CORE_IRQROUTE_H
#define LAVENDER_CORE_IRQROUTE_H
#include "core/port.h"
#include "core/proc.h"

/* Routes irq to port for owner; -ERR_BUSY if the line is taken. */
int irqroute_attach(unsigned irq, proc_t *owner, port_t *port);
/* -ERR_PERM unless owner routes irq. */
int irqroute_ack(unsigned irq, proc_t *owner);
int irqroute_detach(unsigned irq, proc_t *owner);
/* Drops every route of owner (its exit). */
void irqroute_release_all(proc_t *owner);

#endif
