/* The DHCP client (servers/net/pure_dhcp.c): OFFER and ACK as QEMU's
 * slirp sends them, malformed and hostile replies (every truncation,
 * options past the end, no END, no type, wrong lengths, cookie, op, seeded
 * mutations), the messages we build, and the state machine on a fake
 * clock: selecting, requesting, renewing at T1, rebinding at T2, the lease
 * lost at expiry, NAKs, retransmission back-off and the give-up. */
#include <string.h>
#include "../../servers/net/pure_dhcp.h"
#include "../../servers/net/pure_wire.h"
#include "uapi/errors.h"
#include "unit.h"

#define HZ 100u
#define IP(a, b, c, d)                                                         \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define SLIRP_LEN 548u /* struct bootp_t with 312 bytes of options */
#define GUEST IP(10, 0, 2, 15)
#define GATEWAY IP(10, 0, 2, 2)
#define NETMASK IP(255, 255, 255, 0)
#define LEASE 86400u

static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t cookie[4] = {99, 130, 83, 99};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* A BOOTREPLY of SLIRP_LEN bytes with opts (END not added) after the
 * cookie, zeros after them, as slirp lays it out. */
static size_t reply_with(uint8_t *m, uint32_t xid, const uint8_t *chaddr,
			 uint32_t yiaddr, const uint8_t *opts, size_t n)
{
	memset(m, 0, SLIRP_LEN);
	m[0] = 2;
	m[1] = 1;
	m[2] = 6;
	put32(m + 4, xid);
	put32(m + 16, yiaddr);
	put32(m + 20, GATEWAY); /* siaddr */
	memcpy(m + 28, chaddr, 6);
	memcpy(m + 236, cookie, 4);
	memcpy(m + 240, opts, n);
	return SLIRP_LEN;
}

/* What slirp's bootp_reply sends for a DISCOVER (OFFER) or REQUEST (ACK):
 * type, server id, mask, router, DNS, lease, END. Returns the offset of
 * END in *end_at. */
static size_t slirp_reply(uint8_t *m, uint8_t type, uint32_t xid,
			  size_t *end_at)
{
	uint8_t o[64];
	size_t n = 0;
	o[n++] = 53, o[n++] = 1, o[n++] = type;
	o[n++] = 54, o[n++] = 4, put32(o + n, GATEWAY), n += 4;
	o[n++] = 1, o[n++] = 4, put32(o + n, NETMASK), n += 4;
	o[n++] = 3, o[n++] = 4, put32(o + n, GATEWAY), n += 4;
	o[n++] = 6, o[n++] = 4, put32(o + n, IP(10, 0, 2, 3)), n += 4;
	o[n++] = 51, o[n++] = 4, put32(o + n, LEASE), n += 4;
	if (end_at)
		*end_at = 240 + n;
	o[n++] = 255;
	return reply_with(m, xid, mac, GUEST, o, n);
}

/* slirp's NAK: type 6 and a message (option 56), no server id. */
static size_t slirp_nak(uint8_t *m, uint32_t xid)
{
	static const char text[] = "requested address not available";
	uint8_t o[64];
	size_t n = 0;
	o[n++] = 53, o[n++] = 1, o[n++] = DHCPNAK;
	o[n++] = 56, o[n++] = sizeof(text) - 1;
	memcpy(o + n, text, sizeof(text) - 1);
	n += sizeof(text) - 1;
	o[n++] = 255;
	return reply_with(m, xid, mac, 0, o, n);
}

/* A reply whose options are type, opts (len n) and END. */
static int parse_opts(uint8_t type, const uint8_t *opts, size_t n,
		      dhcp_view_t *v)
{
	uint8_t o[300], m[SLIRP_LEN];
	o[0] = 53, o[1] = 1, o[2] = type;
	memcpy(o + 3, opts, n);
	o[3 + n] = 255;
	return dhcp_parse(m, reply_with(m, 1, mac, GUEST, o, n + 4), v);
}

