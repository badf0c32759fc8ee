/* net's socket table (servers/net/pure_socktab.c, pure_socktab_queue.c):
 * ids and limits, the bind rules (conflicts, ephemeral ports, reserved
 * ports, local addresses), connect, the demultiplexing of UDP and echo
 * replies, the bounded queues and LV_NET_RECV's reads, LV_NET_SEND's
 * assembly, ICMP errors, a gone address, the list, and freeing (run under
 * ASan: nothing may leak). */
#include <sanitizer/lsan_interface.h>
#include <string.h>
#include "../../servers/net/pure_socktab.h"
#include "uapi/errors.h"
#include "unit.h"

#define A1 0x0A00000Fu	  /* 10.0.0.15: ours */
#define A2 0xC0A80102u	  /* 192.168.1.2: ours */
#define BCAST 0x0A0000FFu /* 10.0.0.255 */
#define PEER 0x0A000002u

static int is_local(uint32_t a) { return a == A1 || a == A2; }

static int is_broadcast(uint32_t a) { return a == BCAST || a == 0xFFFFFFFFu; }

static socktab_t t;

static socktab_sock_t *new_sock(int32_t pid, uint32_t kind)
{
	int id = socktab_open(&t, pid, kind);
	return id > 0 ? socktab_get(&t, pid, (uint32_t)id) : NULL;
}

/* A new socket of pid bound to addr:port (privileged), or NULL. */
static socktab_sock_t *bound(int32_t pid, uint32_t addr, uint16_t port)
{
	socktab_sock_t *s = new_sock(pid, LV_NET_SOCK_UDP);
	return s && socktab_bind(&t, s, addr, port, 1) == 0 ? s : NULL;
}

static void setup(void) { socktab_init(&t, is_local, is_broadcast); }

/* Frees everything left and fails the test if anything leaked (each test
 * runs in a child that leaves by _exit: LeakSanitizer's exit check never
 * runs, so it is asked here). */
static void teardown(void)
{
	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++)
		if (t.s[i].id)
			socktab_close(&t.s[i]);
	memset(&t, 0, sizeof(t));
	if (__lsan_do_recoverable_leak_check())
		unit_fail(__FILE__, __LINE__, "memory leaked (LeakSanitizer)");
}

static int udp_in(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		  const char *text)
{
	return socktab_udp_input(&t, src, dst, sport, dport, 64, text,
				 strlen(text));
}

UNIT_TEST(net_socktab_ids_owner_and_limits)
{
	int id, first;

	setup();
	CHECK_EQ(socktab_open(&t, 5, 3), -ERR_PROTONOSUPPORT);
	first = socktab_open(&t, 5, LV_NET_SOCK_UDP);
	CHECK(first >= 1);
	CHECK(socktab_get(&t, 5, (uint32_t)first) != NULL);
	CHECK(socktab_get(&t, 6, (uint32_t)first) == NULL); /* not 6's */
	CHECK(socktab_get(&t, 5, 0) == NULL);
	CHECK(socktab_get(&t, 5, 999) == NULL);
	/* A closed id is not handed out again at once. */
	socktab_close(socktab_get(&t, 5, (uint32_t)first));
	id = socktab_open(&t, 5, LV_NET_SOCK_UDP);
	CHECK(id != first);
	CHECK(socktab_get(&t, 5, (uint32_t)first) == NULL);
	for (int i = 1; i < LV_NET_SOCKETS_PER_CLIENT; i++)
		CHECK(socktab_open(&t, 5, LV_NET_SOCK_PING) > 0);
	CHECK_EQ(socktab_open(&t, 5, LV_NET_SOCK_UDP), -ERR_MFILE);
	for (int pid = 6; socktab_count(&t, pid - 1) && pid < 20; pid++)
		for (int i = 0; i < LV_NET_SOCKETS_PER_CLIENT; i++)
			if (socktab_open(&t, pid, LV_NET_SOCK_UDP) < 0)
				break;
	CHECK_EQ(socktab_open(&t, 99, LV_NET_SOCK_UDP), -ERR_NOSPC);
	CHECK_EQ(socktab_free_pid(&t, 5), LV_NET_SOCKETS_PER_CLIENT);
	CHECK(socktab_open(&t, 99, LV_NET_SOCK_UDP) > 0);
	teardown();
}

