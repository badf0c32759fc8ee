/* Remote IPC in net (ripc_impl.h): the epoch, peers, identities, datagrams
 * in and out, kernel notices, and the requests WHO, RLOOKUP and RLIST of
 * lavender/net_proto.h. */
#include <stdio.h>
#include <string.h>
#include <lavender/hosts.h>
#include <lavender/net_proto.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "iface.h"
#include "net.h"
#include "ripc.h"
#include "ripc_impl.h"

#define PEERS_MAX 64
#define IDENTITIES_MAX 256

typedef struct peer {
	uint32_t node; /* 0: free */
	uint64_t epoch;
	uint64_t seen; /* ms */
} peer_t;

typedef struct identity {
	uint32_t node; /* 0: free */
	int32_t pid;
	int32_t id;    /* < 0 */
	uint64_t used; /* ms */
} identity_t;

ripc_t ripc;
static peer_t peers[PEERS_MAX];
static identity_t ids[IDENTITIES_MAX];
static int32_t next_identity = -1;
static uint8_t dgram[RIPC_DGRAM_MAX];

int ripc_peers(uint32_t *nodes, uint64_t *epochs, int max)
{
	int n = 0;
	for (int i = 0; i < PEERS_MAX && n < max; i++)
		if (peers[i].node) {
			nodes[n] = peers[i].node;
			epochs[n++] = peers[i].epoch;
		}
	return n;
}

uint64_t ripc_now_ms(void) { return net_now() * 1000u / net_hz(); }

static uint64_t random64(void *arg)
{
	uint64_t v = 0;
	(void)arg;
	lv_random(&v, sizeof(v));
	return v;
}

int ripc_send(uint32_t node, const lv_ripc_hdr_t *h, const void *payload,
	      uint8_t *out, size_t *out_len)
{
	int why = 0;
	int n = ripc_encode(dgram, sizeof(dgram), h, payload, &why);
	if (n < 0)
		return n;
	if (out) {
		memcpy(out, dgram, (size_t)n);
		*out_len = (size_t)n;
	}
	return net_udp_send(0, node, LV_RIPC_PORT, LV_RIPC_PORT, dgram,
			    (size_t)n);
}

int ripc_resend(uint32_t node, const uint8_t *bytes, size_t len)
{
	return net_udp_send(0, node, LV_RIPC_PORT, LV_RIPC_PORT, bytes, len);
}

uint64_t ripc_peer_epoch(uint32_t node)
{
	for (int i = 0; i < PEERS_MAX; i++)
		if (peers[i].node == node)
			return peers[i].epoch;
	return 0;
}

void ripc_peer_seen(uint32_t node, uint64_t epoch)
{
	peer_t *p = NULL, *oldest = &peers[0];
	for (int i = 0; i < PEERS_MAX && !p; i++)
		if (peers[i].node == node)
			p = &peers[i];
	if (!p) {
		for (int i = 0; i < PEERS_MAX && !p; i++)
			if (!peers[i].node)
				p = &peers[i];
		for (int i = 0; i < PEERS_MAX && !p; i++)
			if (peers[i].seen < oldest->seen)
				oldest = &peers[i];
		if (!p)
			p = oldest;
		*p = (peer_t){node, epoch, ripc_now_ms()};
		return;
	}
	p->seen = ripc_now_ms();
	if (p->epoch == epoch)
		return;
	/* the peer's net restarted: what was pending on it fails */
	char a[16];
	printf("net: remote IPC: %s restarted (a new epoch): its calls and "
	       "proxies here end\n",
	       net_ntoa(node, a));
	p->epoch = epoch;
	ripc_call_event_t ev[16];
	int n;
	while ((n = ripc_calls_peer_epoch(&ripc.calls, node, epoch, ev, 16)) >
	       0)
		ripc_caller_fail(ev, n);
	int handles[16];
	while ((n = ripc_proxies_peer_epoch(&ripc.proxies, node, epoch, handles,
					    16)) > 0)
		for (int i = 0; i < n; i++)
			ripc_proxy_destroy(handles[i]);
	ripc_saved_peer_epoch(&ripc.saved, node, epoch);
}

int ripc_identity(uint32_t node, int32_t pid)
{
	identity_t *lru = &ids[0];
	for (int i = 0; i < IDENTITIES_MAX; i++) {
		if (ids[i].node == node && ids[i].pid == pid) {
			ids[i].used = ripc_now_ms();
			return ids[i].id;
		}
		if (ids[i].used < lru->used)
			lru = &ids[i];
	}
	/* a new one (past the table: the least recently used gives its
	 * place, and its id is not given again until the counter wraps) */
	lru->node = node;
	lru->pid = pid;
	lru->id = next_identity;
	lru->used = ripc_now_ms();
	next_identity =
	    next_identity == LV_REMOTE_ID_MIN ? -1 : next_identity - 1;
	return lru->id;
}

