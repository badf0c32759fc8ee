/* What other nodes export (lavender/ns.h "Other nodes"): the listing a
 * program asks of the protocol server itself (LV_NET_RLIST), and the one
 * wording of remote errors for users. The name@node lookup is the name
 * server's (ns.c sends it as any lookup). */
#include <string.h>
#include <lavender/hosts.h>
#include <lavender/net_proto.h>
#include <lavender/ns.h>
#include <lavender/ns_proto.h>
#include <lavender/ripc_proto.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "ns_remote.h"

_Static_assert(sizeof(((msg_net_rlookup_t *)0)->name) == LV_NS_NAME_MAX,
	       "net_proto.h's name is an entry name");
_Static_assert(sizeof(((msg_net_rlookup_t *)0)->node) == LV_NS_NODE_MAX,
	       "net_proto.h's node is a lookup's node");
/* The limits and the bound the sentences below name. */
_Static_assert(LV_NS_NAME_MAX == 32 && LV_NS_NODE_MAX == 64,
	       "lv_ns_remote_strerror's limits");
_Static_assert(LV_RIPC_GIVEUP_MS == 12600, "lv_ns_remote_strerror's bound");

_Static_assert(LV_NS_RLIST_MAX * sizeof(lv_ns_entry_t) <= LV_MSG_PAYLOAD_MAX,
	       "an RLIST reply fits one message");

/* The pid of the protocol server that ran at this process's last
 * successful name@node lookup (0: none yet). */
static volatile int made_by;

/* A send right to the protocol server: the entry LV_NET_NAME whose owner
 * (its pid into *pid) holds the network right (as the name server checks
 * it), else -ERR_NETDOWN. */
static int protocol_server(int *pid)
{
	lv_ns_entry_t e;
	lv_proc_info_t owner;
	int h = lv_ns_lookup(LV_NET_NAME, &e);
	if (h == -ERR_NOENT)
		return -ERR_NETDOWN;
	if (h < 0)
		return h;
	if (lv_proc_find(e.owner, &owner) == 0 &&
	    (owner.rights & LV_PRIV_NET)) {
		*pid = e.owner;
		return h;
	}
	lv_handle_close(h); /* an impostor: not asked */
	return -ERR_NETDOWN;
}

void ns_remote_made(void)
{
	int pid = 0, h = protocol_server(&pid);
	if (h >= 0)
		lv_handle_close(h);
	made_by = pid;
}

/* 1 when the protocol server that made this process's proxy ports no
 * longer runs (none now, or another one). */
static int net_ended(void)
{
	int pid = 0, was = made_by, h = was ? protocol_server(&pid) : -1;
	if (h >= 0)
		lv_handle_close(h);
	return was && pid != was;
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
	if (!node || max < 0 || (max > 0 && !out))
		return -ERR_INVAL;
	int rc = lv_host_check(node);
	if (rc == 0)
		rc = put(req.node, sizeof(req.node), node);
	if (rc == 0)
		rc = put(req.name, sizeof(req.name), prefix ? prefix : "");
	if (rc < 0)
		return rc;
	int pid, net = protocol_server(&pid);
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
	int net_pid, net = protocol_server(&net_pid);
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

/* The sentences of remote errors; call: for a call's error, not a
 * lookup's (a call's -ERR_NOENT or -ERR_INVAL is its server's own). */
static const char *remote_why(int rc, int call)
{
	switch (rc) {
	case -ERR_NOSYS:
		return call ? "the server does not serve this request: is it "
			      "the right kind of server? (names lists servers "
			      "with their types; names @NODE another node's)"
			    : "remote lookups need the protocol server's "
			      "remote IPC (this node's net does not have it)";
	case -ERR_NETDOWN:
		return "this node's network server (net) is not running (ps "
		       "shows it; if it just ended, init starts it again in a "
		       "moment when boot.cfg says restart -N net)";
	case -ERR_HOSTUNREACH:
		return "no such node: not an address, and not a name in "
		       "/etc/hosts";
	case -ERR_ADDRNOTAVAIL:
		return "not a unicast address: a broadcast, multicast or "
		       "0.0.0.0/8 address is no one node (give the node's own "
		       "address or name)";
	case -ERR_NAMETOOLONG:
		return "too long: NAME@NODE takes a name of at most 31 bytes "
		       "and a node of at most 63";
	case -ERR_TIMEDOUT:
		return "the node did not answer within 12.6 s (10 tries): is "
		       "it up, and is the link?";
	case -ERR_NETUNREACH:
		return "no route to that node (no interface on its network: "
		       "drv up ne2k, then ifconfig and route)";
	case -ERR_ROFS: return "read-only: remote callers may only read";
	case -ERR_DEADPORT:
	case -ERR_STALE:
		return net_ended() ? "this node's network server (net) ended, "
				     "and with it every right to another "
				     "node: init starts it again; look "
				     "NAME@NODE up again (run the command "
				     "again)"
				   : "the server ended, or (for NAME@NODE) "
				     "that node rebooted or its network "
				     "server restarted (a new epoch): look it "
				     "up again (run the command again)";
	}
	if (call)
		return lv_strerror(rc);
	if (rc == -ERR_NOENT)
		return "no such name there, or not exported (names @NODE "
		       "lists what a node exports)";
	if (rc == -ERR_INVAL)
		return "not NAME@NODE: a name (no spaces, no @), one @, and a "
		       "node (letters, digits, '-', '.', '_')";
	return lv_strerror(rc);
}

const char *lv_ns_remote_strerror(int rc) { return remote_why(rc, 0); }

const char *lv_ns_call_strerror(int rc) { return remote_why(rc, 1); }
