/* net's socket requests (servers/net/sockets.c, sockets_wait.c) with a
 * fake server loop, process table and lower layers: exact sizes and
 * owners, SEND's destinations and parts, RECV and POLL answered at once
 * or deferred and then answered by a datagram, an ICMP error, a close, a
 * timeout or the owner's death, a caller that gave up, the reaping of
 * dead owners' sockets. The two files are compiled into this test with
 * their outside calls renamed to the fakes below. */
#include <sanitizer/lsan_interface.h>
#include <string.h>
#include "uapi/errors.h"
#include "unit.h"

#define lv_server_defer socktest_defer
#define lv_server_answer socktest_answer
#define lv_server_deferred_alive socktest_deferred_alive
#define lv_server_timer socktest_timer
#define lv_server_cancel socktest_cancel
#define net_hz socktest_hz
#define net_addr_is_local socktest_is_local
#define net_addr_is_broadcast socktest_is_broadcast
#define net_source_for socktest_source_for
#define net_udp_send socktest_udp_send
#define net_icmp_echo_send socktest_echo_send
#define net_count_drop socktest_count_drop
#include "../../servers/net/sockets.c"
#include "../../servers/net/sockets_wait.c"

#define ME 10
#define OTHER 11
#define PRIV 12
#define OURS 0x0A00000Fu
#define PEER 0x0A000002u
#define BCAST 0x0A0000FFu

/* The fake loop: deferred tokens and their answers, timers. */
#define TOKENS 80
static struct {
	int kept, answered, gone;
	int status;
	uint8_t data[LV_MSG_PAYLOAD_MAX];
	size_t len;
} tok[TOKENS];
static int ntok;
#define TIMERS 32
static struct {
	lv_timer_fn_t fn;
	void *arg;
	unsigned ticks, period;
	int armed;
} tim[TIMERS + 1];
static int ntim;
/* The fake process table and lower layers. */
static int dead[64];
static struct {
	int calls;
	uint32_t src, dst;
	uint16_t sport, dport;
	size_t len;
	uint8_t data[LV_NET_DGRAM_MAX];
} sent;
static int drops;
static lv_server_t *const fake_server = (lv_server_t *)&tok;

int socktest_defer(lv_server_t *s)
{
	(void)s;
	if (ntok == TOKENS)
		return -ERR_NOSPC;
	tok[ntok].kept = 1;
	return ntok++;
}

int socktest_answer(lv_server_t *s, int token, int status, const void *data,
		    size_t len)
{
	(void)s;
	if (token < 0 || token >= ntok || !tok[token].kept)
		return -ERR_BADF;
	tok[token].kept = 0;
	tok[token].answered++;
	tok[token].status = status;
	tok[token].len = len;
	memcpy(tok[token].data, data, len);
	return tok[token].gone ? -ERR_DEADPORT : 0;
}

int socktest_deferred_alive(lv_server_t *s, int token)
{
	(void)s;
	if (token < 0 || token >= ntok || !tok[token].kept)
		return -ERR_BADF;
	if (tok[token].gone)
		tok[token].kept = 0;
	return !tok[token].gone;
}

int socktest_timer(lv_server_t *s, unsigned ticks, unsigned period,
		   lv_timer_fn_t fn, void *arg)
{
	(void)s;
	if (ntim == TIMERS)
		return -ERR_NOMEM;
	ntim++;
	tim[ntim].fn = fn;
	tim[ntim].arg = arg;
	tim[ntim].ticks = ticks;
	tim[ntim].period = period;
	tim[ntim].armed = 1;
	return ntim;
}

int socktest_cancel(lv_server_t *s, int id)
{
	(void)s;
	if (id <= 0 || id > ntim || !tim[id].armed)
		return -ERR_NOENT;
	tim[id].armed = 0;
	return 0;
}

static void fire(int id)
{
	if (!tim[id].period)
		tim[id].armed = 0;
	tim[id].fn(fake_server, id, tim[id].arg);
}

int sockets_owner_alive(int32_t pid)
{
	return pid > 0 && pid < 64 && !dead[pid];
}

/* Only pid 12 holds the network right. */
int sockets_owner_has_net_right(int32_t pid) { return pid == PRIV; }

uint32_t socktest_hz(void) { return 100; }

int socktest_is_local(uint32_t a) { return a == OURS; }

