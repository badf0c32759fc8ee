/* I/O-port holders (see ioports.h): user-mode drivers' grants and modules'
 * claims in one small table of ranges (drivers take a few ranges each). */
#include "core/ioports.h"
#include <stddef.h>
#include "core/kproc.h"
#include "nucleus/nucleus.h"
#include "lib/export.h"
#include "uapi/errors.h"

#define GRANTS_MAX 64

typedef struct grant {
	uint32_t first, end; /* [first, end) */
	proc_t *owner;	     /* NULL: free entry */
} grant_t;

static grant_t grants[GRANTS_MAX];

/* The kernel's: PIC pair, PIT, QEMU's exit port. (COM1 is shared with the
 * console server on purpose: the kernel only writes its own messages.) */
static const grant_t kernel_ports[] = {
    {0x20, 0x22, NULL},
    {0xA0, 0xA2, NULL},
    {0x40, 0x44, NULL},
    {0xF4, 0xF8, NULL},
};

static int overlaps(const grant_t *g, uint32_t first, uint32_t end)
{
	return first < g->end && g->first < end;
}

int ioports_claim(proc_t *p, uint32_t first, uint32_t count)
{
	uint32_t end = first + count;
	for (unsigned i = 0; i < sizeof(kernel_ports) / sizeof(kernel_ports[0]);
	     i++)
		if (overlaps(&kernel_ports[i], first, end))
			return -ERR_ACCES;
	grant_t *free_entry = NULL;
	for (int i = 0; i < GRANTS_MAX; i++) {
		if (!grants[i].owner) {
			if (!free_entry)
				free_entry = &grants[i];
			continue;
		}
		if (grants[i].owner != p && overlaps(&grants[i], first, end))
			return -ERR_BUSY;
	}
	if (!free_entry)
		return -ERR_NOSPC;
	*free_entry = (grant_t){first, end, p};
	return 0;
}

void ioports_release_all(proc_t *p)
{
	for (int i = 0; i < GRANTS_MAX; i++)
		if (grants[i].owner == p)
			grants[i].owner = NULL;
}

int ioports_release(proc_t *p, uint32_t first, uint32_t count)
{
	for (int i = 0; i < GRANTS_MAX; i++) {
		if (grants[i].owner == p && grants[i].first == first &&
		    grants[i].end == first + count) {
			grants[i].owner = NULL;
			return 0;
		}
	}
	return -ERR_NOENT;
}

#define IO_PORTS 65536u

int kio_claim(unsigned first, unsigned count)
{
	proc_t *p = kproc_caller();
	if (!p)
		return -ERR_PERM;
	if (count == 0 || first >= IO_PORTS || count > IO_PORTS - first)
		return -ERR_INVAL;
	uint32_t f = nu_irq_save();
	int rc = ioports_claim(p, first, count);
	nu_irq_restore(f);
	return rc;
}
LV_EXPORT(kio_claim);

int kio_release(unsigned first, unsigned count)
{
	proc_t *p = kproc_caller();
	if (!p)
		return -ERR_PERM;
	uint32_t f = nu_irq_save();
	int rc = ioports_release(p, first, count);
	nu_irq_restore(f);
	return rc;
}
LV_EXPORT(kio_release);
