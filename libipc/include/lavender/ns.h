/* The name server's client API (servers/ns implements the server side; the
 * message layouts are in lavender/ns_proto.h). Every process finds a send
 * right to the name server at LV_NS_HANDLE once the name server has
 * registered itself; these calls wait briefly for that at boot.
 *
 * An entry: name -> (send right, type, attributes, owner pid, flags). Only
 * the owner (the process that registered it) may modify or delete it; when
 * the port it names dies the entry is removed and subscribers are told. A
 * remote caller (a negative sender: lavender/ripc_proto.h "Identity") may
 * not register, modify, delete or hand over anything (-ERR_PERM). All calls
 * return 0 (or a count / a handle) or -ERR_*.
 *
 * Other nodes (lavender/ripc_proto.h): only an entry its owner marked
 * exported (LV_NS_EXPORT) can be reached from another node. "name@node"
 * (name: any entry name, up to LV_NS_NAME_MAX - 1 bytes; node: a name in
 * /etc/hosts or an address, up to LV_NS_NODE_MAX - 1 bytes) looks name up
 * on node: the name server asks its protocol server (the entry "net" whose
 * owner holds the network right), which asks node's, and the right
 * returned names a proxy port in the local net that carries calls there.
 * A node that is this one ("localhost", 127.0.0.0/8, its own name or one
 * of its addresses) is asked nothing: its exported entry is found here and
 * the right is the entry's own, so a client works unchanged with @self. A
 * plain "name" is always local (exported or not). lv_ns_remote_strerror
 * and lv_ns_call_strerror tell a user what a failed remote lookup or call
 * means.
 *
 * Restarts: init restarts a name server that dies; the new one starts with
 * an empty table. libipc keeps what the process registered (name, type,
 * attrs, handle; lv_ns_modify and lv_ns_delete update it) and subscribed,
 * and when the kernel says a new name server took the system port
 * (sysport_watch) it registers them again, subscriptions too (each then
 * gets LV_NS_EVENT_RESTART), and writes one line on the kernel console.
 * This runs in the process's server loop (lavender/server.h): the first
 * lv_server_run after the first lv_ns_register or lv_ns_subscribe takes it
 * on. A process without a server loop is not registered again. The handle
 * given must stay open for it (a closed one drops the record); at most 64
 * names and 8 subscriptions are kept. */
#ifndef LAVENDER_NS_H
#define LAVENDER_NS_H
#include <stdint.h>

#define LV_NS_NAME_MAX 32 /* bytes, NUL included */
#define LV_NS_NODE_MAX                                                         \
	64		  /* node of name@node, bytes, NUL included (as        \
			   * lavender/hosts.h LV_HOST_NAME_MAX) */
#define LV_NS_TYPE_MAX 16 /* e.g. "server", "driver", "console", "fs" */
#define LV_NS_ATTR_MAX 64 /* free text, e.g. "io=0x300 irq=9" */

typedef struct lv_ns_entry {
	char name[LV_NS_NAME_MAX];
	char type[LV_NS_TYPE_MAX];
	char attrs[LV_NS_ATTR_MAX];
	int32_t owner;	/* pid (of the node that answered, for name@node) */
	uint32_t flags; /* LV_NS_* below */
} lv_ns_entry_t;
_Static_assert(sizeof(lv_ns_entry_t) == 120, "lv_ns_entry_t layout");

/* Entry flags, set by the owner (lv_ns_register_flags, lv_ns_modify_flags;
 * an unknown one is -ERR_INVAL). */
#define LV_NS_EXPORT 0x1u /* reachable from other nodes (name@node) */
#define LV_NS_FLAGS LV_NS_EXPORT

/* Events sent to subscribers (message op), payload: an lv_ns_entry_t. */
#define LV_NS_EVENT_REGISTER 0x4E530001u
#define LV_NS_EVENT_MODIFY 0x4E530002u
#define LV_NS_EVENT_DELETE 0x4E530003u /* also when the port died */
/* The entry passed to a new owner (NS_HANDOVER, then the heir's register):
 * the payload is the new entry; the name never went away. */
#define LV_NS_EVENT_HANDOVER 0x4E530005u
/* The name server restarted (a new one with an empty table): entries may
 * have come and gone unannounced; list again. Sent by the subscriber's own
 * libipc after it subscribed again (see "Restarts" below); entry empty. */
#define LV_NS_EVENT_RESTART 0x4E530004u

/* A send right to the name server (LV_NS_HANDLE, or one fetched with
 * sysport_get), waiting up to about a second at boot; -ERR_NOENT if none. */
int lv_ns_handle(void);
/* Registers name for the port of handle (a send right is made from it),
 * flags 0: not exported. */
int lv_ns_register(const char *name, const char *type, const char *attrs,
		   int handle);
