/* Remote IPC, other nodes' calls here (ripc_impl.h): a CALL names a port
 * id of ours (an exported name's, or a right we carried out); it runs once
 * (pure_ripc_saved.h: a retransmission of a running call is ignored, of a
 * done one gets the saved REPLY again), as a local call made with the
 * remote caller's identity (act-for: the server sees a negative sender),
 * and its answer goes back as the REPLY. LOOKUP finds an exported entry
 * through the name server (only exported ones: ns refuses the rest), LIST
 * lists them; RELEASE forgets carried rights; a dead export is announced
 * to every peer (DEAD). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "net.h"
#include "ripc_impl.h"

#define NAMES_MAX 64 /* exported names looked up, cached */
#define LIST_MAX ((int)(LV_MSG_PAYLOAD_MAX / sizeof(lv_ns_entry_t)))
#define PEERS_TOLD 64

/* A call made here for another node, until its answer. */
typedef struct in_call {
	uint32_t node;
	uint64_t epoch, request;
} in_call_t;

/* An exported name whose port has an id (looked up before). */
typedef struct name_export {
	char name[LV_NS_NAME_MAX];
	int32_t owner;
	int handle; /* 0: free */
} name_export_t;

static name_export_t names[NAMES_MAX];
static uint8_t saved[RIPC_DGRAM_MAX];

/* Sends an answer h (+ payload) to node and keeps it for retransmissions
 * of the call when keep. */
static void answer(uint32_t node, lv_ripc_hdr_t *h, const void *payload,
		   int keep)
{
	size_t len = 0;
	ripc_send(node, h, payload, saved, &len);
	if (keep)
		ripc_saved_done(&ripc.saved, node, h->dst_epoch, h->request,
				ripc_now_ms(), saved, len);
}

static void error(uint32_t node, const lv_ripc_hdr_t *call, int status,
		  int keep)
{
	lv_ripc_hdr_t h;
	ripc_hdr_init(&h, LV_RIPC_ERROR, ripc.epoch, call->src_epoch);
	h.request = call->request;
	h.op = (uint32_t)status;
	answer(node, &h, NULL, keep);
}

int ripc_export_carried(int handle, uint64_t *id)
{
	int rc = ripc_export(&ripc.exports, handle, RIPC_EXPORT_CARRIED, id);
	if (rc < 0) {
		lv_handle_close(handle);
		return rc;
	}
	if (lv_port_watch(handle, ripc.notify,
			  RIPC_COOKIE_EXPORT | (uint32_t)handle) < 0) {
		/* dead already: the id leads nowhere, as a call will hear */
		uint64_t gone;
		ripc_export_remove(&ripc.exports, handle, &gone);
		lv_handle_close(handle);
		*id = gone;
	}
	return 0;
}

/* The local call's answer: the REPLY, kept for retransmissions. */
static void answered(lv_server_t *s, int status, const lv_msg_t *msg, void *arg)
{
	in_call_t *c = arg;
	lv_ripc_hdr_t h;
	(void)s;
	ripc_hdr_init(&h, LV_RIPC_REPLY, ripc.epoch, c->epoch);
	h.request = c->request;
	h.op = (uint32_t)status;
	if (msg && msg->h.right > 0) {
		uint64_t id = 0;
		if (lv_handle_info(msg->h.right) == LV_RIGHT_SEND &&
		    ripc_export_carried(msg->h.right, &id) == 0) {
			h.right = id;
			h.right_mode = LV_RIGHT_COPY_SEND;
		} else if (lv_handle_info(msg->h.right) > 0) {
			lv_handle_close(msg->h.right);
		}
	}
	if (msg && status >= 0)
		h.size = msg->h.size;
	answer(c->node, &h, msg ? msg->payload : NULL, 1);
	free(c);
}

void ripc_callee_call(uint32_t node, const lv_ripc_hdr_t *h,
		      const uint8_t *payload)
{
	const uint8_t *again;
	size_t len;
	ripc.calls_in++;
	int st = ripc_saved_begin(&ripc.saved, node, h->src_epoch, h->request,
				  ripc_now_ms(), &again, &len);
	if (st == RIPC_SAVED_DONE) {
		ripc_resend(node, again, len);
		ripc.replays++;
		return;
	}
	if (st == RIPC_SAVED_RUNNING) {
		ripc.duplicates++;
		return;
	}
	if (st == -ERR_BUSY) {
		error(node, h, -ERR_BUSY, 0);
		return;
	}
	if (st != RIPC_SAVED_NEW)
		return;
	int target = ripc_export_handle(&ripc.exports, h->port, NULL);
	if (target <= 0) {
		error(node, h, -ERR_DEADPORT, 1);
		return;
	}
	int right = 0;
	if (h->right) {
		right = ripc_proxy_right(node, h->src_epoch, h->right);
		if (right < 0) {
			error(node, h, right, 1);
			return;
		}
	}
	in_call_t *c = malloc(sizeof(*c));
	if (!c) {
		if (right > 0)
			lv_handle_close(right);
		ripc_saved_abort(&ripc.saved, node, h->src_epoch, h->request);
		error(node, h, -ERR_BUSY, 0);
		return;
	}
	*c = (in_call_t){node, h->src_epoch, h->request};
	unsigned ticks = RIPC_LOCAL_CALL_MS * net_hz() / 1000;
	lv_act_for(ripc_identity(node, h->caller_pid));
	int rc = lv_server_call_right(
	    net_server(), target, h->op, payload, h->size, right,
	    right > 0 ? LV_RIGHT_MOVE : LV_RIGHT_NONE, ticks, answered, c);
	lv_act_for(0);
	if (rc == 0)
		return;
	free(c);
	if (right > 0)
		lv_handle_close(right);
	if (rc == -ERR_NOSPC || rc == -ERR_AGAIN) { /* full: try again later */
		ripc_saved_abort(&ripc.saved, node, h->src_epoch, h->request);
		error(node, h, -ERR_BUSY, 0);
		return;
	}
	error(node, h,
	      rc == -ERR_DEADPORT || rc == -ERR_BADF ? -ERR_DEADPORT : rc, 1);
}

