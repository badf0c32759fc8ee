/* PCI configuration space through mechanism #1 (see pure_pci.h). */
#include "pure_pci.h"
#include "uapi/errors.h"

#define PCI_CFG_DATA 0xCFCu

static void select_reg(const pci_cfg_t *c, const lv_pci_fn_t *f, unsigned reg)
{
	c->outl(PCI_CFG_ADDR, 0x80000000u | (f->bus & 0xFF) << 16 |
				  (f->dev & 0x1F) << 11 | (f->fn & 7) << 8 |
				  (reg & 0xFC));
}

uint32_t pci_cfg_read(const pci_cfg_t *c, const lv_pci_fn_t *f, unsigned reg)
{
	select_reg(c, f, reg);
	return c->inl(PCI_CFG_DATA);
}

void pci_cfg_write(const pci_cfg_t *c, const lv_pci_fn_t *f, unsigned reg,
		   uint32_t v)
{
	select_reg(c, f, reg);
	c->outl(PCI_CFG_DATA, v);
}

int pci_cfg_find(const pci_cfg_t *c, uint32_t id, lv_pci_fn_t *out)
{
	for (unsigned bus = 0; bus < 256; bus++) {
		for (unsigned dev = 0; dev < 32; dev++) {
			lv_pci_fn_t f = {bus, dev, 0};
			if ((pci_cfg_read(c, &f, 0) & 0xFFFF) == 0xFFFF)
				continue;
			/* Header type bit 7: more functions than 0. */
			unsigned fns =
			    pci_cfg_read(c, &f, 0x0C) & 0x800000u ? 8 : 1;
			for (f.fn = 0; f.fn < fns; f.fn++) {
				if (pci_cfg_read(c, &f, 0) == id) {
					*out = f;
					return 0;
				}
			}
		}
	}
	return -ERR_NODEV;
}