UNIT_TEST(dhcp_parse_slirp_offer_and_ack)
{
	uint8_t m[SLIRP_LEN];
	dhcp_view_t v;
	for (uint8_t type = DHCPOFFER; type <= DHCPACK; type += 3) {
		CHECK_EQ(
		    dhcp_parse(m, slirp_reply(m, type, 0xDEADBEEF, NULL), &v),
		    0);
		CHECK_EQ(v.type, type);
		CHECK_EQ(v.xid, 0xDEADBEEF);
		CHECK_EQ(v.yiaddr, GUEST);
		CHECK_EQ(v.server_id, GATEWAY);
		CHECK_EQ(v.mask, NETMASK);
		CHECK_EQ(v.router, GATEWAY);
		CHECK_EQ(v.lease_s, LEASE);
		CHECK_EQ(v.t1_s, 0);
		CHECK_EQ(v.t2_s, 0);
		CHECK(memcmp(v.chaddr, mac, 6) == 0);
	}
	CHECK_EQ(dhcp_parse(m, slirp_nak(m, 7), &v), 0);
	CHECK_EQ(v.type, DHCPNAK);
	CHECK_EQ(v.server_id, 0);
}

UNIT_TEST(dhcp_parse_every_truncation)
{
	uint8_t m[SLIRP_LEN];
	size_t end_at, len = slirp_reply(m, DHCPACK, 1, &end_at);
	dhcp_view_t v;
	for (size_t cut = 0; cut <= len; cut++) {
		int rc = dhcp_parse(m, cut, &v);
		if (cut > end_at)
			CHECK_EQ(rc, 0);
		else
			CHECK_EQ(rc, -ERR_INVAL);
	}
}

UNIT_TEST(dhcp_parse_options_past_the_end)
{
	uint8_t m[SLIRP_LEN];
	dhcp_view_t v;
	size_t end_at, len = slirp_reply(m, DHCPOFFER, 1, &end_at);
	size_t cut = end_at + 12;
	/* A host name (12) whose length runs one byte past the message. */
	m[end_at] = 12;
	m[end_at + 1] = 11;
	CHECK_EQ(dhcp_parse(m, cut, &v), -ERR_INVAL);
	m[end_at + 1] = 10; /* exactly to the end: no END then */
	CHECK_EQ(dhcp_parse(m, cut, &v), -ERR_INVAL);
	m[end_at + 1] = 9; /* END in the last byte: whole */
	m[cut - 1] = 255;
	CHECK_EQ(dhcp_parse(m, cut, &v), 0);
	/* The longest length, far past a short message. */
	m[end_at + 1] = 255;
	CHECK_EQ(dhcp_parse(m, cut, &v), -ERR_INVAL);
	CHECK_EQ(dhcp_parse(m, len, &v), -ERR_INVAL);
	/* An option code in the last byte, without its length. */
	m[end_at] = 51;
	CHECK_EQ(dhcp_parse(m, end_at + 1, &v), -ERR_INVAL);
	/* A known option whose length points past the end. */
	m[end_at + 1] = 4;
	CHECK_EQ(dhcp_parse(m, end_at + 5, &v), -ERR_INVAL);
}

UNIT_TEST(dhcp_parse_needs_end_and_type)
{
	uint8_t m[SLIRP_LEN];
	dhcp_view_t v;
	size_t end_at, len = slirp_reply(m, DHCPOFFER, 1, &end_at);
	m[end_at] = 0; /* END became PAD: PADs to the end, no END */
	CHECK_EQ(dhcp_parse(m, len, &v), -ERR_INVAL);
	/* No message type: only a lease. */
	static const uint8_t lease_only[] = {51, 4, 0, 0, 1, 0, 255};
	CHECK_EQ(dhcp_parse(m,
			    reply_with(m, 1, mac, GUEST, lease_only,
				       sizeof(lease_only)),
			    &v),
		 -ERR_INVAL);
	/* END at once: nothing at all. */
	static const uint8_t end_only[] = {255};
	CHECK_EQ(dhcp_parse(m, reply_with(m, 1, mac, GUEST, end_only, 1), &v),
		 -ERR_INVAL);
	/* Types outside 1..8. */
	static const uint8_t type0[] = {53, 1, 0, 255},
			     type9[] = {53, 1, 9, 255};
	CHECK_EQ(dhcp_parse(m, reply_with(m, 1, mac, GUEST, type0, 4), &v),
		 -ERR_INVAL);
	CHECK_EQ(dhcp_parse(m, reply_with(m, 1, mac, GUEST, type9, 4), &v),
		 -ERR_INVAL);
	/* Options after END are not read (a bad one there is harmless). */
	static const uint8_t after_end[] = {53, 1, 2, 255, 51, 99};
	CHECK_EQ(dhcp_parse(m, reply_with(m, 1, mac, GUEST, after_end, 6), &v),
		 0);
	CHECK_EQ(v.lease_s, 0);
}