/* The id of an exported entry's port (looked up once per name and
 * owner): 0 with *id, or -ERR_NOENT. */
static int export_name(const char *name, lv_ns_entry_t *e, uint64_t *id)
{
	int h = lv_ns_lookup_exported(name, e);
	if (h < 0)
		return -ERR_NOENT;
	name_export_t *free_slot = NULL;
	for (int i = 0; i < NAMES_MAX; i++) {
		name_export_t *n = &names[i];
		if (!n->handle) {
			free_slot = free_slot ? free_slot : n;
			continue;
		}
		if (strcmp(n->name, name) == 0 && n->owner == e->owner &&
		    ripc_export_id(&ripc.exports, n->handle, id) == 0) {
			lv_handle_close(h); /* the same port: its id stays */
			return 0;
		}
	}
	if (!free_slot ||
	    ripc_export(&ripc.exports, h, RIPC_EXPORT_NAME, id) < 0) {
		lv_handle_close(h);
		return -ERR_NOENT; /* no room: as if not there, for now */
	}
	if (lv_port_watch(h, ripc.notify, RIPC_COOKIE_EXPORT | (uint32_t)h) <
	    0) {
		ripc_export_remove(&ripc.exports, h, id);
		lv_handle_close(h);
		return -ERR_NOENT;
	}
	snprintf(free_slot->name, sizeof(free_slot->name), "%s", name);
	free_slot->owner = e->owner;
	free_slot->handle = h;
	return 0;
}

void ripc_callee_lookup(uint32_t node, const lv_ripc_hdr_t *h,
			const uint8_t *payload)
{
	lv_ripc_hdr_t r;
	lv_ns_entry_t e;
	uint64_t id = 0;
	ripc_hdr_init(&r, LV_RIPC_LOOKUP_REPLY, ripc.epoch, h->src_epoch);
	r.request = h->request;
	if (export_name((const char *)payload, &e, &id) < 0) {
		r.op = (uint32_t)-ERR_NOENT;
		ripc_send(node, &r, NULL, NULL, NULL);
		return;
	}
	r.right = id;
	r.right_mode = LV_RIGHT_COPY_SEND;
	r.size = sizeof(e);
	ripc_send(node, &r, &e, NULL, NULL);
}

int ripc_exported(const char *prefix, lv_ns_entry_t *out, int max)
{
	static lv_ns_entry_t all[64];
	int n = lv_ns_list(prefix, "", all, 64), k = 0;
	for (int i = 0; i < n && k < max; i++)
		if (all[i].flags & LV_NS_EXPORT)
			out[k++] = all[i];
	return k;
}

void ripc_callee_list(uint32_t node, const lv_ripc_hdr_t *h,
		      const uint8_t *payload)
{
	static lv_ns_entry_t out[LIST_MAX];
	lv_ripc_hdr_t r;
	int k = ripc_exported((const char *)payload, out, LIST_MAX);
	ripc_hdr_init(&r, LV_RIPC_LIST_REPLY, ripc.epoch, h->src_epoch);
	r.request = h->request;
	r.op = 0; /* the count is the payload's: size / entry */
	r.size = (uint32_t)(k * sizeof(out[0]));
	ripc_send(node, &r, out, NULL, NULL);
}

void ripc_callee_release(uint32_t node, const lv_ripc_hdr_t *h)
{
	(void)node;
	int handle = ripc_export_release(&ripc.exports, h->port, h->op);
	if (handle > 0)
		lv_handle_close(handle);
}

void ripc_callee_export_dead(int handle)
{
	uint64_t id, epochs[PEERS_TOLD];
	uint32_t nodes[PEERS_TOLD];
	for (int i = 0; i < NAMES_MAX; i++)
		if (names[i].handle == handle)
			names[i].handle = 0;
	if (ripc_export_remove(&ripc.exports, handle, &id) < 0)
		return;
	lv_handle_close(handle);
	int n = ripc_peers(nodes, epochs, PEERS_TOLD);
	for (int i = 0; i < n; i++) {
		lv_ripc_hdr_t h;
		ripc_hdr_init(&h, LV_RIPC_DEAD, ripc.epoch, epochs[i]);
		h.port = id;
		ripc_send(nodes[i], &h, NULL, NULL, NULL);
	}
}
