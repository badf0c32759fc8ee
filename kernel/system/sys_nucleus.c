/* Nucleus-layer system calls: hardware resources for drivers. The dispatcher
 * has already checked the nucleus right (system/syscall.c). Conflicts between
 * claimants and revocation at exit come with the driver issue; today a grant
 * lasts as long as the process. */
#include "core/kmem.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "system/syscall.h"
#include "lib/string.h"
#include "uapi/errors.h"

#define IO_PORTS 65536u

int sys_ioport_grant(const uint32_t *a)
{
	uint32_t first = a[0], count = a[1];
	if (count == 0 || first >= IO_PORTS || count > IO_PORTS - first)
		return -ERR_INVAL;
	proc_t *p = proc_current();
	uint32_t f = nu_irq_save();
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
