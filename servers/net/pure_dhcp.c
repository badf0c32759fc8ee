/* The DHCP client's messages and state machine (pure_dhcp.h): RFC 2131
 * sections 2, 4.1, 4.3 and 4.4, options of RFC 2132. Pure: the caller
 * sends, receives and keeps the time. */
#include <string.h>
#include "uapi/errors.h"
#include "pure_dhcp.h"
#include "pure_bytes.h"
#include "pure_wire.h"

#define DHCP_ACCEPT_MAX 1472u /* an unfragmented UDP payload over Ethernet */
#define DHCP_BUILT_LEN 300u   /* BOOTP's minimum (RFC 1542 2.1) */
#define BOOTREQUEST 1
#define BOOTREPLY 2
#define BOOTP_FLAG_BROADCAST 0x8000u
#define OFF_XID 4
#define OFF_SECS 8
#define OFF_FLAGS 10
#define OFF_CIADDR 12
#define OFF_YIADDR 16
#define OFF_CHADDR 28
#define OFF_COOKIE 236
#define OPT_PAD 0
#define OPT_MASK 1
#define OPT_ROUTER 3
#define OPT_REQUESTED 50
#define OPT_LEASE 51
#define OPT_TYPE 53
#define OPT_SERVER 54
#define OPT_PARAMS 55
#define OPT_T1 58
#define OPT_T2 59
#define OPT_END 255
#define LEASE_INFINITE 0xFFFFFFFFu

static const uint8_t magic_cookie[4] = {99, 130, 83, 99};

/* A mask is ones then zeros (0: absent). */
static int mask_contiguous(uint32_t m) { return (~m & (~m + 1)) == 0; }

/* One option (its length already inside the message): 0, or -ERR_INVAL
 * when its length or value is wrong for its code. Unknown codes skipped. */
static int option_take(dhcp_view_t *v, uint8_t code, const uint8_t *p,
		       uint8_t len)
{
	switch (code) {
	case OPT_TYPE:
		if (len != 1 || p[0] < DHCPDISCOVER || p[0] > 8)
			return -ERR_INVAL;
		v->type = p[0];
		return 0;
	case OPT_ROUTER:
		if (len < 4 || len % 4 != 0)
			return -ERR_INVAL;
		v->router = get32(p);
		return 0;
	case OPT_PARAMS: return len >= 1 ? 0 : -ERR_INVAL;
	case OPT_MASK:
	case OPT_REQUESTED:
	case OPT_LEASE:
	case OPT_SERVER:
	case OPT_T1:
	case OPT_T2: break;
	default: return 0;
	}
	if (len != 4)
		return -ERR_INVAL;
	uint32_t x = get32(p);
	if (code == OPT_MASK) {
		if (!mask_contiguous(x))
			return -ERR_INVAL;
		v->mask = x;
	} else if (code == OPT_LEASE) {
		v->lease_s = x;
	} else if (code == OPT_SERVER) {
		v->server_id = x;
	} else if (code == OPT_T1) {
		v->t1_s = x;
	} else if (code == OPT_T2) {
		v->t2_s = x;
	}
	return 0;
}

int dhcp_parse(const uint8_t *p, size_t len, dhcp_view_t *out)
{
	dhcp_view_t v;
	memset(&v, 0, sizeof(v));
	if (len < DHCP_MSG_MIN || len > DHCP_ACCEPT_MAX || p[0] != BOOTREPLY ||
	    p[1] != 1 || p[2] != 6 ||
	    memcmp(p + OFF_COOKIE, magic_cookie, sizeof(magic_cookie)) != 0)
		return -ERR_INVAL;
	size_t i = DHCP_MSG_MIN;
	for (;;) {
		if (i >= len)
			return -ERR_INVAL; /* no END */
		if (p[i] == OPT_END)
			break;
		if (p[i] == OPT_PAD) {
			i++;
			continue;
		}
		if (len - i < 2 || len - i - 2 < p[i + 1] ||
		    option_take(&v, p[i], p + i + 2, p[i + 1]) < 0)
			return -ERR_INVAL;
		i += 2u + p[i + 1];
	}
	if (!v.type)
		return -ERR_INVAL;
	v.xid = get32(p + OFF_XID);
	v.yiaddr = get32(p + OFF_YIADDR);
	memcpy(v.chaddr, p + OFF_CHADDR, sizeof(v.chaddr));
	*out = v;
	return 0;
}

static uint8_t *put_option32(uint8_t *q, uint8_t code, uint32_t v)
{
	q[0] = code;
	q[1] = 4;
	put32(q + 2, v);
	return q + 6;
}

