/* The callee's side of at-most-once (lavender/ripc_proto.h): per (caller
 * node, caller epoch, request) the state of a CALL that came in -- running,
 * or done with its REPLY datagram saved to resend as it was -- so that a
 * retransmission never runs the call twice. Pure (no I/O); the saved bytes
 * are the table's own copies, from alloc and given back by release. Host
 * tests in tests/host/test_ripc_saved.c (under LeakSanitizer).
 *
 * Limits: LV_RIPC_SAVED_MAX entries, running and done together. A done
 * entry is kept LV_RIPC_KEEP_MS after it was done (the caller stops
 * sending long before: pure_ripc_calls.h), then forgotten. A new call that
 * finds the table full takes the place of the oldest done entry; when
 * every entry is running it is refused (-ERR_BUSY: answer ERROR -ERR_BUSY,
 * the caller retries). Running entries are never forgotten by time (the
 * call may take long); a caller's new epoch forgets all of its old ones. */
#ifndef NET_PURE_RIPC_SAVED_H
#define NET_PURE_RIPC_SAVED_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/ripc_proto.h>
#include "pure_ripc_wire.h"

/* What ripc_saved_begin says to do with a CALL. */
enum ripc_saved_state {
	RIPC_SAVED_NEW = 1,	/* first seen: run it, then ripc_saved_done */
	RIPC_SAVED_RUNNING = 2, /* running (or done without a saved
				 * reply): ignore the retransmission */
	RIPC_SAVED_DONE = 3,	/* done: resend the saved reply */
};

typedef struct ripc_saved_entry {
	uint32_t state; /* 0: free, else enum ripc_saved_state */
	uint32_t node;
	uint64_t epoch, request;
	uint64_t stamp; /* running: when it came; done: when done */
	uint8_t *reply; /* done: the saved datagram (NULL: none kept) */
	size_t len;
} ripc_saved_entry_t;

typedef struct ripc_saved {
	ripc_saved_entry_t e[LV_RIPC_SAVED_MAX];
	void *(*alloc)(size_t bytes); /* malloc-like: malloc by default */
	void (*release)(void *p);
} ripc_saved_t;

/* An empty table using malloc and free (tests may set others). */
void ripc_saved_init(ripc_saved_t *s);

/* A CALL from node, epoch with request arrived at now: forgets the done
 * entries past LV_RIPC_KEEP_MS, then returns RIPC_SAVED_NEW (recorded as
 * running), RIPC_SAVED_RUNNING, RIPC_SAVED_DONE (*reply and *len the saved
 * datagram, the table's: valid until the next call on s), or -ERR_BUSY
 * (every entry running: nothing recorded). -ERR_INVAL for node 0, epoch 0
 * or request 0 (the wire decoder refuses those). */
int ripc_saved_begin(ripc_saved_t *s, uint32_t node, uint64_t epoch,
		     uint64_t request, uint64_t now, const uint8_t **reply,
		     size_t *len);

/* The running call finished at now and reply (len bytes, at most
 * RIPC_DGRAM_MAX) is what is sent back: a copy is kept. 0; or
 * -ERR_NOENT (no such running call: forgotten, a caller's new epoch);
 * -ERR_INVAL (len 0 or too long) and -ERR_NOMEM (no memory) mark it done
 * with no reply kept, so that a retransmission is still not run again
 * (RIPC_SAVED_RUNNING: ignored; the caller times out). Send the reply in
 * every case. */
int ripc_saved_done(ripc_saved_t *s, uint32_t node, uint64_t epoch,
		    uint64_t request, uint64_t now, const void *reply,
		    size_t len);

/* Forgets a running call that was never run (it could not be delivered:
 * a retransmission may try again). 0 or -ERR_NOENT (also when done). */
int ripc_saved_abort(ripc_saved_t *s, uint32_t node, uint64_t epoch,
		     uint64_t request);

/* Forgets the done entries kept past LV_RIPC_KEEP_MS at now: how many. */
int ripc_saved_expire(ripc_saved_t *s, uint64_t now);

/* node was seen with epoch: forgets its entries of every other epoch
 * (their replies freed; a running one's ripc_saved_done then finds
 * nothing). How many. */
int ripc_saved_peer_epoch(ripc_saved_t *s, uint32_t node, uint64_t epoch);

/* Entries in use; of them, done ones with a reply kept (for tests and
 * net's statistics). */
int ripc_saved_count(const ripc_saved_t *s, int *with_reply);

/* Forgets everything, freeing every saved reply. */
void ripc_saved_free_all(ripc_saved_t *s);

#endif