UNIT_TEST(net_socktab_ids_wrap_and_skip_used)
{
	int a, b;

	setup();
	t.next_id = SOCKTAB_ID_LIMIT - 1;
	a = socktab_open(&t, 1, LV_NET_SOCK_UDP);
	CHECK_EQ(a, SOCKTAB_ID_LIMIT - 1);
	t.next_id = (uint32_t)a; /* comes round onto an id in use */
	b = socktab_open(&t, 1, LV_NET_SOCK_UDP);
	CHECK_EQ(b, 1);
	teardown();
}

UNIT_TEST(net_socktab_bind_conflicts_bsd)
{
	socktab_sock_t *a, *b, *c;

	setup();
	a = new_sock(1, LV_NET_SOCK_UDP);
	b = new_sock(1, LV_NET_SOCK_UDP);
	c = new_sock(2, LV_NET_SOCK_UDP);
	CHECK(a && b && c);
	CHECK_EQ(socktab_bind(&t, a, 0x0B000001u, 5000, 0), -ERR_ADDRNOTAVAIL);
	CHECK_EQ(socktab_bind(&t, a, A1, 5000, 0), 0);
	CHECK_EQ(socktab_bind(&t, a, A1, 5001, 0), -ERR_INVAL); /* twice */
	CHECK_EQ(socktab_bind(&t, b, A1, 5000, 0), -ERR_ADDRINUSE);
	CHECK_EQ(socktab_bind(&t, b, 0, 5000, 0), -ERR_ADDRINUSE);
	CHECK_EQ(socktab_bind(&t, b, A2, 5000, 0), 0); /* other address */
	CHECK_EQ(b->local.addr, A2);
	/* Wildcard first: any specific binding of the port clashes. */
	CHECK_EQ(socktab_bind(&t, c, 0, 6000, 0), 0);
	socktab_close(b);
	b = new_sock(1, LV_NET_SOCK_UDP);
	CHECK_EQ(socktab_bind(&t, b, A2, 6000, 0), -ERR_ADDRINUSE);
	/* A ping identifier is another name space. */
	CHECK_EQ(socktab_bind(&t, new_sock(1, LV_NET_SOCK_PING), A1, 6000, 0),
		 0);
	/* The port is free again once its socket closed. */
	socktab_close(c);
	CHECK_EQ(socktab_bind(&t, b, A2, 6000, 0), 0);
	teardown();
}

UNIT_TEST(net_socktab_bind_reserved_needs_privilege)
{
	socktab_sock_t *a, *p;

	setup();
	a = new_sock(1, LV_NET_SOCK_UDP);
	CHECK_EQ(socktab_bind(&t, a, 0, 53, 0), -ERR_ACCES);
	CHECK_EQ(socktab_bind(&t, a, 0, LV_NET_PORT_RESERVED - 1, 0),
		 -ERR_ACCES);
	CHECK_EQ(a->local.port, 0);
	CHECK_EQ(socktab_bind(&t, a, 0, 53, 1), 0);
	CHECK_EQ(socktab_bind(&t, new_sock(1, LV_NET_SOCK_UDP), 0,
			      LV_NET_PORT_RESERVED, 0),
		 0);
	p = new_sock(1, LV_NET_SOCK_PING); /* identifiers are not ports */
	CHECK_EQ(socktab_bind(&t, p, 0, 7, 0), 0);
	teardown();
}

