/* The name server's request handlers: each checks the request's size and
 * strings, then calls the table (pure_table.c) and tells the subscribers
 * (notify.c); name@node lookups go on to the protocol server (remote.c).
 * Not the loop: main.c runs lv_serve over ns_ops. */
#include <string.h>
#include <lavender/hosts.h>
#include <lavender/ns_proto.h>
#include <lavender/syscall.h>
#include "notify.h"
#include "remote.h"
#include "service.h"

_Static_assert(NS_TABLE_NAME_MAX == LV_NS_NAME_MAX, "name size");
_Static_assert(NS_TABLE_TYPE_MAX == LV_NS_TYPE_MAX, "type size");
_Static_assert(NS_TABLE_ATTR_MAX == LV_NS_ATTR_MAX, "attrs size");
_Static_assert(NS_TABLE_EXPORT == LV_NS_EXPORT, "export flag");
_Static_assert(NS_TABLE_FLAGS == LV_NS_FLAGS, "entry flags");

static ns_table_t table;
static int server_port; /* receive right: requests and death notices */
static char own_node[LV_NAME_MAX]; /* this node's name ("": none) */

void ns_entry_fill(lv_ns_entry_t *e, const ns_rec_t *r)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->name, r->name, sizeof(e->name));
	memcpy(e->type, r->type, sizeof(e->type));
	memcpy(e->attrs, r->attrs, sizeof(e->attrs));
	e->owner = r->owner;
	e->flags = r->flags;
}

/* Copies the request of exactly size bytes out of msg (the reply will
 * overwrite it) and empties the reply payload; -ERR_INVAL for another size.
 */
static int unpack(lv_msg_t *msg, void *req, size_t size)
{
	if (msg->h.size != size)
		return -ERR_INVAL;
	memcpy(req, msg->payload, size);
	msg->h.size = 0;
	return 0;
}

/* 0 if the request carried a send right, else -ERR_INVAL. */
static int carried_send(const lv_msg_t *msg)
{
	int h = msg->h.right;
	return h > 0 && lv_handle_info(h) == LV_RIGHT_SEND ? 0 : -ERR_INVAL;
}

/* Adds an entry with flags (checked) for the send right handle and watches
 * its port; on failure nothing stays (the caller keeps handle). */
static int add(const char *name, const char *type, const char *attrs, int owner,
	       int handle, uint32_t flags)
{
	uint32_t id;
	int rc = ns_table_add(&table, name, type, attrs, owner, handle, &id);
	if (rc < 0)
		return rc;
	ns_table_set_flags(&table, name, owner, flags, NULL); /* its owner's */
	rc = lv_port_watch(handle, server_port, id);
	if (rc < 0) {
		ns_table_remove_id(&table, id, NULL);
		return rc;
	}
	ns_notify_event(LV_NS_EVENT_REGISTER, ns_table_find(&table, name),
			NULL);
	return 0;
}

/* The heir's registration took name over from old: the old right goes,
 * the new port is watched (its id), the subscribers are told. On a failed
 * watch the entry is removed: no name on a port nobody watches. */
static int claimed(const char *name, uint32_t id, int handle, ns_rec_t *old)
{
	lv_handle_close(old->handle);
	int rc = lv_port_watch(handle, server_port, id);
	if (rc < 0) {
		ns_table_remove_id(&table, id, old);
		ns_notify_event(LV_NS_EVENT_DELETE, old, NULL);
		return rc;
	}
	ns_notify_event(LV_NS_EVENT_HANDOVER, ns_table_find(&table, name),
			NULL);
	return 0;
}

/* Adds name for handle with flags (checked), or passes it to owner when
 * owner is its heir. */
static int add_or_claim(const char *name, const char *type, const char *attrs,
			int owner, int handle, uint32_t flags)
{
	uint32_t id;
	ns_rec_t old;
	int rc =
	    ns_table_claim(&table, name, type, attrs, owner, handle, &id, &old);
	if (rc == -ERR_NOENT)
		return add(name, type, attrs, owner, handle, flags);
	if (rc < 0)
		return rc;
	ns_table_set_flags(&table, name, owner, flags, NULL);
	return claimed(name, id, handle, &old);
}

/* Releases a removed entry's right and tells the subscribers. */
static void removed(const ns_rec_t *r)
{
	lv_handle_close(r->handle);
	ns_notify_event(LV_NS_EVENT_DELETE, r, NULL);
}

/* Names belong to local processes: a remote caller (a negative sender,
 * act_for) may look names up and subscribe, never register, change, hand
 * over or delete one (-ERR_PERM); nor may the kernel (sender 0). */
static int local_owner(const lv_msg_t *msg)
{
	return msg->h.sender > 0 ? 0 : -ERR_PERM;
}