int socktest_is_broadcast(uint32_t a) { return a == BCAST || a == 0xFFFFFFFFu; }

int socktest_source_for(uint32_t dst, uint32_t *src)
{
	*src = 0;
	if ((dst & 0xFFFFFF00u) != (OURS & 0xFFFFFF00u))
		return -ERR_NETUNREACH;
	*src = OURS;
	return 0;
}

static int record(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		  const void *data, size_t len)
{
	sent.calls++;
	sent.src = src;
	sent.dst = dst;
	sent.sport = sport;
	sent.dport = dport;
	sent.len = len;
	memcpy(sent.data, data, len);
	return 0;
}

int socktest_udp_send(uint32_t src, uint32_t dst, uint16_t sport,
		      uint16_t dport, const void *data, size_t len)
{
	return record(src, dst, sport, dport, data, len);
}

int socktest_echo_send(uint32_t src, uint32_t dst, uint16_t id,
		       const void *icmp, size_t len)
{
	return record(src, dst, id, 0, icmp, len);
}

void socktest_count_drop(int cause) { drops += cause == LV_NET_DROP_QUEUE; }

static lv_msg_t m;

static void setup(void)
{
	CHECK_EQ(sockets_init(fake_server), 0);
	CHECK_EQ(ntim, 1); /* the reaper */
	CHECK_EQ(tim[1].period, 2 * 100);
}

/* Every process dies, the reaper runs: nothing may be left (LeakSanitizer
 * is asked: the test's child leaves by _exit). */
static void teardown(void)
{
	for (int i = 0; i < 64; i++)
		dead[i] = 1;
	fire(1);
	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++)
		CHECK_EQ(tab.s[i].id, 0);
	CHECK_EQ(nwaiters, 0);
	if (__lsan_do_recoverable_leak_check())
		unit_fail(__FILE__, __LINE__, "memory leaked (LeakSanitizer)");
}

/* Calls op from pid with len bytes of req; the status. */
static int call(int32_t pid, uint32_t op, const void *req, size_t len)
{
	memset(&m.h, 0, sizeof(m.h));
	m.h.sender = pid;
	m.h.size = (uint32_t)len;
	if (len)
		memcpy(m.payload, req, len);
	for (size_t i = 0; i < sockets_nops; i++)
		if (sockets_ops[i].op == op)
			return sockets_ops[i].fn(&m, NULL);
	return -ERR_NOSYS;
}

static int sock_op(int32_t pid, uint32_t op, uint32_t id)
{
	msg_net_sock_t r = {id};
	return call(pid, op, &r, sizeof(r));
}

static int new_udp(int32_t pid)
{
	msg_net_socket_t r = {LV_NET_SOCK_UDP};
	return call(pid, LV_NET_SOCKET, &r, sizeof(r));
}

static int addr_op(int32_t pid, uint32_t op, int id, uint32_t a, uint16_t p)
{
	msg_net_sockaddr_t r = {(uint32_t)id, {a, p, 0}};
	return call(pid, op, &r, sizeof(r));
}

static int recv_req(int32_t pid, int id, uint32_t flags, uint32_t max,
		    uint32_t ms)
{
	msg_net_recv_t r = {(uint32_t)id, flags, 0, max, ms};
	return call(pid, LV_NET_RECV, &r, sizeof(r));
}

static int send_req(int32_t pid, int id, uint32_t flags, uint32_t to,
		    uint16_t port, uint32_t total, uint32_t offset,
		    const char *data, size_t len)
{
	uint8_t buf[sizeof(msg_net_send_t) + 64];
	msg_net_send_t r = {(uint32_t)id, flags, {to, port, 0}, total, offset};
	memcpy(buf, &r, sizeof(r));
	memcpy(buf + sizeof(r), data, len);
	return call(pid, LV_NET_SEND, buf, sizeof(r) + len);
}

