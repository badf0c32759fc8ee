/* The socket requests of lavender/net_proto.h (sockets.h): each handler
 * checks the payload's size exactly (-ERR_INVAL), that the socket is the
 * sender's (-ERR_BADF), then calls the table (pure_socktab.c); RECV and
 * POLL that must wait go to sockets_wait.c. Besides net_proto.h:
 * - unknown SEND and RECV flags are -ERR_INVAL; SOCKET from sender 0 (the
 *   kernel) -ERR_PERM;
 * - a pending error is reported once, by the next SEND, RECV (before any
 *   queued datagram, as Linux) or a waiting RECV; POLL shows it as
 *   LV_NET_POLLERR without taking it;
 * - POLL's request is the header and exactly n entries (8 + 8n bytes),
 *   its reply the n entries with revents; LV_NET_POLLOUT is always ready
 *   (UDP never blocks a sender);
 * - a ping socket sends only echo requests (type 8, code 0, 8 bytes at
 *   least: else -ERR_INVAL); its identifier is its port;
 * - SEND and CONNECT on an unbound socket bind an ephemeral port first;
 * - every SOCKETS_REAP_S seconds, when SOCKET meets a limit and before
 *   SOCK_LIST, the sockets of dead processes are freed (their waiters
 *   answered). */
#include <string.h>
#include "net.h"
#include "pure_socktab.h"
#include "pure_wire.h"
#include "sockets.h"
#include "sockets_owner.h"
#include "sockets_wait.h"

#define SOCKETS_REAP_S 2 /* seconds between looks for dead owners */

static socktab_t tab;

/* Frees the sockets of dead owners and answers their waiters. */
static void reap(void)
{
	int freed = 0;

	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++) {
		int32_t pid = tab.s[i].pid;
		if (tab.s[i].id && !sockets_owner_alive(pid))
			freed += socktab_free_pid(&tab, pid);
	}
	if (freed)
		sockets_wait_wake();
}

static void reap_tick(lv_server_t *s, int id, void *arg)
{
	(void)s;
	(void)id;
	(void)arg;
	reap();
}

/* Unpacks a request of exactly size bytes whose first word names a
 * socket of the sender into r, and clears the reply's size: the socket,
 * or NULL with *rc set (-ERR_INVAL for another size, else -ERR_BADF). */
static socktab_sock_t *unpack(lv_msg_t *m, void *r, size_t size, int *rc)
{
	uint32_t id;

	*rc = -ERR_INVAL;
	if (m->h.size != size)
		return NULL;
	memcpy(r, m->payload, size);
	memcpy(&id, m->payload, sizeof(id));
	m->h.size = 0;
	*rc = -ERR_BADF;
	return socktab_get(&tab, m->h.sender, id);
}

static int sockets_socket_srv(lv_msg_t *m, void *ctx)
{
	msg_net_socket_t r;
	int rc;

	(void)ctx;
	if (m->h.size != sizeof(r))
		return -ERR_INVAL;
	if (m->h.sender <= 0)
		return -ERR_PERM;
	memcpy(&r, m->payload, sizeof(r));
	m->h.size = 0;
	rc = socktab_open(&tab, m->h.sender, r.kind);
	if (rc == -ERR_NOSPC || rc == -ERR_MFILE) {
		reap();
		rc = socktab_open(&tab, m->h.sender, r.kind);
	}
	return rc;
}

static int sockets_bind_srv(lv_msg_t *m, void *ctx)
{
	msg_net_sockaddr_t r;
	int rc, privileged;
	socktab_sock_t *s = unpack(m, &r, sizeof(r), &rc);

	(void)ctx;
	if (!s)
		return rc;
	privileged = r.addr.port && r.addr.port < LV_NET_PORT_RESERVED &&
		     sockets_owner_has_net_right(m->h.sender);
	return socktab_bind(&tab, s, r.addr.addr, r.addr.port, privileged);
}

static int sockets_connect_srv(lv_msg_t *m, void *ctx)
{
	msg_net_sockaddr_t r;
	uint32_t src = 0;
	int rc;
	socktab_sock_t *s = unpack(m, &r, sizeof(r), &rc);

	(void)ctx;
	if (!s)
		return rc;
	if (r.addr.addr && !net_addr_is_broadcast(r.addr.addr)) {
		rc = net_source_for(r.addr.addr, &src);
		if (rc < 0)
			return rc;
	}
	return socktab_connect(&tab, s, r.addr.addr, r.addr.port, src);
}

