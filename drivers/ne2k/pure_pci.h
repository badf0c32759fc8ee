/* Setting up an NE2000-compatible PCI card (RTL8029, vendor 0x10EC device
 * 0x8029, QEMU's ne2k_pci) through configuration space, for both driver
 * kinds: pci.c (user mode) and lkm/ne2k (the module). Pure: the caller
 * holds the configuration ports and gives their I/O in c. */
#ifndef NE2K_PURE_PCI_H
#define NE2K_PURE_PCI_H
#include "../../libipc/pure_pci.h"

#define NE2K_PCI_ID 0x802910ECu /* device << 16 | vendor */

/* Finds the card, enables its I/O decoding and stores BAR0's I/O base in
 * *io and the interrupt line in *irq: 0; -ERR_NODEV when there is no card,
 * BAR0 is not an I/O BAR or the interrupt line is not 1-15. */
int ne2k_pci_setup(const pci_cfg_t *c, unsigned *io, unsigned *irq);

#endif