UNIT_TEST(dhcp_parse_header_checks)
{
	uint8_t m[1600];
	dhcp_view_t v, before;
	size_t len = slirp_reply(m, DHCPOFFER, 1, NULL);
	memset(&before, 0xA5, sizeof(before));
	v = before;
	m[0] = 1; /* a BOOTREQUEST (another client's) */
	CHECK_EQ(dhcp_parse(m, len, &v), -ERR_INVAL);
	CHECK(memcmp(&v, &before, sizeof(v)) == 0); /* untouched */
	m[0] = 2;
	m[1] = 6; /* htype IEEE 802 */
	CHECK_EQ(dhcp_parse(m, len, &v), -ERR_INVAL);
	m[1] = 1;
	m[2] = 16;
	CHECK_EQ(dhcp_parse(m, len, &v), -ERR_INVAL);
	m[2] = 6;
	for (int i = 0; i < 4; i++) {
		m[236 + i] ^= 0x01;
		CHECK_EQ(dhcp_parse(m, len, &v), -ERR_INVAL);
		m[236 + i] ^= 0x01;
	}
	CHECK_EQ(dhcp_parse(m, len, &v), 0);
	/* Up to 1472 bytes (padding after END), not one more. */
	memset(m + len, 0, sizeof(m) - len);
	CHECK_EQ(dhcp_parse(m, 1472, &v), 0);
	CHECK_EQ(dhcp_parse(m, 1473, &v), -ERR_INVAL);
}

UNIT_TEST(dhcp_parse_option_lengths)
{
	dhcp_view_t v;
	/* Each option with a wrong length, and with a right one. */
	static const uint8_t codes4[] = {1, 50, 51, 54, 58, 59};
	for (unsigned i = 0; i < sizeof(codes4); i++) {
		uint8_t o[8] = {codes4[i], 4, 255, 255, 255, 0};
		CHECK_EQ(parse_opts(DHCPOFFER, o, 6, &v), 0);
		for (uint8_t l = 0; l <= 6; l++) {
			if (l == 4)
				continue;
			o[1] = l;
			CHECK_EQ(parse_opts(DHCPOFFER, o, 2u + l, &v),
				 -ERR_INVAL);
		}
	}
	static const uint8_t type2[] = {53, 2, 2, 0};
	CHECK_EQ(parse_opts(DHCPOFFER, type2, 4, &v), -ERR_INVAL);
	static const uint8_t router8[] = {3, 8, 10, 0, 2, 2, 10, 0, 2, 1};
	CHECK_EQ(parse_opts(DHCPOFFER, router8, 10, &v), 0);
	CHECK_EQ(v.router, GATEWAY);
	static const uint8_t router6[] = {3, 6, 10, 0, 2, 2, 10, 0};
	CHECK_EQ(parse_opts(DHCPOFFER, router6, 8, &v), -ERR_INVAL);
	static const uint8_t router0[] = {3, 0};
	CHECK_EQ(parse_opts(DHCPOFFER, router0, 2, &v), -ERR_INVAL);
	static const uint8_t params0[] = {55, 0}, params3[] = {55, 3, 1, 3, 6};
	CHECK_EQ(parse_opts(DHCPOFFER, params0, 2, &v), -ERR_INVAL);
	CHECK_EQ(parse_opts(DHCPOFFER, params3, 5, &v), 0);
	/* A mask with a hole in it. */
	static const uint8_t hole[] = {1, 4, 255, 0, 255, 0};
	CHECK_EQ(parse_opts(DHCPOFFER, hole, 6, &v), -ERR_INVAL);
	/* Unknown options, PADs and option overload (52) are skipped. */
	static const uint8_t skipped[] = {0, 0,	 52, 1,	 3, 200, 3,  1,	 2,  3,
					  0, 58, 4,  0,	 0, 1,	 44, 59, 4,  0,
					  0, 2,	 88, 51, 4, 0,	 0,  3,	 132};
	CHECK_EQ(parse_opts(DHCPACK, skipped, sizeof(skipped), &v), 0);
	CHECK_EQ(v.t1_s, 300);
	CHECK_EQ(v.t2_s, 600);
	CHECK_EQ(v.lease_s, 900);
}