/* Where a SEND goes: `to` or the peer. 0 or -ERR_*. */
static int send_dest(const socktab_sock_t *s, const msg_net_send_t *r,
		     lv_net_addr_t *dst)
{
	if (r->flags & ~LV_NET_SEND_TO)
		return -ERR_INVAL;
	*dst = (r->flags & LV_NET_SEND_TO) ? r->to : s->peer;
	if (!dst->addr)
		return -ERR_DESTADDRREQ;
	if (s->kind == LV_NET_SOCK_UDP && !dst->port)
		return -ERR_INVAL;
	if (net_addr_is_broadcast(dst->addr) && !s->broadcast)
		return -ERR_ACCES;
	return 0;
}

/* Sends a whole datagram (binding an ephemeral port first if unbound): a
 * ping socket's must be an echo request (type 8, code 0). */
static int send_dgram(socktab_sock_t *s, const lv_net_addr_t *dst,
		      const uint8_t *data, size_t len)
{
	int rc;

	if (s->kind == LV_NET_SOCK_PING &&
	    (len < ICMP_HLEN || data[0] != ICMP_ECHO_REQUEST || data[1] != 0))
		return -ERR_INVAL;
	if (!s->local.port) {
		rc = socktab_bind(&tab, s, 0, 0, 0);
		if (rc < 0)
			return rc;
	}
	if (s->kind == LV_NET_SOCK_PING)
		return net_icmp_echo_send(s->local.addr, dst->addr,
					  s->local.port, data, len);
	return net_udp_send(s->local.addr, dst->addr, s->local.port, dst->port,
			    data, len);
}

static int sockets_send_srv(lv_msg_t *m, void *ctx)
{
	msg_net_send_t r;
	socktab_sock_t *s;
	lv_net_addr_t dst;
	const uint8_t *dgram;
	size_t len;
	int rc;

	(void)ctx;
	if (m->h.size < sizeof(r))
		return -ERR_INVAL;
	len = m->h.size - sizeof(r); /* this part's bytes */
	memcpy(&r, m->payload, sizeof(r));
	m->h.size = 0;
	s = socktab_get(&tab, m->h.sender, r.sock);
	if (!s)
		return -ERR_BADF;
	rc = socktab_take_error(s);
	if (rc < 0)
		return rc;
	rc = send_dest(s, &r, &dst);
	if (rc < 0)
		return rc;
	rc = socktab_send_part(s, &r.to, r.flags, r.total, r.offset,
			       m->payload + sizeof(r), len, &dgram);
	if (rc < 0 || (uint32_t)rc < r.total)
		return rc;
	rc = send_dgram(s, &dst, dgram, r.total);
	socktab_send_done(s);
	return rc < 0 ? rc : (int)r.total;
}

static int sockets_recv_srv(lv_msg_t *m, void *ctx)
{
	msg_net_recv_t r;
	int rc;
	socktab_sock_t *s = unpack(m, &r, sizeof(r), &rc);

	(void)ctx;
	if (!s)
		return rc;
	if (r.flags &
	    ~(LV_NET_RECV_PEEK | LV_NET_RECV_DONTWAIT | LV_NET_RECV_MORE))
		return -ERR_INVAL;
	rc = sockets_recv_now(s, &r, m->payload, &m->h.size);
	if (rc != -ERR_AGAIN ||
	    (r.flags & (LV_NET_RECV_DONTWAIT | LV_NET_RECV_MORE)))
		return rc;
	return sockets_wait_recv(m->h.sender, &r);
}

static int sockets_close_srv(lv_msg_t *m, void *ctx)
{
	msg_net_sock_t r;
	int rc;
	socktab_sock_t *s = unpack(m, &r, sizeof(r), &rc);

	(void)ctx;
	if (!s)
		return rc;
	socktab_close(s);
	sockets_wait_wake();
	return 0;
}

static int sockets_getname_srv(lv_msg_t *m, void *ctx)
{
	msg_net_sock_t r;
	msg_net_names_t names;
	int rc;
	socktab_sock_t *s = unpack(m, &r, sizeof(r), &rc);

	(void)ctx;
	if (!s)
		return rc;
	names.local = s->local;
	names.peer = s->peer;
	memcpy(m->payload, &names, sizeof(names));
	m->h.size = sizeof(names);
	return 0;
}

static int sockets_setopt_srv(lv_msg_t *m, void *ctx)
{
	msg_net_opt_t r;
	int rc;
	socktab_sock_t *s = unpack(m, &r, sizeof(r), &rc);

	(void)ctx;
	if (!s)
		return rc;
	return socktab_setopt(s, r.opt, r.value);
}