static void on_due(lv_server_t *s, int id, void *arg)
{
	(void)s;
	(void)id;
	(void)arg;
	ripc_caller_tick();
}

void ripc_schedule(void)
{
	uint64_t due = ripc_calls_next_due(&ripc.calls);
	if (ripc.timer > 0)
		lv_server_cancel(net_server(), ripc.timer);
	ripc.timer = 0;
	if (due == UINT64_MAX)
		return;
	uint64_t hz = net_hz();
	uint64_t tick = (due * hz + 999) / 1000; /* ms to ticks, rounded up */
	int id = lv_server_timer_at(net_server(), tick, 0, on_due, NULL);
	ripc.timer = id > 0 ? id : 0;
}

void ripc_udp_input(uint32_t src, const uint8_t *p, size_t len)
{
	lv_ripc_hdr_t h;
	const uint8_t *payload;
	int why = 0;
	if (ripc_decode(p, len, &h, &payload, &why) < 0) {
		if (why > 0 && why < RIPC_BAD_CAUSES)
			ripc.bad[why]++;
		return;
	}
	int answer = h.type == LV_RIPC_REPLY || h.type == LV_RIPC_ERROR ||
		     h.type == LV_RIPC_LOOKUP_REPLY ||
		     h.type == LV_RIPC_LIST_REPLY;
	if (h.dst_epoch && h.dst_epoch != ripc.epoch) {
		/* for an earlier run of this net: its ids mean nothing */
		if (h.type == LV_RIPC_CALL) {
			lv_ripc_hdr_t e;
			ripc_hdr_init(&e, LV_RIPC_ERROR, ripc.epoch,
				      h.src_epoch);
			e.request = h.request;
			e.op = (uint32_t)-ERR_STALE;
			ripc_send(src, &e, NULL, NULL, NULL);
		}
		ripc.bad[RIPC_BAD_EPOCH]++;
		return;
	}
	/* a peer's epoch is believed from answers to our requests and from
	 * its calls (a restarted peer calls with its new one) */
	if (answer || h.type == LV_RIPC_CALL || h.type == LV_RIPC_LOOKUP ||
	    h.type == LV_RIPC_LIST)
		ripc_peer_seen(src, h.src_epoch);
	else if (ripc_peer_epoch(src) != h.src_epoch)
		return; /* DEAD or RELEASE from an epoch we do not know */
	switch (h.type) {
	case LV_RIPC_CALL: ripc_callee_call(src, &h, payload); break;
	case LV_RIPC_LOOKUP: ripc_callee_lookup(src, &h, payload); break;
	case LV_RIPC_LIST: ripc_callee_list(src, &h, payload); break;
	case LV_RIPC_RELEASE: ripc_callee_release(src, &h); break;
	case LV_RIPC_DEAD: ripc_caller_dead(src, h.src_epoch, h.port); break;
	default: ripc_caller_answer(src, &h, payload);
	}
}

/* PORT_DEAD of an export, NO_SENDERS of a proxy. */
static void on_notice(const lv_msg_t *m, void *ctx)
{
	uint32_t cookie;
	(void)ctx;
	if (m->h.sender != 0 || m->h.size < sizeof(cookie))
		return;
	memcpy(&cookie, m->payload, sizeof(cookie));
	int handle = (int)(cookie & RIPC_COOKIE_HANDLE);
	if (m->h.op == LV_OP_PORT_DEAD && (cookie & RIPC_COOKIE_EXPORT))
		ripc_callee_export_dead(handle);
	else if (m->h.op == LV_OP_NO_SENDERS && (cookie & RIPC_COOKIE_PROXY))
		ripc_caller_no_senders(handle);
}

static const lv_op_t notice_ops[] = {{0, NULL}};

/* LV_NET_WHO: the node and pid behind a remote identity. */
static int op_who(lv_msg_t *m, void *ctx)
{
	msg_net_who_t q;
	msg_net_who_reply_t r;
	(void)ctx;
	if (m->h.size != sizeof(q))
		return m->h.size = 0, -ERR_INVAL;
	memcpy(&q, m->payload, sizeof(q));
	m->h.size = 0;
	for (int i = 0; i < IDENTITIES_MAX; i++)
		if (ids[i].node && ids[i].id == q.identity) {
			r.node = ids[i].node;
			r.pid = ids[i].pid;
			memcpy(m->payload, &r, sizeof(r));
			m->h.size = sizeof(r);
			return 0;
		}
	return -ERR_SRCH;
}

