/* The driver protocol's rules both NIC driver kinds share
 * (libipc/pure_netdrv_sessions.c), with fake system calls: OPEN's limits
 * and malformed requests, CLOSE by the opener only, EtherType fan-out and
 * the statistics (a full receiver counts a drop, a dead one ends its
 * session), TRANSMIT's sizes, the STOP rule, and the sessions opened for
 * protocol servers from name-server entries and events, the hand-over's
 * MOVED and who may take a driver's name over, and the reserved EtherTypes
 * only holders of the network right may take. */
#include <string.h>
#include "../../libipc/pure_netdrv_sessions.h"
#include "uapi/errors.h"
#include "unit.h"

/* The fakes: handle h's receiver answers fake_rc[h]; every send and close
 * is recorded. */
#define HANDLES 64
static int fake_rc[HANDLES], sent[HANDLES], closed[HANDLES];
static uint32_t last_op[HANDLES];
static int last_right[HANDLES];
static int next_lookup = 40, lookup_rc;

static int fake_send(int h, lv_msg_header_t *m)
{
	if (h <= 0 || h >= HANDLES)
		return -ERR_BADF;
	if (fake_rc[h] == 0) {
		sent[h]++;
		last_op[h] = m->op;
		last_right[h] = m->right;
	}
	return fake_rc[h];
}

static int fake_close(int h)
{
	if (h > 0 && h < HANDLES)
		closed[h]++;
	return 0;
}

static int fake_lookup(const char *name)
{
	(void)name;
	return lookup_rc ? lookup_rc : next_lookup++;
}

/* Who holds the network right: everyone (the tests that predate the
 * rule), or only net_holder. Each refusal is recorded. */
static int net_everyone = 1, net_holder;
static int refused_count, refused_pid;
static uint16_t refused_type;
static char refused_entry[32];

static int fake_has_net(int pid) { return net_everyone || pid == net_holder; }

static void fake_refused(int pid, uint16_t type, const char *entry)
{
	refused_count++;
	refused_pid = pid;
	refused_type = type;
	strcpy(refused_entry, entry ? entry : "(open)");
}

static const netdrv_io_t io = {fake_send, fake_close, fake_lookup, fake_has_net,
			       fake_refused};
static lv_netdrv_session_t sessions[LV_NETDRV_SESSIONS_MAX];
static lv_netdrv_stats_t stats;
static const netdrv_table_t t = {&io, sessions, &stats};
static lv_msg_t m;

static void reset(void)
{
	memset(sessions, 0, sizeof(sessions));
	memset(&stats, 0, sizeof(stats));
	memset(fake_rc, 0, sizeof(fake_rc));
	memset(sent, 0, sizeof(sent));
	memset(closed, 0, sizeof(closed));
	next_lookup = 40;
	lookup_rc = 0;
	net_everyone = 1;
	net_holder = 0;
	refused_count = refused_pid = 0;
	refused_type = 0;
	refused_entry[0] = '\0';
}

/* OPEN from sender with right for the types (n of them; -1: no payload). */
static int open_req(int sender, int right, int n, const uint16_t *types)
{
	msg_netdrv_open_t o = {0};
	memset(&m, 0, sizeof(m));
	m.h.sender = sender;
	m.h.right = right;
	if (n >= 0) {
		o.ntypes = (uint32_t)n;
		for (int i = 0; i < n && i < LV_NETDRV_TYPES_MAX; i++)
			o.types[i] = types[i];
		memcpy(m.payload, &o, sizeof(o));
		m.h.size = sizeof(o);
	}
	return netdrv_open(&t, &m);
}

static int close_req(int sender, int session)
{
	memset(&m, 0, sizeof(m));
	m.h.sender = sender;
	if (session) {
		msg_netdrv_close_t c = {(uint32_t)session};
		memcpy(m.payload, &c, sizeof(c));
		m.h.size = sizeof(c);
	}
	return netdrv_close(&t, &m);
}

