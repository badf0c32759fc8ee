/* Remote IPC inside net (lavender/ripc_proto.h): what its files share.
 *   ripc.c         the epoch, the peers' epochs, remote identities, the
 *                  datagrams in and out, kernel notices, the WHO, RLOOKUP
 *                  and RLIST requests
 *   ripc_caller.c  this node's side of calls to other nodes: proxy ports,
 *                  CALL/LOOKUP/LIST out, retransmission, answers in
 *   ripc_callee.c  other nodes' calls here: exports, at-most-once, the
 *                  local call made as the remote caller's identity
 * All in net's loop thread (net.h). Times in ms (ripc_now_ms). */
#ifndef NET_RIPC_IMPL_H
#define NET_RIPC_IMPL_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/ns.h>
#include <lavender/ripc_proto.h>
#include <lavender/server.h>
#include "pure_ripc_calls.h"
#include "pure_ripc_ids.h"
#include "pure_ripc_saved.h"
#include "pure_ripc_wire.h"

/* A notice's cookie names what it is about. */
#define RIPC_COOKIE_EXPORT 0x40000000u /* | handle: an export's port died */
#define RIPC_COOKIE_PROXY 0x20000000u  /* | handle: a proxy has no senders */
#define RIPC_COOKIE_HANDLE 0x0FFFFFFFu

/* A local call made for another node may take this long (ticks: 10 s)
 * before net answers its caller -ERR_TIMEDOUT (under the caller's 12.6 s
 * of retries, so the answer still reaches it). */
#define RIPC_LOCAL_CALL_MS 10000u

typedef struct ripc {
	uint64_t epoch;
	ripc_calls_t calls;
	ripc_saved_t saved;
	ripc_exports_t exports;
	ripc_proxies_t proxies;
	int notify; /* receive right: PORT_DEAD and NO_SENDERS notices */
	int timer;  /* the retransmission timer (0: none armed) */
	uint32_t bad[RIPC_BAD_CAUSES]; /* datagrams refused, by why */
	uint32_t calls_out, calls_in, resent, duplicates, replays;
} ripc_t;

extern ripc_t ripc;

uint64_t ripc_now_ms(void);
/* Encodes h and payload and sends them to node's LV_RIPC_PORT. 0 or
 * -ERR_*. When out is not NULL the datagram's bytes are copied there
 * (RIPC_DGRAM_MAX) and *out_len set: for a resend or a saved reply. */
int ripc_send(uint32_t node, const lv_ripc_hdr_t *h, const void *payload,
	      uint8_t *out, size_t *out_len);
/* Sends bytes ripc_send kept. */
int ripc_resend(uint32_t node, const uint8_t *dgram, size_t len);
/* The peers known (node and epoch), up to max: how many. */
int ripc_peers(uint32_t *nodes, uint64_t *epochs, int max);
/* The epoch node was last seen with (0: never). */
uint64_t ripc_peer_epoch(uint32_t node);
/* node was seen with epoch: a change fails what was pending on the old
 * one (calls, proxies, saved replies). */
void ripc_peer_seen(uint32_t node, uint64_t epoch);
/* The identity (< 0) a remote caller (node, pid) acts as here. */
int ripc_identity(uint32_t node, int32_t pid);
/* (Re)arms the retransmission timer for the earliest due call. */
void ripc_schedule(void);

/* ripc_caller.c */
/* A new send right to a proxy of (node, epoch, id), made or reused:
 * > 0, or -ERR_* (-ERR_NOSPC: proxies or handles full). */
int ripc_proxy_right(uint32_t node, uint64_t epoch, uint64_t id);
/* REPLY, ERROR, LOOKUP_REPLY, LIST_REPLY from node. */
void ripc_caller_answer(uint32_t node, const lv_ripc_hdr_t *h,
			const uint8_t *payload);
/* DEAD from node: its port id died. */
void ripc_caller_dead(uint32_t node, uint64_t epoch, uint64_t id);
/* The proxy of handle has no senders left (a notice). */
void ripc_caller_no_senders(int handle);
/* Resends and give-ups due now. */
void ripc_caller_tick(void);
/* The pending calls of node failed with rc (its epoch changed). */
void ripc_caller_fail(const ripc_call_event_t *ev, int n);
/* Starts a LOOKUP (list 0) or LIST (list 1) of name at node for the
 * deferred request token; its answer goes to that token. 0 or -ERR_*. */
int ripc_caller_lookup(uint32_t node, const char *name, int list, int token);
/* Destroys a proxy port handle (its senders hear -ERR_DEADPORT). */
void ripc_proxy_destroy(int handle);

/* ripc_callee.c */
/* Up to max of this node's exported entries whose name starts with prefix
 * (what a LIST answers), into out; how many. Blocks on the name server. */
int ripc_exported(const char *prefix, lv_ns_entry_t *out, int max);
void ripc_callee_call(uint32_t node, const lv_ripc_hdr_t *h,
		      const uint8_t *payload);
void ripc_callee_lookup(uint32_t node, const lv_ripc_hdr_t *h,
			const uint8_t *payload);
void ripc_callee_list(uint32_t node, const lv_ripc_hdr_t *h,
		      const uint8_t *payload);
void ripc_callee_release(uint32_t node, const lv_ripc_hdr_t *h);
/* An export's port died: DEAD to every peer. */
void ripc_callee_export_dead(int handle);
/* Exports the send right handle (carried in a message): 0 with *id;
 * the handle is the table's then (closed when forgotten). */
int ripc_export_carried(int handle, uint64_t *id);

#endif
