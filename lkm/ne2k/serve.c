/* The NE2000 module's driver loop: the driver port protocol of
 * lavender/netdrv_proto.h on the module process's own port, with kernel
 * buffers. Its rules (sessions per EtherType, 2 per client of 8, CLOSE
 * only by the opener, the statistics, who may STOP, the sessions for
 * protocol servers registered in the name server) are
 * libipc/pure_netdrv_sessions.c's, the user-mode driver's own. The IRQ
 * arrives as LV_OP_IRQ from sender 0 (kirq); the name server's events about
 * protocol servers come there too, told from clients' requests by their
 * sender (the name server's pid, as its reply to SUBSCRIBE gave it). The
 * kernel is not preemptible, so the work per wake-up is
 * bounded: one request or event, or at most NE2K_FRAME_BUDGET received
 * frames (each sent without waiting to at most 8 sessions) and
 * NE2K_INTR_ROUNDS interrupt rounds; more is left for a NE2K_MORE message
 * the thread posts to itself, behind the requests already queued, while
 * the line stays masked. So a busy NIC cannot hold the processor. Before
 * each receive the sessions' processes go to the kernel (kmodule_users):
 * the module's reference count, which rmmod respects. */
#include "lavender/kns.h"
#include "ne2k.h"

#define NE2K_FRAME_BUDGET 16
#define NE2K_INTR_ROUNDS 4
#define NE2K_MORE 0x4E4B0001u /* from the module's own process only */

static lv_msg_t req;		 /* requests: room for the largest message */
static lv_msg_t frame;		 /* frames pushed to the receivers */
static int stopping, stop_reply; /* a permitted STOP came (and its reply) */
static int handed;		 /* HANDED came: the name passed on */

static int io_send(int handle, lv_msg_header_t *msg)
{
	return kipc_send(handle, msg, LV_NO_WAIT);
}

static int chip_send(void *dev, const void *f, size_t len)
{
	return dp8390_send(dev, f, len);
}

static int io_has_net(int pid) { return kproc_has_right(pid, LV_PRIV_NET); }

static void io_refused(int pid, uint16_t type, const char *entry)
{
	if (entry)
		kprintf(NETDRV_REFUSED_ENTRY, ne2k.name, entry, pid,
			(unsigned)type, netdrv_type_name(type));
	else
		kprintf(NETDRV_REFUSED_OPEN, ne2k.name, pid, (unsigned)type,
			netdrv_type_name(type));
}

static const netdrv_io_t io = {io_send, kipc_handle_close, kns_lookup,
			       io_has_net, io_refused};
static const netdrv_table_t table = {&io, ne2k.sessions, &ne2k.stats};

/* Tells the kernel the sessions' processes when they changed: the
 * module's reference count (rmmod refuses while there are any). */
static void sync_users(void)
{
	static int told[LV_NETDRV_SESSIONS_MAX], ntold = -1;
	int pids[LV_NETDRV_SESSIONS_MAX];
	int n = netdrv_users(&table, pids);
	if (n == ntold && memcmp(pids, told, (size_t)n * sizeof(int)) == 0)
		return;
	if (kmodule_users(pids, (unsigned)n) == 0) {
		memcpy(told, pids, (size_t)n * sizeof(int));
		ntold = n;
	}
}

int ne2k_end_sessions(void)
{
	int n = netdrv_end_all(&table, 1);
	sync_users();
	return n;
}

/* Drains the chip within the budget; unmasks the line when done, else
 * posts NE2K_MORE to itself (the line stays masked). */
static void service(void)
{
	int frames = 0, n;
	for (int round = 0; round < NE2K_INTR_ROUNDS; round++) {
		while (frames < NE2K_FRAME_BUDGET &&
		       (n = dp8390_recv(&ne2k.chip, frame.payload,
					LV_NETDRV_FRAME_MAX)) > 0) {
			frames++;
			netdrv_deliver(&table, &frame, n);
		}
		if (frames >= NE2K_FRAME_BUDGET)
			break;
		if (dp8390_intr(&ne2k.chip) <= 0) {
			kirq_unmask(ne2k.irq);
			return;
		}
	}
	lv_msg_header_t more = {.op = NE2K_MORE};
	if (kipc_send(KPROC_PORT, &more, LV_NO_WAIT) < 0)
		kirq_unmask(ne2k.irq); /* queue full: the next IRQ goes on */
}

