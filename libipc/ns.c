/* The name server's client side (lavender/ns.h) over the protocol of
 * lavender/ns_proto.h. The server's right is found once and cached; a call
 * that finds the server dead looks it up again (init may restart it) and is
 * sent once more. What the process registered and subscribed is kept
 * (ns_keep.c) for a restarted server. Safe from several threads at once:
 * messages live on the caller's stack, and the cached right is guarded by a
 * lock. */
#include <stddef.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/ns_proto.h>
#include <lavender/syscall.h>
#include "ns_keep.h"
#include "ns_remote.h"

#define NS_WAIT_TICKS 100   /* how long the first use waits for the server */
#define NS_CALL_TICKS 1000u /* bound of one call: 10 s */
/* A name@node lookup: the name server's wait for its protocol server and a
 * second more. */
#define NS_REMOTE_TICKS (NS_FORWARD_TICKS + 100u)

/* The cached right is one word, changed only by compare-and-swap: threads
 * that race on a lookup keep the winner's right and close their own. */
static volatile int ns_right;	  /* the cached right; 0: not known */
static volatile int ns_waited;	  /* the boot wait was spent */
static volatile int ns_boot_dead; /* LV_NS_HANDLE names a dead server */

/* Caches h unless another thread cached one first; returns the cached. */
static int cache(int h)
{
	if (__sync_bool_compare_and_swap(&ns_right, 0, h))
		return h;
	if (h != LV_NS_HANDLE)
		lv_handle_close(h);
	return ns_right;
}

int lv_ns_handle(void)
{
	int cached = ns_right;
	if (cached > 0)
		return cached;
	if (!ns_boot_dead && lv_handle_info(LV_NS_HANDLE) == LV_RIGHT_SEND)
		return cache(LV_NS_HANDLE);
	for (int t = 0;; t++) {
		int h = lv_sysport_get(LV_SYSPORT_NS);
		if (h > 0)
			return cache(h);
		if (h != -ERR_NOENT)
			return h;
		if (ns_waited || t >= NS_WAIT_TICKS)
			break;
		lv_sleep(1);
	}
	ns_waited = 1;
	return -ERR_NOENT;
}

/* The right was reached a dead server: drop it if it is still cached. */
static void forget(int was)
{
	if (!__sync_bool_compare_and_swap(&ns_right, was, 0))
		return;
	if (was == LV_NS_HANDLE)
		ns_boot_dead = 1;
	else
		lv_handle_close(was);
}

/* Calls the name server with the request in m (size: the buffer's bytes,
 * header included), twice if the first server it knew is dead; each call
 * waits up to ticks. Returns the reply's payload size or the IPC error; the
 * status is then in m->op. */
static int call_for(lv_msg_header_t *m, size_t size, unsigned ticks)
{
	lv_msg_header_t request = *m;
	for (int attempt = 0;; attempt++) {
		int ns = lv_ns_handle();
		if (ns < 0)
			return ns;
		*m = request;
		int rc = lv_msg_call(ns, m, (unsigned)size, ticks);
		if ((rc != -ERR_DEADPORT && rc != -ERR_STALE) || attempt == 1)
			return rc;
		forget(ns);
	}
}

static int call(lv_msg_header_t *m, size_t size)
{
	return call_for(m, size, NS_CALL_TICKS);
}

/* Copies src (NULL: "") into the zeroed array dst of cap bytes. */
static int put(char *dst, size_t cap, const char *src)
{
	if (!src)
		return 0;
	size_t len = strlen(src);
	if (len >= cap)
		return -ERR_NAMETOOLONG;
	memcpy(dst, src, len);
	return 0;
}

/* How a right to the port of handle travels: made from a receive right,
 * copied from a send right; else the handle's error or -ERR_INVAL. */
static int mode_of(int handle)
{
	int info = lv_handle_info(handle);
	if (info == LV_RIGHT_RECEIVE)
		return LV_RIGHT_MAKE_SEND;
	if (info == LV_RIGHT_SEND)
		return LV_RIGHT_COPY_SEND;
	return info < 0 ? info : -ERR_INVAL;
}