/* A received frame of n bytes with EtherType type. */
static void receive(uint16_t type, int n)
{
	static lv_msg_t f;
	memset(&f, 0, sizeof(f));
	f.payload[12] = (uint8_t)(type >> 8);
	f.payload[13] = (uint8_t)type;
	netdrv_deliver(&t, &f, n);
}

UNIT_TEST(netdrv_open_limits)
{
	reset();
	uint16_t ip = 0x0800;
	CHECK_EQ(open_req(10, 3, 1, &ip), 1);
	CHECK_EQ(m.h.right, 0); /* kept */
	CHECK_EQ(m.h.size, 0);
	CHECK_EQ(open_req(10, 4, -1, NULL), 2);
	/* a third of one client: refused, the right left to the caller */
	CHECK_EQ(open_req(10, 5, -1, NULL), -ERR_NOSPC);
	CHECK_EQ(m.h.right, 5);
	for (int k = 0; k < 6; k++)
		CHECK_EQ(open_req(20 + k, 6 + k, -1, NULL), 3 + k);
	CHECK_EQ(open_req(30, 20, -1, NULL), -ERR_NOSPC); /* 8 in all */
	CHECK_EQ(sessions[0].opener, 10);
	CHECK_EQ(sessions[0].ntypes, 1);
	CHECK_EQ(sessions[0].types[0], 0x0800);
}

UNIT_TEST(netdrv_open_malformed)
{
	reset();
	uint16_t many[LV_NETDRV_TYPES_MAX + 1] = {0};
	CHECK_EQ(open_req(10, 0, -1, NULL), -ERR_INVAL);  /* no right */
	CHECK_EQ(open_req(10, -3, -1, NULL), -ERR_INVAL); /* a bad one */
	CHECK_EQ(open_req(10, 3, LV_NETDRV_TYPES_MAX + 1, many), -ERR_INVAL);
	CHECK_EQ(open_req(10, 3, 1000000, many), -ERR_INVAL);
	memset(&m, 0, sizeof(m));
	m.h.sender = 10;
	m.h.right = 3;
	m.h.size = sizeof(msg_netdrv_open_t) - 1; /* short */
	CHECK_EQ(netdrv_open(&t, &m), -ERR_INVAL);
	m.h.size = LV_MSG_PAYLOAD_MAX; /* long */
	CHECK_EQ(netdrv_open(&t, &m), -ERR_INVAL);
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		CHECK_EQ(sessions[k].receiver, 0);
}

UNIT_TEST(netdrv_close_rules)
{
	reset();
	CHECK_EQ(open_req(10, 3, -1, NULL), 1);
	CHECK_EQ(open_req(10, 4, -1, NULL), 2);
	CHECK_EQ(open_req(11, 5, -1, NULL), 3);
	CHECK_EQ(close_req(11, 1), -ERR_PERM); /* another's */
	CHECK_EQ(close_req(10, 0x7FFFFFFF), -ERR_NOENT);
	CHECK_EQ(close_req(10, 0), 0); /* both of 10's */
	CHECK_EQ(closed[3] + closed[4], 2);
	CHECK_EQ(sent[3] + sent[4], 0); /* CLOSE tells nobody */
	CHECK_EQ(close_req(10, 0), -ERR_NOENT);
	CHECK_EQ(close_req(11, 1), -ERR_NOENT);
	memset(&m, 0, sizeof(m));
	m.h.sender = 11;
	m.h.size = 3; /* neither one session nor all */
	CHECK_EQ(netdrv_close(&t, &m), -ERR_INVAL);
	CHECK_EQ(close_req(11, 3), 0);
	CHECK_EQ(closed[5], 1);
}

