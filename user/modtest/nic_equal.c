/* "modtest ne2k_echo" and "modtest ne2k_pci": the NE2000 module (lkm/ne2k)
 * through the user-mode driver's checks. ne2k_echo runs with a second
 * node whose user-mode driver sends every frame back (nicecho): 50 rounds
 * of load, frames both ways, STOP and removal with the kernel's memory
 * back; a receiver whose queue is full makes the driver count drops; the
 * protocol servers registered in the name server get sessions the driver
 * opens by itself; and the kernel's one table of I/O-port holders keeps a
 * module and a user-mode driver off each other's ports, both ways.
 * ne2k_pci: the module finds QEMU's ne2k_pci, sends through it, and the
 * same claims hold for the card's ports and the configuration ports.
 * Both need the nucleus right too (init's -n): they start ne2k. */
#include <stdio.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "modtest.h"
#include "../lib/check.h"
#include "../lib/nicframe.h"

#define NE2K "/lib/modules/ne2k.ko"
#define ROUNDS 50
#define PER_ROUND 2	  /* frames each way a round */
#define TYPE_ECHO 0x88B7u /* the rounds' frames */
#define TYPE_FULL 0x88B8u /* to the receiver that never reads */
#define TYPE_MARK 0x88B9u /* behind them: all came back */
#define FULL_BATCHES 9	  /* of FULL_BATCH: more than a queue holds */
#define FULL_BATCH 8
#define FRAME_TICKS 300 /* for one frame back from the other node */
#define PEER_TRIES 50	/* probes until the other node answers */
#define PROBE_TICKS 20
#define CHILD_TICKS 3000
#define PROBE_SEQ 0xFFFFFFFFu

static modfile_t ne2k;
static lv_msg_t m;
static int rx; /* receive right: our sessions' frames */
static uint8_t mac[6];

static int rpc(int drv, uint32_t op, uint32_t size)
{
	m.h = (lv_msg_header_t){.op = op, .size = size};
	int rc = lv_msg_call(drv, &m.h, sizeof(m), 500);
	return rc < 0 ? rc : (int)m.h.op;
}

/* Broadcasts a 60-byte frame of type carrying seq. */
static int send_frame(int drv, unsigned type, uint32_t seq)
{
	memset(m.payload, 0xFF, 6);
	memcpy(m.payload + 6, mac, 6);
	m.payload[12] = (uint8_t)(type >> 8);
	m.payload[13] = (uint8_t)type;
	for (int i = 0; i < 4; i++)
		m.payload[14 + i] = (uint8_t)(seq >> (24 - 8 * i));
	for (int i = 18; i < 60; i++)
		m.payload[i] = (uint8_t)(seq + (uint32_t)i);
	return rpc(drv, LV_NETDRV_TRANSMIT, 60);
}

static uint32_t seq_of(const uint8_t *f)
{
	return (uint32_t)f[14] << 24 | (uint32_t)f[15] << 16 |
	       (uint32_t)f[16] << 8 | f[17];
}

/* The next frame on port within ticks: 0 (in m), or why not. */
static const char *next_frame(int port, unsigned ticks)
{
	for (;;) {
		int rc = lv_msg_receive(port, &m.h, sizeof(m), ticks);
		if (rc < 0)
			return check_why("no frame: %s", lv_strerror(rc));
		if (m.h.op == LV_NETDRV_FRAME && m.h.size >= 18)
			return NULL;
		if (m.h.op == LV_NETDRV_GONE)
			return "the driver went";
	}
}

/* Frames first..first+n-1 of type came back to rx, intact and in order
 * (frames of earlier rounds and probes skipped). */
static const char *came_back(unsigned type, uint32_t first, unsigned n)
{
	for (uint32_t want = first; want < first + n;) {
		const char *why = next_frame(rx, FRAME_TICKS);
		if (why)
			return check_why("frame %u: %s", want, why);
		uint32_t seq = seq_of(m.payload);
		if (seq == PROBE_SEQ || seq < want)
			continue;
		int ok = seq == want && m.h.size == 60 &&
			 memcmp(m.payload, mac, 6) == 0 &&
			 m.payload[12] == (uint8_t)(type >> 8) &&
			 m.payload[13] == (uint8_t)type;
		for (int i = 18; ok && i < 60; i++)
			ok = m.payload[i] == (uint8_t)(seq + (uint32_t)i);
		if (!ok)
			return check_why("frame %u came back as %u, %u bytes",
					 want, seq, m.h.size);
		want++;
	}
	return NULL;
}

