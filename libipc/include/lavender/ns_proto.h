/* The name server's wire protocol: operations and message layouts between
 * libipc/ns.c and servers/ns. Not an API: programs call lavender/ns.h.
 *
 * Every request is a call (lv_msg_call) whose payload is exactly the
 * operation's msg_ns_<op>_t; a wrong size is answered -ERR_INVAL. The reply's
 * header op is the status (0, a count, or -ERR_*). Strings are NUL-terminated
 * inside their arrays; one that fills its array is answered
 * -ERR_NAMETOOLONG. Names are 1..31 printable characters without spaces or
 * '@' (kept for "name@node"), else -ERR_INVAL. Sizes are in bytes. A negative
 * sender (a remote caller, lavender/ripc_proto.h) is refused REGISTER, DELETE,
 * MODIFY and HANDOVER (-ERR_PERM). */
#ifndef LAVENDER_NS_PROTO_H
#define LAVENDER_NS_PROTO_H
#include <stdint.h>
#include "uapi/ipc.h"
#include "lavender/ns.h"

enum ns_op {
	/* Request msg_ns_register_t; carries a send right to the port
	 * (COPY_SEND or MAKE_SEND), which the server keeps. The sender's pid
	 * becomes the owner. Reply: no payload. -ERR_EXIST: the name is
	 * taken; -ERR_NOSPC: the table is full; -ERR_INVAL: no right, or an
	 * unknown flag. */
	NS_REGISTER = 0x4E530101,
	/* Request msg_ns_delete_t. Only the owner: -ERR_PERM for others.
	 * Reply: no payload. -ERR_NOENT: no such name. */
	NS_DELETE = 0x4E530102,
	/* Request msg_ns_modify_t: the fields named by flags replace the
	 * entry's. Only the owner (-ERR_PERM). Reply: no payload. */
	NS_MODIFY = 0x4E530103,
	/* Request msg_ns_lookup_t. Reply: the lv_ns_entry_t, carrying a copy of
	 * the registered send right. -ERR_NOENT: no such name.
	 * A node (name@node; lavender/hosts.h lv_host_check, else -ERR_INVAL
	 * or -ERR_ADDRNOTAVAIL)
	 * that names this node without asking anyone (lv_host_is_self:
	 * "localhost", 127.0.0.0/8, the node's own name) is answered here,
	 * from the exported entries only (-ERR_NOENT for a hidden one); for
	 * another node the server forwards LV_NET_RLOOKUP (net_proto.h) to its
	 * protocol server -- the entry LV_NET_NAME whose owner holds the
	 * network right; -ERR_NETDOWN when there is none -- without blocking
	 * its loop (a deferred reply), and answers with what net answered: the
	 * entry and a send right to a proxy port in net (moved on), or net's
	 * error (-ERR_NOSYS: a net without remote IPC; -ERR_TIMEDOUT after
	 * NS_FORWARD_TICKS). */
	NS_LOOKUP = 0x4E530104,
	/* Request msg_ns_list_t. Reply msg_ns_list_reply_t: the matches in
	 * name order from offset on, as many as fit; status: their count. */
	NS_LIST = 0x4E530105,
	/* Request msg_ns_subscribe_t; carries a send right to the notify
	 * port. Events (LV_NS_EVENT_*, payload lv_ns_entry_t) about entries
	 * of type ("" for all) are sent there without waiting: a full queue
	 * loses them; a dead port ends the subscription. Reply: no payload.
	 * -ERR_NOSPC: too many subscribers. */
	NS_SUBSCRIBE = 0x4E530106,
	/* Request msg_ns_handover_t: the first phase of a hand-over. The
	 * entry's next owner will be pid heir, once heir registers the same
	 * name (NS_REGISTER, its own send right): the entry then passes to
	 * it, and subscribers get LV_NS_EVENT_HANDOVER (the new entry), not a
	 * DELETE and a REGISTER. heir 0 withdraws a hand-over not yet taken.
	 * Only the owner or init (pid 1): -ERR_PERM for others, nothing
	 * changes. Reply: no payload. -ERR_NOENT: no such name; -ERR_INVAL:
	 * heir < 0 or the owner itself. */
	NS_HANDOVER = 0x4E530107,
	/* Request msg_ns_lookup_t, only from a holder of the network right
	 * (the protocol server, serving another node's LOOKUP; -ERR_PERM for
	 * anyone else), node "" (else -ERR_INVAL). Reply as NS_LOOKUP's, for
	 * an exported entry only: -ERR_NOENT for a missing and for a not
	 * exported one alike. */
	NS_LOOKUP_EXPORTED = 0x4E530108,
};

