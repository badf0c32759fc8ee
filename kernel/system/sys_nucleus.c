/* Nucleus-layer system calls: hardware resources for drivers. The dispatcher
 * has already checked the nucleus right (system/syscall.c). I/O ports and
 * IRQ lines: one holder each (system/ioports.c, core/irqroute.c), released
 * when it ends. */
#include "core/irqroute.h"
#include "core/kmem.h"
#include "core/port.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "system/console.h"
#include "core/ioports.h"
#include "system/syscall.h"
#include "lib/string.h"
#include "uapi/errors.h"

#define IO_PORTS 65536u

/* 1 when [first, first+count) is a range of I/O ports. */
static int io_range_ok(uint32_t first, uint32_t count)
{
	return count && first < IO_PORTS && count <= IO_PORTS - first;
}

int sys_ioport_grant(const uint32_t *a)
{
	uint32_t first = a[0], count = a[1];
	if (!io_range_ok(first, count))
		return -ERR_INVAL;
	proc_t *p = proc_current();
	uint32_t f = nu_irq_save();
	int rc = ioports_claim(p, first, count);
	if (rc < 0) {
		nu_irq_restore(f);
		return rc;
	}
	if (!p->io_bitmap) {
		p->io_bitmap = kmalloc(NU_IO_BITMAP_BYTES);
		if (!p->io_bitmap) {
			nu_irq_restore(f);
			return -ERR_NOMEM;
		}
		memset(p->io_bitmap, 0xFF, NU_IO_BITMAP_BYTES);
	}
	for (uint32_t port = first; port < first + count; port++)
		p->io_bitmap[port / 8] &= (uint8_t) ~(1u << (port % 8));
	nu_io_bitmap_invalidate();
	nu_io_bitmap_load(p->io_bitmap);
	nu_irq_restore(f);
	return 0;
}

int sys_ioport_release(const uint32_t *a)
{
	uint32_t first = a[0], count = a[1];
	proc_t *p = proc_current();
	if (!io_range_ok(first, count))
		return -ERR_INVAL;
	uint32_t f = nu_irq_save();
	int rc = ioports_release(p, first, count);
	if (rc == 0 && p->io_bitmap) {
		for (uint32_t port = first; port < first + count; port++)
			p->io_bitmap[port / 8] |= (uint8_t)(1u << (port % 8));
		nu_io_bitmap_invalidate();
		nu_io_bitmap_load(p->io_bitmap);
	}
	nu_irq_restore(f);
	return rc;
}

static port_t *port_of(int handle)
{
	handle_slot_t *s;
	if (handle_lookup(proc_current(), handle, &s) < 0 ||
	    (s->right.type != LV_RIGHT_SEND &&
	     s->right.type != LV_RIGHT_RECEIVE))
		return NULL;
	return s->right.port;
}

int sys_irq_attach(const uint32_t *a)
{
	uint32_t f = nu_irq_save();
	port_t *port = port_of((int)a[1]);
	int rc = -ERR_BADF;
	if (port) {
		if (a[0] == CONSOLE_IRQ) /* a console server takes the line */
			console_input_yield(proc_current()->pid);
		rc = irqroute_attach(a[0], proc_current(), port);
		if (rc < 0 && a[0] == CONSOLE_IRQ)
			console_input_resume();
	}
	nu_irq_restore(f);
	return rc;
}

int sys_irq_ack(const uint32_t *a)
{
	uint32_t f = nu_irq_save();
	int rc = irqroute_ack(a[0], proc_current());
	nu_irq_restore(f);
	return rc;
}

int sys_irq_detach(const uint32_t *a)
{
	uint32_t f = nu_irq_save();
	int rc = irqroute_detach(a[0], proc_current());
	if (rc == 0 && a[0] == CONSOLE_IRQ)
		console_input_resume();
	nu_irq_restore(f);
	return rc;
}

/* Everything of the nucleus a process held ends with it. */
static void release_nucleus_resources(proc_t *p)
{
	irqroute_release_all(p);
	ioports_release_all(p);
	console_input_resume(); /* no-op unless the console line came free */
}

void sys_nucleus_init(void)
{
	proc_add_release_hook(release_nucleus_resources);
}

int sys_mem_map_phys(const uint32_t *a)
{
	uint32_t va = a[0], len = a[1], pa = a[2];
	proc_t *p = proc_current();
	if (a[3] & ~LV_MAP_WRITE)
		return -ERR_INVAL;
	if (len == 0 || len % PAGE_SIZE || pa % PAGE_SIZE ||
	    (uint64_t)pa + len > 0x100000000ull)
		return -ERR_INVAL;
	if (va < p->map_lo || va >= p->map_hi || len > p->map_hi - va)
		return -ERR_INVAL;
	if (nu_phys_has_ram(pa, len))
		return -ERR_ACCES; /* RAM belongs to the kernel */
	uint32_t f = nu_irq_save();
	int rc =
	    space_map_device(p->space, va, len, pa,
			     a[3] & LV_MAP_WRITE ? NU_MAP_WRITE : 0, p->pid);
	nu_irq_restore(f);
	return rc;
}

int sys_mem_phys_lookup(const uint32_t *a)
{
	uint32_t pa;
	space_t *s = proc_current()->space;
	if (!user_range_ok(a[0], 1))
		return -ERR_FAULT;
	/* A reserved page not touched yet is backed now: DMA needs a frame. */
	uint32_t f = nu_irq_save();
	int rc = nu_pd_lookup(s->pd, a[0], &pa, NULL);
	if (rc < 0 && space_fault_in(s, a[0], 0) == 0)
		rc = nu_pd_lookup(s->pd, a[0], &pa, NULL);
	nu_irq_restore(f);
	if (rc < 0)
		return rc;
	return copyout(a[1], &pa, sizeof(pa));
}
