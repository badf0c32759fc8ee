/* The NE2000 (ISA or PCI) as a loadable module: "insmod ne2k.ko
 * [io=0x300] [irq=9] [name=ne2kN]" or "insmod ne2k.ko pci=1 [name=ne2kN]"
 * (the first RTL8029 on the PCI bus, as the user-mode driver's "ne2k pci"
 * finds it, printed as "ne2k: pci: card at io=0xN irq=N"). init checks the
 * parameters, finds the card (pci) and takes the add steps a device can
 * fail, so their error is insmod's (nothing loaded): the I/O ports claimed
 * in the kernel's table of holders, the one user-mode drivers' grants are
 * in (another driver's ports: -ERR_BUSY), the IRQ line claimed in the
 * kernel (kirq_claim), the chip reset and its station address read
 * (-ERR_NODEV: no card). Then it starts the module's thread, which follows
 * the user-mode driver's add steps, each logged as "NAME: add step N:
 * ...": (1) the I/O ports, (2) the IRQ line, (3) the chip reset (those
 * three init's), (4) the chip initialised and started, (5) NAME registered
 * (type "driver") with the name server, owned by the module's process; then
 * sessions for the protocol servers registered in the name server (the paper's
 * add step (4), serve.c). It then serves the driver protocol (serve.c) until a
 * STOP from init, the installer or a nucleus-right holder, and runs the remove
 * steps "NAME: remove step N: ...": (1) sessions ended (receivers told), (2)
 * name deleted, (3) kernel told (kirq_release), (4) the line out of the
 * kernel's interrupt table, (5) chip stopped, (6) the thread returns: the
 * module's process ends (its ports die) and the module is dead until removed. A
 * failing add step gives back what it took and ends the thread the same way. */
#include "lavender/kns.h"
#include "lavender/module.h"
#include "../../drivers/ne2k/pure_args.h"
#include "../../drivers/ne2k/pure_pci.h"
#include "ne2k.h"

#define NE2K_PORTS 32u
#define NE2K_UNITS 8 /* ne2k0..ne2k7 */

static int io = NE2K_IO_DEFAULT;
static int irq = NE2K_IRQ_DEFAULT;
static char name[NE2K_NAME_MAX + 1]; /* the user-mode driver's limit */
static _Bool pci;
static _Bool handover;
/* modinfo shows the descriptions: the defaults are stated there */
_Static_assert(NE2K_IO_DEFAULT == 0x300 && NE2K_IRQ_DEFAULT == 9,
	       "the defaults io and irq's descriptions state");
LV_MODULE_PARAM(io, int,
		"I/O base: 0x200-0x3e0 in steps of 0x20 (default 0x300)");
LV_MODULE_PARAM(irq, int, "ISA IRQ line: 3-15 (default 9)");
LV_MODULE_PARAM(pci, bool, "take io and irq from the PCI RTL8029 instead");
LV_MODULE_PARAM(name, string, "name to register (default: first free ne2kN)");
LV_MODULE_PARAM(handover, bool,
		"take name over from the driver init prepared (a swap)");

ne2k_t ne2k;

static uint8_t io_inb(void *ctx, uint16_t port)
{
	(void)ctx;
	return nu_inb(port);
}

static void io_outb(void *ctx, uint16_t port, uint8_t v)
{
	(void)ctx;
	nu_outb(port, v);
}

static uint16_t io_inw(void *ctx, uint16_t port)
{
	(void)ctx;
	return nu_inw(port);
}

static void io_outw(void *ctx, uint16_t port, uint16_t v)
{
	(void)ctx;
	nu_outw(port, v);
}

/* An ISA port read takes about a microsecond: read the chip's ISR. */
static void io_udelay(void *ctx, unsigned us)
{
	(void)ctx;
	for (unsigned i = 0; i < us; i++)
		(void)nu_inb((uint16_t)(ne2k.io + 0x07));
}

static const dp8390_ops_t port_ops = {io_inb, io_outb, io_inw, io_outw,
				      io_udelay};

static void mac_str(const uint8_t m[6], char out[18])
{
	fmt_snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		     m[3], m[4], m[5]);
}

/* The name: the parameter, or the first ne2kN the name server lacks. */
static void choose_name(void)
{
	if (name[0]) {
		/* fits: NE2K_NAME_MAX is below an entry name's */
		(void)kns_copy(ne2k.name, name, sizeof(ne2k.name));
		return;
	}
	for (int i = 0; i < NE2K_UNITS; i++) {
		fmt_snprintf(ne2k.name, sizeof(ne2k.name), "ne2k%d", i);
		if (kns_known(ne2k.name) <= 0)
			return;
	}
}

static int fail(int step, const char *what, int rc)
{
	kprintf("%s: add step %d failed: %s: %s\n", ne2k.name, step, what,
		err_str(rc));
	return rc;
}

/* One call of op to the driver at handle old (a right, if right > 0,
 * made from it): the status. */
