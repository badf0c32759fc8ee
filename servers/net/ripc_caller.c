/* Remote IPC, this node's calls to others (ripc_impl.h): every proxy port
 * stands for one port of another node; a request to it is deferred, sent
 * as a CALL (its right as a network id of ours), sent again on the
 * schedule of pure_ripc_calls.h, and answered with the REPLY's status,
 * payload and right (a proxy of theirs), or -ERR_TIMEDOUT after the last
 * try, or -ERR_DEADPORT (the port died, the peer restarted). LOOKUP and
 * LIST for the name server and `names @NODE` go the same way. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "iface.h"
#include "net.h"
#include "ripc_impl.h"

/* A request sent and not yet answered (a pure_ripc_calls entry's ctx). */
typedef struct out {
	uint32_t type; /* LV_RIPC_CALL, _LOOKUP, _LIST */
	int token;     /* the local request, deferred */
	int proxy;     /* CALL: its proxy port */
	size_t len;
	uint8_t bytes[RIPC_DGRAM_MAX]; /* the datagram, for resends */
} out_t;

#define EVENTS 16

static int op_proxy(lv_msg_t *m, void *ctx);
static const lv_op_t proxy_ops[] = {{LV_SERVER_ANY_OP, op_proxy}};

void ripc_proxy_destroy(int handle)
{
	lv_server_remove(net_server(), handle);
	ripc_proxy_remove(&ripc.proxies, handle, NULL);
	lv_handle_close(handle); /* the port dies: senders hear DEADPORT */
}

int ripc_proxy_right(uint32_t node, uint64_t epoch, uint64_t id)
{
	int port = ripc_proxy_reuse(&ripc.proxies, node, epoch, id);
	if (port > 0) {
		int right = lv_port_make_send(port);
		lv_port_no_senders(port, ripc.notify,
				   RIPC_COOKIE_PROXY | (uint32_t)port);
		return right;
	}
	port = lv_port_create();
	if (port < 0)
		return -ERR_NOSPC;
	int rc = ripc_proxy_add(&ripc.proxies, node, epoch, id, port);
	if (rc == 0)
		rc = lv_server_add(net_server(), port, proxy_ops, 1,
				   (void *)(intptr_t)port, NULL);
	int right = rc < 0 ? rc : lv_port_make_send(port);
	if (right < 0) {
		ripc_proxy_destroy(port);
		return right == -ERR_EXIST ? -ERR_NOSPC : right;
	}
	lv_port_no_senders(port, ripc.notify,
			   RIPC_COOKIE_PROXY | (uint32_t)port);
	return right;
}

void ripc_caller_no_senders(int handle)
{
	ripc_proxy_t p;
	/* another right may have been made since the notice was queued */
	if (lv_port_no_senders(handle, ripc.notify,
			       RIPC_COOKIE_PROXY | (uint32_t)handle) == 0)
		return;
	if (ripc_proxy_remove(&ripc.proxies, handle, &p) == 0 && p.received) {
		lv_ripc_hdr_t h;
		ripc_hdr_init(&h, LV_RIPC_RELEASE, ripc.epoch, p.epoch);
		h.port = p.id;
		h.op = p.received;
		ripc_send(p.node, &h, NULL, NULL, NULL);
	}
	ripc_proxy_destroy(handle);
}

void ripc_caller_dead(uint32_t node, uint64_t epoch, uint64_t id)
{
	int h = ripc_proxy_find(&ripc.proxies, node, epoch, id);
	if (h > 0)
		ripc_proxy_destroy(h);
}

/* Records and sends h (+ payload) for the deferred token: 0 or -ERR_*.
 * The answer, resends and give-up follow from the calls table. */
static int start(uint32_t type, uint32_t node, uint64_t epoch, uint64_t port,
		 lv_ripc_hdr_t *h, const void *payload, int token, int proxy)
{
	out_t *o = malloc(sizeof(*o));
	if (!o)
		return -ERR_NOMEM;
	o->type = type;
	o->token = token;
	o->proxy = proxy;
	int rc = ripc_calls_add(&ripc.calls, node, epoch, port, ripc_now_ms(),
				o, &h->request);
	if (rc < 0) {
		free(o);
		return rc == -ERR_BUSY ? -ERR_AGAIN : rc;
	}
	rc = ripc_send(node, h, payload, o->bytes, &o->len);
	if (rc < 0 && rc != -ERR_NETDOWN) { /* no route: nothing to retry */
		void *ctx;
		ripc_calls_answered(&ripc.calls, node, epoch, h->request, &ctx);
		free(o);
		return rc;
	}
	ripc.calls_out++;
	ripc_schedule();
	return 0;
}

