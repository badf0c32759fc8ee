/* The export table between the linker script's _kexports_start and
 * _kexports_end. It also compiles the module authors' declarations
 * (lkm/include/lavender/kernel.h) next to the kernel's own: a signature
 * that differs is a conflicting declaration, so the build fails. */
#include "core/kexport.h"
#include "core/ioports.h"
#include "core/kirq.h"
#include "core/kmem.h"
#include "core/kproc.h"
#include "nucleus/nucleus.h"
#include "system/sysport.h"
#include "lib/errstr.h"
#include "lib/export.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "../../lkm/include/lavender/kernel.h"

extern const kexport_t _kexports_start[], _kexports_end[];

uint32_t kexport_count(void)
{
	return (uint32_t)(_kexports_end - _kexports_start);
}

const kexport_t *kexport_at(uint32_t i)
{
	return i < kexport_count() ? &_kexports_start[i] : NULL;
}

/* kernel/lib is pure code (host-tested too): its exports are marked here. */
LV_EXPORT(fmt_snprintf);
LV_EXPORT(err_str);