/* Loads the module (param: one "key=value" or NULL) as ne2k0 and opens a
 * session on rx for type; *drv the driver's right. */
static const char *up(const char *param, unsigned type, int *drv, int *id,
		      int *pid)
{
	const char *why = modtest_load_with(&ne2k, param, "ne2k0", id, pid);
	if (why)
		return why;
	*drv = lv_ns_lookup("ne2k0", NULL);
	int rc = *drv < 0 ? *drv : rpc(*drv, LV_NETDRV_GET_MAC, 0);
	if (rc == 0) {
		memcpy(mac, m.payload, 6);
		rc = nicframe_open_session(*drv, rx, type);
	}
	return rc < 0 ? check_why("ne2k0: %s", lv_strerror(rc)) : NULL;
}

/* STOP, the name gone, the GONE our sessions got drained, removed. */
static const char *down(int drv, int id, int pid)
{
	lv_ns_entry_t e;
	int rc = rpc(drv, LV_NETDRV_STOP, 0);
	lv_handle_close(drv);
	if (rc != 0)
		return check_why("STOP: %s", lv_strerror(rc));
	if ((rc = modtest_await(LV_NS_EVENT_DELETE, "ne2k0", &e)) < 0)
		return check_why("ne2k0 stayed: %s", lv_strerror(rc));
	while (lv_msg_receive(rx, &m.h, sizeof(m), LV_NO_WAIT) >= 0)
		;
	return modtest_unload(id, pid, "ne2k0", 1);
}

/* The other node answers: probes until one comes back. */
static const char *peer(void)
{
	int drv, id, pid;
	const char *why = up(NULL, TYPE_ECHO, &drv, &id, &pid);
	for (int i = 0; !why && i < PEER_TRIES; i++) {
		send_frame(drv, TYPE_ECHO, PROBE_SEQ);
		if (!next_frame(rx, PROBE_TICKS))
			break;
		if (i == PEER_TRIES - 1)
			why = "the other node never answered";
	}
	const char *gone = down(drv, id, pid);
	return why ? why : gone;
}

static const char *round_trip(int round)
{
	int drv, id, pid;
	uint32_t first = (uint32_t)round * PER_ROUND;
	const char *why = up(NULL, TYPE_ECHO, &drv, &id, &pid);
	if (why)
		return why;
	for (uint32_t k = 0; k < PER_ROUND && !why; k++)
		if (send_frame(drv, TYPE_ECHO, first + k) != 0)
			why = "TRANSMIT refused";
	if (!why)
		why = came_back(TYPE_ECHO, first, PER_ROUND);
	const char *gone = down(drv, id, pid);
	return why ? why : gone;
}

/* ROUNDS of load, frames both ways, STOP, removal: memory back. */
static const char *rounds(void)
{
	uint32_t frames0 = 0, heap0 = 0, frames, heap;
	const char *why = round_trip(0); /* a warm-up round */
	modtest_settled(&frames0, &heap0);
	for (int i = 1; i <= ROUNDS && !why; i++)
		if ((why = round_trip(i)))
			why = check_why("round %d: %s", i, why);
	if (why)
		return why;
	modtest_settled(&frames, &heap);
	return modtest_mem_back(frames0, heap0, frames, heap,
				"after the rounds");
}

static const char *stats(int drv, lv_netdrv_stats_t *st)
{
	int rc = rpc(drv, LV_NETDRV_STATS, 0);
	if (rc != 0 || m.h.size != sizeof(*st))
		return check_why("STATS: %d", rc);
	memcpy(st, m.payload, sizeof(*st));
	return NULL;
}

/* A receiver that never reads: once its queue is full every further
 * frame for it is a drop in STATS. Each batch is followed by a marker
 * frame to rx, so the other node never holds more than a batch. */