/* How long the name server waits for its protocol server's answer to a
 * forwarded name@node lookup: past net's own bound (LV_RIPC_TRIES sends,
 * 12.6 s), so that net's -ERR_TIMEDOUT is the one a client hears. */
#define NS_FORWARD_TICKS 1500u

typedef struct msg_ns_register {
	char name[LV_NS_NAME_MAX];
	char type[LV_NS_TYPE_MAX];
	char attrs[LV_NS_ATTR_MAX];
	uint32_t flags; /* LV_NS_* (ns.h); others: -ERR_INVAL */
} msg_ns_register_t;
_Static_assert(sizeof(msg_ns_register_t) == 116, "msg_ns_register_t layout");

typedef struct msg_ns_delete {
	char name[LV_NS_NAME_MAX];
} msg_ns_delete_t;
_Static_assert(sizeof(msg_ns_delete_t) == 32, "msg_ns_delete_t layout");

typedef struct msg_ns_lookup {
	char name[LV_NS_NAME_MAX]; /* 32 bytes: an entry name */
	char node[LV_NS_NODE_MAX]; /* 64 bytes: "" for this node's table,
				    * else a node (NS_LOOKUP only) */
} msg_ns_lookup_t;
_Static_assert(sizeof(msg_ns_lookup_t) == 96, "msg_ns_lookup_t layout");

#define NS_MODIFY_TYPE 0x1u  /* replace the type */
#define NS_MODIFY_ATTRS 0x2u /* replace the attributes */
#define NS_MODIFY_FLAGS 0x4u /* set the entry's flags to entry_flags */

typedef struct msg_ns_modify {
	char name[LV_NS_NAME_MAX];
	char type[LV_NS_TYPE_MAX];
	char attrs[LV_NS_ATTR_MAX];
	uint32_t flags;	      /* NS_MODIFY_*; others: -ERR_INVAL */
	uint32_t entry_flags; /* LV_NS_* (ns.h); others: -ERR_INVAL */
} msg_ns_modify_t;
_Static_assert(sizeof(msg_ns_modify_t) == 120, "msg_ns_modify_t layout");

typedef struct msg_ns_list {
	char prefix[LV_NS_NAME_MAX]; /* "" for all */
	char type[LV_NS_TYPE_MAX];   /* "" for any */
	uint32_t offset;	     /* matches to skip */
	uint32_t max; /* at most this many (capped by the reply) */
} msg_ns_list_t;
_Static_assert(sizeof(msg_ns_list_t) == 56, "msg_ns_list_t layout");

/* Entries of one LIST reply. */
#define NS_LIST_BATCH                                                          \
	((LV_MSG_PAYLOAD_MAX - 2 * sizeof(uint32_t)) / sizeof(lv_ns_entry_t))

typedef struct msg_ns_list_reply {
	uint32_t total; /* matches in all, from offset 0 */
	uint32_t count; /* entries that follow */
	lv_ns_entry_t entries[NS_LIST_BATCH];
} msg_ns_list_reply_t;
_Static_assert(sizeof(msg_ns_list_reply_t) <= LV_MSG_PAYLOAD_MAX,
	       "msg_ns_list_reply_t fits a message");
_Static_assert(NS_LIST_BATCH == 34, "msg_ns_list_reply_t layout");

typedef struct msg_ns_handover {
	char name[LV_NS_NAME_MAX];
	int32_t heir; /* pid; 0 withdraws */
} msg_ns_handover_t;
_Static_assert(sizeof(msg_ns_handover_t) == 36, "msg_ns_handover_t layout");

typedef struct msg_ns_subscribe {
	char type[LV_NS_TYPE_MAX]; /* "" for all */
} msg_ns_subscribe_t;
_Static_assert(sizeof(msg_ns_subscribe_t) == 16, "msg_ns_subscribe_t layout");

#endif
