/* The protocol server's client calls (lavender/socket.h): each packs one
 * net_proto.h request, or cuts a datagram into SEND parts and gathers RECV
 * chunks (pure_net_parts.c), on the cached right to net. */
#include <string.h>
#include <lavender/server.h>
#include <lavender/socket.h>
#include "ns_cached.h"
#include "pure_net_parts.h"

#define SEND_LEN_MAX 65535u /* a datagram's bytes the protocol can carry */

static ns_cached_t server = NS_CACHED_INIT(LV_NET_NAME);
/* The generation of the cached right: moves on whenever a dead net is
 * forgotten, which makes every socket of it stale. Starts at 1, so a
 * zeroed lv_sock_t is stale. */
static volatile uint32_t epoch = 1;

int lv_net_server(void) { return ns_cached_get(&server); }

/* One call on net. A dead net is forgotten; a request that names no socket
 * (s NULL) then goes once more to the net registered now, one that names a
 * socket fails -ERR_STALE (its id means nothing to another net). *used
 * (may be NULL) gets the epoch of the net that answered. */
static int call(const lv_sock_t *s, uint32_t op, const void *req, size_t len,
		void *reply, size_t reply_max, size_t *reply_len,
		uint32_t *used)
{
	int rc = -ERR_DEADPORT;

	for (int tries = 0; tries < 2 && ns_cached_dead(rc); tries++) {
		uint32_t e = epoch;
		int h;

		if (s && s->epoch != e)
			return -ERR_STALE;
		h = lv_net_server();
		if (h < 0)
			return s ? -ERR_STALE : h;
		rc = lv_rpc(h, op, req, len, reply, reply_max, reply_len,
			    LV_WAIT_FOREVER);
		if (ns_cached_dead(rc)) {
			/* The epoch first: a socket made on the net found
			 * after the forgetting must not look stale. */
			if (server.handle == h)
				__sync_fetch_and_add(&epoch, 1);
			ns_cached_forget(&server, h);
			if (s)
				return -ERR_STALE;
		} else if (used) {
			*used = e;
		}
	}
	return rc;
}

int lv_sock_open(uint32_t kind, lv_sock_t *s)
{
	msg_net_socket_t r = {.kind = kind};
	uint32_t e = 0;
	int rc = call(NULL, LV_NET_SOCKET, &r, sizeof(r), NULL, 0, NULL, &e);

	if (rc < 0)
		return rc;
	if (rc == 0)
		return -ERR_IO; /* ids start at 1 */
	s->id = (uint32_t)rc;
	s->epoch = e;
	return 0;
}

/* A request of a socket and an address (BIND, CONNECT). */
static int addr_call(uint32_t op, const lv_sock_t *s, lv_net_addr_t a)
{
	msg_net_sockaddr_t r = {.sock = s->id, .addr = a};
	return call(s, op, &r, sizeof(r), NULL, 0, NULL, NULL);
}

int lv_sock_bind(const lv_sock_t *s, lv_net_addr_t local)
{
	return addr_call(LV_NET_BIND, s, local);
}

int lv_sock_connect(const lv_sock_t *s, lv_net_addr_t peer)
{
	return addr_call(LV_NET_CONNECT, s, peer);
}

int lv_sock_sendto(const lv_sock_t *s, const void *buf, size_t len,
		   const lv_net_addr_t *to)
{
	uint8_t req[LV_MSG_PAYLOAD_MAX];
	msg_net_send_t m = {.sock = s->id, .total = (uint32_t)len};
	size_t off = 0;

	if (len > SEND_LEN_MAX)
		return -ERR_MSGSIZE;
	if (to) {
		m.flags = LV_NET_SEND_TO;
		m.to = *to;
	}
	do { /* an empty datagram is one empty part */
		size_t n = net_parts_send_len(len, off);
		int rc;

		m.offset = (uint32_t)off;
		memcpy(req, &m, sizeof(m));
		memcpy(req + sizeof(m), (const uint8_t *)buf + off, n);
		rc = call(s, LV_NET_SEND, req, sizeof(m) + n, NULL, 0, NULL,
			  NULL);
		rc = net_parts_send_check(off, n, rc);
		if (rc < 0)
			return rc;
		off += n;
	} while (off < len);
	return (int)len;
}

int lv_sock_recvfrom(const lv_sock_t *s, void *buf, size_t max, uint32_t flags,
		     uint32_t timeout_ms, lv_sock_dgram_t *info)
{
	uint8_t reply[LV_MSG_PAYLOAD_MAX];
	msg_net_dgram_t d;
	msg_net_recv_t r = {.sock = s->id,
			    .flags = flags &
				     (LV_NET_RECV_PEEK | LV_NET_RECV_DONTWAIT),
			    .timeout_ms = timeout_ms};
	net_recv_progress_t p = {0};
	int more;

	r.max = max > UINT32_MAX ? UINT32_MAX : (uint32_t)max;
	p.max = r.max;
	do {
		size_t got = 0;
		uint32_t at = p.offset;
		int rc = call(s, LV_NET_RECV, &r, sizeof(r), reply,
			      sizeof(reply), &got, NULL);

		if (rc < 0)
			return p.replies > 0 && rc == -ERR_AGAIN
				   ? -ERR_IO /* the datagram begun went away */
				   : rc;
		memcpy(&d, reply, sizeof(d));
		more = net_parts_recv_take(&p, &d, got, rc);
		if (more < 0)
			return more;
		memcpy((uint8_t *)buf + at, reply + sizeof(d), p.offset - at);
		if (p.replies == 1 && info)
			*info = (lv_sock_dgram_t){
			    .from = d.from, .total = d.total, .ttl = d.ttl};
		r.flags = (r.flags & LV_NET_RECV_PEEK) | LV_NET_RECV_MORE;
		r.offset = p.offset;
	} while (more);
	return (int)p.offset;
}