static int ns_register_srv(lv_msg_t *msg, void *ctx)
{
	msg_ns_register_t req;
	(void)ctx;
	int rc = local_owner(msg);
	if (rc == 0)
		rc = unpack(msg, &req, sizeof(req));
	if (rc == 0)
		rc = ns_str_check(req.name, sizeof(req.name));
	if (rc == 0)
		rc = ns_str_check(req.type, sizeof(req.type));
	if (rc == 0)
		rc = ns_str_check(req.attrs, sizeof(req.attrs));
	if (rc == 0 && (req.flags & ~LV_NS_FLAGS))
		rc = -ERR_INVAL;
	if (rc == 0)
		rc = carried_send(msg);
	if (rc == 0)
		rc = add_or_claim(req.name, req.type, req.attrs, msg->h.sender,
				  msg->h.right, req.flags);
	if (rc == 0)
		msg->h.right = 0; /* kept; else lv_serve closes it */
	return rc;
}

static int ns_delete_srv(lv_msg_t *msg, void *ctx)
{
	msg_ns_delete_t req;
	ns_rec_t old;
	(void)ctx;
	int rc = local_owner(msg);
	if (rc == 0)
		rc = unpack(msg, &req, sizeof(req));
	if (rc == 0)
		rc = ns_str_check(req.name, sizeof(req.name));
	if (rc == 0)
		rc = ns_table_remove(&table, req.name, msg->h.sender, &old);
	if (rc == 0)
		removed(&old);
	return rc;
}

static int ns_modify_srv(lv_msg_t *msg, void *ctx)
{
	msg_ns_modify_t req;
	ns_rec_t now;
	char old_type[LV_NS_TYPE_MAX] = "";
	(void)ctx;
	const uint32_t known =
	    NS_MODIFY_TYPE | NS_MODIFY_ATTRS | NS_MODIFY_FLAGS;
	int rc = local_owner(msg);
	if (rc == 0)
		rc = unpack(msg, &req, sizeof(req));
	if (rc == 0 &&
	    ((req.flags & ~known) || (req.entry_flags & ~LV_NS_FLAGS)))
		rc = -ERR_INVAL;
	if (rc == 0)
		rc = ns_str_check(req.name, sizeof(req.name));
	if (rc == 0)
		rc = ns_str_check(req.type, sizeof(req.type));
	if (rc == 0)
		rc = ns_str_check(req.attrs, sizeof(req.attrs));
	if (rc < 0)
		return rc;
	const ns_rec_t *r = ns_table_find(&table, req.name);
	if (r)
		strcpy(old_type, r->type);
	rc = ns_table_modify(&table, req.name, msg->h.sender,
			     req.flags & NS_MODIFY_TYPE ? req.type : NULL,
			     req.flags & NS_MODIFY_ATTRS ? req.attrs : NULL,
			     &now);
	if (rc == 0 && (req.flags & NS_MODIFY_FLAGS)) /* cannot fail now */
		ns_table_set_flags(&table, req.name, msg->h.sender,
				   req.entry_flags, &now);
	if (rc == 0)
		ns_notify_event(LV_NS_EVENT_MODIFY, &now, old_type);
	return rc;
}

/* init's pid: it may hand over any entry (see NS_HANDOVER). */
#define NS_ADMIN_PID 1

static int ns_handover_srv(lv_msg_t *msg, void *ctx)
{
	msg_ns_handover_t req;
	(void)ctx;
	int rc = local_owner(msg);
	if (rc == 0)
		rc = unpack(msg, &req, sizeof(req));
	if (rc == 0)
		rc = ns_str_check(req.name, sizeof(req.name));
	if (rc == 0)
		rc = ns_table_handover(&table, req.name, msg->h.sender,
				       NS_ADMIN_PID, req.heir);
	return rc;
}

/* The reply to a lookup that found r: its entry and a copy of its right. */
static int found(lv_msg_t *msg, const ns_rec_t *r)
{
	if (!r)
		return -ERR_NOENT;
	ns_entry_fill((lv_ns_entry_t *)msg->payload, r);
	msg->h.size = sizeof(lv_ns_entry_t);
	if (msg->h.right)
		lv_handle_close(msg->h.right); /* a stray right came along */
	msg->h.right = r->handle;
	msg->h.right_mode = LV_RIGHT_COPY_SEND;
	return 0;
}

/* A lookup's request out of msg, its strings checked; node "" is local,
 * else a node (lavender/hosts.h). */
static int unpack_lookup(lv_msg_t *msg, msg_ns_lookup_t *req)
{
	int rc = unpack(msg, req, sizeof(*req));
	if (rc == 0)
		rc = ns_str_check(req->name, sizeof(req->name));
	if (rc == 0)
		rc = ns_str_check(req->node, sizeof(req->node));
	if (rc == 0 && req->node[0])
		rc = lv_host_check(req->node);
	return rc;
}

/* A plain name is local; name@node goes to the protocol server
 * (remote.c), unless node is plainly this one: then this table's
 * exported entries answer, as another node's name server would. */
