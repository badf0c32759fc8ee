/* PCI configuration mechanism #1 and the NE2000's set-up, both driver
 * kinds' (libipc/pure_pci.c, drivers/ne2k/pure_pci.c), against a fake
 * configuration space: the card found behind a multi-function device, its
 * I/O decoding enabled; no card, a memory BAR and a bad interrupt line
 * refused. */
#include <string.h>
#include "../../drivers/ne2k/pure_pci.h"
#include "uapi/errors.h"
#include "unit.h"

/* One function's registers 0x00-0x3C; the address register selects. */
typedef struct fake_fn {
	unsigned bus, dev, fn;
	uint32_t regs[16];
} fake_fn_t;

static fake_fn_t fns[3];
static int nfns;
static uint32_t addr;

static fake_fn_t *selected(void)
{
	if (!(addr & 0x80000000u))
		return NULL;
	for (int i = 0; i < nfns; i++)
		if (fns[i].bus == (addr >> 16 & 0xFF) &&
		    fns[i].dev == (addr >> 11 & 0x1F) &&
		    fns[i].fn == (addr >> 8 & 7))
			return &fns[i];
	return NULL;
}

static uint32_t fake_inl(uint16_t port)
{
	fake_fn_t *f = port == 0xCFC ? selected() : NULL;
	return f ? f->regs[(addr & 0xFC) / 4] : 0xFFFFFFFFu;
}

static void fake_outl(uint16_t port, uint32_t v)
{
	fake_fn_t *f;
	if (port == 0xCF8)
		addr = v;
	else if (port == 0xCFC && (f = selected()))
		f->regs[(addr & 0xFC) / 4] = v;
}

static const pci_cfg_t cfg = {fake_inl, fake_outl};

static void bus_with_card(uint32_t bar0, uint32_t line)
{
	memset(fns, 0, sizeof(fns));
	/* a host bridge at 0:0; a multi-function device at 0:3 whose
	 * function 2 is the card */
	fns[0] = (fake_fn_t){0, 0, 0, {0x12378086u}};
	fns[1] = (fake_fn_t){0, 3, 0, {0x70008086u}};
	fns[1].regs[3] = 0x00800000u; /* header type: multi-function */
	fns[2] = (fake_fn_t){0, 3, 2, {NE2K_PCI_ID}};
	fns[2].regs[1] = 0x02000000u; /* command: nothing decoded */
	fns[2].regs[4] = bar0;
	fns[2].regs[15] = line;
	nfns = 3;
}

UNIT_TEST(pci_ne2k_found)
{
	unsigned io = 0, irq = 0;
	lv_pci_fn_t f;
	bus_with_card(0xC001u, 0x0100010Bu);
	CHECK_EQ(pci_cfg_find(&cfg, NE2K_PCI_ID, &f), 0);
	CHECK(f.bus == 0 && f.dev == 3 && f.fn == 2);
	CHECK_EQ(ne2k_pci_setup(&cfg, &io, &irq), 0);
	CHECK_EQ(io, 0xC000);
	CHECK_EQ(irq, 11);
	CHECK_EQ(fns[2].regs[1] & 0xFFFF, LV_PCI_CMD_IO);
}

UNIT_TEST(pci_ne2k_refused)
{
	unsigned io = 7, irq = 7;
	bus_with_card(0xFEB00000u, 11); /* a memory BAR */
	CHECK_EQ(ne2k_pci_setup(&cfg, &io, &irq), -ERR_NODEV);
	bus_with_card(0xC001u, 0xFF); /* no interrupt line */
	CHECK_EQ(ne2k_pci_setup(&cfg, &io, &irq), -ERR_NODEV);
	CHECK_EQ(fns[2].regs[1] & 0xFFFF, 0); /* untouched */
	nfns = 1;			      /* no card */
	CHECK_EQ(ne2k_pci_setup(&cfg, &io, &irq), -ERR_NODEV);
	CHECK(io == 7 && irq == 7);
}