UNIT_TEST(net_socktab_ephemeral_ports)
{
	socktab_sock_t *s[4];

	setup();
	t.eph_lo = t.eph_next = 50000;
	t.eph_hi = 50002;
	for (int i = 0; i < 4; i++)
		s[i] = new_sock(1, LV_NET_SOCK_UDP);
	/* 50001 is taken by hand: the choice skips it. */
	CHECK_EQ(socktab_bind(&t, s[0], 0, 50001, 0), 0);
	CHECK_EQ(socktab_bind(&t, s[1], 0, 0, 0), 0);
	CHECK_EQ(s[1]->local.port, 50000);
	CHECK_EQ(socktab_bind(&t, s[2], A1, 0, 0), 0);
	CHECK_EQ(s[2]->local.port, 50002);
	CHECK_EQ(socktab_bind(&t, s[3], 0, 0, 0), -ERR_ADDRINUSE);
	CHECK_EQ(s[3]->local.port, 0);
	/* One freed: it is found going round. */
	socktab_close(s[1]);
	CHECK_EQ(socktab_bind(&t, s[3], 0, 0, 0), 0);
	CHECK_EQ(s[3]->local.port, 50000);
	teardown();
}

UNIT_TEST(net_socktab_ephemeral_rotates_and_ping_ids_unique)
{
	socktab_sock_t *a, *b, *p, *q;

	setup();
	a = new_sock(1, LV_NET_SOCK_UDP);
	b = new_sock(1, LV_NET_SOCK_UDP);
	CHECK_EQ(socktab_bind(&t, a, 0, 0, 0), 0);
	CHECK(a->local.port >= LV_NET_EPHEMERAL_LO);
	socktab_close(a);
	CHECK_EQ(socktab_bind(&t, b, 0, 0, 0), 0);
	CHECK(b->local.port != 0);
	CHECK_EQ(b->local.port, LV_NET_EPHEMERAL_LO + 1); /* not reused */
	p = new_sock(1, LV_NET_SOCK_PING);
	q = new_sock(1, LV_NET_SOCK_PING);
	CHECK_EQ(socktab_bind(&t, p, A1, 700, 0), 0);
	CHECK_EQ(socktab_bind(&t, q, A2, 700, 0), -ERR_ADDRINUSE);
	CHECK_EQ(socktab_connect(&t, q, PEER, 0, A1), 0); /* autobinds */
	CHECK(q->local.port != 0 && q->local.port != 700);
	teardown();
}

UNIT_TEST(net_socktab_connect_rules)
{
	socktab_sock_t *s, *b;

	setup();
	s = new_sock(1, LV_NET_SOCK_UDP);
	CHECK_EQ(socktab_connect(&t, s, PEER, 0, A1), -ERR_INVAL);
	CHECK_EQ(socktab_connect(&t, s, 0, 53, A1), -ERR_INVAL);
	CHECK_EQ(socktab_connect(&t, s, BCAST, 53, A1), -ERR_ACCES);
	CHECK_EQ(s->local.port, 0);
	CHECK_EQ(socktab_connect(&t, s, PEER, 53, A1), 0);
	CHECK(s->local.port >= LV_NET_EPHEMERAL_LO);
	CHECK_EQ(s->local.addr, A1);
	CHECK_EQ(s->peer.addr, PEER);
	CHECK_EQ(s->peer.port, 53);
	/* Disconnect: the address that was not bound goes. */
	CHECK_EQ(socktab_connect(&t, s, 0, 0, 0), 0);
	CHECK_EQ(s->peer.addr, 0);
	CHECK_EQ(s->local.addr, 0);
	CHECK(s->local.port != 0);
	/* A bound address stays; the broadcast option allows broadcasts. */
	b = new_sock(1, LV_NET_SOCK_UDP);
	CHECK_EQ(socktab_bind(&t, b, A2, 7000, 0), 0);
	CHECK_EQ(socktab_setopt(b, LV_NET_OPT_BROADCAST, 2), -ERR_INVAL);
	CHECK_EQ(socktab_setopt(b, 77, 1), -ERR_NOSYS);
	CHECK_EQ(socktab_setopt(b, LV_NET_OPT_BROADCAST, 1), 0);
	CHECK_EQ(socktab_connect(&t, b, BCAST, 53, A1), 0);
	CHECK_EQ(b->local.addr, A2);
	CHECK_EQ(socktab_connect(&t, b, 0, 0, 0), 0);
	CHECK_EQ(b->local.addr, A2);
	teardown();
}

