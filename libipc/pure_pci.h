/* PCI configuration mechanism #1 (address at 0xCF8, data at 0xCFC) and the
 * search by id, for both kinds of driver: lavender/pci.h's calls in user
 * space and a kernel module (lkm/ne2k). Pure: the port I/O comes through
 * pci_cfg_t (lv_inl/lv_outl after ioport_grant, nu_inl/nu_outl after
 * kio_claim, a host test's fake). The caller holds the ports 0xCF8-0xCFF. */
#ifndef LIBIPC_PURE_PCI_H
#define LIBIPC_PURE_PCI_H
#include <stdint.h>
#include <lavender/pci.h>

#define PCI_CFG_ADDR 0xCF8u
#define PCI_CFG_PORTS 8u /* 0xCF8-0xCFF */

typedef struct pci_cfg {
	uint32_t (*inl)(uint16_t port);
	void (*outl)(uint16_t port, uint32_t value);
} pci_cfg_t;

/* The 32-bit register at reg (rounded down to 4) of f. */
uint32_t pci_cfg_read(const pci_cfg_t *c, const lv_pci_fn_t *f, unsigned reg);
void pci_cfg_write(const pci_cfg_t *c, const lv_pci_fn_t *f, unsigned reg,
		   uint32_t v);
/* Scans buses 0-255, devices 0-31, every function of a multi-function
 * device for id (device << 16 | vendor); the first into *out: 0, or
 * -ERR_NODEV. */
int pci_cfg_find(const pci_cfg_t *c, uint32_t id, lv_pci_fn_t *out);

#endif