static void logged(int rc, const lv_ns_entry_t *e)
{
	if (rc > 0)
		kprintf("%s: session for protocol server %.31s (%.63s)\n",
			ne2k.name, e->name, e->attrs);
}

/* The paper's add step (4), as libipc/netdrv_registry.c takes it: the
 * events first (to the module's own port, from the name server's pid),
 * then the entries registered now. Without a name server sessions come by
 * OPEN only. First the watch for a restarted name server (ns_restarted). */
static void registry_start(void)
{
	ksysport_watch(LV_SYSPORT_NS, KPROC_PORT, 0);
	if (kns_subscribe(LV_NETPROTO_TYPE, KPROC_PORT, &ne2k.ns_pid) < 0 ||
	    ne2k.ns_pid <= 0) {
		ne2k.ns_pid = 0;
		return;
	}
	int n = kns_list(LV_NETPROTO_TYPE, &frame);
	/* frame is free until the first IRQ is serviced: copy each entry */
	msg_ns_list_reply_t *r = (msg_ns_list_reply_t *)frame.payload;
	for (int i = 0; i < n; i++) {
		lv_ns_entry_t e = r->entries[i];
		logged(netdrv_ns_entry(&table, &e), &e);
	}
}

/* LV_OP_SYSPORT_SET: init restarted the name server, whose table starts
 * empty: the name registered again (the entry the module had) and the
 * subscription renewed, as libipc/ns_keep.c does for user-mode drivers.
 * After a hand-over began the name is the heir's: not taken back. */
static void ns_restarted(void)
{
	int rc = ne2k.prepared ? 0
			       : kns_register(ne2k.name, LV_NETDRV_TYPE,
					      ne2k.attrs, KPROC_PORT);
	if (rc < 0)
		kprintf("%s: name server restarted: register again failed: "
			"%s\n",
			ne2k.name, err_str(rc));
	else
		kprintf("%s: name server restarted: registered again\n",
			ne2k.name);
	registry_start();
}

/* A name-server event: from the name server it subscribed with only. */
static int is_event(void)
{
	return ne2k.ns_pid && req.h.sender == ne2k.ns_pid &&
	       (req.h.op == LV_NS_EVENT_REGISTER ||
		req.h.op == LV_NS_EVENT_MODIFY ||
		req.h.op == LV_NS_EVENT_DELETE);
}

static int prepare(void)
{
	if (!kproc_may_control(req.h.sender))
		return -ERR_PERM;
	if (!ne2k.prepared) {
		int rc = ne2k_release();
		if (rc < 0)
			return rc;
		ne2k.prepared = 1;
		kprintf("%s: hand-over step 1: chip stopped, IRQ %u and I/O "
			"ports 0x%x-0x%x given back\n",
			ne2k.name, ne2k.irq, ne2k.io, ne2k.io + 31);
	}
	msg_netdrv_prepared_t *p = (msg_netdrv_prepared_t *)req.payload;
	memset(p, 0, sizeof(*p));
	p->io = ne2k.io;
	p->irq = ne2k.irq;
	p->pci = (uint8_t)ne2k.pci;
	memcpy(p->mac, ne2k.chip.mac, 6);
	req.h.size = sizeof(*p);
	return 0;
}

static int handover(void)
{
	int sender = req.h.sender;
	if (!netdrv_may_take_over(sender, kproc_pid(),
				  kproc_may_control(sender)))
		return -ERR_PERM;
	if (!ne2k.prepared)
		return -ERR_AGAIN;
	if (ne2k.heir)
		return -ERR_BUSY;
	if (req.h.right <= 0 || kipc_handle_info(req.h.right) != LV_RIGHT_SEND)
		return -ERR_INVAL;
	int rc = kns_handover(ne2k.name, sender);
	if (rc < 0)
		return rc;
	ne2k.heir = sender;
	ne2k.next = req.h.right;
	req.h.right = 0; /* kept for MOVED */
	kprintf("%s: hand-over step 2: name promised to pid %d\n", ne2k.name,
		sender);
	return 0;
}

