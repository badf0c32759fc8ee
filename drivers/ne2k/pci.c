/* PCI configuration space access (mechanism #1: address at 0xCF8, data at
 * 0xCFC) and the NE2000 card search (see pci.h). */
#include "ne2k/pci.h"
#include <stdint.h>
#include <lavender/syscall.h>

#define PCI_ADDR 0xCF8u
#define PCI_DATA 0xCFCu
#define RTL8029_ID 0x802910ECu /* device << 16 | vendor */

static void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint32_t cfg_read(unsigned bus, unsigned dev, unsigned fn, unsigned reg)
{
	outl(PCI_ADDR,
	     0x80000000u | bus << 16 | dev << 11 | fn << 8 | (reg & 0xFC));
	return inl(PCI_DATA);
}

static void cfg_write(unsigned bus, unsigned dev, unsigned fn, unsigned reg,
		      uint32_t v)
{
	outl(PCI_ADDR,
	     0x80000000u | bus << 16 | dev << 11 | fn << 8 | (reg & 0xFC));
	outl(PCI_DATA, v);
}

/* The card at bus:dev.fn: enable I/O decoding, read BAR0 and the line. */
static int take(unsigned bus, unsigned dev, unsigned fn, unsigned *io,
		unsigned *irq)
{
	uint32_t bar0 = cfg_read(bus, dev, fn, 0x10);
	if (!(bar0 & 1))
		return -ERR_NODEV;
	uint32_t cmd = cfg_read(bus, dev, fn, 0x04);
	cfg_write(bus, dev, fn, 0x04, (cmd & 0xFFFFu) | 1u); /* I/O space */
	*io = bar0 & 0xFFFCu;
	*irq = cfg_read(bus, dev, fn, 0x3C) & 0xFF;
	return 0;
}

int ne2k_pci_find(unsigned *io, unsigned *irq)
{
	int rc = lv_ioport_grant(PCI_ADDR, 8);
	if (rc < 0)
		return rc;
	for (unsigned bus = 0; bus < 256; bus++) {
		for (unsigned dev = 0; dev < 32; dev++) {
			uint32_t id = cfg_read(bus, dev, 0, 0);
			if ((id & 0xFFFF) == 0xFFFF)
				continue;
			/* Header type bit 7: more functions than 0. */
			unsigned fns =
			    cfg_read(bus, dev, 0, 0x0C) & 0x800000u ? 8 : 1;
			for (unsigned fn = 0; fn < fns; fn++)
				if (cfg_read(bus, dev, fn, 0) == RTL8029_ID)
					return take(bus, dev, fn, io, irq);
		}
	}
	return -ERR_NODEV;
}
