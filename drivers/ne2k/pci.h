/* Finding an NE2000-compatible PCI card (RTL8029, vendor 0x10EC device
 * 0x8029, QEMU's ne2k_pci) through PCI configuration mechanism #1. */
#ifndef NE2K_PCI_H
#define NE2K_PCI_H

/* Takes the configuration ports 0xCF8-0xCFF (kept until the process ends)
 * and scans buses 0-255, devices 0-31, every function for the card. On
 * success enables its I/O decoding and stores BAR0's I/O base in *io and
 * the interrupt line in *irq; returns 0. -ERR_NODEV: no card (or BAR0 is
 * not an I/O BAR); -ERR_BUSY: another driver holds the configuration
 * ports; other -ERR_*: the grant failed. */
int ne2k_pci_find(unsigned *io, unsigned *irq);

#endif