/* Seeded mutations of a good ACK: never a crash (ASan/UBSan), both
 * outcomes reached, and what passes has a type. */
UNIT_TEST(dhcp_parse_mutations)
{
	uint8_t good[SLIRP_LEN], m[SLIRP_LEN];
	size_t end_at, len = slirp_reply(good, DHCPACK, 5, &end_at);
	uint32_t x = 12345;
	int ok = 0, bad = 0;
	for (int round = 0; round < 20000; round++) {
		memcpy(m, good, len);
		for (int k = 0; k < 1 + round % 4; k++) {
			x = x * 1103515245u + 12345u;
			size_t at = 240 + (x >> 8) % (end_at + 2 - 240);
			x = x * 1103515245u + 12345u;
			m[at] = (uint8_t)(x >> 16);
		}
		x = x * 1103515245u + 12345u;
		size_t cut = len - (x >> 8) % 40;
		dhcp_view_t v;
		if (dhcp_parse(m, cut, &v) == 0) {
			CHECK(v.type >= 1 && v.type <= 8);
			ok++;
		} else {
			bad++;
		}
	}
	CHECK(ok > 100);
	CHECK(bad > 100);
}

/* The option code in a message we built (NULL: absent). */
static const uint8_t *find_opt(const uint8_t *m, size_t len, uint8_t code)
{
	for (size_t i = 240; i + 1 < len && m[i] != 255;) {
		if (m[i] == 0) {
			i++;
			continue;
		}
		if (m[i] == code)
			return m + i;
		i += 2u + m[i + 1];
	}
	return NULL;
}

UNIT_TEST(dhcp_build_messages)
{
	uint8_t m[DHCP_MSG_MAX];
	memset(m, 0xEE, sizeof(m));
	size_t len = dhcp_build(m, DHCPDISCOVER, 0x01020304, mac, 0, 0, 0, 7);
	CHECK_EQ(len, 300);
	CHECK_EQ(m[0], 1);
	CHECK_EQ(m[1], 1);
	CHECK_EQ(m[2], 6);
	CHECK_EQ(m[3], 0);
	CHECK_EQ(get32(m + 4), 0x01020304);
	CHECK_EQ(m[8] << 8 | m[9], 7);
	CHECK_EQ(m[10] << 8 | m[11], 0x8000); /* broadcast replies */
	CHECK_EQ(get32(m + 12), 0);
	CHECK(memcmp(m + 28, mac, 6) == 0);
	CHECK(memcmp(m + 236, cookie, 4) == 0);
	static const uint8_t discover_opts[] = {53, 1, 1, 55, 3, 1, 3, 51, 255};
	CHECK(memcmp(m + 240, discover_opts, sizeof(discover_opts)) == 0);
	for (size_t i = 240 + sizeof(discover_opts); i < len; i++)
		CHECK_EQ(m[i], 0);
	/* REQUEST in SELECTING: requested address and server id. */
	len = dhcp_build(m, DHCPREQUEST, 9, mac, 0, GUEST, GATEWAY, 0);
	const uint8_t *o = find_opt(m, len, 50);
	CHECK(o && o[1] == 4 && get32(o + 2) == GUEST);
	o = find_opt(m, len, 54);
	CHECK(o && o[1] == 4 && get32(o + 2) == GATEWAY);
	o = find_opt(m, len, 53);
	CHECK(o && o[2] == DHCPREQUEST);
	/* Renewal: ciaddr, no broadcast flag, neither option. */
	len = dhcp_build(m, DHCPREQUEST, 9, mac, GUEST, 0, 0, 0);
	CHECK_EQ(get32(m + 12), GUEST);
	CHECK_EQ(m[10] << 8 | m[11], 0);
	CHECK(!find_opt(m, len, 50));
	CHECK(!find_opt(m, len, 54));
}