UNIT_TEST(net_sockets_sizes_and_owners)
{
	uint8_t junk[64] = {0};
	static const uint32_t ops[] = {
	    LV_NET_SOCKET, LV_NET_BIND,	   LV_NET_CONNECT, LV_NET_RECV,
	    LV_NET_CLOSE,  LV_NET_GETNAME, LV_NET_SETOPT,  LV_NET_SOCK_LIST};
	static const size_t good[] = {4, 12, 12, 20, 4, 4, 12, 0};
	int id;

	setup();
	id = new_udp(ME);
	CHECK_EQ(id, 1);
	memcpy(junk, &id, sizeof(id));
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		CHECK_EQ(call(ME, ops[i], junk, good[i] + 1), -ERR_INVAL);
		if (good[i])
			CHECK_EQ(call(ME, ops[i], junk, good[i] - 1),
				 -ERR_INVAL);
	}
	CHECK_EQ(call(ME, LV_NET_SEND, junk, sizeof(msg_net_send_t) - 1),
		 -ERR_INVAL);
	CHECK_EQ(call(ME, LV_NET_POLL, junk, 7), -ERR_INVAL);
	/* Another process's socket, and an id never made: -ERR_BADF. */
	CHECK_EQ(addr_op(OTHER, LV_NET_BIND, id, 0, 5000), -ERR_BADF);
	CHECK_EQ(addr_op(OTHER, LV_NET_CONNECT, id, PEER, 53), -ERR_BADF);
	CHECK_EQ(sock_op(OTHER, LV_NET_CLOSE, (uint32_t)id), -ERR_BADF);
	CHECK_EQ(sock_op(OTHER, LV_NET_GETNAME, (uint32_t)id), -ERR_BADF);
	CHECK_EQ(recv_req(OTHER, id, 0, 10, 0), -ERR_BADF);
	CHECK_EQ(send_req(OTHER, id, LV_NET_SEND_TO, PEER, 53, 1, 0, "x", 1),
		 -ERR_BADF);
	CHECK_EQ(sock_op(ME, LV_NET_CLOSE, 99), -ERR_BADF);
	CHECK_EQ(call(0, LV_NET_SOCKET, junk, 4), -ERR_PERM); /* the kernel */
	/* Unknown flags, a kind net lacks. */
	CHECK_EQ(recv_req(ME, id, 0x80, 10, 0), -ERR_INVAL);
	CHECK_EQ(send_req(ME, id, 0x80, PEER, 53, 1, 0, "x", 1), -ERR_INVAL);
	junk[0] = 9;
	CHECK_EQ(call(ME, LV_NET_SOCKET, junk, 4), -ERR_PROTONOSUPPORT);
	CHECK_EQ(sock_op(ME, LV_NET_CLOSE, (uint32_t)id), 0);
	CHECK_EQ(sock_op(ME, LV_NET_CLOSE, (uint32_t)id), -ERR_BADF);
	teardown();
}

UNIT_TEST(net_sockets_bind_connect_getname_list)
{
	msg_net_names_t names;
	lv_net_sockinfo_t info;
	int id;

	setup();
	id = new_udp(ME);
	/* A reserved port: only with the network right. */
	CHECK_EQ(addr_op(ME, LV_NET_BIND, id, 0, 53), -ERR_ACCES);
	CHECK_EQ(addr_op(PRIV, LV_NET_BIND, new_udp(PRIV), 0, 53), 0);
	CHECK_EQ(addr_op(ME, LV_NET_BIND, id, 0x0B000001u, 5000),
		 -ERR_ADDRNOTAVAIL);
	CHECK_EQ(addr_op(ME, LV_NET_CONNECT, id, 0x0B000001u, 53),
		 -ERR_NETUNREACH);
	CHECK_EQ(addr_op(ME, LV_NET_CONNECT, id, BCAST, 53), -ERR_ACCES);
	CHECK_EQ(addr_op(ME, LV_NET_CONNECT, id, PEER, 53), 0);
	CHECK_EQ(sock_op(ME, LV_NET_GETNAME, (uint32_t)id), 0);
	CHECK_EQ(m.h.size, sizeof(names));
	memcpy(&names, m.payload, sizeof(names));
	CHECK_EQ(names.local.addr, OURS);
	CHECK(names.local.port >= LV_NET_EPHEMERAL_LO);
	CHECK_EQ(names.peer.addr, PEER);
	CHECK_EQ(names.peer.port, 53);
	CHECK_EQ(call(ME, LV_NET_SOCK_LIST, NULL, 0), 2);
	CHECK_EQ(m.h.size, 2 * sizeof(info));
	memcpy(&info, m.payload, sizeof(info));
	CHECK_EQ(info.sock, (uint32_t)id);
	CHECK_EQ(info.pid, ME);
	teardown();
}