/* The small requests and replies, in one call buffer. */
typedef struct ns_msg {
	lv_msg_header_t h;
	union {
		msg_ns_register_t reg;
		msg_ns_delete_t del;
		msg_ns_modify_t mod;
		msg_ns_lookup_t look;
		msg_ns_subscribe_t sub;
		msg_ns_handover_t hand;
		lv_ns_entry_t entry;
	} u;
} ns_msg_t;

/* Sends m's request of op (payload len bytes), waiting up to ticks, and
 * returns the status. */
static int request_for(ns_msg_t *m, uint32_t op, size_t len, unsigned ticks)
{
	m->h.op = op;
	m->h.size = (uint32_t)len;
	int rc = call_for(&m->h, sizeof(*m), ticks);
	return rc < 0 ? rc : (int)m->h.op;
}

static int request(ns_msg_t *m, uint32_t op, size_t len)
{
	return request_for(m, op, len, NS_CALL_TICKS);
}

int lv_ns_register(const char *name, const char *type, const char *attrs,
		   int handle)
{
	return lv_ns_register_flags(name, type, attrs, handle, 0);
}

int lv_ns_register_flags(const char *name, const char *type, const char *attrs,
			 int handle, uint32_t flags)
{
	ns_msg_t m = {0};
	int mode = mode_of(handle);
	if (mode < 0)
		return mode;
	if (!name || (flags & ~LV_NS_FLAGS))
		return -ERR_INVAL;
	m.u.reg.flags = flags;
	int rc = put(m.u.reg.name, sizeof(m.u.reg.name), name);
	if (rc == 0)
		rc = put(m.u.reg.type, sizeof(m.u.reg.type), type);
	if (rc == 0)
		rc = put(m.u.reg.attrs, sizeof(m.u.reg.attrs), attrs);
	if (rc < 0)
		return rc;
	m.h.right = handle;
	m.h.right_mode = (uint32_t)mode;
	ns_keep_watch();
	rc = request(&m, NS_REGISTER, sizeof(m.u.reg));
	if (rc == 0)
		ns_keep_name(name, type, attrs, handle, flags);
	return rc;
}

/* NS_MODIFY; set_flags: replace the flags with flags too. */
static int modify(const char *name, const char *type, const char *attrs,
		  int set_flags, uint32_t flags)
{
	ns_msg_t m = {0};
	if (!name || (flags & ~LV_NS_FLAGS))
		return -ERR_INVAL;
	int rc = put(m.u.mod.name, sizeof(m.u.mod.name), name);
	if (rc == 0)
		rc = put(m.u.mod.type, sizeof(m.u.mod.type), type);
	if (rc == 0)
		rc = put(m.u.mod.attrs, sizeof(m.u.mod.attrs), attrs);
	if (rc < 0)
		return rc;
	m.u.mod.flags = (type ? NS_MODIFY_TYPE : 0) |
			(attrs ? NS_MODIFY_ATTRS : 0) |
			(set_flags ? NS_MODIFY_FLAGS : 0);
	m.u.mod.entry_flags = flags;
	rc = request(&m, NS_MODIFY, sizeof(m.u.mod));
	if (rc == 0)
		ns_keep_modify(name, type, attrs, set_flags, flags);
	return rc;
}

int lv_ns_modify(const char *name, const char *type, const char *attrs)
{
	return modify(name, type, attrs, 0, 0);
}

int lv_ns_modify_flags(const char *name, const char *type, const char *attrs,
		       uint32_t flags)
{
	return modify(name, type, attrs, 1, flags);
}

int lv_ns_delete(const char *name)
{
	ns_msg_t m = {0};
	if (!name)
		return -ERR_INVAL;
	int rc = put(m.u.del.name, sizeof(m.u.del.name), name);
	if (rc == 0)
		rc = request(&m, NS_DELETE, sizeof(m.u.del));
	if (rc == 0)
		ns_keep_forget(name);
	return rc;
}

int lv_ns_handover(const char *name, int heir)
{
	ns_msg_t m = {0};
	if (!name)
		return -ERR_INVAL;
	int rc = put(m.u.hand.name, sizeof(m.u.hand.name), name);
	m.u.hand.heir = heir;
	if (rc == 0)
		rc = request(&m, NS_HANDOVER, sizeof(m.u.hand));
	if (rc == 0 && heir > 0)
		ns_keep_forget(name); /* a restarted server is the heir's */
	return rc;
}