UNIT_TEST(net_socktab_udp_demux_order)
{
	socktab_sock_t *spec, *conn, *other;

	setup();
	spec = bound(1, A2, 9000);
	conn = bound(1, A1, 9000);
	other = bound(2, A1, 9001);
	CHECK(spec && conn && other && bound(1, 0, 9002));
	CHECK_EQ(socktab_connect(&t, conn, PEER, 1234, A1), 0);
	/* Connected: only from its peer. */
	CHECK_EQ(udp_in(PEER, A1, 1234, 9000, "a"), 1);
	CHECK_EQ(conn->queued, 1);
	CHECK_EQ(spec->queued, 0);
	CHECK_EQ(udp_in(PEER, A1, 1235, 9000, "b"), 0);
	CHECK_EQ(udp_in(PEER, A2, 1235, 9000, "c"), 1);
	CHECK_EQ(spec->queued, 1);
	CHECK_EQ(udp_in(PEER, A2, 1, 9002, "d"), 1); /* the wildcard one */
	CHECK_EQ(udp_in(PEER, A2, 1, 9001, "e"), 0); /* bound to A1 */
	CHECK_EQ(conn->queued, 1);
	CHECK_EQ(other->queued, 0);
	teardown();

	/* Three sockets that may take one datagram (a gone address made one
	 * a wildcard beside a specific one): connected first, then the
	 * specific address, then the wildcard. */
	setup();
	spec = bound(1, A1, 9100);
	conn = bound(1, A2, 9100);
	CHECK(spec && conn);
	CHECK_EQ(socktab_addr_gone(&t, A2), 1);
	CHECK_EQ(udp_in(PEER, A1, 1, 9100, "x"), 1);
	CHECK_EQ(spec->queued, 1);
	CHECK_EQ(udp_in(PEER, A2, 1, 9100, "x"), 1);
	CHECK_EQ(conn->queued, 1);
	conn->peer.addr = PEER; /* connected, its address still 0 */
	conn->peer.port = 1;
	CHECK_EQ(udp_in(PEER, A1, 1, 9100, "x"), 1);
	CHECK_EQ(conn->queued, 2);
	CHECK_EQ(udp_in(PEER, A1, 2, 9100, "x"), 1);
	CHECK_EQ(spec->queued, 2);
	teardown();
}

UNIT_TEST(net_socktab_broadcast_to_every_socket_of_the_port)
{
	socktab_sock_t *a, *b, *c, *d;

	setup();
	a = bound(1, 0, 67);
	d = bound(3, 0, 68);
	/* b bound to a unicast address of the port: no broadcasts for it.
	 * (a holds the wildcard; b can bind only another port.) */
	b = bound(2, A1, 69);
	c = new_sock(3, LV_NET_SOCK_UDP);
	CHECK(a && b && c && d);
	CHECK_EQ(socktab_connect(&t, d, PEER, 67, A1), 0);
	CHECK_EQ(socktab_bind(&t, c, 0, 69, 1), -ERR_ADDRINUSE);
	CHECK_EQ(udp_in(PEER, BCAST, 68, 67, "o"), 1);
	CHECK_EQ(a->queued, 1);
	CHECK_EQ(a->broadcast, 0); /* taken without the option */
	CHECK_EQ(udp_in(PEER, 0xFFFFFFFFu, 68, 69, "o"), 0);
	/* Connected (to PEER:67): its address became A1 (as Linux), so no
	 * broadcast reaches it, from its peer or not; unicast does. */
	CHECK_EQ(udp_in(0x0A000009u, BCAST, 67, 68, "o"), 0);
	CHECK_EQ(udp_in(PEER, BCAST, 67, 68, "o"), 0);
	CHECK_EQ(udp_in(PEER, A1, 67, 68, "o"), 1);
	CHECK_EQ(d->queued, 1);
	teardown();

	/* Two sockets on the port (specific addresses: the broadcast address
	 * itself and another): only those of 0 or the broadcast address. */
	setup();
	a = new_sock(1, LV_NET_SOCK_UDP);
	b = new_sock(2, LV_NET_SOCK_UDP);
	t.is_local = is_broadcast; /* lets a bind the broadcast address */
	CHECK_EQ(socktab_bind(&t, a, BCAST, 5353, 0), 0);
	t.is_local = is_local;
	CHECK_EQ(socktab_bind(&t, b, A1, 5353, 0), 0);
	CHECK_EQ(udp_in(PEER, BCAST, 5353, 5353, "q"), 1);
	CHECK_EQ(a->queued, 1);
	CHECK_EQ(b->queued, 0);
	teardown();
}