/* The same with flags (LV_NS_EXPORT: reachable from other nodes). */
int lv_ns_register_flags(const char *name, const char *type, const char *attrs,
			 int handle, uint32_t flags);
/* Replaces the type and/or attributes (NULL: keep); the flags stay. */
int lv_ns_modify(const char *name, const char *type, const char *attrs);
/* The same, and sets the flags to flags. */
int lv_ns_modify_flags(const char *name, const char *type, const char *attrs,
		       uint32_t flags);
int lv_ns_delete(const char *name);
/* Splits s, "name" or "name@node", into name (LV_NS_NAME_MAX bytes) and
 * node (LV_NS_NODE_MAX bytes; "" for a plain name): 0 for a plain name, 1
 * for name@node; -ERR_NAMETOOLONG when the name or the node does not fit,
 * -ERR_INVAL for "name@", "@node", a second '@' or a node that is no node
 * (lavender/hosts.h lv_host_check), -ERR_ADDRNOTAVAIL for an address of
 * no one node (a broadcast, multicast, 0.0.0.0/8). Pure. */
int lv_ns_split(const char *s, char *name, char *node);
/* A new send right to name's port (the handle), and its entry if e != NULL.
 * "name@node": the entry name exported by node and a right to a proxy
 * port for it (or to the entry's port itself when node is this node);
 * lv_ns_split's errors, -ERR_NETDOWN when no protocol server runs,
 * -ERR_NOSYS when it has no remote IPC, and its own answers: -ERR_NOENT
 * (no such exported name there), -ERR_HOSTUNREACH (no such node),
 * -ERR_ADDRNOTAVAIL (node is a broadcast address of this node's networks,
 * or its /etc/hosts address is no unicast one), -ERR_TIMEDOUT (the node did not
 * answer within LV_RIPC_GIVEUP_MS). */
int lv_ns_lookup(const char *name, lv_ns_entry_t *e);
/* For the protocol server only (a holder of the network right; -ERR_PERM
 * for others): a send right to the local exported entry name, and its
 * entry; -ERR_NOENT for a missing and for a not exported one alike. */
int lv_ns_lookup_exported(const char *name, lv_ns_entry_t *e);
/* Up to max (at most LV_NS_RLIST_MAX) entries that node exports whose name
 * starts with prefix ("" for all), asked of the protocol server directly
 * (LV_NET_RLIST); returns how many (max 0, out NULL: how many there are),
 * or the errors of a remote lookup. */
#define LV_NS_RLIST_MAX 34 /* lv_ns_entry_t in one message */
int lv_ns_rlist(const char *node, const char *prefix, lv_ns_entry_t *out,
		int max);
/* The node (IPv4, host order) and pid there behind identity, a remote
 * caller's sender (< 0), asked of the protocol server (LV_NET_WHO): 0,
 * -ERR_SRCH (net does not know it, or no longer), -ERR_INVAL (identity not
 * < 0), -ERR_NETDOWN (no protocol server). */
int lv_ns_remote_who(int32_t identity, uint32_t *node, int32_t *pid);
/* The one wording of remote errors for a user (every program that looks
 * up name@node, lists @node or calls what it got says them so). What a
 * remote lookup's or list's error rc means: a name or node too long (the
 * limits), no such node, a node address of no one node, no answer (within
 * how long), no such exported name there, this node's protocol server not
 * running or too old; else lv_strerror's text. Node names match whatever
 * their case (lavender/hosts.h lv_host_same). */
const char *lv_ns_remote_strerror(int rc);
/* What a failed call on a right from a name@node lookup means: the
 * remote errors above, no answer after every retry, the server there
 * ended or its node rebooted -- or this node's protocol server ended (it
 * made the proxy ports: a -ERR_DEADPORT after the net that served this
 * process's last remote lookup ended), remote callers may only read, the
 * server does not serve the request (-ERR_NOSYS: the server's "no such
 * operation", a local server's too: the wrong kind of server); else
 * lv_strerror's text (a server's own refusals: no such key, ...). */
const char *lv_ns_call_strerror(int rc);
/* Up to max entries whose name starts with prefix ("" for all) and, if type
 * is not NULL or "", whose type equals it; returns how many. */
int lv_ns_list(const char *prefix, const char *type, lv_ns_entry_t *out,
	       int max);
/* Events about entries of type ("" for all) go to the port of notify.
 * -ERR_NOSPC when the caller holds LV_NS_SUBS_PER_CLIENT subscriptions (a
 * dead notify port ends one) or the server's 32 are taken. */
#define LV_NS_SUBS_PER_CLIENT 8
int lv_ns_subscribe(const char *type, int notify);
/* Names pid heir the next owner of name: its lv_ns_register of name takes
 * the entry over (a hand-over, LV_NS_EVENT_HANDOVER); 0 withdraws. Only
 * the owner or init: -ERR_PERM. */
int lv_ns_handover(const char *name, int heir);

#endif