UNIT_TEST(netdrv_deliver_counts)
{
	reset();
	uint16_t a = 0x88B5, b = 0x88B6;
	CHECK_EQ(open_req(10, 3, 1, &a), 1);
	CHECK_EQ(open_req(11, 4, 1, &b), 2);
	CHECK_EQ(open_req(12, 5, -1, NULL), 3); /* every type */
	receive(0x88B5, 60);
	CHECK_EQ(sent[3], 1);
	CHECK_EQ(sent[4], 0);
	CHECK_EQ(sent[5], 1);
	CHECK_EQ(last_op[3], LV_NETDRV_FRAME);
	fake_rc[5] = -ERR_DEADPORT; /* its receiver died: session ends */
	receive(0x88B6, 100);
	CHECK_EQ(sessions[2].receiver, 0);
	CHECK_EQ(closed[5], 1);
	CHECK_EQ(sent[4], 1);
	fake_rc[4] = -ERR_AGAIN; /* the only taker's queue is full */
	receive(0x88B6, 70);
	receive(0x0800, 64); /* nobody wants it */
	receive(0x88B5, 10); /* a runt */
	CHECK_EQ(stats.frames_in, 5);
	CHECK_EQ(stats.bytes_in, 60 + 100 + 70 + 64 + 10);
	CHECK_EQ(stats.dropped, 3);
	CHECK_EQ(sent[3], 1); /* the runt went to nobody */
	CHECK_EQ(netdrv_get_stats(&t, &m), 0);
	CHECK_EQ(m.h.size, sizeof(lv_netdrv_stats_t));
	CHECK_EQ(((lv_netdrv_stats_t *)m.payload)->dropped, 3);
	CHECK_EQ(netdrv_end_all(&t, 1), 2); /* remove step 1 */
	CHECK_EQ(last_op[3], LV_NETDRV_GONE);
}

static int chip_rc, chip_len;

static int fake_chip(void *dev, const void *f, size_t len)
{
	(void)dev;
	(void)f;
	chip_len = (int)len;
	return chip_rc;
}

UNIT_TEST(netdrv_transmit_sizes)
{
	reset();
	memset(&m, 0, sizeof(m));
	m.h.size = LV_NETDRV_FRAME_MIN - 1;
	CHECK_EQ(netdrv_transmit(&t, &m, fake_chip, NULL), -ERR_INVAL);
	m.h.size = LV_NETDRV_FRAME_MAX + 1;
	CHECK_EQ(netdrv_transmit(&t, &m, fake_chip, NULL), -ERR_INVAL);
	m.h.size = 60;
	CHECK_EQ(netdrv_transmit(&t, &m, fake_chip, NULL), 0);
	CHECK_EQ(chip_len, 60);
	CHECK_EQ(m.h.size, 0);
	chip_rc = -ERR_TIMEDOUT;
	m.h.size = 100;
	CHECK_EQ(netdrv_transmit(&t, &m, fake_chip, NULL), -ERR_TIMEDOUT);
	chip_rc = 0;
	CHECK_EQ(stats.frames_out, 1);
	CHECK_EQ(stats.bytes_out, 60);
	uint8_t mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
	CHECK_EQ(netdrv_get_mac(&m, mac), 0);
	CHECK_EQ(m.h.size, 6);
	CHECK(memcmp(m.payload, mac, 6) == 0);
}

UNIT_TEST(netdrv_stop_rule)
{
	CHECK(netdrv_may_stop(1, 9, 0, 0));   /* init */
	CHECK(netdrv_may_stop(9, 9, 0, 0));   /* itself */
	CHECK(netdrv_may_stop(5, 9, 5, 0));   /* its starter */
	CHECK(netdrv_may_stop(7, 9, 5, 1));   /* the nucleus right */
	CHECK(!netdrv_may_stop(7, 9, 5, 0));  /* anyone else */
	CHECK(!netdrv_may_stop(0, 9, 0, 0));  /* the kernel's sender 0 */
	CHECK(!netdrv_may_stop(-1, 9, 0, 1)); /* no process */
	CHECK(!netdrv_may_stop(0, 0, 0, 0));
}