/* LV_NET_POLL: the header and exactly n entries (n <= LV_NET_POLL_MAX);
 * the reply is the entries with revents. */
static int sockets_poll_srv(lv_msg_t *m, void *ctx)
{
	msg_net_poll_t r;
	size_t head = offsetof(msg_net_poll_t, fds);
	int ready;

	(void)ctx;
	if (m->h.size < head)
		return -ERR_INVAL;
	memcpy(&r, m->payload, head);
	if (r.n > LV_NET_POLL_MAX || m->h.size != head + r.n * sizeof(r.fds[0]))
		return -ERR_INVAL;
	memcpy(r.fds, m->payload + head, r.n * sizeof(r.fds[0]));
	ready = sockets_poll_now(&tab, m->h.sender, r.fds, r.n);
	if (ready || r.timeout_ms == 0) {
		memcpy(m->payload, r.fds, r.n * sizeof(r.fds[0]));
		m->h.size = (uint32_t)(r.n * sizeof(r.fds[0]));
		return ready;
	}
	m->h.size = 0;
	return sockets_wait_poll(m->h.sender, r.timeout_ms, r.fds, r.n);
}

static int sockets_list_srv(lv_msg_t *m, void *ctx)
{
	lv_net_sockinfo_t list[LV_NET_SOCKETS_MAX];
	int n;

	(void)ctx;
	if (m->h.size != 0)
		return -ERR_INVAL;
	reap(); /* a listing never shows a socket of a process that ended */
	n = socktab_list(&tab, list, LV_NET_SOCKETS_MAX);
	memcpy(m->payload, list, (size_t)n * sizeof(list[0]));
	m->h.size = (uint32_t)((size_t)n * sizeof(list[0]));
	return n;
}

_Static_assert(LV_NET_SOCKETS_MAX * sizeof(lv_net_sockinfo_t) <=
		   LV_MSG_PAYLOAD_MAX,
	       "the socket list fits one reply");
_Static_assert(sizeof(msg_net_poll_t) <= LV_MSG_PAYLOAD_MAX,
	       "a poll request fits one message");

const lv_op_t sockets_ops[] = {
    {LV_NET_SOCKET, sockets_socket_srv},   {LV_NET_BIND, sockets_bind_srv},
    {LV_NET_CONNECT, sockets_connect_srv}, {LV_NET_SEND, sockets_send_srv},
    {LV_NET_RECV, sockets_recv_srv},	   {LV_NET_CLOSE, sockets_close_srv},
    {LV_NET_GETNAME, sockets_getname_srv}, {LV_NET_SETOPT, sockets_setopt_srv},
    {LV_NET_POLL, sockets_poll_srv},	   {LV_NET_SOCK_LIST, sockets_list_srv},
};
const size_t sockets_nops = sizeof(sockets_ops) / sizeof(sockets_ops[0]);

int sockets_init(lv_server_t *s)
{
	unsigned period = SOCKETS_REAP_S * net_hz();

	socktab_init(&tab, net_addr_is_local, net_addr_is_broadcast);
	sockets_wait_init(s, &tab);
	return lv_server_timer(s, period, period, reap_tick, NULL) < 0
		   ? -ERR_NOMEM
		   : 0;
}

int sockets_udp_input(uint32_t src, uint32_t dst, uint16_t sport,
		      uint16_t dport, uint8_t ttl, const void *data, size_t len)
{
	int rc =
	    socktab_udp_input(&tab, src, dst, sport, dport, ttl, data, len);

	if (rc > 0)
		sockets_wait_wake();
	return rc;
}

int sockets_ping_input(uint32_t src, uint8_t ttl, const void *icmp, size_t len)
{
	const uint8_t *p = icmp;
	int rc;

	if (len < ICMP_HLEN || p[0] != ICMP_ECHO_REPLY)
		return 0;
	rc = socktab_ping_input(&tab, src, (uint16_t)(p[4] << 8 | p[5]), ttl,
				icmp, len);
	if (rc == -LV_NET_DROP_QUEUE)
		net_count_drop(LV_NET_DROP_QUEUE);
	if (rc <= 0)
		return 0;
	sockets_wait_wake();
	return 1;
}

void sockets_icmp_error(uint32_t from, uint8_t type, uint8_t code,
			const uint8_t *quoted, size_t len)
{
	int err = socktab_icmp_errno(type, code);

	(void)from;
	if (err && socktab_icmp_error(&tab, quoted, len, err))
		sockets_wait_wake();
}

void sockets_addr_gone(uint32_t addr)
{
	if (socktab_addr_gone(&tab, addr))
		sockets_wait_wake();
}