static int old_call(int old, uint32_t op, int right)
{
	lv_msg_header_t m = {.op = op};
	if (right > 0) {
		m.right = right;
		m.right_mode = LV_RIGHT_MAKE_SEND;
	}
	int rc = kipc_call(old, &m, sizeof(m), KNS_TIMEOUT);
	return rc < 0 ? rc : (int)m.op;
}

/* Add step (5) of a swap (lavender/netdrv_proto.h): HANDOVER to the driver
 * registered as the name, the register that takes the entry, HANDED. */
static int take_over(const char *attrs)
{
	int old = kns_lookup(ne2k.name);
	if (old < 0)
		return old;
	int rc = old_call(old, LV_NETDRV_HANDOVER, KPROC_PORT);
	if (rc == 0)
		rc = kns_register(ne2k.name, LV_NETDRV_TYPE, attrs, KPROC_PORT);
	if (rc == 0)
		rc = old_call(old, LV_NETDRV_HANDED, 0);
	kipc_handle_close(old);
	return rc < 0 ? rc : 0;
}

int ne2k_release(void)
{
	dp8390_stop(&ne2k.chip);
	ne2k.started = 0;
	kirq_release(ne2k.irq);
	return kio_release(ne2k.io, NE2K_PORTS);
}

/* Add steps (1)-(3), the ones a missing or busy device fails, in init:
 * its error is then insmod's (the kernel undoes the load, lkmd names the
 * reason). What a step took is given back when a later one fails. */
static int claim_device(void)
{
	int rc = kio_claim(ne2k.io, NE2K_PORTS);
	if (rc == -ERR_BUSY)
		kprintf("ne2k: io 0x%x: ports 0x%x-0x%x overlap ports another "
			"process holds (another driver, or COM1 at 0x3f8)\n",
			ne2k.io, ne2k.io, ne2k.io + NE2K_PORTS - 1);
	if (rc < 0)
		return rc;
	rc = kirq_claim(ne2k.irq, NULL, NULL);
	if (rc < 0) {
		kprintf("ne2k: add step 2 failed: IRQ %u %s\n", ne2k.irq,
			rc == -ERR_BUSY ? "taken by another driver or the "
					  "kernel: choose another irq="
					: "refused");
		kio_release(ne2k.io, NE2K_PORTS);
		return rc;
	}
	ne2k.chip = (dp8390_t){.ops = &port_ops, .io = (uint16_t)ne2k.io};
	rc = dp8390_probe(&ne2k.chip);
	if (rc < 0) {
		kprintf("ne2k: add step 3 failed: no DP8390 answers at io "
			"0x%x: is an ISA card there (io=), or a PCI one "
			"(pci)?\n",
			ne2k.io);
		kirq_release(ne2k.irq);
		kio_release(ne2k.io, NE2K_PORTS);
	}
	return rc;
}

/* The thread's add steps: (1)-(3) were init's (claim_device), logged
 * here under the name chosen; (4) and (5). */
static int add_steps(void)
{
	kprintf("%s: add step 1: I/O ports 0x%x-0x%x claimed in the "
		"kernel\n",
		ne2k.name, ne2k.io, ne2k.io + NE2K_PORTS - 1);
	kprintf("%s: add step 2: IRQ %u handled in the kernel, posted to the "
		"module's port\n",
		ne2k.name, ne2k.irq);
	char mac[18], *attrs = ne2k.attrs;
	mac_str(ne2k.chip.mac, mac);
	kprintf("%s: add step 3: chip reset, MAC %s\n", ne2k.name, mac);
	dp8390_start(&ne2k.chip);
	ne2k.started = 1;
	kprintf("%s: add step 4: chip started (ring 0x46-0x80, broadcast, "
		"interrupts on)\n",
		ne2k.name);
	fmt_snprintf(attrs, sizeof(ne2k.attrs), "io=0x%x irq=%u mac=%s",
		     ne2k.io, ne2k.irq, mac);
	int rc = handover ? take_over(attrs)
			  : kns_register(ne2k.name, LV_NETDRV_TYPE, attrs,
					 KPROC_PORT);
	if (rc < 0) {
		dp8390_stop(&ne2k.chip);
		ne2k.started = 0;
		kirq_release(ne2k.irq);
		return fail(5, handover ? "hand-over" : "name server", rc);
	}
	kprintf("%s: add step 5: %s (%s)\n", ne2k.name,
		handover ? "taken over" : "registered", attrs);
	return 0;
}