/* The client, its last action and a fake server that answers what the
 * client sent (its xid) the way slirp does. */
static dhcp_client_t c;
static dhcp_action_t act;
static uint64_t now;

static uint8_t sent_type(void)
{
	const uint8_t *o = find_opt(act.msg, act.send_len, 53);
	return act.send_len && o ? o[2] : 0;
}

static uint32_t sent_xid(void) { return get32(act.msg + 4); }

static uint32_t sent_opt32(uint8_t code)
{
	const uint8_t *o = find_opt(act.msg, act.send_len, code);
	return o ? get32(o + 2) : 0;
}

/* The server answers with m (built by f); the client takes it. */
static void answer(size_t len, const uint8_t *m)
{
	dhcp_view_t v;
	if (dhcp_parse(m, len, &v) != 0) {
		unit_fail(__FILE__, __LINE__, "the fake server's reply");
		return;
	}
	dhcp_input(&c, &v, now, &act);
}

static void server_says(uint8_t type, uint32_t xid)
{
	uint8_t m[SLIRP_LEN];
	answer(slirp_reply(m, type, xid, NULL), m);
}

static void tick_at(uint64_t t)
{
	now = t;
	dhcp_tick(&c, now, &act);
}

/* From start to BOUND with slirp's OFFER and ACK. */
static void get_bound(uint32_t seed)
{
	now = 1000;
	dhcp_start(&c, mac, seed, HZ, now, 60, &act);
	CHECK_EQ(c.state, DHCP_SELECTING);
	CHECK_EQ(sent_type(), DHCPDISCOVER);
	CHECK_EQ(act.send_to, IPV4_BROADCAST);
	CHECK_EQ(act.send_len, 300);
	server_says(DHCPOFFER, sent_xid());
	CHECK_EQ(c.state, DHCP_REQUESTING);
	CHECK_EQ(sent_type(), DHCPREQUEST);
	CHECK_EQ(act.send_to, IPV4_BROADCAST);
	CHECK_EQ(sent_opt32(50), GUEST);
	CHECK_EQ(sent_opt32(54), GATEWAY);
	CHECK_EQ(get32(act.msg + 12), 0);
	now += 5;
	server_says(DHCPACK, sent_xid());
	CHECK_EQ(c.state, DHCP_BOUND);
	CHECK_EQ(act.send_len, 0);
	CHECK_EQ(act.bound, 1);
	CHECK_EQ(act.addr, GUEST);
	CHECK_EQ(act.mask, NETMASK);
	CHECK_EQ(act.router, GATEWAY);
	CHECK_EQ(act.lease_s, LEASE);
}

UNIT_TEST(dhcp_client_bound_renew_rebind_expire)
{
	get_bound(1);
	if (unit_failures())
		return;
	uint64_t bound_at = now, t1 = bound_at + LEASE / 2 * HZ;
	uint64_t t2 = bound_at + LEASE * 7 / 8 * HZ,
		 end = bound_at + LEASE * HZ;
	CHECK_EQ(dhcp_next_deadline(&c), t1);
	tick_at(t1 - 1);
	CHECK_EQ(act.send_len, 0);
	CHECK_EQ(c.state, DHCP_BOUND);
	/* T1: a unicast REQUEST to the server from our address. */
	tick_at(t1);
	CHECK_EQ(c.state, DHCP_RENEWING);
	CHECK_EQ(sent_type(), DHCPREQUEST);
	CHECK_EQ(act.send_to, GATEWAY);
	CHECK_EQ(get32(act.msg + 12), GUEST);
	CHECK_EQ(sent_opt32(50), 0);
	CHECK_EQ(sent_opt32(54), 0);
	/* Resent after half the time left to T2. */
	uint64_t resend = t1 + (t2 - t1) / 2;
	CHECK_EQ(dhcp_next_deadline(&c), resend);
	tick_at(resend - 1);
	CHECK_EQ(act.send_len, 0);
	tick_at(resend);
	CHECK_EQ(sent_type(), DHCPREQUEST);
	CHECK_EQ(act.send_to, GATEWAY);
	/* Close to T2 the 60 s floor: the deadline is T2 itself. */
	tick_at(t2 - 30 * HZ);
	CHECK_EQ(act.send_to, GATEWAY);
	CHECK_EQ(dhcp_next_deadline(&c), t2);
	/* T2: broadcast REQUEST, still from our address. */
	tick_at(t2);
	CHECK_EQ(c.state, DHCP_REBINDING);
	CHECK_EQ(sent_type(), DHCPREQUEST);
	CHECK_EQ(act.send_to, IPV4_BROADCAST);
	CHECK_EQ(get32(act.msg + 12), GUEST);
	CHECK_EQ(dhcp_next_deadline(&c), t2 + (end - t2) / 2);
	/* Expiry: the address is lost and discovery starts over. */
	tick_at(end - 1);
	CHECK_EQ(act.lost, 0);
	tick_at(end);
	CHECK_EQ(act.lost, 1);
	CHECK_EQ(act.addr, GUEST);
	CHECK_EQ(c.state, DHCP_SELECTING);
	CHECK_EQ(sent_type(), DHCPDISCOVER);
	CHECK_EQ(act.send_to, IPV4_BROADCAST);
	CHECK_EQ(c.give_up, end + 60 * HZ); /* a fresh timeout */
}