/* A request of one socket (CLOSE, GETNAME). */
static int sock_call(uint32_t op, const lv_sock_t *s, void *reply,
		     size_t reply_max, size_t *got)
{
	msg_net_sock_t r = {.sock = s->id};
	return call(s, op, &r, sizeof(r), reply, reply_max, got, NULL);
}

int lv_sock_close(const lv_sock_t *s)
{
	return sock_call(LV_NET_CLOSE, s, NULL, 0, NULL);
}

int lv_sock_getname(const lv_sock_t *s, lv_net_addr_t *local,
		    lv_net_addr_t *peer)
{
	msg_net_names_t names;
	size_t got = 0;
	int rc = sock_call(LV_NET_GETNAME, s, &names, sizeof(names), &got);

	if (rc < 0)
		return rc;
	if (got != sizeof(names))
		return -ERR_IO;
	if (local)
		*local = names.local;
	if (peer)
		*peer = names.peer;
	return 0;
}

int lv_sock_setopt(const lv_sock_t *s, uint32_t opt, uint32_t value)
{
	msg_net_opt_t r = {.sock = s->id, .opt = opt, .value = value};
	return call(s, LV_NET_SETOPT, &r, sizeof(r), NULL, 0, NULL, NULL);
}

int lv_sock_poll(lv_sock_poll_t *fds, size_t n, uint32_t timeout_ms)
{
	msg_net_poll_t r = {.timeout_ms = timeout_ms, .n = (uint32_t)n};
	lv_net_pollfd_t out[LV_NET_POLL_MAX];
	size_t got = 0, want;
	uint32_t e = epoch;
	int stale = 0, rc;

	if (n > LV_NET_POLL_MAX)
		return -ERR_INVAL;
	want = offsetof(msg_net_poll_t, fds) + n * sizeof(r.fds[0]);
	for (size_t i = 0; i < n; i++) {
		fds[i].revents = 0;
		if (fds[i].sock.epoch != e) {
			fds[i].revents = LV_NET_POLLNVAL;
			stale++;
		}
		r.fds[i] = (lv_net_pollfd_t){.sock = fds[i].sock.id,
					     .events = fds[i].events};
	}
	if (stale == (int)n && n > 0)
		return stale; /* nothing for net to look at */
	if (stale)
		r.timeout_ms = 0; /* some are ready: only look */
	/* the reply: the n entries with revents (no header) */
	rc = call(NULL, LV_NET_POLL, &r, want, out, sizeof(out), &got, NULL);
	if (rc < 0)
		return rc;
	if (got != n * sizeof(out[0]) || (size_t)rc > n)
		return -ERR_IO;
	for (size_t i = 0; i < n; i++)
		if (fds[i].sock.epoch == e)
			fds[i].revents = out[i].revents;
	return rc + stale;
}

/* A list: up to max entries of size bytes each. */
static int list_call(uint32_t op, void *out, size_t size, int max)
{
	uint8_t reply[LV_MSG_PAYLOAD_MAX];
	size_t got = 0;
	int rc;

	if (max <= 0)
		return 0;
	rc = call(NULL, op, NULL, 0, reply, sizeof(reply), &got, NULL);
	if (rc < 0)
		return rc;
	if ((size_t)rc > got / size)
		rc = (int)(got / size); /* more than a message holds: cut */
	if (rc > max)
		rc = max;
	memcpy(out, reply, (size_t)rc * size);
	return rc;
}

int lv_net_if_list(lv_net_if_t *out, int max)
{
	return list_call(LV_NET_IF_LIST, out, sizeof(*out), max);
}

int lv_net_route_list(lv_net_route_t *out, int max)
{
	return list_call(LV_NET_ROUTE_LIST, out, sizeof(*out), max);
}

int lv_net_arp_list(lv_net_arp_t *out, int max)
{
	return list_call(LV_NET_ARP_LIST, out, sizeof(*out), max);
}

int lv_net_sock_list(lv_net_sockinfo_t *out, int max)
{
	return list_call(LV_NET_SOCK_LIST, out, sizeof(*out), max);
}

int lv_net_stats(lv_net_stats_t *out)
{
	size_t got = 0;
	int rc =
	    call(NULL, LV_NET_STATS, NULL, 0, out, sizeof(*out), &got, NULL);

	if (rc < 0)
		return rc;
	return got == sizeof(*out) ? 0 : -ERR_IO;
}