/* NS_LOOKUP or NS_LOOKUP_EXPORTED of name: the right, *e the entry. */
static int lookup(uint32_t op, const char *name, lv_ns_entry_t *e)
{
	ns_msg_t m = {0};
	if (!name)
		return -ERR_INVAL;
	int remote = lv_ns_split(name, m.u.look.name, m.u.look.node);
	if (remote < 0)
		return remote;
	/* name@node waits for the protocol server */
	int rc = request_for(&m, op, sizeof(m.u.look),
			     remote ? NS_REMOTE_TICKS : NS_CALL_TICKS);
	if (rc < 0)
		return rc; /* no right comes with a refusal */
	if (m.h.right <= 0 || m.h.size != sizeof(lv_ns_entry_t)) {
		if (m.h.right > 0)
			lv_handle_close(m.h.right);
		return m.h.right <= 0 ? -ERR_NOSPC : -ERR_IO;
	}
	if (e)
		*e = m.u.entry;
	if (remote)
		ns_remote_made(); /* which net made it (lv_ns_call_strerror) */
	return m.h.right;
}

int lv_ns_lookup(const char *name, lv_ns_entry_t *e)
{
	return lookup(NS_LOOKUP, name, e);
}

int lv_ns_lookup_exported(const char *name, lv_ns_entry_t *e)
{
	return lookup(NS_LOOKUP_EXPORTED, name, e);
}

int lv_ns_subscribe(const char *type, int notify)
{
	ns_msg_t m = {0};
	int mode = mode_of(notify);
	if (mode < 0)
		return mode;
	int rc = put(m.u.sub.type, sizeof(m.u.sub.type), type);
	if (rc < 0)
		return rc;
	m.h.right = notify;
	m.h.right_mode = (uint32_t)mode;
	ns_keep_watch();
	rc = request(&m, NS_SUBSCRIBE, sizeof(m.u.sub));
	if (rc == 0)
		ns_keep_sub(type, notify);
	return rc;
}

/* One LIST call into the caller's buffer; returns the status. */
typedef struct list_msg {
	lv_msg_header_t h;
	union {
		msg_ns_list_t req;
		msg_ns_list_reply_t reply;
	} u;
} list_msg_t;

static int list_batch(const msg_ns_list_t *req, list_msg_t *msg)
{
	memset(&msg->h, 0, sizeof(msg->h));
	msg->h.op = NS_LIST;
	msg->h.size = sizeof(*req);
	msg->u.req = *req;
	int rc = call(&msg->h, sizeof(*msg));
	if (rc < 0)
		return rc;
	int status = (int)msg->h.op;
	if (status >= 0 &&
	    (msg->u.reply.count != (uint32_t)status ||
	     (uint32_t)status > NS_LIST_BATCH ||
	     msg->h.size != offsetof(msg_ns_list_reply_t, entries) +
				(uint32_t)status * sizeof(lv_ns_entry_t)))
		return -ERR_IO; /* a malformed reply */
	return status;
}

/* With max 0 (out may be NULL), returns how many entries match. The entries
 * come in name order, in batches: a change between batches may show or
 * hide an entry once. */
int lv_ns_list(const char *prefix, const char *type, lv_ns_entry_t *out,
	       int max)
{
	msg_ns_list_t req = {0};
	list_msg_t list_msg;
	int got = 0;
	if (max < 0 || (max > 0 && !out))
		return -ERR_INVAL;
	int rc = put(req.prefix, sizeof(req.prefix), prefix);
	if (rc == 0)
		rc = put(req.type, sizeof(req.type), type);
	if (rc < 0)
		return rc;
	do {
		req.offset = (uint32_t)got;
		req.max = (uint32_t)(max - got);
		rc = list_batch(&req, &list_msg);
		if (rc < 0)
			return rc;
		if (max == 0)
			return (int)list_msg.u.reply.total;
		memcpy(out + got, list_msg.u.reply.entries,
		       (size_t)rc * sizeof(lv_ns_entry_t));
		got += rc;
	} while (rc > 0 && got < max);
	return got;
}