UNIT_TEST(netdrv_types_parse)
{
	uint16_t ty[LV_NETDRV_TYPES_MAX];
	uint32_t n;
	CHECK_EQ(netdrv_parse_types("types=0800,0806", ty, &n), 0);
	CHECK_EQ(n, 2);
	CHECK_EQ(ty[1], 0x0806);
	CHECK_EQ(netdrv_parse_types("x=1 types=88b6 y=2", ty, &n), 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(ty[0], 0x88B6);
	CHECK_EQ(netdrv_parse_types("", ty, &n), -ERR_INVAL);
	CHECK_EQ(netdrv_parse_types("types=", ty, &n), -ERR_INVAL);
	CHECK_EQ(netdrv_parse_types("mytypes=0800", ty, &n), -ERR_INVAL);
	CHECK_EQ(netdrv_parse_types("types=10000", ty, &n), -ERR_INVAL);
	CHECK_EQ(netdrv_parse_types("types=zz", ty, &n), -ERR_INVAL);
	CHECK_EQ(netdrv_parse_types("types=0800,", ty, &n), -ERR_INVAL);
	CHECK_EQ(netdrv_parse_types("types=0800,,0806", ty, &n), -ERR_INVAL);
	CHECK_EQ(netdrv_parse_types("types=0800;0806", ty, &n), -ERR_INVAL);
	CHECK_EQ(netdrv_parse_types("types=1,2,3,4,5,6,7,8", ty, &n), 0);
	CHECK_EQ(n, 8);
	CHECK_EQ(netdrv_parse_types("types=1,2,3,4,5,6,7,8,9", ty, &n),
		 -ERR_INVAL);
}

/* A name-server event about name with attrs, registered by owner. */
static int event_by(uint32_t op, const char *name, const char *attrs, int owner)
{
	lv_ns_entry_t e;
	memset(&e, 'x', sizeof(e)); /* unterminated unless set below */
	if (name)
		strcpy(e.name, name);
	if (attrs)
		strcpy(e.attrs, attrs);
	e.owner = owner;
	memset(&m, 0, sizeof(m));
	m.h.op = op;
	m.h.size = sizeof(e);
	memcpy(m.payload, &e, sizeof(e));
	return netdrv_ns_event(&t, &m);
}

static int event(uint32_t op, const char *name, const char *attrs)
{
	return event_by(op, name, attrs, 0x78787878);
}

UNIT_TEST(netdrv_protocol_servers)
{
	reset();
	CHECK_EQ(event(LV_NS_EVENT_REGISTER, "proto.ip", "types=0800,0806"), 1);
	CHECK_EQ(sessions[0].receiver, 40);
	CHECK_EQ(sessions[0].opener, 0); /* the driver's own */
	CHECK_STR_EQ(sessions[0].by_ns, "proto.ip");
	receive(0x0806, 60);
	CHECK_EQ(sent[40], 1);
	/* modified: the new types; no second session */
	CHECK_EQ(event(LV_NS_EVENT_MODIFY, "proto.ip", "types=86dd"), 1);
	CHECK_EQ(sessions[0].ntypes, 1);
	CHECK_EQ(sessions[0].types[0], 0x86DD);
	CHECK_EQ(sessions[1].receiver, 0);
	/* nobody else may close it */
	CHECK_EQ(close_req(10, 1), -ERR_PERM);
	/* types gone: ended, its receiver told */
	CHECK_EQ(event(LV_NS_EVENT_MODIFY, "proto.ip", "nothing"), 0);
	CHECK_EQ(sessions[0].receiver, 0);
	CHECK_EQ(last_op[40], LV_NETDRV_GONE);
	CHECK_EQ(event(LV_NS_EVENT_REGISTER, "proto.a", "types=88b6"), 1);
	CHECK_EQ(event(LV_NS_EVENT_DELETE, "proto.a", NULL), 0);
	CHECK_EQ(sessions[0].receiver, 0);
	CHECK_EQ(closed[41], 1);
	/* malformed: unterminated strings, wrong sizes, unknown ops */
	CHECK_EQ(event(LV_NS_EVENT_REGISTER, NULL, NULL), 0);
	CHECK_EQ(event(LV_NS_EVENT_REGISTER, "", "types=0800"), 0);
	CHECK_EQ(event(0x12345678, "proto.b", "types=0800"), 0);
	m.h.op = LV_NS_EVENT_REGISTER;
	m.h.size = sizeof(lv_ns_entry_t) - 1;
	CHECK_EQ(netdrv_ns_event(&t, &m), 0);
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		CHECK_EQ(sessions[k].receiver, 0);
	/* a lookup that fails, a full table */
	lookup_rc = -ERR_NOENT;
	CHECK_EQ(event(LV_NS_EVENT_REGISTER, "proto.c", "types=0800"),
		 -ERR_NOENT);
	lookup_rc = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		CHECK_EQ(open_req(100 + k, 3, -1, NULL), k + 1);
	CHECK_EQ(event(LV_NS_EVENT_REGISTER, "proto.d", "types=0800"),
		 -ERR_NOSPC);
}

/* The hand-over: clients' sessions told MOVED with the new port's right,
 * protocol servers' sessions ended untold, every right closed. */
UNIT_TEST(netdrv_move_all)
{
	reset();
	CHECK(open_req(10, 4, -1, NULL) >= 1);
	CHECK(open_req(11, 5, -1, NULL) >= 1);
	CHECK(event(LV_NS_EVENT_REGISTER, "proto.ip", "types=0800") >= 1);
	fake_rc[5] = -ERR_DEADPORT; /* a receiver that died meanwhile */
	CHECK_EQ(netdrv_move_all(&t, 33), 1);
	CHECK_EQ(last_op[4], LV_NETDRV_MOVED);
	CHECK_EQ(last_right[4], 33);
	CHECK_EQ(sent[40], 0); /* the protocol server's: untold */
	CHECK_EQ(closed[4], 1);
	CHECK_EQ(closed[5], 1);
	CHECK_EQ(closed[40], 1);
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		CHECK_EQ(sessions[k].receiver, 0);
	CHECK_EQ(netdrv_move_all(&t, 33), 0);
}

UNIT_TEST(netdrv_may_take_over)
{
	CHECK_EQ(netdrv_may_take_over(9, 7, 1), 1);
	CHECK_EQ(netdrv_may_take_over(9, 7, 0), 0); /* no nucleus right */
	CHECK_EQ(netdrv_may_take_over(7, 7, 1), 0); /* itself */
	CHECK_EQ(netdrv_may_take_over(0, 7, 1), 0); /* the kernel */
}

/* The users a module driver counts: one pid per session, the opener's or
 * the protocol server's (its entry's owner). */
UNIT_TEST(netdrv_users)
{
	int pids[LV_NETDRV_SESSIONS_MAX];
	reset();
	CHECK_EQ(netdrv_users(&t, pids), 0);
	CHECK(open_req(10, 4, -1, NULL) >= 1);
	CHECK(open_req(10, 5, -1, NULL) >= 1);
	lv_ns_entry_t e;
	memset(&e, 0, sizeof(e));
	strcpy(e.name, "proto.ip");
	strcpy(e.attrs, "types=0800");
	e.owner = 23;
	CHECK(netdrv_ns_entry(&t, &e) >= 1);
	CHECK_EQ(netdrv_users(&t, pids), 3);
	CHECK_EQ(pids[0], 10);
	CHECK_EQ(pids[1], 10);
	CHECK_EQ(pids[2], 23);
	CHECK_EQ(close_req(10, 0), 0);
	CHECK_EQ(netdrv_users(&t, pids), 1);
	CHECK_EQ(pids[0], 23);
}

/* The reserved EtherTypes (IPv4, ARP, IPv6) by OPEN: refused with -ERR_PERM
 * to a sender without the network right (the refusal told with the type,
 * the right left to the caller, nothing opened) after the malformed checks;
 * taken by a holder; raw types by anyone; no list from a non-holder takes
 * every type but the reserved ones. */
UNIT_TEST(netdrv_reserved_open)
{
	reset();
	net_everyone = 0;
	net_holder = 50;
	CHECK(netdrv_reserved(0x0800) && netdrv_reserved(0x0806) &&
	      netdrv_reserved(0x86DD));
	CHECK(!netdrv_reserved(0x88B5) && !netdrv_reserved(0x0801) &&
	      !netdrv_reserved(0));
	uint16_t ip = 0x0800, arp = 0x0806, raw = 0x88B5;
	uint16_t mixed[2] = {0x88B5, 0x86DD};
	CHECK_EQ(open_req(10, 3, 1, &ip), -ERR_PERM);
	CHECK_EQ(m.h.right, 3);
	CHECK_EQ(refused_pid, 10);
	CHECK_EQ(refused_type, 0x0800);
	CHECK_STR_EQ(refused_entry, "(open)");
	CHECK_EQ(open_req(10, 3, 2, mixed), -ERR_PERM);
	CHECK_EQ(refused_type, 0x86DD);
	CHECK_EQ(refused_count, 2);
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		CHECK_EQ(sessions[k].receiver, 0);
	uint16_t many[LV_NETDRV_TYPES_MAX + 1] = {0x0800};
	CHECK_EQ(open_req(10, 3, LV_NETDRV_TYPES_MAX + 1, many), -ERR_INVAL);
	CHECK_EQ(open_req(10, 3, 1, &raw), 1);	/* raw: anyone */
	CHECK_EQ(open_req(11, 4, -1, NULL), 2); /* no list: unreserved */
	CHECK_EQ(sessions[1].unreserved, 1);
	CHECK_EQ(open_req(50, 5, 1, &arp), 3);	/* the holder */
	CHECK_EQ(open_req(50, 6, -1, NULL), 4); /* its no list: every type */
	CHECK_EQ(sessions[3].unreserved, 0);
	CHECK_EQ(refused_count, 2);
	receive(0x0800, 60);
	receive(0x0806, 60);
	receive(0x86DD, 60);
	receive(0x88B5, 60);
	receive(0x88B6, 60);
	CHECK_EQ(sent[3], 1); /* 0x88B5 */
	CHECK_EQ(sent[4], 2); /* 0x88B5, 0x88B6: none reserved */
	CHECK_EQ(sent[5], 1); /* ARP */
	CHECK_EQ(sent[6], 5); /* all */
}

/* The reserved EtherTypes by a protocol server's entry: taken only when
 * its owner holds the network right; otherwise the entry is ignored (one
 * refusal told, no lookup) and a session it had ends. */
UNIT_TEST(netdrv_reserved_entries)
{
	reset();
	net_everyone = 0;
	net_holder = 50;
	CHECK_EQ(
	    event_by(LV_NS_EVENT_REGISTER, "proto.ip", "types=0800,0806", 10),
	    0);
	CHECK_EQ(refused_count, 1);
	CHECK_EQ(refused_pid, 10);
	CHECK_EQ(refused_type, 0x0800);
	CHECK_STR_EQ(refused_entry, "proto.ip");
	CHECK_EQ(next_lookup, 40); /* not even looked up */
	CHECK_EQ(sessions[0].receiver, 0);
	CHECK_EQ(event_by(LV_NS_EVENT_REGISTER, "proto.raw", "types=88b5", 10),
		 1);
	CHECK_EQ(event_by(LV_NS_EVENT_REGISTER, "net", "types=0800,0806", 50),
		 2);
	CHECK_EQ(sessions[1].pid, 50);
	/* the raw one asks for IPv6 too: ignored, its session ended */
	CHECK_EQ(
	    event_by(LV_NS_EVENT_MODIFY, "proto.raw", "types=88b5,86dd", 10),
	    0);
	CHECK_EQ(refused_type, 0x86DD);
	CHECK_EQ(sessions[0].receiver, 0);
	CHECK_EQ(last_op[40], LV_NETDRV_GONE);
	CHECK_EQ(refused_count, 2);
	/* an entry a LIST gave: the same rule */
	lv_ns_entry_t e;
	memset(&e, 0, sizeof(e));
	strcpy(e.name, "proto.v6");
	strcpy(e.attrs, "types=86dd");
	e.owner = 11;
	CHECK_EQ(netdrv_ns_entry(&t, &e), 0);
	CHECK_EQ(refused_count, 3);
	e.owner = 50;
	CHECK_EQ(netdrv_ns_entry(&t, &e), 1);
}