/* 1 when sender owns the name server's system port (its entry "ns"). */
static int from_name_server(int sender)
{
	lv_ns_entry_t e;
	int h = sender > 0 ? lv_ns_lookup("ns", &e) : -1;
	if (h < 0)
		return 0;
	lv_handle_close(h);
	return e.owner == sender;
}

/* 1 when node (resolved to addr; 0: not resolved) is this node: named so
 * (hosts.h lv_host_is_self), or an address of the loopback network or of
 * one of our interfaces. */
static int is_self(const char *node, uint32_t addr)
{
	char own[LV_NAME_MAX];
	if (lv_node_name(own, sizeof(own)) < 0)
		own[0] = '\0';
	return lv_host_is_self(node, own) ||
	       (addr && (lv_host_loopback(addr) || iface_by_addr(addr)));
}

/* RLOOKUP or RLIST of this node: its own exported entries, from its name
 * server, in m (the lookup's right is the entry's own, moved on). */
static int self_answer(lv_msg_t *m, const char *name, int list)
{
	if (list) {
		lv_ns_entry_t *out = (lv_ns_entry_t *)m->payload;
		int n = ripc_exported(name, out, LV_NS_RLIST_MAX);
		m->h.size = (uint32_t)n * sizeof(*out);
		return n;
	}
	lv_ns_entry_t e;
	int h = lv_ns_lookup_exported(name, &e);
	if (h < 0)
		return h;
	memcpy(m->payload, &e, sizeof(e));
	m->h.size = sizeof(e);
	m->h.right = h;
	m->h.right_mode = LV_RIGHT_MOVE;
	return 0;
}

/* LV_NET_RLOOKUP (the name server's) and LV_NET_RLIST (anyone's). */
static int op_rlookup(lv_msg_t *m, void *ctx)
{
	msg_net_rlookup_t q;
	uint32_t node = 0;
	(void)ctx;
	int list = m->h.op == LV_NET_RLIST;
	if (!list && !from_name_server(m->h.sender))
		return m->h.size = 0, -ERR_PERM;
	if (m->h.size != sizeof(q))
		return m->h.size = 0, -ERR_INVAL;
	memcpy(&q, m->payload, sizeof(q));
	m->h.size = 0;
	if (!memchr(q.name, 0, sizeof(q.name)) ||
	    !memchr(q.node, 0, sizeof(q.node)) || (!list && !q.name[0]))
		return -ERR_INVAL;
	int rc = lv_host_check(q.node);
	if (rc < 0)
		return rc;
	int known = lv_host_resolve(q.node, &node) == 0 && node != 0;
	if (known && (!lv_host_unicast(node) || net_addr_is_broadcast(node)))
		return -ERR_ADDRNOTAVAIL; /* no one node: a broadcast, ... */
	if (is_self(q.node, node))
		return self_answer(m, q.name, list);
	if (!known)
		return -ERR_HOSTUNREACH;
	int token = lv_server_defer(net_server());
	if (token < 0)
		return token;
	rc = ripc_caller_lookup(node, q.name, list, token);
	if (rc < 0)
		lv_server_answer(net_server(), token, rc, NULL, 0);
	return LV_DEFERRED;
}

const lv_op_t ripc_ops[] = {
    {LV_NET_WHO, op_who},
    {LV_NET_RLOOKUP, op_rlookup},
    {LV_NET_RLIST, op_rlookup},
};
const size_t ripc_nops = sizeof(ripc_ops) / sizeof(ripc_ops[0]);

int ripc_start(void)
{
	memset(&ripc, 0, sizeof(ripc));
	while (!ripc.epoch)
		ripc.epoch = random64(NULL);
	/* identities start at a random place: a restarted net's callers
	 * must not act as ones servers still hold state for (a caller seen
	 * by an earlier run); 2^30 of them, counted down from there */
	next_identity =
	    -1 - (int32_t)(random64(NULL) %
			   (uint64_t)(-(int64_t)LV_REMOTE_ID_MIN - 1));
	ripc_calls_init(&ripc.calls, random64(NULL));
	ripc_saved_init(&ripc.saved);
	ripc_exports_init(&ripc.exports, random64, NULL);
	ripc_proxies_init(&ripc.proxies);
	ripc.notify = lv_port_create();
	if (ripc.notify < 0)
		return ripc.notify;
	int rc = lv_server_add(net_server(), ripc.notify, notice_ops, 0, NULL,
			       on_notice);
	return rc < 0 ? rc : 0;
}