UNIT_TEST(net_socktab_queue_limits_and_drops)
{
	static char big[LV_NET_RCVQ_BYTES / 2];
	socktab_sock_t *s, *w;

	setup();
	s = new_sock(1, LV_NET_SOCK_UDP);
	CHECK_EQ(socktab_bind(&t, s, 0, 4000, 0), 0);
	for (int i = 0; i < LV_NET_RCVQ_DGRAMS; i++)
		CHECK_EQ(udp_in(PEER, A1, 1, 4000, "z"), 1);
	CHECK_EQ(udp_in(PEER, A1, 1, 4000, "z"), -LV_NET_DROP_QUEUE);
	CHECK_EQ(s->queued, LV_NET_RCVQ_DGRAMS);
	CHECK_EQ(s->dropped, 1);
	socktab_close(s); /* frees the queue (ASan checks) */
	s = new_sock(1, LV_NET_SOCK_UDP);
	CHECK_EQ(socktab_bind(&t, s, 0, 4000, 0), 0);
	CHECK_EQ(socktab_udp_input(&t, PEER, A1, 1, 4000, 1, big, sizeof(big)),
		 1);
	CHECK_EQ(socktab_udp_input(&t, PEER, A1, 1, 4000, 1, big, sizeof(big)),
		 1);
	CHECK_EQ(s->queued_bytes, LV_NET_RCVQ_BYTES);
	CHECK_EQ(socktab_udp_input(&t, PEER, A1, 1, 4000, 1, big, 1),
		 -LV_NET_DROP_QUEUE);
	CHECK_EQ(s->dropped, 1);
	/* A broadcast with one full taker and one with room (w's binding set
	 * by hand: the bind rules would refuse it beside s's wildcard): queued
	 * to one, a drop counted for the other; with only the full one: the
	 * queue drop. */
	w = new_sock(2, LV_NET_SOCK_UDP);
	w->local.addr = BCAST;
	w->local.port = 4000;
	CHECK_EQ(socktab_udp_input(&t, PEER, BCAST, 1, 4000, 1, "b", 1), 1);
	CHECK_EQ(w->queued, 1);
	CHECK_EQ(s->dropped, 2);
	CHECK_EQ(socktab_free_pid(&t, 2), 1);
	CHECK_EQ(socktab_udp_input(&t, PEER, BCAST, 1, 4000, 1, "b", 1),
		 -LV_NET_DROP_QUEUE);
	CHECK_EQ(s->dropped, 3);
	/* The owner dies with a full queue: all freed. */
	CHECK_EQ(socktab_free_pid(&t, 1), 1);
	CHECK_EQ(socktab_count(&t, 1), 0);
	teardown();
}

static int recv_str(socktab_sock_t *s, uint32_t flags, uint32_t off,
		    uint32_t max, size_t chunk, msg_net_dgram_t *h, char *out)
{
	int n = socktab_recv(s, flags, off, max, chunk, h, out);
	if (n >= 0)
		out[n] = 0;
	return n;
}