static void remove_steps(int stop_reply)
{
	int n = ne2k_end_sessions();
	kprintf("%s: remove step 1: %d session%s ended (receiver told)\n",
		ne2k.name, n, n == 1 ? "" : "s");
	int rc = kns_delete(ne2k.name);
	kprintf("%s: remove step 2: name deleted: %s\n", ne2k.name,
		err_str(rc));
	if (ne2k.prepared) { /* a failed swap: the NIC was given back */
		kprintf("%s: remove steps 3-5: IRQ, ports and chip given back "
			"already (hand-over step 1)\n",
			ne2k.name);
	} else {
		rc = kirq_release(ne2k.irq);
		kprintf("%s: remove step 3: kernel told (kirq_release %u: "
			"%s)\n",
			ne2k.name, ne2k.irq, err_str(rc));
		kprintf("%s: remove step 4: IRQ %u out of the kernel's "
			"interrupt table\n",
			ne2k.name, ne2k.irq);
		dp8390_stop(&ne2k.chip);
		ne2k.started = 0;
		kprintf("%s: remove step 5: chip stopped, interrupts masked\n",
			ne2k.name);
	}
	lv_msg_header_t done = {.op = 0};
	if (stop_reply)
		kipc_reply(stop_reply, &done);
	kprintf("%s: remove step 6: exiting: the module's process ends (its "
		"ports die); rmmod frees its memory\n",
		ne2k.name);
}

static void ne2k_main(void *arg)
{
	(void)arg;
	choose_name();
	int rc = add_steps();
	kmodule_started(rc); /* insmod's verdict (ne2k_init left it pending) */
	if (rc < 0)
		return;
	int stop_reply = ne2k_serve();
	if (stop_reply == NE2K_HANDED) {
		kprintf("%s: hand-over step 4: exiting: the module's process "
			"ends; init removes the module\n",
			ne2k.name);
		return;
	}
	remove_steps(stop_reply);
}

static uint32_t cfg_inl(uint16_t port) { return nu_inl(port); }

static void cfg_outl(uint16_t port, uint32_t v) { nu_outl(port, v); }

/* The card on the PCI bus, its configuration ports claimed for the scan
 * only (a user-mode driver's scan may take them later). */
static int pci_find(void)
{
	static const pci_cfg_t ports = {cfg_inl, cfg_outl};
	int rc = kio_claim(PCI_CFG_ADDR, PCI_CFG_PORTS);
	if (rc == 0) {
		rc = ne2k_pci_setup(&ports, &ne2k.io, &ne2k.irq);
		kio_release(PCI_CFG_ADDR, PCI_CFG_PORTS);
	}
	if (rc < 0)
		kprintf("ne2k: pci: no card: %s%s\n", err_str(rc),
			rc == -ERR_BUSY ? " (another driver holds the "
					  "configuration ports 0xcf8-0xcff)"
					: "");
	else
		kprintf("ne2k: pci: card at io=0x%x irq=%u\n", ne2k.io,
			ne2k.irq);
	return rc;
}

static int ne2k_init(void)
{
	memset(&ne2k, 0, sizeof(ne2k));
	if (name[0] && !ne2k_name_ok(name)) {
		kprintf("ne2k: name=%s: a name is 1..31 letters, digits, '_', "
			"'-' or '.'\n",
			name);
		return -ERR_INVAL;
	}
	if (handover && !name[0]) {
		kprintf("ne2k: handover=1 takes over a name: name= is "
			"needed\n");
		return -ERR_INVAL;
	}
	if (pci) {
		int rc = pci_find();
		if (rc < 0)
			return rc;
		ne2k.pci = 1;
	} else if (io < (int)NE2K_IO_MIN || io > (int)NE2K_IO_MAX ||
		   io % NE2K_IO_ALIGN || irq < (int)NE2K_IRQ_MIN ||
		   irq > (int)NE2K_IRQ_MAX) {
		kprintf("ne2k: io=0x%x irq=%d: io must be 0x200-0x3e0 in steps "
			"of 0x20, irq 3-15\n",
			io, irq);
		return -ERR_INVAL;
	} else {
		ne2k.io = (unsigned)io;
		ne2k.irq = (unsigned)irq;
	}
	/* The ports and the line are the module's until its process ends. */
	int rc = claim_device();
	/* the name server's add step (5) is the thread's: the loader waits
	 * for its verdict (kmodule_started) */
	if (rc == 0)
		rc = kmodule_start_pending();
	return rc < 0 ? rc : kthread_start(ne2k_main, NULL);
}

/* After STOP the chip is stopped already; otherwise (removed while it
 * served: its process was ended) stop it here. */
static void ne2k_exit(void)
{
	if (!ne2k.started)
		return;
	if (kmodule_exit_after_death()) {
		/* Its ports went with its process: another driver may drive
		 * the chip now. */
		kprintf("%s: removed after its process ended: chip left as "
			"it is\n",
			ne2k.name);
		return;
	}
	dp8390_stop(&ne2k.chip);
	kprintf("%s: removed without STOP: chip stopped\n", ne2k.name);
}

LV_MODULE(.name = "ne2k", .version = "1.0",
	  .description = "NE2000 (ISA or PCI) driver, drivers/ne2k/dp8390.c "
			 "in the kernel",
	  .init = ne2k_init, .exit = ne2k_exit);
