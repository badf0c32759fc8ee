/* PCI configuration space through mechanism #1 (address at 0xCF8, data at
 * 0xCFC), for drivers and tests holding the nucleus right. Finding a
 * function takes the configuration ports 0xCF8-0xCFF for the rest of the
 * process's life (one holder at a time: a PCI server would own them later). */
#ifndef LAVENDER_PCI_H
#define LAVENDER_PCI_H
#include <stdint.h>

typedef struct lv_pci_fn {
	unsigned bus, dev, fn;
} lv_pci_fn_t;

#define LV_PCI_COMMAND 0x04u
#define LV_PCI_BAR0 0x10u /* BARn at LV_PCI_BAR0 + 4n */
#define LV_PCI_INTERRUPT 0x3Cu
#define LV_PCI_CMD_IO 0x1u
#define LV_PCI_CMD_MEMORY 0x2u

/* Takes the configuration ports and scans buses 0-255, devices 0-31, every
 * function for id (device << 16 | vendor); stores the first in *out.
 * -ERR_NODEV: none; -ERR_BUSY: another process holds the ports; other
 * -ERR_*: the grant failed. */
int lv_pci_find(uint32_t id, lv_pci_fn_t *out);
/* The 32-bit register at reg (rounded down to 4) of f; the ports must have
 * been taken (lv_pci_find). */
uint32_t lv_pci_read(const lv_pci_fn_t *f, unsigned reg);
void lv_pci_write(const lv_pci_fn_t *f, unsigned reg, uint32_t v);

#endif