UNIT_TEST(net_sockets_send_destinations_and_parts)
{
	uint8_t echo[12] = {8, 0, 0, 0, 0, 0, 0, 1, 'a', 'b', 'c', 'd'};
	msg_net_opt_t bc;
	msg_net_socket_t ping = {LV_NET_SOCK_PING};
	int id, p;

	setup();
	id = new_udp(ME);
	CHECK_EQ(send_req(ME, id, 0, 0, 0, 3, 0, "abc", 3), -ERR_DESTADDRREQ);
	CHECK_EQ(send_req(ME, id, LV_NET_SEND_TO, PEER, 0, 3, 0, "abc", 3),
		 -ERR_INVAL);
	CHECK_EQ(send_req(ME, id, LV_NET_SEND_TO, BCAST, 67, 3, 0, "abc", 3),
		 -ERR_ACCES);
	CHECK_EQ(sent.calls, 0);
	/* One part: sent at once, from an ephemeral port bound for it. */
	CHECK_EQ(send_req(ME, id, LV_NET_SEND_TO, PEER, 53, 3, 0, "abc", 3), 3);
	CHECK_EQ(sent.calls, 1);
	CHECK_EQ(sent.src, 0); /* the route's address */
	CHECK_EQ(sent.dst, PEER);
	CHECK_EQ(sent.dport, 53);
	CHECK(sent.sport >= LV_NET_EPHEMERAL_LO);
	CHECK_EQ(sent.len, 3);
	/* Two parts: the first only taken, the second sends. */
	CHECK_EQ(send_req(ME, id, LV_NET_SEND_TO, PEER, 53, 5, 0, "hel", 3), 3);
	CHECK_EQ(sent.calls, 1);
	CHECK_EQ(send_req(ME, id, LV_NET_SEND_TO, PEER, 53, 5, 4, "lo", 2),
		 -ERR_INVAL);
	CHECK_EQ(send_req(ME, id, LV_NET_SEND_TO, PEER, 53, 5, 0, "hel", 3), 3);
	CHECK_EQ(send_req(ME, id, LV_NET_SEND_TO, PEER, 53, 5, 3, "lo", 2), 5);
	CHECK_EQ(sent.calls, 2);
	CHECK(memcmp(sent.data, "hello", 5) == 0);
	/* Broadcast with the option. */
	bc = (msg_net_opt_t){(uint32_t)id, LV_NET_OPT_BROADCAST, 1};
	CHECK_EQ(call(ME, LV_NET_SETOPT, &bc, sizeof(bc)), 0);
	bc.opt = 99;
	CHECK_EQ(call(ME, LV_NET_SETOPT, &bc, sizeof(bc)), -ERR_NOSYS);
	CHECK_EQ(send_req(ME, id, LV_NET_SEND_TO, BCAST, 67, 1, 0, "b", 1), 1);
	CHECK_EQ(sent.dst, BCAST);
	/* A ping socket sends echo requests only, with its identifier. */
	p = call(ME, LV_NET_SOCKET, &ping, sizeof(ping));
	CHECK(p > 0);
	CHECK_EQ(
	    send_req(ME, p, LV_NET_SEND_TO, PEER, 0, 12, 0, (char *)echo, 12),
	    12);
	CHECK_EQ(sent.calls, 4);
	CHECK(sent.sport >= LV_NET_EPHEMERAL_LO); /* the identifier */
	echo[0] = 13;
	CHECK_EQ(
	    send_req(ME, p, LV_NET_SEND_TO, PEER, 0, 12, 0, (char *)echo, 12),
	    -ERR_INVAL);
	CHECK_EQ(send_req(ME, p, LV_NET_SEND_TO, PEER, 0, 4, 0, "\10\0\0\0", 4),
		 -ERR_INVAL);
	CHECK_EQ(sent.calls, 4);
	teardown();
}

/* A bound UDP socket of ME on port 7000. */
static int bound_udp(void)
{
	int id = new_udp(ME);
	return addr_op(ME, LV_NET_BIND, id, 0, 7000) == 0 ? id : -1;
}