UNIT_TEST(dhcp_client_renewed)
{
	get_bound(2);
	if (unit_failures())
		return;
	uint64_t t1 = now + LEASE / 2 * HZ;
	tick_at(t1);
	uint32_t xid = sent_xid();
	CHECK_EQ(c.state, DHCP_RENEWING);
	now += 10;
	server_says(DHCPACK, xid);
	CHECK_EQ(c.state, DHCP_BOUND);
	CHECK_EQ(act.bound, 1);
	CHECK_EQ(act.addr, GUEST);
	/* The new lease counts from now. */
	CHECK_EQ(dhcp_next_deadline(&c), now + LEASE / 2 * HZ);
	/* Renewed while REBINDING too (any server may answer then). */
	tick_at(now + LEASE * 7 / 8 * HZ);
	CHECK_EQ(c.state, DHCP_REBINDING); /* late caller: straight to T2 */
	CHECK_EQ(act.send_to, IPV4_BROADCAST);
	uint8_t m[SLIRP_LEN];
	size_t end_at, len = slirp_reply(m, DHCPACK, sent_xid(), &end_at);
	put32(m + 240 + 5, IP(10, 0, 2, 4)); /* the server id */
	answer(len, m);
	CHECK_EQ(c.state, DHCP_BOUND);
	CHECK_EQ(c.server, IP(10, 0, 2, 4));
	/* A caller asleep past the whole lease loses it at once. */
	tick_at(now + LEASE * HZ);
	CHECK_EQ(act.lost, 1);
	CHECK_EQ(c.state, DHCP_SELECTING);
}

UNIT_TEST(dhcp_client_nak)
{
	/* NAK to the REQUEST: back to DISCOVER with a new xid, same give-up. */
	now = 0;
	dhcp_start(&c, mac, 3, HZ, now, 60, &act);
	uint64_t give_up = c.give_up;
	server_says(DHCPOFFER, sent_xid());
	uint32_t xid = sent_xid();
	uint8_t m[SLIRP_LEN];
	now = 2 * HZ;
	answer(slirp_nak(m, xid), m);
	CHECK_EQ(c.state, DHCP_SELECTING);
	CHECK_EQ(sent_type(), DHCPDISCOVER);
	CHECK(sent_xid() != xid);
	CHECK_EQ(c.give_up, give_up);
	CHECK_EQ(act.lost, 0);
	/* NAK to a renewal: the lease is lost. */
	get_bound(4);
	if (unit_failures())
		return;
	tick_at(now + LEASE / 2 * HZ);
	CHECK_EQ(c.state, DHCP_RENEWING);
	answer(slirp_nak(m, sent_xid()), m);
	CHECK_EQ(act.lost, 1);
	CHECK_EQ(act.addr, GUEST);
	CHECK_EQ(act.bound, 0);
	CHECK_EQ(c.state, DHCP_SELECTING);
	CHECK_EQ(sent_type(), DHCPDISCOVER);
	CHECK_EQ(c.give_up, now + 60 * HZ);
}

