/* The NE2000 card search on the PCI bus for the user-mode driver (see
 * pci.h): the configuration ports granted, then pure_pci.c's set-up,
 * which the module shares. */
#include "ne2k/pci.h"
#include <lavender/portio.h>
#include <lavender/syscall.h>
#include "ne2k/pure_pci.h"

static uint32_t port_inl(uint16_t port) { return lv_inl(port); }

static void port_outl(uint16_t port, uint32_t v) { lv_outl(port, v); }

int ne2k_pci_find(unsigned *io, unsigned *irq)
{
	static const pci_cfg_t ports = {port_inl, port_outl};
	int rc = lv_ioport_grant(PCI_CFG_ADDR, PCI_CFG_PORTS);
	return rc < 0 ? rc : ne2k_pci_setup(&ports, io, irq);
}
