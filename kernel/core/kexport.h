/* The kernel's export table (lib/export.h): the records the LV_EXPORT marks
 * left in section .kexports, as the module loader's system call reads them.
 * Read-only after the link. */
#ifndef LAVENDER_CORE_KEXPORT_H
#define LAVENDER_CORE_KEXPORT_H
#include <stdint.h>
#include "lib/export.h"

uint32_t kexport_count(void);
/* Record i (0..kexport_count()-1), NULL past the end. */
const kexport_t *kexport_at(uint32_t i);

#endif