UNIT_TEST(net_socktab_recv_offsets_peek_and_truncation)
{
	socktab_sock_t *s;
	msg_net_dgram_t h;
	char buf[64];

	setup();
	s = new_sock(1, LV_NET_SOCK_UDP);
	CHECK_EQ(socktab_bind(&t, s, 0, 4000, 0), 0);
	CHECK_EQ(socktab_recv(s, 0, 0, 100, 10, &h, buf), -ERR_AGAIN);
	CHECK_EQ(udp_in(PEER, A1, 77, 4000, "0123456789abcdef"), 1);
	CHECK_EQ(udp_in(PEER, A1, 78, 4000, "second"), 1);
	/* PEEK leaves it; chunks of 10 with MORE. */
	CHECK_EQ(recv_str(s, LV_NET_RECV_PEEK, 5, 100, 10, &h, buf), 10);
	CHECK_STR_EQ(buf, "0123456789"); /* offset ignored without MORE */
	CHECK_EQ(h.total, 16);
	CHECK_EQ(h.offset, 0);
	CHECK_EQ(h.from.addr, PEER);
	CHECK_EQ(h.from.port, 77);
	CHECK_EQ(h.ttl, 64);
	CHECK_EQ(s->queued, 2);
	CHECK_EQ(recv_str(s, 0, 0, 100, 10, &h, buf), 10);
	CHECK_EQ(s->queued, 2);
	CHECK_EQ(recv_str(s, LV_NET_RECV_MORE, 17, 100, 10, &h, buf),
		 -ERR_INVAL);
	CHECK_EQ(recv_str(s, LV_NET_RECV_MORE, 10, 100, 10, &h, buf), 6);
	CHECK_STR_EQ(buf, "abcdef");
	CHECK_EQ(h.offset, 10);
	CHECK_EQ(s->queued, 1);
	/* max shorter than the datagram: the tail is lost. */
	CHECK_EQ(recv_str(s, 0, 0, 3, 10, &h, buf), 3);
	CHECK_STR_EQ(buf, "sec");
	CHECK_EQ(h.total, 6);
	CHECK_EQ(s->queued, 0);
	CHECK_EQ(s->queued_bytes, 0);
	/* An empty datagram, and max 0: consumed, 0 bytes. */
	CHECK_EQ(udp_in(PEER, A1, 77, 4000, ""), 1);
	CHECK_EQ(udp_in(PEER, A1, 77, 4000, "gone"), 1);
	CHECK_EQ(recv_str(s, 0, 0, 100, 10, &h, buf), 0);
	CHECK_EQ(recv_str(s, 0, 0, 0, 10, &h, buf), 0);
	CHECK_EQ(h.total, 4);
	CHECK_EQ(s->queued, 0);
	CHECK_EQ(recv_str(s, LV_NET_RECV_MORE, 0, 10, 10, &h, buf), -ERR_AGAIN);
	teardown();
}

