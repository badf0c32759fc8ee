/* The NE2000 user-mode driver: "ne2k [io=0x300] [irq=9] [name=ne2kN]", or
 * "ne2k pci [name=ne2kN]": the I/O base and IRQ line then come from the first
 * RTL8029 on the PCI bus (printed as "ne2k: pci: card at io=0xN irq=N").
 * Needs the nucleus right (init's -n, or the shell's drv up through init's
 * control port). The name, when not
 * given, is the first ne2kN the name server does not know. Follows the add
 * steps, each logged as "NAME: add step N: ...": (1) take the I/O ports,
 * (2) take the IRQ line, (3) reset the chip and read its station address,
 * (4) initialise and start it, (5) register NAME (type "driver") with the
 * name server. Then serves the driver protocol (lavender/netdrv.h) until a
 * STOP request, and runs the remove steps, each logged as "NAME: remove step
 * N: ...": (1) end the open session (the receiver is told), (2) delete the
 * name, (3) detach the IRQ, (4) the kernel has taken it out of its interrupt
 * table, (5) stop the chip, (6) exit: the kernel frees the ports. Exits 0
 * then; 1 when an add step fails, giving back what it took (ports and IRQ
 * taken by another driver are reported as such). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/portio.h>
#include <lavender/syscall.h>
#include "ne2k/dp8390.h"
#include "ne2k/pci.h"
#include "ne2k/pure_pci.h"
#include "ne2k/pure_args.h"
#include "../../user/lib/usage.h"

#define NE2K_PORTS 32u
#define NE2K_UNITS 8 /* ne2k0..ne2k7 */

static dp8390_t chip;
static lv_netdrv_t drv;

static uint8_t io_inb(void *ctx, uint16_t port)
{
	(void)ctx;
	return lv_inb(port);
}

static void io_outb(void *ctx, uint16_t port, uint8_t v)
{
	(void)ctx;
	lv_outb(port, v);
}

static uint16_t io_inw(void *ctx, uint16_t port)
{
	(void)ctx;
	return lv_inw(port);
}

static void io_outw(void *ctx, uint16_t port, uint16_t v)
{
	(void)ctx;
	lv_outw(port, v);
}

/* An ISA port read takes about a microsecond: read the chip's ISR. */
static void io_udelay(void *ctx, unsigned us)
{
	(void)ctx;
	for (unsigned i = 0; i < us; i++)
		(void)lv_inb((uint16_t)(chip.io + 0x07));
}

static const dp8390_ops_t port_ops = {io_inb, io_outb, io_inw, io_outw,
				      io_udelay};

static int ne2k_send(void *dev, const void *frame, size_t len)
{
	return dp8390_send(dev, frame, len);
}

static int ne2k_recv(void *dev, void *buf, size_t max)
{
	return dp8390_recv(dev, buf, max);
}

static int ne2k_intr(void *dev) { return dp8390_intr(dev); }

static void ne2k_errors(void *dev, lv_netdrv_stats_t *out)
{
	const dp8390_t *d = dev;
	out->rx_errors = d->err.rx_errors;
	out->tx_errors = d->err.tx_errors;
	out->overruns = d->err.overruns;
}

static unsigned nic_io, nic_irq;
static int nic_pci;

/* The hand-over's PREPARE: the chip stopped, the line and the ports (the
 * PCI configuration ports too) given back while the process lives on. */
static int ne2k_release(void *dev, msg_netdrv_prepared_t *out)
{
	dp8390_t *d = dev;
	dp8390_stop(d);
	lv_irq_detach(nic_irq);
	int rc = lv_ioport_release(nic_io, NE2K_PORTS);
	if (nic_pci)
		lv_ioport_release(PCI_CFG_ADDR, PCI_CFG_PORTS);
	memset(out, 0, sizeof(*out));
	out->io = nic_io;
	out->irq = nic_irq;
	out->pci = (uint8_t)nic_pci;
	memcpy(out->mac, d->mac, 6);
	return rc;
}

/* The DP8390 cannot tell the link state: reported up while it runs. */
static const lv_netdrv_ops_t ne2k_ops = {ne2k_send,   ne2k_recv, ne2k_intr,
					 ne2k_errors, NULL,	 ne2k_release};

static int fail(const char *name, int step, const char *what, int rc)
{
	printf("%s: add step %d failed: %s: %s\n", name, step, what,
	       lv_strerror(rc));
	return 1;
}

/* The first ne2kN the name server does not know, into buf. */
static const char *free_name(char *buf, size_t size)
{
	for (int i = 0; i < NE2K_UNITS; i++) {
		snprintf(buf, size, "ne2k%d", i);
		int h = lv_ns_lookup(buf, NULL);
		if (h < 0)
			return buf;
		lv_handle_close(h);
	}
	return buf;
}

