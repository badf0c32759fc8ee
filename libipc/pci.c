/* PCI configuration space access and the search by id (see lavender/pci.h).
 */
#include <lavender/pci.h>
#include <lavender/portio.h>
#include <lavender/syscall.h>

#define PCI_ADDR 0xCF8u
#define PCI_DATA 0xCFCu

static void select_reg(unsigned bus, unsigned dev, unsigned fn, unsigned reg)
{
	lv_outl(PCI_ADDR,
		0x80000000u | bus << 16 | dev << 11 | fn << 8 | (reg & 0xFC));
}

uint32_t lv_pci_read(const lv_pci_fn_t *f, unsigned reg)
{
	select_reg(f->bus, f->dev, f->fn, reg);
	return lv_inl(PCI_DATA);
}

void lv_pci_write(const lv_pci_fn_t *f, unsigned reg, uint32_t v)
{
	select_reg(f->bus, f->dev, f->fn, reg);
	lv_outl(PCI_DATA, v);
}

int lv_pci_find(uint32_t id, lv_pci_fn_t *out)
{
	int rc = lv_ioport_grant(PCI_ADDR, 8);
	if (rc < 0)
		return rc;
	for (unsigned bus = 0; bus < 256; bus++) {
		for (unsigned dev = 0; dev < 32; dev++) {
			lv_pci_fn_t f = {bus, dev, 0};
			if ((lv_pci_read(&f, 0) & 0xFFFF) == 0xFFFF)
				continue;
			/* Header type bit 7: more functions than 0. */
			unsigned fns =
			    lv_pci_read(&f, 0x0C) & 0x800000u ? 8 : 1;
			for (f.fn = 0; f.fn < fns; f.fn++) {
				if (lv_pci_read(&f, 0) == id) {
					*out = f;
					return 0;
				}
			}
		}
	}
	return -ERR_NODEV;
}
