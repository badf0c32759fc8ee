/* The NE2000 module's driver loop: the driver port protocol of
 * lavender/netdrv_proto.h with the rules of libipc/netdrv.c (sessions per
 * EtherType, 2 per client of 8, CLOSE only by the opener, STOP only by
 * init, the installer or a nucleus-right holder), on the module process's
 * own port, with kernel buffers. The IRQ arrives there as LV_OP_IRQ from
 * sender 0 (kirq). The kernel is not preemptible, so the work per wake-up
 * is bounded: one request, or at most NE2K_FRAME_BUDGET received frames
 * (each read from the chip and sent without waiting to at most 8 sessions)
 * and NE2K_INTR_ROUNDS interrupt rounds; more is left for a NE2K_MORE
 * message the thread posts to itself, behind the requests already queued,
 * while the line stays masked. So a busy NIC cannot hold the processor. */
#include "ne2k.h"

#define NE2K_FRAME_BUDGET 16
#define NE2K_INTR_ROUNDS 4
#define NE2K_MORE 0x4E4B0001u /* from the module's own process only */

static lv_msg_t req;		 /* requests: room for the largest message */
static lv_msg_t frame;		 /* frames pushed to the receivers */
static int stopping, stop_reply; /* a permitted STOP came (and its reply) */

static int wants(const ne2k_session_t *ss, uint16_t type)
{
	if (!ss->ntypes)
		return 1;
	for (uint32_t i = 0; i < ss->ntypes; i++)
		if (ss->types[i] == type)
			return 1;
	return 0;
}

static void session_end(ne2k_session_t *ss, int tell)
{
	if (tell) {
		lv_msg_header_t gone = {.op = LV_NETDRV_GONE};
		kipc_send(ss->receiver, &gone, LV_NO_WAIT);
	}
	kipc_handle_close(ss->receiver);
	memset(ss, 0, sizeof(*ss));
}

int ne2k_end_sessions(int tell)
{
	int n = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		if (ne2k.sessions[k].receiver) {
			session_end(&ne2k.sessions[k], tell);
			n++;
		}
	}
	return n;
}

/* Pushes the n-byte frame to every session that takes its EtherType; 1 if
 * one did. A receiver whose port died ends its session. */
static int fan_out(int n)
{
	uint16_t type = (uint16_t)(frame.payload[12] << 8 | frame.payload[13]);
	int taken = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		ne2k_session_t *ss = &ne2k.sessions[k];
		if (!ss->receiver || !wants(ss, type))
			continue;
		frame.h = (lv_msg_header_t){.op = LV_NETDRV_FRAME,
					    .size = (uint32_t)n};
		int rc = kipc_send(ss->receiver, &frame.h, LV_NO_WAIT);
		taken |= rc == 0;
		if (rc == -ERR_DEADPORT)
			session_end(ss, 0);
	}
	return taken;
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
			ne2k.stats.frames_in++;
			ne2k.stats.bytes_in += (uint32_t)n;
			if (n < (int)LV_NETDRV_FRAME_MIN || !fan_out(n))
				ne2k.stats.dropped++;
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

static int op_transmit(void)
{
	uint32_t len = req.h.size;
	req.h.size = 0;
	if (len < LV_NETDRV_FRAME_MIN || len > LV_NETDRV_FRAME_MAX)
		return -ERR_INVAL;
	int rc = dp8390_send(&ne2k.chip, req.payload, len);
	if (rc == 0) {
		ne2k.stats.frames_out++;
		ne2k.stats.bytes_out += len;
	}
	return rc;
}

static int op_open(void)
{
	msg_netdrv_open_t o = {0};
	uint32_t size = req.h.size;
	req.h.size = 0;
	if (req.h.right <= 0)
		return -ERR_INVAL;
	if (size) {
		if (size != sizeof(o))
			return -ERR_INVAL;
		memcpy(&o, req.payload, sizeof(o));
		if (o.ntypes > LV_NETDRV_TYPES_MAX)
			return -ERR_INVAL;
	}
	int mine = 0;
	ne2k_session_t *free = NULL;
	for (int k = LV_NETDRV_SESSIONS_MAX - 1; k >= 0; k--) {
		ne2k_session_t *ss = &ne2k.sessions[k];
		mine += ss->receiver && ss->opener == req.h.sender;
		free = ss->receiver ? free : ss;
	}
	if (mine >= LV_NETDRV_SESSIONS_PER_CLIENT || !free)
		return -ERR_NOSPC; /* one client may not take the table */
	free->receiver = req.h.right;
	req.h.right = 0; /* kept */
	free->opener = req.h.sender;
	free->ntypes = o.ntypes;
	memcpy(free->types, o.types, sizeof(free->types));
	return (int)(free - ne2k.sessions) + 1;
}

static int op_close(void)
{
	uint32_t size = req.h.size;
	req.h.size = 0;
	if (size == sizeof(msg_netdrv_close_t)) {
		msg_netdrv_close_t c;
		memcpy(&c, req.payload, sizeof(c));
		if (c.session < 1 || c.session > LV_NETDRV_SESSIONS_MAX ||
		    !ne2k.sessions[c.session - 1].receiver)
			return -ERR_NOENT;
		if (ne2k.sessions[c.session - 1].opener != req.h.sender)
			return -ERR_PERM;
		session_end(&ne2k.sessions[c.session - 1], 0);
		return 0;
	}
	int ended = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		ne2k_session_t *ss = &ne2k.sessions[k];
		if (ss->receiver && ss->opener == req.h.sender) {
			session_end(ss, 0);
			ended++;
		}
	}
	return ended ? 0 : -ERR_NOENT;
}

/* One request in req: its status (the reply's op); req.h.size is set to
 * the reply's payload. */
static int dispatch(void)
{
	switch (req.h.op) {
	case LV_NETDRV_TRANSMIT: return op_transmit();
	case LV_NETDRV_OPEN: return op_open();
	case LV_NETDRV_CLOSE: return op_close();
	case LV_NETDRV_GET_MAC:
		memcpy(req.payload, ne2k.chip.mac, 6);
		req.h.size = 6; /* what clients ask for */
		return 0;
	case LV_NETDRV_STATS:
		ne2k.stats.rx_errors = ne2k.chip.err.rx_errors;
		ne2k.stats.tx_errors = ne2k.chip.err.tx_errors;
		ne2k.stats.overruns = ne2k.chip.err.overruns;
		memcpy(req.payload, &ne2k.stats, sizeof(ne2k.stats));
		req.h.size = sizeof(ne2k.stats);
		return 0;
	case LV_NETDRV_LINK: /* the DP8390 cannot tell: up while it runs */
		req.h.size = 0;
		return 1;
	case LV_NETDRV_STOP:
		req.h.size = 0;
		if (!kproc_may_control(req.h.sender))
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
	service(); /* what arrived before the loop */
	for (;;) {
		int rc = kipc_reply_receive(reply, KPROC_PORT, &req.h,
					    sizeof(req), LV_WAIT_FOREVER);
		reply = 0;
		if (rc < 0)
			continue; /* a caller that gave up: serve the next */
		if ((req.h.sender == 0 && req.h.op == LV_OP_IRQ) ||
		    (req.h.sender == self && req.h.op == NE2K_MORE)) {
			service();
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
	}
}
