/* The caller's side of at-most-once (lavender/ripc_proto.h): the table of
 * CALLs sent to other nodes and not yet answered, their request ids and
 * their retransmission schedule on a clock the caller gives (ms). Pure: no
 * I/O, no allocation; it keeps no datagram (the caller's ctx does). Host
 * tests in tests/host/test_ripc_calls.c.
 *
 * Request ids count up by one from a value given at init (random: a peer
 * cannot tell how many calls came before, and ids of two runs of net do
 * not line up), skipping 0 when they wrap; they number this epoch's CALLs,
 * so one table lives as long as the epoch.
 *
 * Schedule: a call is sent at t0 (ripc_calls_add), sent again after
 * waits of LV_RIPC_RTO_MS, each twice the one before up to
 * LV_RIPC_RTO_MAX_MS (200, 400, 800, 1600, 1600, ... ms: sends at t0 +
 * 200, 600, 1400, 3000, 4600, ..., 11000), LV_RIPC_TRIES sends in all,
 * and fails with -ERR_TIMEDOUT at t0 + RIPC_CALL_GIVEUP_MS (12.6 s) if no
 * answer came.
 * A tick that comes late sends once and skips the resends it missed; the
 * times stay counted from t0, so however late the ticks no CALL is sent
 * at or after t0 + RIPC_CALL_GIVEUP_MS, well inside the LV_RIPC_KEEP_MS
 * the callee keeps its reply (a retransmission after that could run the
 * call twice).
 *
 * Answers: a REPLY or ERROR ends its call only when its request id, node
 * and epoch are all the call's (a call added with epoch 0, a LOOKUP or
 * LIST to a node whose epoch is not known yet, takes an answer from any
 * epoch of that node). Anything else -- a second answer, one after the
 * give-up, one from another node or epoch, a forged one -- finds nothing.
 * ERROR -ERR_BUSY is no answer: leave the call pending (do not call
 * ripc_calls_answered) and its next send retries it.
 *
 * A peer seen with another epoch (in any datagram) was restarted: every
 * call pending on one of its older epochs fails with -ERR_DEADPORT. */
#ifndef NET_PURE_RIPC_CALLS_H
#define NET_PURE_RIPC_CALLS_H
#include <stdint.h>
#include <lavender/ripc_proto.h>

#define RIPC_CALLS_MAX 64 /* CALLs pending at once */
/* The schedule's end (host tests check that due() agrees). */
#define RIPC_CALL_GIVEUP_MS LV_RIPC_GIVEUP_MS
_Static_assert(RIPC_CALL_GIVEUP_MS < LV_RIPC_KEEP_MS,
	       "a retransmission outlives the callee's saved reply");

typedef struct ripc_call {
	int used;
	uint32_t node;	  /* the peer's address */
	uint64_t epoch;	  /* the peer's epoch it was sent to (0: any) */
	uint64_t port;	  /* the target port id */
	uint64_t request; /* its id */
	uint64_t t0;	  /* when it was first sent */
	uint32_t slot;	  /* sends scheduled so far (the first is 1) */
	void *ctx;	  /* the caller's: its datagram, its local caller */
} ripc_call_t;

typedef struct ripc_calls {
	ripc_call_t c[RIPC_CALLS_MAX];
	uint64_t next_request;
} ripc_calls_t;

/* What ripc_calls_tick and ripc_calls_peer_epoch report. */
typedef struct ripc_call_event {
	int rc;	       /* 0: send it again; -ERR_TIMEDOUT or -ERR_DEADPORT:
			* it failed and is gone from the table */
	uint32_t send; /* rc 0: which send this is (2 .. LV_RIPC_TRIES) */
	uint32_t node; /* the call's peer, epoch and request */
	uint64_t epoch;
	uint64_t request;
	void *ctx;
} ripc_call_event_t;

/* An empty table whose first request id is first (0 counts as 1). */
void ripc_calls_init(ripc_calls_t *t, uint64_t first);

/* Records a CALL (or LOOKUP/LIST) to port on node, epoch, sent now: 0
 * with *request its id, or -ERR_BUSY (RIPC_CALLS_MAX pending; nothing
 * recorded, no id used) or -ERR_INVAL (node 0). */
int ripc_calls_add(ripc_calls_t *t, uint32_t node, uint64_t epoch,
		   uint64_t port, uint64_t now, void *ctx, uint64_t *request);

/* An answer (REPLY, ERROR but -ERR_BUSY, LOOKUP_REPLY, LIST_REPLY) from
 * node, epoch for request: 0 with *ctx the call's (now gone), or
 * -ERR_NOENT (not a pending call of that peer: ignore the datagram). */
int ripc_calls_answered(ripc_calls_t *t, uint32_t node, uint64_t epoch,
			uint64_t request, void **ctx);

/* Forgets a pending call (its local caller went away): 0 with *ctx, or
 * -ERR_NOENT. */
int ripc_calls_cancel(ripc_calls_t *t, uint64_t request, void **ctx);

/* The calls due at now: resends (rc 0, the call stays) and give-ups
 * (-ERR_TIMEDOUT, gone), at most max of them in ev; those left over stay
 * due for the next tick. Returns how many were written. */
int ripc_calls_tick(ripc_calls_t *t, uint64_t now, ripc_call_event_t *ev,
		    int max);

/* The earliest time a call is due (UINT64_MAX: none pending). */
uint64_t ripc_calls_next_due(const ripc_calls_t *t);

/* node was seen with epoch: each call pending on another non-zero epoch
 * of node fails (-ERR_DEADPORT, gone), at most max of them in ev (those
 * left over fail on the next call). Returns how many were written. */
int ripc_calls_peer_epoch(ripc_calls_t *t, uint32_t node, uint64_t epoch,
			  ripc_call_event_t *ev, int max);

/* Calls pending. */
int ripc_calls_count(const ripc_calls_t *t);

#endif