UNIT_TEST(dhcp_client_ignores_others)
{
	uint8_t m[SLIRP_LEN];
	now = 0;
	dhcp_start(&c, mac, 5, HZ, now, 60, &act);
	uint32_t xid = sent_xid();
	server_says(DHCPOFFER, xid + 1); /* another exchange */
	CHECK_EQ(act.send_len, 0);
	CHECK_EQ(c.state, DHCP_SELECTING);
	size_t end_at, len = slirp_reply(m, DHCPOFFER, xid, &end_at);
	m[28 + 5] ^= 1; /* another client's */
	answer(len, m);
	CHECK_EQ(act.send_len, 0);
	server_says(DHCPACK, xid); /* not an OFFER */
	server_says(DHCPNAK, xid);
	CHECK_EQ(c.state, DHCP_SELECTING);
	/* OFFERs without a server id or with no usable address. */
	static const uint8_t no_server[] = {53, 1, 2, 51, 4, 0, 1, 0, 0, 255};
	answer(reply_with(m, xid, mac, GUEST, no_server, sizeof(no_server)), m);
	CHECK_EQ(c.state, DHCP_SELECTING);
	static const uint32_t unusable[] = {
	    0, IP(127, 0, 0, 1), IP(224, 0, 0, 1), 0xFFFFFFFFu, IP(0, 1, 2, 3)};
	for (unsigned i = 0; i < 5; i++) {
		len = slirp_reply(m, DHCPOFFER, xid, NULL);
		put32(m + 16, unusable[i]);
		answer(len, m);
		CHECK_EQ(c.state, DHCP_SELECTING);
		CHECK_EQ(act.send_len, 0);
	}
	server_says(DHCPOFFER, xid);
	CHECK_EQ(c.state, DHCP_REQUESTING);
	/* A second OFFER, an ACK from another server, an ACK without a
	 * lease: all ignored. */
	server_says(DHCPOFFER, xid);
	CHECK_EQ(act.send_len, 0);
	len = slirp_reply(m, DHCPACK, xid, NULL);
	put32(m + 240 + 5, IP(10, 0, 2, 9));
	answer(len, m);
	CHECK_EQ(act.bound, 0);
	static const uint8_t no_lease[] = {53, 1, 5, 54, 4, 10, 0, 2, 2, 255};
	answer(reply_with(m, xid, mac, GUEST, no_lease, sizeof(no_lease)), m);
	CHECK_EQ(act.bound, 0);
	CHECK_EQ(c.state, DHCP_REQUESTING);
	server_says(DHCPACK, xid);
	/* BOUND ignores everything. */
	CHECK_EQ(c.state, DHCP_BOUND);
	server_says(DHCPNAK, xid);
	CHECK_EQ(c.state, DHCP_BOUND);
	CHECK_EQ(act.lost, 0);
}

UNIT_TEST(dhcp_client_backoff_and_give_up)
{
	static const unsigned want_s[] = {4, 8, 16, 32, 64, 64, 64};
	int differs = 0;
	uint64_t first_gaps[7] = {0};
	for (uint32_t seed = 1; seed <= 20; seed++) {
		now = 500;
		dhcp_start(&c, mac, seed * 7919u, HZ, now, 300, &act);
		uint32_t xid = sent_xid();
		uint64_t last = now;
		for (unsigned k = 0; k < 7; k++) {
			uint64_t d = dhcp_next_deadline(&c);
			CHECK(d > last);
			tick_at(d - 1);
			CHECK_EQ(act.send_len, 0);
			tick_at(d);
			CHECK_EQ(sent_type(), DHCPDISCOVER);
			CHECK_EQ(sent_xid(), xid); /* the same exchange */
			uint64_t gap = d - last;
			CHECK(gap >= (want_s[k] - 1) * HZ);
			CHECK(gap <= (want_s[k] + 1) * HZ);
			/* secs counts from the start */
			CHECK_EQ(act.msg[8] << 8 | act.msg[9], (d - 500) / HZ);
			if (seed == 1)
				first_gaps[k] = gap;
			else if (gap != first_gaps[k])
				differs = 1;
			last = d;
		}
		/* 0, 4, 12, 28, 60, 124, 188, 252 (+-): the give-up at 300 s.
		 */
		CHECK_EQ(dhcp_next_deadline(&c), 500 + 300 * HZ);
		tick_at(500 + 300 * HZ);
		CHECK_EQ(c.state, DHCP_FAILED);
		CHECK_EQ(act.send_len, 0);
		CHECK_EQ(dhcp_next_deadline(&c), UINT64_MAX);
		tick_at(500 + 1000 * HZ);
		CHECK_EQ(act.send_len, 0);
		server_says(DHCPOFFER, xid);
		CHECK_EQ(act.send_len, 0);
		CHECK_EQ(c.state, DHCP_FAILED);
	}
	CHECK(differs); /* jitter */
}