/* The remove steps, after a STOP request or when the loop failed. */
static int remove_steps(const char *name, unsigned io, unsigned irq)
{
	int n = lv_netdrv_end_sessions(&drv);
	printf("%s: remove step 1: %d session%s ended (receiver told)\n", name,
	       n, n == 1 ? "" : "s");
	int rc = lv_ns_delete(name);
	printf("%s: remove step 2: name deleted: %s\n", name, lv_strerror(rc));
	if (drv.prepared) { /* a failed swap: the NIC was given back */
		printf("%s: remove steps 3-5: IRQ, ports and chip given back "
		       "already (hand-over step 1)\n",
		       name);
	} else {
		rc = lv_irq_detach(irq);
		printf("%s: remove step 3: kernel told (irq_detach %u: %s)\n",
		       name, irq, lv_strerror(rc));
		printf("%s: remove step 4: IRQ %u out of the kernel's "
		       "interrupt table\n",
		       name, irq);
		dp8390_stop(&chip);
		printf("%s: remove step 5: chip stopped, interrupts masked\n",
		       name);
	}
	lv_netdrv_reply_stop(&drv);
	printf("%s: remove step 6: exiting: the kernel frees ports 0x%x-0x%x "
	       "and revokes I/O rights\n",
	       name, io, io + NE2K_PORTS - 1);
	fflush(stdout);
	return 0;
}

static const usage_t usage = {
    "ne2k", "[io=0x300] [irq=9] [name=ne2kN] | ne2k pci [name=ne2kN]",
    "The NE2000 driver (ISA, or the PCI RTL8029 with pci); needs the nucleus\n"
    "right: start it with the shell's drv up ne2k ARGS (drv down ends it).",
    NULL};

int main(int argc, char **argv)
{
	ne2k_args_t args;
	char namebuf[LV_NS_NAME_MAX], why[128];
	if (ne2k_args_parse(argc, argv, &args, why, sizeof(why)) < 0)
		usage_error(&usage, "%s", why);
	if (args.help) {
		usage_show(&usage);
		return 0;
	}
	unsigned io = args.io, irq = args.irq;
	const char *name = args.name;
	int pci = args.pci;
	if (pci) {
		int rc = ne2k_pci_find(&io, &irq);
		if (rc < 0) {
			printf("ne2k: pci: no card: %s\n", lv_strerror(rc));
			return 1;
		}
		printf("ne2k: pci: card at io=0x%x irq=%u\n", io, irq);
	}
	if (!name)
		name = free_name(namebuf, sizeof(namebuf));
	int rc = lv_ioport_grant(io, NE2K_PORTS);
	char holder[160];
	if (rc == -ERR_BUSY &&
	    lv_netdrv_holder(io, "user", holder, sizeof(holder)) == 0) {
		printf("ne2k: io 0x%x: %s\n", io, holder);
		return 1;
	}
	if (rc == -ERR_BUSY) {
		printf("ne2k: io 0x%x: ports 0x%x-0x%x overlap ports another "
		       "process holds (no driver's: COM1 is at 0x3f8)\n",
		       io, io, io + NE2K_PORTS - 1);
		return 1;
	}
	if (rc == -ERR_PERM) {
		printf(
		    "ne2k: no right to I/O ports: a driver needs the nucleus "
		    "right; start it with drv up ne2k [ARGS]\n");
		return 1;
	}
	if (rc < 0)
		return fail(name, 1, "I/O ports", rc);
	printf("%s: add step 1: I/O ports 0x%x-0x%x granted\n", name, io,
	       io + NE2K_PORTS - 1);
	drv.port = lv_port_create();
	if (drv.port < 0)
		return fail(name, 2, "port", drv.port);
	rc = lv_irq_attach(irq, drv.port);
	if (rc == -ERR_BUSY) {
		printf("ne2k: irq %u taken\n", irq);
		return 1;
	}
	if (rc < 0)
		return fail(name, 2, "IRQ", rc);
	printf("%s: add step 2: IRQ %u routed to the driver port\n", name, irq);
	chip = (dp8390_t){.ops = &port_ops, .io = (uint16_t)io};
	rc = dp8390_probe(&chip);
	if (rc < 0) {
		lv_irq_detach(irq);
		printf("%s: add step 3 failed: no DP8390 answers at io 0x%x: "
		       "is an ISA card there (io=), or a PCI one (pci)?\n",
		       name, io);
		return 1;
	}
	char mac[18];
	lv_netdrv_mac_str(chip.mac, mac);
	printf("%s: add step 3: chip reset, MAC %s\n", name, mac);
	dp8390_start(&chip);
	printf("%s: add step 4: chip started (ring 0x46-0x80, broadcast, "
	       "interrupts on)\n",
	       name);
	char attrs[LV_NS_ATTR_MAX];
	snprintf(attrs, sizeof(attrs), "io=0x%x irq=%u mac=%s", io, irq, mac);
	rc = args.handover
		 ? lv_netdrv_take_over(&drv, name, LV_NETDRV_TYPE, attrs)
		 : lv_ns_register(name, LV_NETDRV_TYPE, attrs, drv.port);
	if (rc < 0) {
		dp8390_stop(&chip);
		lv_irq_detach(irq);
		return fail(name, 5,
			    args.handover ? "hand-over" : "name server", rc);
	}
	printf("%s: add step 5: %s (%s)\n", name,
	       args.handover ? "taken over" : "registered", attrs);
	nic_io = io;
	nic_irq = irq;
	nic_pci = pci;
	drv.name = name;
	drv.ops = &ne2k_ops;
	drv.dev = &chip;
	drv.irq = irq;
	memcpy(drv.mac, chip.mac, 6);
	rc = lv_netdrv_serve(&drv);
	if (rc < 0)
		printf("%s: stopped: %s\n", name, lv_strerror(rc));
	if (drv.handed) {
		printf("%s: hand-over step 4: exiting\n", name);
		return 0;
	}
	remove_steps(name, io, irq);
	return rc < 0 ? 1 : 0;
}
