/* Network-transparent IPC (issue 15; the paper's section 4): the contract
 * between the protocol servers of two nodes (the datagrams), and between
 * the name server and its protocol server (remote lookups). A program does
 * not see any of it: it looks up "name@node" and calls the send right it
 * got, which names a proxy port in its own node's net.
 *
 * Identifiers. A port reachable from the network has a network identifier
 * (lv_ripc_portid_t): the node's IPv4 address, its protocol server's epoch
 * (random 64 bits drawn when net starts: a rebooted or restarted net has
 * another, so every old identifier fails) and a port id (random 64 bits from
 * the kernel's generator, lv_random: not sequential, not guessable by a host
 * on the LAN that watches a few). Ids are made for the exported names that
 * are looked up and for rights carried in messages; a port id never names
 * two ports in one epoch.
 *
 * Datagrams. One UDP datagram each way, to and from LV_RIPC_PORT (below
 * 1024: only a holder of the network right binds it), network byte order,
 * a lv_ripc_hdr_t then its payload:
 *   CALL      a message for a port: hdr.port the target, hdr.op/size its
 *             header and payload (up to LV_MSG_PAYLOAD_MAX: IP fragments a
 *             4 KiB one), hdr.right a carried right (a network id, or 0),
 *             hdr.caller_pid the caller's pid on its node (its identity
 *             there). hdr.request numbers the call (per sending epoch,
 *             increasing); a retransmission repeats it.
 *   REPLY     the answer to hdr.request: hdr.op the status, the payload
 *             and a carried right as for CALL.
 *   ERROR     the call could not be delivered: hdr.op is -ERR_DEADPORT (no
 *             such port in this epoch, or it died), -ERR_STALE (the CALL
 *             named another epoch of ours), -ERR_BUSY (no room for more
 *             pending calls: retried later by the caller).
 *   LOOKUP    payload: a name (NUL-terminated, < LV_NS_NAME_MAX): the
 *             receiver asks its name server for an exported entry.
 *             Answered by LOOKUP_REPLY: hdr.op 0 and hdr.right the
 *             entry's port id, payload its lv_ns_entry_t; or hdr.op
 *             -ERR_NOENT (no entry, or not exported: the two look alike).
 *   LIST      payload: a prefix. LIST_REPLY: the exported entries.
 *   DEAD      (no reply) hdr.port died: the receiver's proxies for it die.
 *   RELEASE   (no reply) hdr.port has no more proxies on the sender, which
 *             had received the right hdr.op times (>= 1): the receiver
 *             subtracts that from the times it carried the right and
 *             forgets the id of a carried right at 0 (a carry still in
 *             flight keeps it); an exported name's id lives as long as
 *             the entry.
 * A datagram whose hdr.dst_epoch is not the receiver's epoch is answered
 * ERROR -ERR_STALE (a CALL, LOOKUP, LIST) or dropped; one that is malformed
 * (lengths, magic, version, unknown type) is dropped and counted.
 *
 * At most once. The caller's net retransmits a CALL that got no REPLY or
 * ERROR after LV_RIPC_RTO_MS, the wait doubling each time up to
 * LV_RIPC_RTO_MAX_MS, LV_RIPC_TRIES sends in all, then answers the local
 * caller -ERR_TIMEDOUT (LV_RIPC_GIVEUP_MS after the first send). Ten sends
 * within the bound, not six doublings: at 10% frame loss a try fails with
 * 1 - 0.9^2 = 0.19, six tries all fail 1 call in 21,000 (a run of 10,000
 * calls fails 4 times in 10), ten tries 1 in 16 million. The callee's net
 * keeps, per (caller node, caller epoch, request), the state of the call:
 * running (a retransmission is ignored) or done with its saved REPLY
 * (resent as it was): the call is executed once. Saved replies are kept until
 * the caller could no longer retransmit (LV_RIPC_KEEP_MS) and bounded in number
 * (LV_RIPC_SAVED_MAX; past it the oldest done ones go first, and a CALL
 * that finds no room gets ERROR -ERR_BUSY). A peer whose epoch changed (seen
 * in any datagram from it) fails every call pending on it with
 * -ERR_DEADPORT and kills its proxies.
 *
 * Identity. The callee's net makes the local call as a remote identity
 * (the kernel's act-for, for holders of the network right): the server
 * sees a negative sender, one per (caller node, caller pid) while net runs,
 * so its per-client limits and ownership tell remote callers apart, and a
 * negative sender holds no local right (every "sender > 0 && ..." check
 * fails closed). LV_NET_WHO (net_proto.h) tells a server the node and pid
 * behind one. */
#ifndef LAVENDER_RIPC_PROTO_H
#define LAVENDER_RIPC_PROTO_H
#include <stdint.h>

#define LV_RIPC_PORT 701u	  /* UDP, both ends */
#define LV_RIPC_MAGIC 0x4C524950u /* "LRIP" */
#define LV_RIPC_VERSION 1u
#define LV_RIPC_RTO_MS 200u	 /* first retransmission */
#define LV_RIPC_RTO_MAX_MS 1600u /* the wait doubles up to this */
#define LV_RIPC_TRIES 10u	 /* sends of one CALL */
#define LV_RIPC_GIVEUP_MS 12600u /* 200+400+800+7*1600 ms: then timed out */
#define LV_RIPC_KEEP_MS 20000u	 /* a saved reply outlives every retry */
#define LV_RIPC_SAVED_MAX 256u
#define LV_RIPC_PROXIES_MAX 256u /* proxy ports one net keeps */

enum lv_ripc_type {
	LV_RIPC_CALL = 1,
	LV_RIPC_REPLY = 2,
	LV_RIPC_ERROR = 3,
	LV_RIPC_LOOKUP = 4,
	LV_RIPC_LOOKUP_REPLY = 5,
	LV_RIPC_LIST = 6,
	LV_RIPC_LIST_REPLY = 7,
	LV_RIPC_DEAD = 8,
	LV_RIPC_RELEASE = 9,
};

/* A network port identifier. */
typedef struct lv_ripc_portid {
	uint32_t node; /* IPv4 address, host order in memory */
	uint32_t pad;
	uint64_t epoch; /* its net's epoch */
	uint64_t id;	/* 0: none */
} lv_ripc_portid_t;

/* The datagram header (big-endian on the wire: pure_ripc_wire.c). */
typedef struct lv_ripc_hdr {
	uint32_t magic, version, type;
	uint64_t src_epoch;  /* the sender's epoch */
	uint64_t dst_epoch;  /* the receiver's as the sender knows it (0:
			      * unknown yet: LOOKUP and LIST only) */
	uint64_t request;    /* the call it is, or answers */
	uint64_t port;	     /* CALL, DEAD, RELEASE: the target port id */
	uint64_t right;	     /* a carried right's port id on the sender's
			      * node (0: none) */
	uint32_t right_mode; /* enum lv_right_mode of the carried right */
	uint32_t op;	     /* CALL: the message's op; REPLY/ERROR: status */
	int32_t caller_pid;  /* CALL: the caller's pid on its node */
	uint32_t size;	     /* payload bytes that follow */
} lv_ripc_hdr_t;
#define LV_RIPC_HDR_WIRE 68u /* bytes of the header on the wire */

#endif