UNIT_TEST(dhcp_client_gives_up_while_requesting)
{
	now = 0;
	dhcp_start(&c, mac, 6, HZ, now, 10, &act);
	server_says(DHCPOFFER, sent_xid());
	CHECK_EQ(c.state, DHCP_REQUESTING);
	uint64_t d = dhcp_next_deadline(&c);
	CHECK(d >= 3 * HZ && d <= 5 * HZ);
	tick_at(d);
	CHECK_EQ(sent_type(), DHCPREQUEST);
	CHECK_EQ(sent_opt32(50), GUEST);
	CHECK_EQ(dhcp_next_deadline(&c), 10 * HZ); /* the give-up is first */
	tick_at(10 * HZ);
	CHECK_EQ(c.state, DHCP_FAILED);
	CHECK_EQ(act.send_len, 0);
	/* dhcp_start again begins anew. */
	dhcp_start(&c, mac, 6, HZ, now, 10, &act);
	CHECK_EQ(c.state, DHCP_SELECTING);
	CHECK_EQ(sent_type(), DHCPDISCOVER);
}

UNIT_TEST(dhcp_client_server_times)
{
	uint8_t m[SLIRP_LEN];
	static const uint8_t t_opts[] = {53,  1,  5, 54, 4,  10, 0,   2,  2, 51,
					 4,   0,  0, 1,	 44, 58, 4,   0,  0, 0,
					 100, 59, 4, 0,	 0,  0,	 200, 255};
	now = 0;
	dhcp_start(&c, mac, 8, HZ, now, 60, &act);
	server_says(DHCPOFFER, sent_xid());
	answer(reply_with(m, c.xid, mac, GUEST, t_opts, sizeof(t_opts)), m);
	CHECK_EQ(c.state, DHCP_BOUND);
	CHECK_EQ(act.mask, 0); /* absent */
	CHECK_EQ(dhcp_next_deadline(&c), 100 * HZ);
	CHECK_EQ(c.t2, 200 * HZ);
	CHECK_EQ(c.expiry, 300 * HZ);
	/* T1 after T2, T2 past the lease: the defaults. */
	static const uint8_t bad_t[] = {53, 1,	5, 54, 4,  10, 0,  2,  2, 51,
					4,  0,	0, 1,  44, 58, 4,  0,  0, 1,
					24, 59, 4, 0,  0,  1,  44, 255};
	dhcp_start(&c, mac, 8, HZ, now, 60, &act);
	server_says(DHCPOFFER, sent_xid());
	answer(reply_with(m, c.xid, mac, GUEST, bad_t, sizeof(bad_t)), m);
	CHECK_EQ(c.state, DHCP_BOUND);
	CHECK_EQ(c.t1, 150 * HZ);
	CHECK_EQ(c.t2, 262 * HZ);
	/* An infinite lease: no deadline. */
	static const uint8_t forever[] = {53, 1,  5, 54,  4,   10,  0,	 2,
					  2,  51, 4, 255, 255, 255, 255, 255};
	dhcp_start(&c, mac, 8, HZ, now, 60, &act);
	server_says(DHCPOFFER, sent_xid());
	answer(reply_with(m, c.xid, mac, GUEST, forever, sizeof(forever)), m);
	CHECK_EQ(c.state, DHCP_BOUND);
	CHECK_EQ(dhcp_next_deadline(&c), UINT64_MAX);
	tick_at(UINT64_MAX - 1);
	CHECK_EQ(c.state, DHCP_BOUND);
	CHECK_EQ(act.send_len, 0);
}