static const char *full_receiver(void)
{
	lv_netdrv_stats_t before, after;
	int drv, id, pid, full = lv_port_create(), queued = 0;
	const char *why = up(NULL, TYPE_MARK, &drv, &id, &pid);
	if (!why && nicframe_open_session(drv, full, TYPE_FULL) < 1)
		why = "OPEN for the full receiver";
	if (!why)
		why = stats(drv, &before);
	uint32_t seq = 0;
	for (int b = 0; b < FULL_BATCHES && !why; b++) {
		for (int k = 0; k < FULL_BATCH; k++)
			send_frame(drv, TYPE_FULL, seq++);
		send_frame(drv, TYPE_MARK, (uint32_t)b);
		why = came_back(TYPE_MARK, (uint32_t)b, 1);
	}
	if (!why)
		why = stats(drv, &after);
	while (lv_msg_receive(full, &m.h, sizeof(m), LV_NO_WAIT) >= 0)
		queued += m.h.op == LV_NETDRV_FRAME;
	uint32_t in = after.frames_in - before.frames_in,
		 dropped = after.dropped - before.dropped;
	printf("modtest: full receiver: %u frames in, %d queued, %u "
	       "dropped\n",
	       in, queued, dropped);
	if (!why && (in != seq + FULL_BATCHES || queued != LV_PORT_QUEUE_MAX ||
		     dropped != seq - LV_PORT_QUEUE_MAX))
		why = check_why("%u in, %d queued, %u dropped; want %u, %u, %u",
				in, queued, dropped, seq + FULL_BATCHES,
				LV_PORT_QUEUE_MAX, seq - LV_PORT_QUEUE_MAX);
	const char *gone = down(drv, id, pid);
	lv_handle_close(full);
	return why ? why : gone;
}

/* Waits for the event op about name on port (others skipped). */
static const char *event_on(int port, uint32_t op, const char *name)
{
	lv_ns_entry_t e;
	for (int i = 0; i < 32; i++) {
		if (lv_msg_receive(port, &m.h, sizeof(m), FRAME_TICKS) < 0)
			break;
		memcpy(&e, m.payload, sizeof(e));
		if (m.h.op == op && strcmp(e.name, name) == 0)
			return NULL;
	}
	return check_why("no event about %s", name);
}

static const char *spawn_sink(int events, const char *args, const char *name,
			      int *pid)
{
	*pid = lv_spawn("protosink", args, 0, 0, 0);
	if (*pid < 0)
		return check_why("spawn %s: %s", args, lv_strerror(*pid));
	return event_on(events, LV_NS_EVENT_REGISTER, name);
}

static const char *child_ok(int pid, const char *what)
{
	int status;
	if (check_wait_exit(pid, CHILD_TICKS, &status) < 0)
		return check_why("%s hung", what);
	return status ? check_why("%s ended with %d", what, status) : NULL;
}

/* Protocol servers registered as "netproto" get the frames of their
 * types without an OPEN: one registered before the module came (the
 * list), one after (the events). */
static const char *protocol_servers(void)
{
	int events = lv_port_create(), drv, id, pid, early, late;
	const char *why =
	    lv_ns_subscribe(LV_NETPROTO_TYPE, events) < 0
		? "subscribe"
		: spawn_sink(events, "protosink proto.sink 88b6 5",
			     "proto.sink", &early);
	if (why || (why = up(NULL, 0x88B5, &drv, &id, &pid)))
		return why;
	why = spawn_sink(events, "protosink proto.late 88b8 3", "proto.late",
			 &late);
	for (uint32_t k = 0; !why && k < 5; k++)
		if (send_frame(drv, 0x88B6, 100 + k) ||
		    send_frame(drv, 0x88B5, k) ||
		    (k < 3 && send_frame(drv, 0x88B8, 200 + k)))
			why = "TRANSMIT refused";
	if (!why)
		why = came_back(0x88B5, 0, 5); /* ours: its type only */
	if (!why)
		why = child_ok(early, "protosink proto.sink");
	if (!why)
		why = child_ok(late, "protosink proto.late");
	const char *gone = down(drv, id, pid);
	lv_handle_close(events);
	return why ? why : gone;
}

/* Starts the user-mode driver with args; it registered ne2k0: its pid. */
static int user_driver(const char *args)
{
	lv_ns_entry_t e;
	int pid = lv_spawn("ne2k", args, LV_SPAWN_NUCLEUS, 0, 0);
	if (pid > 0 && modtest_await(LV_NS_EVENT_REGISTER, "ne2k0", &e) < 0)
		return -ERR_TIMEDOUT;
	return pid;
}

/* Stops the user-mode driver of pid (we started it). */
static const char *user_stop(int pid)
{
	lv_ns_entry_t e;
	int drv = lv_ns_lookup("ne2k0", NULL);
	int rc = drv < 0 ? drv : rpc(drv, LV_NETDRV_STOP, 0);
	lv_handle_close(drv);
	if (rc != 0 || modtest_await(LV_NS_EVENT_DELETE, "ne2k0", &e) < 0)
		return check_why("user driver's STOP: %s", lv_strerror(rc));
	return child_ok(pid, "ne2k");
}