static int handed_over(void)
{
	if (!ne2k.heir || (int)req.h.sender != ne2k.heir)
		return -ERR_PERM;
	int n = netdrv_move_all(&table, ne2k.next);
	sync_users();
	kprintf("%s: hand-over step 3: name taken by pid %d, %d session%s "
		"moved\n",
		ne2k.name, ne2k.heir, n, n == 1 ? "" : "s");
	kipc_handle_close(ne2k.next);
	ne2k.next = 0;
	handed = 1;
	return n;
}

/* One request in req: its status (the reply's op); req.h.size is set to
 * the reply's payload. */
static int dispatch(void)
{
	if (ne2k.prepared &&
	    (req.h.op == LV_NETDRV_TRANSMIT || req.h.op == LV_NETDRV_OPEN)) {
		req.h.size = 0;
		return -ERR_AGAIN; /* the hand-over's gap */
	}
	switch (req.h.op) {
	case LV_NETDRV_PREPARE: req.h.size = 0; return prepare();
	case LV_NETDRV_HANDOVER: req.h.size = 0; return handover();
	case LV_NETDRV_HANDED: req.h.size = 0; return handed_over();
	case LV_NETDRV_TRANSMIT:
		return netdrv_transmit(&table, &req, chip_send, &ne2k.chip);
	case LV_NETDRV_OPEN: return netdrv_open(&table, &req);
	case LV_NETDRV_CLOSE: return netdrv_close(&table, &req);
	case LV_NETDRV_GET_MAC: return netdrv_get_mac(&req, ne2k.chip.mac);
	case LV_NETDRV_STATS:
		ne2k.stats.rx_errors = ne2k.chip.err.rx_errors;
		ne2k.stats.tx_errors = ne2k.chip.err.tx_errors;
		ne2k.stats.overruns = ne2k.chip.err.overruns;
		return netdrv_get_stats(&table, &req);
	case LV_NETDRV_LINK: /* the DP8390 cannot tell: up while it runs */
		req.h.size = 0;
		return 1;
	case LV_NETDRV_STOP:
		req.h.size = 0;
		/* a kernel-side process has no parent; kproc_may_control
		 * knows the installer and the nucleus right */
		if (!netdrv_may_stop(req.h.sender, kproc_pid(), 0,
				     kproc_may_control(req.h.sender)))
			return -ERR_PERM;
		stopping = 1;
		stop_reply = req.h.reply;
		return 0;
	}
	req.h.size = 0;
	return -ERR_NOSYS;
}

int ne2k_serve(void)
{
	int reply = 0, self = kproc_pid();
	registry_start();
	service(); /* what arrived before the loop */
	for (;;) {
		sync_users(); /* what the last message changed */
		int rc = kipc_reply_receive(reply, KPROC_PORT, &req.h,
					    sizeof(req), LV_WAIT_FOREVER);
		reply = 0;
		if (rc < 0)
			continue; /* a caller that gave up: serve the next */
		if ((req.h.sender == 0 && req.h.op == LV_OP_IRQ) ||
		    (req.h.sender == self && req.h.op == NE2K_MORE)) {
			if (!ne2k.prepared) /* the chip is the next driver's */
				service();
			continue;
		}
		if (req.h.sender == 0 && req.h.op == LV_OP_SYSPORT_SET) {
			ns_restarted();
			continue;
		}
		if (is_event()) {
			if (req.h.right > 0)
				kipc_handle_close(req.h.right);
			logged(netdrv_ns_event(&table, &req),
			       (const lv_ns_entry_t *)req.payload);
			continue;
		}
		if (req.h.sender == 0)
			continue; /* no other kernel notice is asked for */
		int status = dispatch();
		if (req.h.right > 0) /* a right the request did not keep */
			kipc_handle_close(req.h.right);
		if (stopping)
			return stop_reply; /* answered by the remove steps */
		reply = req.h.reply;
		req.h = (lv_msg_header_t){.op = (uint32_t)status,
					  .size = req.h.size};
		if (handed) {
			kipc_reply(reply, &req.h);
			return NE2K_HANDED;
		}
	}
}