static int ns_lookup_srv(lv_msg_t *msg, void *ctx)
{
	msg_ns_lookup_t req;
	(void)ctx;
	int rc = unpack_lookup(msg, &req);
	if (rc == 0 && req.node[0])
		rc = ns_name_check(req.name);
	if (rc < 0)
		return rc;
	if (!req.node[0])
		return found(msg, ns_table_find(&table, req.name));
	if (lv_host_is_self(req.node, own_node))
		return found(msg, ns_table_find_exported(&table, req.name));
	const ns_rec_t *net = ns_protocol_server(&table);
	return net ? ns_remote_lookup(net, req.name, req.node) : -ERR_NETDOWN;
}

/* Another node's lookup, asked by the protocol server alone: exported
 * entries only, a missing one and a hidden one alike. */
static int ns_lookup_exported_srv(lv_msg_t *msg, void *ctx)
{
	msg_ns_lookup_t req;
	(void)ctx;
	int rc = unpack_lookup(msg, &req);
	if (rc == 0 && !ns_has_net_right(msg->h.sender))
		rc = -ERR_PERM;
	if (rc == 0 && req.node[0])
		rc = -ERR_INVAL;
	if (rc < 0)
		return rc;
	return found(msg, ns_table_find_exported(&table, req.name));
}

static int ns_list_srv(lv_msg_t *msg, void *ctx)
{
	msg_ns_list_t req;
	const ns_rec_t *found[NS_LIST_BATCH];
	int total = 0;
	(void)ctx;
	int rc = unpack(msg, &req, sizeof(req));
	if (rc == 0)
		rc = ns_str_check(req.prefix, sizeof(req.prefix));
	if (rc == 0)
		rc = ns_str_check(req.type, sizeof(req.type));
	if (rc < 0)
		return rc;
	int max = req.max < NS_LIST_BATCH ? (int)req.max : (int)NS_LIST_BATCH;
	int n = ns_table_list(&table, req.prefix, req.type, req.offset, found,
			      max, &total);
	msg_ns_list_reply_t *out = (msg_ns_list_reply_t *)msg->payload;
	out->total = (uint32_t)total;
	out->count = (uint32_t)n;
	for (int i = 0; i < n; i++)
		ns_entry_fill(&out->entries[i], found[i]);
	msg->h.size = offsetof(msg_ns_list_reply_t, entries) +
		      (uint32_t)n * sizeof(lv_ns_entry_t);
	return n;
}

static int ns_subscribe_srv(lv_msg_t *msg, void *ctx)
{
	msg_ns_subscribe_t req;
	(void)ctx;
	int rc = unpack(msg, &req, sizeof(req));
	if (rc == 0)
		rc = ns_str_check(req.type, sizeof(req.type));
	if (rc == 0)
		rc = carried_send(msg);
	if (rc == 0)
		rc = ns_notify_add(msg->h.right, req.type, msg->h.sender);
	if (rc == 0)
		msg->h.right = 0; /* the subscription's now */
	return rc;
}

/* A watched port died (the kernel's notice: sender 0, payload the cookie,
 * no reply right). Anyone else sending this operation is refused. */
static int ns_port_dead_srv(lv_msg_t *msg, void *ctx)
{
	uint32_t cookie;
	ns_rec_t old;
	(void)ctx;
	if (msg->h.sender != 0)
		return -ERR_PERM;
	int rc = unpack(msg, &cookie, sizeof(cookie));
	if (rc < 0)
		return rc;
	if (cookie & NS_COOKIE_SUB)
		ns_notify_dead(cookie);
	else if (ns_table_remove_id(&table, cookie, &old) == 0)
		removed(&old);
	return 0;
}

const lv_op_t ns_ops[] = {
    {NS_REGISTER, ns_register_srv},
    {NS_DELETE, ns_delete_srv},
    {NS_MODIFY, ns_modify_srv},
    {NS_LOOKUP, ns_lookup_srv},
    {NS_LIST, ns_list_srv},
    {NS_SUBSCRIBE, ns_subscribe_srv},
    {NS_HANDOVER, ns_handover_srv},
    {LV_OP_PORT_DEAD, ns_port_dead_srv},
    {NS_LOOKUP_EXPORTED, ns_lookup_exported_srv},
};
const size_t ns_ops_count = sizeof(ns_ops) / sizeof(ns_ops[0]);

int ns_service_init(int port, const char *name)
{
	ns_table_init(&table);
	server_port = port;
	if (lv_node_name(own_node, sizeof(own_node)) < 0)
		own_node[0] = '\0';
	ns_notify_init(port);
	int self = lv_port_make_send(port);
	if (self < 0)
		return self;
	int rc =
	    ns_table_add(&table, name, "server", "", lv_getpid(), self, NULL);
	if (rc < 0)
		lv_handle_close(self);
	return rc;
}
