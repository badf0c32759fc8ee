/* Port I/O as real functions, for kernel code that cannot inline cpu.h's
 * instructions: loadable modules call these through the export table. The
 * kernel itself keeps the inline forms. */
#include "nucleus/cpu.h"
#include "nucleus/nucleus.h"
#include "lib/export.h"

uint8_t nu_inb(uint16_t port) { return inb(port); }
LV_EXPORT(nu_inb);

void nu_outb(uint16_t port, uint8_t value) { outb(port, value); }
LV_EXPORT(nu_outb);

uint16_t nu_inw(uint16_t port) { return inw(port); }
LV_EXPORT(nu_inw);

void nu_outw(uint16_t port, uint16_t value) { outw(port, value); }
LV_EXPORT(nu_outw);

uint32_t nu_inl(uint16_t port) { return inl(port); }
LV_EXPORT(nu_inl);

void nu_outl(uint16_t port, uint32_t value) { outl(port, value); }
LV_EXPORT(nu_outl);