size_t dhcp_build(uint8_t *out, uint8_t type, uint32_t xid,
		  const uint8_t mac[6], uint32_t ciaddr, uint32_t requested,
		  uint32_t server_id, uint16_t secs)
{
	memset(out, 0, DHCP_MSG_MAX);
	out[0] = BOOTREQUEST;
	out[1] = 1; /* Ethernet */
	out[2] = 6;
	put32(out + OFF_XID, xid);
	put16(out + OFF_SECS, secs);
	/* Without an address our IP layer takes no unicast: ask for
	 * broadcast replies (RFC 2131 4.1). */
	put16(out + OFF_FLAGS, ciaddr ? 0 : BOOTP_FLAG_BROADCAST);
	put32(out + OFF_CIADDR, ciaddr);
	memcpy(out + OFF_CHADDR, mac, 6);
	memcpy(out + OFF_COOKIE, magic_cookie, sizeof(magic_cookie));
	uint8_t *q = out + DHCP_MSG_MIN;
	*q++ = OPT_TYPE;
	*q++ = 1;
	*q++ = type;
	if (requested)
		q = put_option32(q, OPT_REQUESTED, requested);
	if (server_id)
		q = put_option32(q, OPT_SERVER, server_id);
	*q++ = OPT_PARAMS;
	*q++ = 3;
	*q++ = OPT_MASK;
	*q++ = OPT_ROUTER;
	*q++ = OPT_LEASE;
	*q = OPT_END;
	return DHCP_BUILT_LEN;
}

/* xorshift32: the xids and the jitter. */
static uint32_t client_random(dhcp_client_t *c)
{
	uint32_t x = c->seed ? c->seed : 0x9E3779B9u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	c->seed = x;
	return x;
}

static uint64_t ticks_after(uint64_t now, uint64_t d)
{
	return d > UINT64_MAX - now ? UINT64_MAX : now + d;
}

/* RFC 2131 4.1: 4 s before the first retransmission, doubling to 64 s,
 * each randomised by -1..+1 s. */
static uint64_t backoff(dhcp_client_t *c)
{
	unsigned shift = c->tries < 4 ? c->tries : 4;
	uint64_t jitter = client_random(c) % (2 * c->hz + 1);
	return (4ull << shift) * c->hz + jitter - c->hz;
}

/* RFC 2131 4.4.5: half the time left until `until`, at least 60 s. */
static uint64_t half_left(const dhcp_client_t *c, uint64_t now, uint64_t until)
{
	uint64_t half = until > now ? (until - now) / 2 : 0;
	return half > 60 * c->hz ? half : 60 * c->hz;
}

static void send_msg(dhcp_client_t *c, uint64_t now, dhcp_action_t *act,
		     uint8_t type, uint32_t to, uint32_t ciaddr)
{
	uint64_t secs = (now - c->began) / c->hz;
	uint32_t requested = 0, server = 0;
	if (type == DHCPREQUEST && c->state == DHCP_REQUESTING) {
		requested = c->offered;
		server = c->server;
	}
	act->send_len =
	    dhcp_build(act->msg, type, c->xid, c->mac, ciaddr, requested,
		       server, (uint16_t)(secs > 0xFFFF ? 0xFFFF : secs));
	act->send_to = to;
}

/* The message of the current state, and when to send it again. */
static void send_for_state(dhcp_client_t *c, uint64_t now, dhcp_action_t *act)
{
	switch (c->state) {
	case DHCP_SELECTING:
		send_msg(c, now, act, DHCPDISCOVER, IPV4_BROADCAST, 0);
		c->next = ticks_after(now, backoff(c));
		break;
	case DHCP_REQUESTING:
		send_msg(c, now, act, DHCPREQUEST, IPV4_BROADCAST, 0);
		c->next = ticks_after(now, backoff(c));
		break;
	case DHCP_RENEWING:
		send_msg(c, now, act, DHCPREQUEST, c->server, c->addr);
		c->next = ticks_after(now, half_left(c, now, c->t2));
		break;
	case DHCP_REBINDING:
		send_msg(c, now, act, DHCPREQUEST, IPV4_BROADCAST, c->addr);
		c->next = ticks_after(now, half_left(c, now, c->expiry));
		break;
	default: return;
	}
	c->tries++;
}

/* A new state and its first message (a new xid but for REQUESTING, which
 * answers the OFFER's). */
static void enter(dhcp_client_t *c, enum dhcp_state state, uint64_t now,
		  dhcp_action_t *act)
{
	if (state != DHCP_REQUESTING)
		c->xid = client_random(c);
	if (state == DHCP_SELECTING || c->state == DHCP_BOUND)
		c->began = now; /* acquisition or renewal begins (secs) */
	c->state = state;
	c->tries = 0;
	send_for_state(c, now, act);
}

/* Back to SELECTING, forgetting the lease, with give_up as the deadline. */
static void restart(dhcp_client_t *c, uint64_t now, uint64_t give_up,
		    dhcp_action_t *act)
{
	c->offered = c->server = c->addr = c->mask = c->router = 0;
	c->lease_s = 0;
	c->t1 = c->t2 = c->expiry = UINT64_MAX;
	c->give_up = give_up;
	enter(c, DHCP_SELECTING, now, act);
}

static void lose(dhcp_client_t *c, uint64_t now, dhcp_action_t *act)
{
	act->lost = 1;
	act->addr = c->addr;
	restart(c, now, ticks_after(now, c->timeout), act);
}

