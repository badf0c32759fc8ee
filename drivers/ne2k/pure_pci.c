/* The NE2000 card on the PCI bus (see pure_pci.h). */
#include "pure_pci.h"
#include "uapi/errors.h"

int ne2k_pci_setup(const pci_cfg_t *c, unsigned *io, unsigned *irq)
{
	lv_pci_fn_t f;
	int rc = pci_cfg_find(c, NE2K_PCI_ID, &f);
	if (rc < 0)
		return rc;
	uint32_t bar0 = pci_cfg_read(c, &f, LV_PCI_BAR0);
	unsigned line = pci_cfg_read(c, &f, LV_PCI_INTERRUPT) & 0xFF;
	if (!(bar0 & 1) || line == 0 || line > 15)
		return -ERR_NODEV;
	uint32_t cmd = pci_cfg_read(c, &f, LV_PCI_COMMAND);
	pci_cfg_write(c, &f, LV_PCI_COMMAND, (cmd & 0xFFFFu) | LV_PCI_CMD_IO);
	*io = bar0 & 0xFFFCu;
	*irq = line;
	return 0;
}
