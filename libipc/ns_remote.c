/* What other nodes export (lavender/ns.h "Other nodes"): the listing a
 * program asks of the protocol server itself (LV_NET_RLIST), and what a
 * failed remote lookup means. The name@node lookup is the name server's
 * (ns.c sends it as any lookup). */
#include <string.h>
#include <lavender/net_proto.h>
#include <lavender/ns.h>
#include <lavender/ns_proto.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include <lavender/syscall.h>

_Static_assert(sizeof(((msg_net_rlookup_t *)0)->name) == LV_NS_NAME_MAX,
	       "net_proto.h's name is an entry name");
_Static_assert(LV_NS_RLIST_MAX * sizeof(lv_ns_entry_t) <= LV_MSG_PAYLOAD_MAX,
	       "an RLIST reply fits one message");

/* A send right to the protocol server: the entry LV_NET_NAME whose owner
 * holds the network right (as the name server checks it), else
 * -ERR_NETDOWN. */
static int protocol_server(void)
{
	lv_ns_entry_t e;
	lv_proc_info_t owner;
	int h = lv_ns_lookup(LV_NET_NAME, &e);
	if (h == -ERR_NOENT)
		return -ERR_NETDOWN;
	if (h < 0)
		return h;
	if (lv_proc_find(e.owner, &owner) == 0 && (owner.rights & LV_PRIV_NET))
		return h;
	lv_handle_close(h); /* an impostor: not asked */
	return -ERR_NETDOWN;
}

/* Copies src into the zeroed array dst of cap bytes; -ERR_NAMETOOLONG. */
static int put(char *dst, size_t cap, const char *src)
{
	size_t len = strlen(src);
	if (len >= cap)
		return -ERR_NAMETOOLONG;
	memcpy(dst, src, len);
	return 0;
}

int lv_ns_rlist(const char *node, const char *prefix, lv_ns_entry_t *out,
		int max)
{
	static lv_ns_entry_t got[LV_NS_RLIST_MAX]; /* not on a thread's stack */
	static volatile int lock;
	msg_net_rlookup_t req = {0};
	size_t len = 0;
	if (!node || !*node || max < 0 || (max > 0 && !out))
		return -ERR_INVAL;
	int rc = put(req.node, sizeof(req.node), node);
	if (rc == 0)
		rc = put(req.name, sizeof(req.name), prefix ? prefix : "");
	if (rc < 0)
		return rc;
	int net = protocol_server();
	if (net < 0)
		return net;
	while (__sync_lock_test_and_set(&lock, 1))
		lv_yield();
	rc = lv_rpc(net, LV_NET_RLIST, &req, sizeof(req), got, sizeof(got),
		    &len, NS_FORWARD_TICKS + 100u);
	lv_handle_close(net);
	if (rc >= 0 &&
	    (rc > LV_NS_RLIST_MAX || len != (size_t)rc * sizeof(lv_ns_entry_t)))
		rc = -ERR_IO; /* a malformed reply */
	if (max > 0 && rc > max)
		rc = max;
	if (max > 0 && rc > 0)
		memcpy(out, got, (size_t)rc * sizeof(lv_ns_entry_t));
	__sync_lock_release(&lock);
	return rc;
}

int lv_ns_remote_who(int32_t identity, uint32_t *node, int32_t *pid)
{
	msg_net_who_t q = {.identity = identity};
	msg_net_who_reply_t r;
	size_t len = 0;
	if (identity >= 0)
		return -ERR_INVAL;
	int net = protocol_server();
	if (net < 0)
		return net;
	int rc = lv_rpc(net, LV_NET_WHO, &q, sizeof(q), &r, sizeof(r), &len,
			NS_FORWARD_TICKS);
	lv_handle_close(net);
	if (rc < 0)
		return rc;
	if (len != sizeof(r))
		return -ERR_IO; /* a malformed reply */
	*node = r.node;
	*pid = r.pid;
	return 0;
}

const char *lv_ns_remote_strerror(int rc)
{
	switch (rc) {
	case -ERR_NOSYS:
		return "remote lookups need the protocol server's remote IPC "
		       "(this net does not have it)";
	case -ERR_NETDOWN:
		return "no protocol server: the name \"net\" is not the "
		       "network right's (is net running?)";
	case -ERR_HOSTUNREACH:
		return "no such node (not an address, not in /etc/hosts)";
	case -ERR_NOENT: return "no such exported name there";
	case -ERR_TIMEDOUT: return "the node did not answer";
	case -ERR_NETUNREACH:
		return "no route to that node (no interface on its network: "
		       "drv up ne2k, then ifconfig and route)";
	case -ERR_INVAL: return "NAME@NODE needs both a name and a node";
	default: return lv_strerror(rc);
	}
}
