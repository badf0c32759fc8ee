/* PCI configuration space access and the search by id (see lavender/pci.h)
 * for user programs: the ports granted, then pure_pci.c's logic. */
#include <lavender/pci.h>
#include <lavender/portio.h>
#include <lavender/syscall.h>
#include "pure_pci.h"

static uint32_t port_inl(uint16_t port) { return lv_inl(port); }

static void port_outl(uint16_t port, uint32_t v) { lv_outl(port, v); }

static const pci_cfg_t ports = {port_inl, port_outl};

uint32_t lv_pci_read(const lv_pci_fn_t *f, unsigned reg)
{
	return pci_cfg_read(&ports, f, reg);
}

void lv_pci_write(const lv_pci_fn_t *f, unsigned reg, uint32_t v)
{
	pci_cfg_write(&ports, f, reg, v);
}

int lv_pci_find(uint32_t id, lv_pci_fn_t *out)
{
	int rc = lv_ioport_grant(PCI_CFG_ADDR, PCI_CFG_PORTS);
	return rc < 0 ? rc : pci_cfg_find(&ports, id, out);
}