/* The module's install is refused -ERR_BUSY (param set), nothing left. */
static const char *refused(const char *param)
{
	prepared_t p;
	const char *why = modtest_prepare(&ne2k, param, &p);
	if (why)
		return why;
	int rc = lv_module_install(&p.req);
	modtest_release(&p);
	if (rc != -ERR_BUSY || p.req.init_rc != -ERR_BUSY) {
		lv_module_remove(rc > 0 ? rc : p.req.id);
		return check_why("install (%s) gave %d (init %d), want busy",
				 param, rc, p.req.init_rc);
	}
	return modtest_table_empty() ? NULL : "left in the table";
}

/* One table of I/O-port holders: a module is refused the ports a
 * user-mode driver holds, and the other way round; the ports come free
 * with the module's end. */
static const char *io_claims(void)
{
	int drv, id, pid, upid = user_driver("ne2k io=0x300 irq=9");
	if (upid < 0)
		return check_why("user driver: %s", lv_strerror(upid));
	const char *why = refused("irq=10");
	const char *stopped = user_stop(upid);
	if (why || stopped)
		return why ? why : stopped;
	if ((why = up(NULL, 0, &drv, &id, &pid)))
		return why;
	int rc = lv_ioport_grant(0x31F, 1);
	if (rc != -ERR_BUSY)
		why = check_why("ioport_grant of the module's port: %d", rc);
	int upid2 =
	    lv_spawn("ne2k", "ne2k io=0x300 irq=10", LV_SPAWN_NUCLEUS, 0, 0);
	int status = -1;
	if (!why &&
	    (upid2 < 0 || check_wait_exit(upid2, CHILD_TICKS, &status) < 0 ||
	     status != 1))
		why = check_why("ne2k on the module's ports: %d", status);
	const char *gone = down(drv, id, pid);
	if (why || gone)
		return why ? why : gone;
	upid = user_driver("ne2k io=0x300 irq=9"); /* free again */
	return upid < 0 ? check_why("ports not freed: %s", lv_strerror(upid))
			: user_stop(upid);
}

/* The set-up both roles share: 0, or 1 after saying why not. */
static int setup(void)
{
	check_init("modtest");
	rx = lv_port_create();
	if (rx < 0 || modtest_events_open("driver") < 0 ||
	    modtest_exports() < 0 || modtest_read(NE2K, &ne2k) < 0) {
		printf("modtest: no file server, or cannot read %s\n", NE2K);
		return 1;
	}
	return 0;
}

int modtest_ne2k_echo(void)
{
	if (setup())
		return 1;
	check_run("ne2k_peer", peer);
	check_run("ne2k_rounds", rounds);
	check_run("ne2k_full_receiver", full_receiver);
	check_run("ne2k_protocol_servers", protocol_servers);
	check_run("ne2k_io_claims", io_claims);
	return check_summary();
}

/* The module on the PCI card: sends through it; the card's ports are its
 * own (a user-mode "ne2k pci" is refused them); while a user-mode "ne2k
 * pci" holds the configuration ports the module's scan is refused. */
static const char *pci_card(void)
{
	int drv, id, pid, status = -1;
	const char *why = up("pci=1", 0, &drv, &id, &pid);
	if (why)
		return why;
	int s = lv_spawn("nicsend", "nicsend ne2k0 10", 0, 0, 0);
	if (s < 0 || check_wait_exit(s, CHILD_TICKS, &status) < 0 || status)
		why = check_why("nicsend: %d", status);
	s = lv_spawn("ne2k", "ne2k pci", LV_SPAWN_NUCLEUS, 0, 0);
	if (!why && (s < 0 || check_wait_exit(s, CHILD_TICKS, &status) < 0 ||
		     status != 1))
		why = check_why("ne2k pci beside the module: %d", status);
	const char *gone = down(drv, id, pid);
	if (why || gone)
		return why ? why : gone;
	int upid = user_driver("ne2k pci");
	if (upid < 0)
		return check_why("ne2k pci: %s", lv_strerror(upid));
	why = refused("pci=1");
	const char *stopped = user_stop(upid);
	return why ? why : stopped;
}

int modtest_ne2k_pci(void)
{
	if (setup())
		return 1;
	check_run("ne2k_pci", pci_card);
	return check_summary();
}