UNIT_TEST(net_sockets_recv_at_once_and_deferred)
{
	msg_net_dgram_t d;
	int id;

	setup();
	id = bound_udp();
	CHECK(id > 0);
	CHECK_EQ(recv_req(ME, id, LV_NET_RECV_DONTWAIT, 100, 0), -ERR_AGAIN);
	CHECK_EQ(recv_req(ME, id, LV_NET_RECV_MORE, 100, 0), -ERR_AGAIN);
	CHECK_EQ(sockets_udp_input(PEER, OURS, 99, 7000, 64, "now", 3), 1);
	CHECK_EQ(recv_req(ME, id, 0, 100, 0), 3);
	CHECK_EQ(m.h.size, sizeof(d) + 3);
	memcpy(&d, m.payload, sizeof(d));
	CHECK_EQ(d.from.addr, PEER);
	CHECK_EQ(d.from.port, 99);
	CHECK(memcmp(m.payload + sizeof(d), "now", 3) == 0);
	/* Deferred (with a timeout of 500 ms: 50 ticks), then a datagram. */
	CHECK_EQ(recv_req(ME, id, 0, 100, 500), LV_DEFERRED);
	CHECK_EQ(ntim, 2);
	CHECK_EQ(tim[2].ticks, 50);
	CHECK_EQ(sockets_udp_input(PEER, OURS, 99, 7000, 64, "later", 5), 1);
	CHECK_EQ(tok[0].answered, 1);
	CHECK_EQ(tok[0].status, 5);
	CHECK_EQ(tok[0].len, sizeof(d) + 5);
	CHECK(memcmp(tok[0].data + sizeof(d), "later", 5) == 0);
	CHECK_EQ(tim[2].armed, 0); /* its timer cancelled */
	CHECK_EQ(tab.s[0].queued, 0);
	/* Two waiters: the first in is answered first, one datagram each. */
	CHECK_EQ(recv_req(ME, id, 0, 100, 0), LV_DEFERRED);
	CHECK_EQ(recv_req(ME, id, 0, 100, 0), LV_DEFERRED);
	CHECK_EQ(sockets_udp_input(PEER, OURS, 99, 7000, 64, "1", 1), 1);
	CHECK_EQ(tok[1].answered, 1);
	CHECK_EQ(tok[2].answered, 0);
	CHECK_EQ(sockets_udp_input(PEER, OURS, 99, 7000, 64, "2", 1), 1);
	CHECK_EQ(tok[2].answered, 1);
	CHECK_EQ(tok[2].data[sizeof(d)], '2');
	teardown();
}

UNIT_TEST(net_sockets_recv_timeout_close_error_death)
{
	uint8_t q[28] = {0x45};
	int id, c, port;

	setup();
	id = bound_udp();
	CHECK_EQ(recv_req(ME, id, 0, 100, 10), LV_DEFERRED);
	fire(2);
	CHECK_EQ(tok[0].status, -ERR_TIMEDOUT);
	/* Closed while waiting. */
	CHECK_EQ(recv_req(ME, id, 0, 100, 0), LV_DEFERRED);
	CHECK_EQ(sock_op(ME, LV_NET_CLOSE, (uint32_t)id), 0);
	CHECK_EQ(tok[1].status, -ERR_BADF);
	/* An ICMP port unreachable for a connected socket: its waiter gets
	 * -ERR_CONNREFUSED, once. */
	c = new_udp(ME);
	CHECK_EQ(addr_op(ME, LV_NET_CONNECT, c, PEER, 53), 0);
	CHECK_EQ(recv_req(ME, c, 0, 100, 0), LV_DEFERRED);
	port = tab.s[0].id == (uint32_t)c ? tab.s[0].local.port
					  : tab.s[1].local.port;
	q[9] = 17;
	memcpy(q + 12, (uint8_t[]){10, 0, 0, 15, 10, 0, 0, 2}, 8);
	q[20] = (uint8_t)(port >> 8);
	q[21] = (uint8_t)port;
	q[23] = 53;
	sockets_icmp_error(PEER, 3, 3, q, sizeof(q));
	CHECK_EQ(tok[2].status, -ERR_CONNREFUSED);
	CHECK_EQ(recv_req(ME, c, LV_NET_RECV_DONTWAIT, 100, 0), -ERR_AGAIN);
	/* The address goes: the same for -ERR_NETDOWN. */
	CHECK_EQ(recv_req(ME, c, 0, 100, 0), LV_DEFERRED);
	sockets_addr_gone(OURS);
	CHECK_EQ(tok[3].status, -ERR_NETDOWN);
	/* The owner dies while waiting: the reaper frees the socket. */
	CHECK_EQ(recv_req(ME, c, 0, 100, 0), LV_DEFERRED);
	fire(1);
	CHECK_EQ(tok[4].answered, 0);
	dead[ME] = 1;
	fire(1);
	CHECK_EQ(tok[4].status, -ERR_BADF);
	CHECK_EQ(socktab_count(&tab, ME), 0);
	teardown();
}