UNIT_TEST(net_socktab_ping_demux)
{
	socktab_sock_t *p, *q;
	msg_net_dgram_t h;
	uint8_t reply[12] = {0, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g'};
	uint8_t buf[16];

	setup();
	p = new_sock(1, LV_NET_SOCK_PING);
	q = new_sock(1, LV_NET_SOCK_PING);
	CHECK_EQ(socktab_bind(&t, p, 0, 0x1234, 0), 0);
	CHECK_EQ(socktab_connect(&t, q, PEER, 9, A1), 0);
	CHECK_EQ(q->peer.port, 0);
	CHECK_EQ(socktab_ping_input(&t, PEER, 0x1234, 60, reply, 12),
		 (int)p->id);
	CHECK_EQ(socktab_ping_input(&t, PEER, 0x1235, 60, reply, 12), 0);
	CHECK_EQ(
	    socktab_ping_input(&t, 0x0A000009u, q->local.port, 60, reply, 12),
	    0); /* not from q's peer */
	CHECK_EQ(socktab_ping_input(&t, PEER, q->local.port, 60, reply, 12),
		 (int)q->id);
	CHECK_EQ(socktab_recv(p, 0, 0, 64, 64, &h, buf), 12);
	CHECK(memcmp(buf, reply, 12) == 0);
	CHECK_EQ(h.from.addr, PEER);
	CHECK_EQ(h.ttl, 60);
	for (int i = 1; i < LV_NET_RCVQ_DGRAMS; i++)
		CHECK(socktab_ping_input(&t, PEER, q->local.port, 1, reply,
					 12) > 0);
	CHECK_EQ(socktab_ping_input(&t, PEER, q->local.port, 1, reply, 12),
		 -LV_NET_DROP_QUEUE);
	CHECK_EQ(q->dropped, 1);
	teardown();
}

UNIT_TEST(net_socktab_send_assembly)
{
	static uint8_t part[LV_NET_DGRAM_MAX];
	lv_net_addr_t to = {.addr = PEER, .port = 53};
	lv_net_addr_t other = {.addr = PEER, .port = 54};
	static const struct {
		int port; /* 1: to another port */
		uint32_t flags, total, offset, len;
	} bad[] = {{0, 1, 100, 20, 10}, {0, 1, 99, 10, 10},
		   {1, 1, 100, 10, 10}, {0, 0, 100, 10, 10},
		   {0, 1, 100, 10, 91}, {0, 1, 100, 10, 0}};
	socktab_sock_t *s;
	const uint8_t *out = NULL;

	setup();
	for (size_t i = 0; i < sizeof(part); i++)
		part[i] = (uint8_t)i;
	s = new_sock(1, LV_NET_SOCK_UDP);
	/* One part: sent from the request itself. */
	CHECK_EQ(socktab_send_part(s, &to, 1, 5, 0, part, 5, &out), 5);
	CHECK(out == part);
	CHECK(s->out == NULL);
	CHECK_EQ(socktab_send_part(s, &to, 1, 0, 0, part, 0, &out), 0);
	CHECK_EQ(socktab_send_part(s, &to, 1, LV_NET_DGRAM_MAX + 1, 0, part, 10,
				   &out),
		 -ERR_MSGSIZE);
	CHECK_EQ(socktab_send_part(s, &to, 1, 10, 0, part, 11, &out),
		 -ERR_INVAL);
	CHECK_EQ(socktab_send_part(s, &to, 1, 10, 0, part, 0, &out),
		 -ERR_INVAL);
	/* Three parts of the biggest datagram. */
	CHECK_EQ(
	    socktab_send_part(s, &to, 1, LV_NET_DGRAM_MAX, 0, part, 4000, &out),
	    4000);
	CHECK_EQ(socktab_send_part(s, &to, 1, LV_NET_DGRAM_MAX, 4000,
				   part + 4000, 60000, &out),
		 64000);
	CHECK_EQ(socktab_send_part(s, &to, 1, LV_NET_DGRAM_MAX, 64000,
				   part + 64000, LV_NET_DGRAM_MAX - 64000,
				   &out),
		 LV_NET_DGRAM_MAX);
	CHECK(memcmp(out, part, LV_NET_DGRAM_MAX) == 0);
	socktab_send_done(s);
	/* After a first part of 10 bytes of 100 to `to`: out of order,
	 * another total, destination or flags, past the end, empty: refused,
	 * and the unfinished datagram is dropped. */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(socktab_send_part(s, &to, 1, 100, 0, part, 10, &out),
			 10);
		CHECK_EQ(socktab_send_part(s, bad[i].port ? &other : &to,
					   bad[i].flags, bad[i].total,
					   bad[i].offset, part, bad[i].len,
					   &out),
			 -ERR_INVAL);
		CHECK(s->out == NULL);
		CHECK_EQ(socktab_send_part(s, &to, 1, 100, 10, part, 10, &out),
			 -ERR_INVAL);
	}
	/* Offset 0 restarts; an unfinished one is freed by close. */
	CHECK_EQ(socktab_send_part(s, &to, 1, 100, 0, part, 10, &out), 10);
	CHECK_EQ(socktab_send_part(s, &to, 1, 50, 0, part + 1, 30, &out), 30);
	CHECK_EQ(socktab_send_part(s, &to, 1, 50, 30, part + 31, 20, &out), 50);
	CHECK(memcmp(out, part + 1, 50) == 0);
	CHECK_EQ(socktab_send_part(s, &to, 1, 100, 0, part, 10, &out), 10);
	teardown();
}

