/* The NE2000 card search on the PCI bus (see pci.h); configuration space
 * access is libipc's (lavender/pci.h). */
#include "ne2k/pci.h"
#include <stdint.h>
#include <lavender/pci.h>
#include <lavender/syscall.h>

#define RTL8029_ID 0x802910ECu /* device << 16 | vendor */

int ne2k_pci_find(unsigned *io, unsigned *irq)
{
	lv_pci_fn_t f;
	int rc = lv_pci_find(RTL8029_ID, &f);
	if (rc < 0)
		return rc;
	uint32_t bar0 = lv_pci_read(&f, LV_PCI_BAR0);
	if (!(bar0 & 1))
		return -ERR_NODEV;
	uint32_t cmd = lv_pci_read(&f, LV_PCI_COMMAND);
	lv_pci_write(&f, LV_PCI_COMMAND, (cmd & 0xFFFFu) | LV_PCI_CMD_IO);
	*io = bar0 & 0xFFFCu;
	*irq = lv_pci_read(&f, LV_PCI_INTERRUPT) & 0xFF;
	return 0;
}