UNIT_TEST(net_sockets_recv_caller_gone_keeps_datagram)
{
	int id;

	setup();
	id = bound_udp();
	CHECK_EQ(recv_req(ME, id, 0, 100, 0), LV_DEFERRED);
	tok[0].gone = 1; /* the caller timed out on its side */
	CHECK_EQ(recv_req(ME, id, 0, 100, 0), LV_DEFERRED);
	CHECK_EQ(sockets_udp_input(PEER, OURS, 99, 7000, 64, "x", 1), 1);
	CHECK_EQ(tok[0].answered, 0);
	CHECK_EQ(tok[1].status, 1);
	CHECK_EQ(nwaiters, 0);
	teardown();
}

static int poll_req(int32_t pid, uint32_t ms, uint32_t n,
		    const lv_net_pollfd_t *fds)
{
	msg_net_poll_t r = {ms, n, {{0}}};
	memcpy(r.fds, fds, n * sizeof(fds[0]));
	return call(pid, LV_NET_POLL, &r, 8 + n * sizeof(fds[0]));
}

UNIT_TEST(net_sockets_poll)
{
	lv_net_pollfd_t fds[2], out[2];
	msg_net_poll_t big = {0, LV_NET_POLL_MAX + 1, {{0}}};
	int a, b;

	setup();
	a = bound_udp();
	b = new_udp(OTHER);
	CHECK_EQ(call(ME, LV_NET_POLL, &big, sizeof(big)), -ERR_INVAL);
	fds[0] = (lv_net_pollfd_t){(uint32_t)a, LV_NET_POLLIN, 0};
	fds[1] = (lv_net_pollfd_t){(uint32_t)b, LV_NET_POLLIN, 0};
	big.n = 2; /* two entries said, one sent */
	CHECK_EQ(call(ME, LV_NET_POLL, &big, 8 + 8), -ERR_INVAL);
	/* b is not ME's: NVAL, ready at once. */
	CHECK_EQ(poll_req(ME, 1000, 2, fds), 1);
	CHECK_EQ(m.h.size, 16);
	memcpy(out, m.payload, sizeof(out));
	CHECK_EQ(out[0].revents, 0);
	CHECK_EQ(out[1].revents, LV_NET_POLLNVAL);
	/* Timeout 0: at once, none ready. POLLOUT: always ready. */
	CHECK_EQ(poll_req(ME, 0, 1, fds), 0);
	fds[0].events = LV_NET_POLLOUT;
	CHECK_EQ(poll_req(ME, 1000, 1, fds), 1);
	fds[0].events = LV_NET_POLLIN;
	/* Deferred, then a datagram; then deferred and timed out. */
	CHECK_EQ(poll_req(ME, UINT32_MAX, 1, fds), LV_DEFERRED);
	CHECK_EQ(ntim, 1); /* for ever: no timer */
	CHECK_EQ(sockets_udp_input(PEER, OURS, 99, 7000, 64, "x", 1), 1);
	CHECK_EQ(tok[0].status, 1);
	CHECK_EQ(tok[0].len, 8);
	memcpy(out, tok[0].data, 8);
	CHECK_EQ(out[0].revents, LV_NET_POLLIN);
	CHECK_EQ(tab.s[0].queued, 1); /* poll takes nothing */
	CHECK_EQ(recv_req(ME, a, 0, 10, 0), 1);
	CHECK_EQ(poll_req(ME, 20, 1, fds), LV_DEFERRED);
	fire(ntim);
	CHECK_EQ(tok[1].status, 0);
	/* Closed while polled: NVAL. */
	CHECK_EQ(poll_req(ME, 0x7FFFFFFFu, 1, fds), LV_DEFERRED);
	CHECK_EQ(sock_op(ME, LV_NET_CLOSE, (uint32_t)a), 0);
	CHECK_EQ(tok[2].status, 1);
	memcpy(out, tok[2].data, 8);
	CHECK_EQ(out[0].revents, LV_NET_POLLNVAL);
	teardown();
}