/* An IP header + UDP header as quoted in an ICMP error. */
static void quote(uint8_t *q, uint32_t src, uint32_t dst, uint16_t sport,
		  uint16_t dport, uint8_t proto)
{
	memset(q, 0, 28);
	q[0] = 0x45;
	q[9] = proto;
	for (int i = 0; i < 4; i++) {
		q[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		q[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
	}
	q[20] = (uint8_t)(sport >> 8);
	q[21] = (uint8_t)sport;
	q[22] = (uint8_t)(dport >> 8);
	q[23] = (uint8_t)dport;
}

UNIT_TEST(net_socktab_icmp_errors)
{
	socktab_sock_t *s, *u;
	uint8_t q[28];

	setup();
	CHECK_EQ(socktab_icmp_errno(3, 3), -ERR_CONNREFUSED);
	CHECK_EQ(socktab_icmp_errno(3, 0), -ERR_NETUNREACH);
	CHECK_EQ(socktab_icmp_errno(3, 1), -ERR_HOSTUNREACH);
	CHECK_EQ(socktab_icmp_errno(11, 0), 0);
	s = new_sock(1, LV_NET_SOCK_UDP);
	u = new_sock(1, LV_NET_SOCK_UDP);
	CHECK_EQ(socktab_connect(&t, s, PEER, 53, A1), 0);
	CHECK_EQ(socktab_bind(&t, u, 0, 5555, 0), 0);
	quote(q, A1, PEER, s->local.port, 53, 17);
	CHECK_EQ(socktab_icmp_error(&t, q, 27, -ERR_CONNREFUSED), 0);
	q[9] = 1;
	CHECK_EQ(socktab_icmp_error(&t, q, 28, -ERR_CONNREFUSED), 0);
	q[9] = 17;
	q[0] = 0x44; /* header length 16: bad */
	CHECK_EQ(socktab_icmp_error(&t, q, 28, -ERR_CONNREFUSED), 0);
	q[0] = 0x46; /* 24 bytes of header: then 8 more needed */
	CHECK_EQ(socktab_icmp_error(&t, q, 28, -ERR_CONNREFUSED), 0);
	q[0] = 0x45;
	CHECK_EQ(s->error, 0);
	CHECK_EQ(socktab_icmp_error(&t, q, 28, -ERR_CONNREFUSED), s->id);
	CHECK_EQ(socktab_take_error(s), -ERR_CONNREFUSED);
	CHECK_EQ(socktab_take_error(s), 0); /* once */
	/* Unconnected sockets get none (Linux without IP_RECVERR). */
	quote(q, A1, PEER, 5555, 53, 17);
	CHECK_EQ(socktab_icmp_error(&t, q, 28, -ERR_CONNREFUSED), 0);
	quote(q, A1, PEER, s->local.port, 54, 17);
	CHECK_EQ(socktab_icmp_error(&t, q, 28, -ERR_CONNREFUSED), 0);
	teardown();
}

UNIT_TEST(net_socktab_addr_gone_and_list)
{
	socktab_sock_t *a, *b;
	lv_net_sockinfo_t l[LV_NET_SOCKETS_MAX];

	setup();
	a = new_sock(7, LV_NET_SOCK_UDP);
	b = new_sock(8, LV_NET_SOCK_PING);
	CHECK_EQ(socktab_bind(&t, a, A1, 4444, 0), 0);
	CHECK_EQ(socktab_bind(&t, b, A2, 1, 0), 0);
	CHECK_EQ(udp_in(PEER, A1, 1, 4444, "abc"), 1);
	CHECK_EQ(socktab_list(&t, l, 1), 1);
	CHECK_EQ(socktab_list(&t, l, LV_NET_SOCKETS_MAX), 2);
	CHECK_EQ(l[0].sock, a->id);
	CHECK_EQ(l[0].pid, 7);
	CHECK_EQ(l[0].kind, LV_NET_SOCK_UDP);
	CHECK_EQ(l[0].local.addr, A1);
	CHECK_EQ(l[0].local.port, 4444);
	CHECK_EQ(l[0].queued, 1);
	CHECK_EQ(l[0].queued_bytes, 3);
	CHECK_EQ(l[1].kind, LV_NET_SOCK_PING);
	CHECK_EQ(socktab_addr_gone(&t, A1), 1);
	CHECK_EQ(a->local.addr, 0);
	CHECK_EQ(a->local.port, 4444);
	CHECK_EQ(socktab_take_error(a), -ERR_NETDOWN);
	CHECK_EQ(b->error, 0);
	CHECK_EQ(udp_in(PEER, A2, 1, 4444, "now any"), 1);
	teardown();
}