/* A request to a proxy: a CALL to the port it stands for. */
static int op_proxy(lv_msg_t *m, void *ctx)
{
	int port = (int)(intptr_t)ctx;
	const ripc_proxy_t *p = ripc_proxy_by_handle(&ripc.proxies, port);
	lv_ripc_hdr_t h;
	uint64_t right_id = 0;
	if (!p)
		return m->h.size = 0, -ERR_DEADPORT;
	if (m->h.sender <= 0) /* a remote caller's identity: no calls on */
		return m->h.size = 0, -ERR_PERM;
	if (m->h.right > 0) {
		if (lv_handle_info(m->h.right) != LV_RIGHT_SEND)
			return m->h.size = 0, -ERR_INVAL; /* send rights only */
		if (ripc_export_carried(m->h.right, &right_id) < 0)
			return m->h.size = 0, -ERR_NOSPC;
		m->h.right = 0; /* the exports table's now */
	}
	int token = lv_server_defer(net_server());
	if (token < 0)
		return m->h.size = 0, token;
	ripc_hdr_init(&h, LV_RIPC_CALL, ripc.epoch, p->epoch);
	h.port = p->id;
	h.right = right_id;
	h.right_mode = right_id ? LV_RIGHT_COPY_SEND : LV_RIGHT_NONE;
	h.op = m->h.op;
	h.caller_pid = m->h.sender;
	h.size = m->h.size;
	int rc = start(LV_RIPC_CALL, p->node, p->epoch, p->id, &h, m->payload,
		       token, port);
	if (rc < 0)
		lv_server_answer(net_server(), token, rc, NULL, 0);
	return LV_DEFERRED;
}

int ripc_caller_lookup(uint32_t node, const char *name, int list, int token)
{
	lv_ripc_hdr_t h;
	uint32_t type = list ? LV_RIPC_LIST : LV_RIPC_LOOKUP;
	ripc_hdr_init(&h, type, ripc.epoch, 0);
	h.size = (uint32_t)strlen(name) + 1;
	return start(type, node, 0, 0, &h, name, token, 0);
}

/* Answers o's local caller and frees o. */
static void finish(out_t *o, int status, const void *data, size_t len,
		   int right)
{
	int rc = lv_server_answer_right(
	    net_server(), o->token, status, data, len, right,
	    right > 0 ? LV_RIGHT_MOVE : LV_RIGHT_NONE);
	if (rc < 0 && right > 0)
		lv_handle_close(right);
	free(o);
}

void ripc_caller_answer(uint32_t node, const lv_ripc_hdr_t *h,
			const uint8_t *payload)
{
	void *ctx;
	if (h->type == LV_RIPC_ERROR && (int)h->op == -ERR_BUSY)
		return; /* no room there yet: the next resend retries */
	if (ripc_calls_answered(&ripc.calls, node, h->src_epoch, h->request,
				&ctx) < 0)
		return; /* a duplicate, late or forged answer */
	out_t *o = ctx;
	int status = (int)h->op, right = 0;
	ripc_schedule();
	if (h->type == LV_RIPC_ERROR) {
		if (o->type == LV_RIPC_CALL && o->proxy &&
		    (status == -ERR_DEADPORT || status == -ERR_STALE))
			ripc_proxy_destroy(o->proxy); /* the port is gone */
		if (status == -ERR_STALE)
			status = -ERR_DEADPORT;
		finish(o, status, NULL, 0, 0);
		return;
	}
	if (h->right && status >= 0) {
		right = ripc_proxy_right(node, h->src_epoch, h->right);
		if (right < 0) {
			finish(o, right, NULL, 0, 0);
			return;
		}
	}
	if (o->type == LV_RIPC_LIST)
		status = (int)(h->size / sizeof(lv_ns_entry_t));
	finish(o, status, payload, h->size, right);
}

void ripc_caller_fail(const ripc_call_event_t *ev, int n)
{
	for (int i = 0; i < n; i++)
		finish(ev[i].ctx, ev[i].rc, NULL, 0, 0);
}

void ripc_caller_tick(void)
{
	ripc_call_event_t ev[EVENTS];
	int n;
	ripc.timer = 0;
	while ((n = ripc_calls_tick(&ripc.calls, ripc_now_ms(), ev, EVENTS)) >
	       0) {
		for (int i = 0; i < n; i++) {
			out_t *o = ev[i].ctx;
			if (ev[i].rc == 0) {
				ripc_resend(ev[i].node, o->bytes, o->len);
				ripc.resent++;
			} else {
				finish(o, ev[i].rc, NULL, 0, 0);
			}
		}
		if (n < EVENTS)
			break;
	}
	ripc_schedule();
}

int ripc_caller_start(void) { return 0; }