UNIT_TEST(net_sockets_waiter_limits)
{
	int id;

	setup();
	id = bound_udp();
	for (int i = 0; i < SOCKETS_WAITERS_PER_CLIENT; i++)
		CHECK_EQ(recv_req(ME, id, 0, 10, 0), LV_DEFERRED);
	CHECK_EQ(recv_req(ME, id, 0, 10, 0), -ERR_NOSPC);
	/* Callers that gave up are dropped to make room (full list). */
	for (int i = 0; i < SOCKETS_WAITERS_PER_CLIENT; i++)
		tok[i].gone = 1;
	nwaiters = SOCKETS_WAITERS_MAX; /* as if full: the rest are copies */
	for (int i = SOCKETS_WAITERS_PER_CLIENT; i < SOCKETS_WAITERS_MAX; i++)
		waiters[i] = waiters[0];
	CHECK_EQ(recv_req(ME, id, 0, 10, 0), LV_DEFERRED);
	CHECK_EQ(nwaiters, 1);
	teardown();
}

UNIT_TEST(net_sockets_socket_reaps_when_full)
{
	setup();
	for (int i = 0; i < LV_NET_SOCKETS_PER_CLIENT; i++)
		CHECK(new_udp(ME) > 0);
	CHECK_EQ(new_udp(ME), -ERR_MFILE);
	for (int pid = 20; pid < 23; pid++)
		for (int i = 0; i < LV_NET_SOCKETS_PER_CLIENT; i++)
			CHECK(new_udp(pid) > 0);
	CHECK_EQ(new_udp(OTHER), -ERR_NOSPC);
	dead[20] = 1; /* not reaped yet: SOCKET reaps before refusing */
	CHECK(new_udp(OTHER) > 0);
	CHECK_EQ(socktab_count(&tab, 20), 0);
	teardown();
}

/* A listing never shows a socket of a process that ended, even before the
 * reaper's next round. */
UNIT_TEST(net_sockets_list_reaps_first)
{
	lv_net_sockinfo_t info;

	setup();
	CHECK(new_udp(20) > 0);
	CHECK(new_udp(20) > 0);
	int mine = new_udp(ME);
	CHECK_EQ(call(ME, LV_NET_SOCK_LIST, NULL, 0), 3);
	dead[20] = 1;
	CHECK_EQ(call(ME, LV_NET_SOCK_LIST, NULL, 0), 1);
	CHECK_EQ(m.h.size, sizeof(info));
	memcpy(&info, m.payload, sizeof(info));
	CHECK_EQ(info.sock, (uint32_t)mine);
	CHECK_EQ(socktab_count(&tab, 20), 0);
	teardown();
}

UNIT_TEST(net_sockets_ping_input)
{
	msg_net_socket_t ping = {LV_NET_SOCK_PING};
	uint8_t reply[10] = {0, 0, 0, 0, 0x12, 0x34, 0, 1, 'h', 'i'};
	int p;

	setup();
	p = call(ME, LV_NET_SOCKET, &ping, sizeof(ping));
	CHECK_EQ(addr_op(ME, LV_NET_BIND, p, 0, 0x1234), 0);
	CHECK_EQ(recv_req(ME, p, 0, 100, 0), LV_DEFERRED);
	CHECK_EQ(sockets_ping_input(PEER, 60, reply, 7), 0); /* short */
	reply[0] = 8;
	CHECK_EQ(sockets_ping_input(PEER, 60, reply, 10), 0); /* a request */
	reply[0] = 0;
	CHECK_EQ(sockets_ping_input(PEER, 60, reply, 10), 1);
	CHECK_EQ(tok[0].status, 10);
	for (int i = 0; i < LV_NET_RCVQ_DGRAMS; i++)
		CHECK_EQ(sockets_ping_input(PEER, 60, reply, 10), 1);
	CHECK_EQ(sockets_ping_input(PEER, 60, reply, 10), 0);
	CHECK_EQ(drops, 1);
	teardown();
}
