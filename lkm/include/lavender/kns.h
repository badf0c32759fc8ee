/* The name server for modules: REGISTER, DELETE, LOOKUP, LIST, SUBSCRIBE
 * and HANDOVER from a module's thread with kernel buffers (kipc_call on
 * LV_NS_HANDLE, which every module's process holds; renewed when that name
 * server died: kns_call). The entry is owned by the module's pid. A
 * restarted name server starts empty: a module that registers watches
 * LV_SYSPORT_NS (ksysport_watch) and registers (and subscribes) again at
 * LV_OP_SYSPORT_SET, as libipc/ns_keep.c does for user-mode processes. Header
 * only: each module is built on its own. */
#ifndef LAVENDER_KNS_H
#define LAVENDER_KNS_H
#include "lavender/kernel.h"
#include "lavender/ns_proto.h"

#define KNS_TIMEOUT 500 /* ticks a name-server call may take */

typedef struct kns_msg {
	lv_msg_header_t h;
	union {
		msg_ns_register_t body;
		msg_ns_lookup_t look; /* LOOKUP's request */
		lv_ns_entry_t entry;  /* LOOKUP's reply */
	};
} kns_msg_t;

/* src into dst (max bytes) with its NUL; -ERR_NAMETOOLONG (nothing sent:
 * a cut name would be another name) when it does not fit. */
static inline int kns_copy(char *dst, const char *src, size_t max)
{
	size_t n = strlen(src);
	if (n >= max)
		return -ERR_NAMETOOLONG;
	memcpy(dst, src, n + 1);
	return 0;
}

/* One call to the name server. When the one LV_NS_HANDLE names has died
 * (init restarted it), the handle is renewed (ksysport_ns_renew) and the
 * call made once more, to the one registered now. */
static inline int kns_call(lv_msg_header_t *h, uint32_t size)
{
	lv_msg_header_t sent = *h;
	int rc = kipc_call(LV_NS_HANDLE, h, size, KNS_TIMEOUT);
	if (rc == -ERR_DEADPORT && ksysport_ns_renew() == 0) {
		*h = sent;
		rc = kipc_call(LV_NS_HANDLE, h, size, KNS_TIMEOUT);
	}
	return rc;
}

/* Registers name (type, attrs) with a send right made from the receive
 * right at handle port. 0 or the name server's error. */
static inline int kns_register(const char *name, const char *type,
			       const char *attrs, int port)
{
	kns_msg_t m;
	memset(&m, 0, sizeof(m));
	m.h.op = NS_REGISTER;
	m.h.size = sizeof(m.body);
	m.h.right = port;
	m.h.right_mode = LV_RIGHT_MAKE_SEND;
	int rc = kns_copy(m.body.name, name, sizeof(m.body.name));
	if (rc == 0)
		rc = kns_copy(m.body.type, type, sizeof(m.body.type));
	if (rc == 0)
		rc = kns_copy(m.body.attrs, attrs, sizeof(m.body.attrs));
	if (rc == 0)
		rc = kns_call(&m.h, sizeof(m));
	return rc < 0 ? rc : (int)m.h.op;
}

/* Deletes the module's entry name. 0 or the name server's error. */
static inline int kns_delete(const char *name)
{
	kns_msg_t m;
	memset(&m, 0, sizeof(m));
	m.h.op = NS_DELETE;
	m.h.size = sizeof(msg_ns_delete_t);
	int rc = kns_copy(m.body.name, name, sizeof(msg_ns_delete_t));
	if (rc == 0)
		rc = kns_call(&m.h, sizeof(m));
	return rc < 0 ? rc : (int)m.h.op;
}

/* Names pid heir the next owner of the module's entry name (NS_HANDOVER:
 * heir's register of name takes it). 0 or the name server's error. */
static inline int kns_handover(const char *name, int heir)
{
	kns_msg_t m;
	msg_ns_handover_t *req = (msg_ns_handover_t *)&m.body;
	memset(&m, 0, sizeof(m));
	m.h.op = NS_HANDOVER;
	m.h.size = sizeof(*req);
	req->heir = heir;
	int rc = kns_copy(req->name, name, sizeof(req->name));
	if (rc == 0)
		rc = kns_call(&m.h, sizeof(m));
	return rc < 0 ? rc : (int)m.h.op;
}

/* A send right to the port registered as name on this node (node "": a
 * module's lookups are local; the caller closes the right), or the name
 * server's error (-ERR_NOENT: no such name; -ERR_NAMETOOLONG). */
static inline int kns_lookup(const char *name)
{
	kns_msg_t m;
	memset(&m, 0, sizeof(m));
	m.h.op = NS_LOOKUP;
	m.h.size = sizeof(m.look);
	int rc = kns_copy(m.look.name, name, sizeof(m.look.name));
	if (rc == 0)
		rc = kns_call(&m.h, sizeof(m));
	if (rc == 0 && (int)m.h.op < 0)
		rc = (int)m.h.op; /* no right comes with a refusal */
	else if (rc == 0 && m.h.right <= 0)
		rc = -ERR_NOSPC; /* the right could not be received */
	return rc < 0 ? rc : m.h.right;
}

/* 1 if the name server knows name, 0 if not, or its error. */
static inline int kns_known(const char *name)
{
	int h = kns_lookup(name);
	if (h > 0)
		kipc_handle_close(h); /* only the answer counts */
	return h > 0 ? 1 : h == -ERR_NOENT ? 0 : h;
}

/* Subscribes the port whose receive right is at handle port (a send right
 * is made from it) to the events about entries of type; *server gets the
 * name server's pid (its events carry it as sender: a module receiving
 * them on a port clients also reach tells them apart by it). 0 or the
 * error. */
static inline int kns_subscribe(const char *type, int port, int *server)
{
	kns_msg_t m;
	memset(&m, 0, sizeof(m));
	m.h.op = NS_SUBSCRIBE;
	m.h.size = sizeof(msg_ns_subscribe_t);
	m.h.right = port;
	m.h.right_mode = LV_RIGHT_MAKE_SEND;
	int rc = kns_copy(m.body.name, type, sizeof(msg_ns_subscribe_t));
	if (rc == 0)
		rc = kns_call(&m.h, sizeof(m));
	*server = rc < 0 ? 0 : m.h.sender;
	return rc < 0 ? rc : (int)m.h.op;
}

/* The entries of type (the first NS_LIST_BATCH at most) into *reply (a
 * whole message: the reply is received into it): their count, or the
 * error. */
static inline int kns_list(const char *type, lv_msg_t *reply)
{
	msg_ns_list_t req;
	memset(&req, 0, sizeof(req));
	if (kns_copy(req.type, type, sizeof(req.type)) < 0)
		return -ERR_NAMETOOLONG;
	req.max = NS_LIST_BATCH;
	reply->h = (lv_msg_header_t){.op = NS_LIST, .size = sizeof(req)};
	memcpy(reply->payload, &req, sizeof(req));
	int rc = kns_call(&reply->h, sizeof(*reply));
	if (rc < 0 || (int)reply->h.op < 0)
		return rc < 0 ? rc : (int)reply->h.op;
	msg_ns_list_reply_t *r = (msg_ns_list_reply_t *)reply->payload;
	if (reply->h.size < 2 * sizeof(uint32_t) || r->count > NS_LIST_BATCH)
		return -ERR_IO;
	return (int)r->count;
}

#endif