void dhcp_start(dhcp_client_t *c, const uint8_t mac[6], uint32_t seed,
		uint64_t hz, uint64_t now, unsigned timeout_s,
		dhcp_action_t *act)
{
	memset(c, 0, sizeof(*c));
	memset(act, 0, sizeof(*act));
	memcpy(c->mac, mac, sizeof(c->mac));
	c->seed = seed;
	c->hz = hz ? hz : 1;
	c->timeout = (uint64_t)timeout_s * c->hz;
	restart(c, now, ticks_after(now, c->timeout), act);
}

/* An address a host may take (not 0/8, loopback, multicast or above). */
static int addr_usable(uint32_t a)
{
	uint32_t top = a >> 24;
	return top != 0 && top != 127 && top < 224;
}

/* T1 and T2 from the server when they make sense (T1 <= T2 < lease),
 * else RFC 2131 4.4.5's lease/2 and 7/8 lease. */
static void lease_times(dhcp_client_t *c, const dhcp_view_t *m, uint64_t now)
{
	uint64_t lease = m->lease_s, t1 = m->t1_s, t2 = m->t2_s;
	if (lease == LEASE_INFINITE) {
		c->t1 = c->t2 = c->expiry = UINT64_MAX;
		return;
	}
	if (!t2 || t2 >= lease)
		t2 = lease * 7 / 8;
	if (!t1 || t1 > t2)
		t1 = lease / 2 < t2 ? lease / 2 : t2;
	c->t1 = ticks_after(now, t1 * c->hz);
	c->t2 = ticks_after(now, t2 * c->hz);
	c->expiry = ticks_after(now, lease * c->hz);
}

static void take_lease(dhcp_client_t *c, const dhcp_view_t *m, uint64_t now,
		       dhcp_action_t *act)
{
	if (!addr_usable(m->yiaddr) || !m->lease_s)
		return; /* RFC 2131 table 3: an ACK carries its lease */
	c->addr = m->yiaddr;
	c->mask = m->mask;
	c->router = m->router;
	c->lease_s = m->lease_s;
	if (m->server_id)
		c->server = m->server_id;
	lease_times(c, m, now);
	c->state = DHCP_BOUND;
	c->tries = 0;
	c->next = UINT64_MAX;
	act->bound = 1;
	act->addr = c->addr;
	act->mask = c->mask;
	act->router = c->router;
	act->lease_s = c->lease_s;
}

void dhcp_input(dhcp_client_t *c, const dhcp_view_t *m, uint64_t now,
		dhcp_action_t *act)
{
	memset(act, 0, sizeof(*act));
	if (m->xid != c->xid || memcmp(m->chaddr, c->mac, sizeof(c->mac)))
		return;
	switch (c->state) {
	case DHCP_SELECTING:
		if (m->type != DHCPOFFER || !addr_usable(m->yiaddr) ||
		    !m->server_id)
			return;
		c->offered = m->yiaddr;
		c->server = m->server_id;
		enter(c, DHCP_REQUESTING, now, act);
		return;
	case DHCP_REQUESTING:
	case DHCP_RENEWING:
	case DHCP_REBINDING:
		/* Until REBINDING only the chosen server may answer. */
		if (c->state != DHCP_REBINDING && m->server_id &&
		    m->server_id != c->server)
			return;
		if (m->type == DHCPACK)
			take_lease(c, m, now, act);
		else if (m->type == DHCPNAK && c->state == DHCP_REQUESTING)
			restart(c, now, c->give_up, act);
		else if (m->type == DHCPNAK)
			lose(c, now, act);
		return;
	default: return;
	}
}

void dhcp_tick(dhcp_client_t *c, uint64_t now, dhcp_action_t *act)
{
	memset(act, 0, sizeof(*act));
	switch (c->state) {
	case DHCP_SELECTING:
	case DHCP_REQUESTING:
		if (now >= c->give_up)
			c->state = DHCP_FAILED;
		else if (now >= c->next)
			send_for_state(c, now, act);
		return;
	case DHCP_BOUND:
	case DHCP_RENEWING:
	case DHCP_REBINDING:
		if (now >= c->expiry)
			lose(c, now, act);
		else if (now >= c->t2 && c->state != DHCP_REBINDING)
			enter(c, DHCP_REBINDING, now, act);
		else if (now >= c->t1 && c->state == DHCP_BOUND)
			enter(c, DHCP_RENEWING, now, act);
		else if (now >= c->next)
			send_for_state(c, now, act);
		return;
	default: return;
	}
}

static uint64_t earlier(uint64_t a, uint64_t b) { return a < b ? a : b; }

uint64_t dhcp_next_deadline(const dhcp_client_t *c)
{
	switch (c->state) {
	case DHCP_SELECTING:
	case DHCP_REQUESTING: return earlier(c->next, c->give_up);
	case DHCP_BOUND: return c->t1;
	case DHCP_RENEWING: return earlier(c->next, c->t2);
	case DHCP_REBINDING: return earlier(c->next, c->expiry);
	default: return UINT64_MAX;
	}
}
