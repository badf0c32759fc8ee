/* The caller's side of at-most-once (servers/net/pure_ripc_calls.c) on a
 * fake clock: request ids, the time of every retransmission and of the
 * give-up, late ticks, answers matched by request, node and epoch (others,
 * duplicates, late and forged ones ignored), a peer's new epoch, a full
 * table and a short event array. */
#include <string.h>
#include "../../servers/net/pure_ripc_calls.h"
#include "uapi/errors.h"
#include "unit.h"

#define NODE_B 0x0A000002u
#define NODE_C 0x0A000003u
#define EP_B1 0xB1B1B1B1B1B1B1B1ull
#define EP_B2 0xB2B2B2B2B2B2B2B2ull
#define EP_C 0xC0C0C0C0C0C0C0C0ull
#define PORT 0x5555AAAA5555AAAAull

static ripc_calls_t t;
static ripc_call_event_t ev[RIPC_CALLS_MAX + 1];
static int ctx_of[RIPC_CALLS_MAX + 1]; /* distinct ctx addresses */

static uint64_t add(uint32_t node, uint64_t epoch, uint64_t now, int i)
{
	uint64_t req = 0;
	int rc = ripc_calls_add(&t, node, epoch, PORT, now, &ctx_of[i], &req);
	return rc == 0 ? req : 0;
}

UNIT_TEST(ripc_calls_request_ids)
{
	uint64_t a, b, c;

	ripc_calls_init(&t, 0x8000000000000000ull);
	a = add(NODE_B, EP_B1, 0, 0);
	b = add(NODE_B, EP_B1, 0, 1);
	c = add(NODE_C, EP_C, 0, 2); /* one counter for every peer */
	CHECK_EQ(a, 0x8000000000000000ull);
	CHECK_EQ(b, a + 1);
	CHECK_EQ(c, a + 2);
	/* Wrapping skips 0; an id 0 never numbers a call. */
	ripc_calls_init(&t, UINT64_MAX);
	CHECK_EQ(add(NODE_B, EP_B1, 0, 0), UINT64_MAX);
	CHECK_EQ(add(NODE_B, EP_B1, 0, 1), 1);
	ripc_calls_init(&t, 0);
	CHECK_EQ(add(NODE_B, EP_B1, 0, 0), 1);
	/* No node: refused, no id used. */
	uint64_t req = 77;
	CHECK_EQ(ripc_calls_add(&t, 0, EP_B1, PORT, 0, NULL, &req), -ERR_INVAL);
	CHECK_EQ(req, 77);
	CHECK_EQ(add(NODE_B, EP_B1, 0, 1), 2);
}

UNIT_TEST(ripc_calls_schedule_each_retransmission)
{
	static const uint64_t sends[] = {200,  600,  1400, 3000, 4600,
					 6200, 7800, 9400, 11000};
	const uint64_t t0 = 1000000;
	uint64_t req;

	ripc_calls_init(&t, 500);
	req = add(NODE_B, EP_B1, t0, 0);
	CHECK_EQ(ripc_calls_next_due(&t), t0 + 200);
	for (unsigned k = 0; k < 9; k++) {
		/* A millisecond early: nothing. */
		CHECK_EQ(ripc_calls_tick(&t, t0 + sends[k] - 1, ev, 8), 0);
		CHECK_EQ(ripc_calls_tick(&t, t0 + sends[k], ev, 8), 1);
		CHECK_EQ(ev[0].rc, 0);
		CHECK_EQ(ev[0].send, k + 2);
		CHECK_EQ(ev[0].request, req);
		CHECK_EQ(ev[0].node, NODE_B);
		CHECK_EQ(ev[0].epoch, EP_B1);
		CHECK(ev[0].ctx == &ctx_of[0]);
		/* The same instant again: already sent. */
		CHECK_EQ(ripc_calls_tick(&t, t0 + sends[k], ev, 8), 0);
		CHECK_EQ(ripc_calls_next_due(&t),
			 k < 8 ? t0 + sends[k + 1] : t0 + 12600);
	}
	CHECK_EQ(LV_RIPC_TRIES, 10); /* the nine resends above and the first */
	CHECK_EQ(RIPC_CALL_GIVEUP_MS, 12600);
	CHECK_EQ(ripc_calls_tick(&t, t0 + 12599, ev, 8), 0);
	CHECK_EQ(ripc_calls_tick(&t, t0 + 12600, ev, 8), 1);
	CHECK_EQ(ev[0].rc, -ERR_TIMEDOUT);
	CHECK_EQ(ev[0].request, req);
	CHECK(ev[0].ctx == &ctx_of[0]);
	CHECK_EQ(ripc_calls_count(&t), 0);
	CHECK_EQ(ripc_calls_next_due(&t), UINT64_MAX);
	/* The answer after the give-up finds nothing. */
	void *ctx;
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B1, req, &ctx), -ERR_NOENT);
	CHECK_EQ(ripc_calls_tick(&t, t0 + 100000, ev, 8), 0);
}

UNIT_TEST(ripc_calls_late_ticks_skip_and_never_pass_giveup)
{
	uint64_t req;

	ripc_calls_init(&t, 1);
	req = add(NODE_B, EP_B1, 0, 0);
	/* A tick at 700: the sends due at 200 and 600 are one send. */
	CHECK_EQ(ripc_calls_tick(&t, 700, ev, 8), 1);
	CHECK_EQ(ev[0].send, 3);
	CHECK_EQ(ripc_calls_next_due(&t), 1400);
	/* Next at 11100: the last send; then nothing until the give-up. */
	CHECK_EQ(ripc_calls_tick(&t, 11100, ev, 8), 1);
	CHECK_EQ(ev[0].rc, 0);
	CHECK_EQ(ev[0].send, LV_RIPC_TRIES);
	CHECK_EQ(ripc_calls_tick(&t, 12000, ev, 8), 0);
	CHECK_EQ(ripc_calls_next_due(&t), 12600);
	/* A stalled clock: the first tick after the give-up time fails it
	 * rather than sending. */
	ripc_calls_init(&t, 1);
	req = add(NODE_B, EP_B1, 0, 0);
	CHECK_EQ(ripc_calls_tick(&t, 50000, ev, 8), 1);
	CHECK_EQ(ev[0].rc, -ERR_TIMEDOUT);
	CHECK_EQ(ev[0].request, req);
	ripc_calls_init(&t, 1);
	add(NODE_B, EP_B1, 0, 0);
	CHECK_EQ(ripc_calls_tick(&t, 12599, ev, 8), 1);
	CHECK_EQ(ev[0].rc, 0); /* the last send, late */
	CHECK_EQ(ev[0].send, LV_RIPC_TRIES);
	CHECK_EQ(ripc_calls_tick(&t, 12600, ev, 8), 1);
	CHECK_EQ(ev[0].rc, -ERR_TIMEDOUT);
}

UNIT_TEST(ripc_calls_answers_matched_exactly)
{
	uint64_t r1, r2;
	void *ctx = NULL;

	ripc_calls_init(&t, 100);
	r1 = add(NODE_B, EP_B1, 0, 0);
	r2 = add(NODE_C, EP_C, 0, 1);
	/* Another node, another epoch, another request: nothing. */
	CHECK_EQ(ripc_calls_answered(&t, NODE_C, EP_B1, r1, &ctx), -ERR_NOENT);
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B2, r1, &ctx), -ERR_NOENT);
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, 0, r1, &ctx), -ERR_NOENT);
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B1, r2, &ctx), -ERR_NOENT);
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B1, 0, &ctx), -ERR_NOENT);
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B1, r2 + 1, &ctx),
		 -ERR_NOENT);
	CHECK(ctx == NULL);
	CHECK_EQ(ripc_calls_count(&t), 2);
	/* The right one, then its duplicate. */
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B1, r1, &ctx), 0);
	CHECK(ctx == &ctx_of[0]);
	ctx = NULL;
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B1, r1, &ctx), -ERR_NOENT);
	CHECK(ctx == NULL);
	/* An answered call is not retransmitted; the other one is. */
	CHECK_EQ(ripc_calls_tick(&t, 200, ev, 8), 1);
	CHECK_EQ(ev[0].request, r2);
	CHECK_EQ(ripc_calls_answered(&t, NODE_C, EP_C, r2, &ctx), 0);
	CHECK(ctx == &ctx_of[1]);
	CHECK_EQ(ripc_calls_tick(&t, 100000, ev, 8), 0);
}

UNIT_TEST(ripc_calls_unknown_epoch_takes_any)
{
	uint64_t r;
	void *ctx;

	/* A LOOKUP to a node whose epoch is not known yet. */
	ripc_calls_init(&t, 9);
	r = add(NODE_B, 0, 0, 0);
	CHECK_EQ(ripc_calls_answered(&t, NODE_C, EP_B1, r, &ctx), -ERR_NOENT);
	/* Seeing the node's epoch does not fail it. */
	CHECK_EQ(ripc_calls_peer_epoch(&t, NODE_B, EP_B2, ev, 8), 0);
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B2, r, &ctx), 0);
	CHECK(ctx == &ctx_of[0]);
}

UNIT_TEST(ripc_calls_peer_epoch_change_fails_its_calls)
{
	uint64_t r[4];
	void *ctx;

	ripc_calls_init(&t, 1);
	r[0] = add(NODE_B, EP_B1, 0, 0);
	r[1] = add(NODE_C, EP_C, 0, 1);
	r[2] = add(NODE_B, EP_B1, 0, 2);
	r[3] = add(NODE_B, EP_B2, 0, 3); /* already to the new epoch */
	/* The epoch the calls went to: nothing fails but the call to
	 * another epoch (epochs are not ordered: any other one is gone). */
	CHECK_EQ(ripc_calls_peer_epoch(&t, NODE_B, EP_B1, ev, 8), 1);
	CHECK_EQ(ev[0].rc, -ERR_DEADPORT);
	CHECK_EQ(ev[0].request, r[3]);
	CHECK(ev[0].ctx == &ctx_of[3]);
	CHECK_EQ(ripc_calls_count(&t), 3);
	CHECK_EQ(ripc_calls_peer_epoch(&t, NODE_B, EP_B1, ev, 8), 0);
	/* B restarted with EP_B2: the calls to EP_B1 fail, not C's, not
	 * the one already to EP_B2. */
	ripc_calls_init(&t, 1);
	r[0] = add(NODE_B, EP_B1, 0, 0);
	r[1] = add(NODE_C, EP_C, 0, 1);
	r[2] = add(NODE_B, EP_B1, 0, 2);
	r[3] = add(NODE_B, EP_B2, 0, 3);
	CHECK_EQ(ripc_calls_peer_epoch(&t, NODE_B, EP_B2, ev, 8), 2);
	CHECK_EQ(ev[0].request, r[0]);
	CHECK_EQ(ev[0].rc, -ERR_DEADPORT);
	CHECK_EQ(ev[1].request, r[2]);
	CHECK_EQ(ev[1].rc, -ERR_DEADPORT);
	CHECK(ev[1].ctx == &ctx_of[2]);
	CHECK_EQ(ripc_calls_count(&t), 2);
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B1, r[0], &ctx),
		 -ERR_NOENT);
	CHECK_EQ(ripc_calls_answered(&t, NODE_C, EP_C, r[1], &ctx), 0);
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B2, r[3], &ctx), 0);
}

UNIT_TEST(ripc_calls_full_table_and_short_event_arrays)
{
	uint64_t req;
	int n = 0;

	ripc_calls_init(&t, 1);
	for (int i = 0; i < RIPC_CALLS_MAX; i++)
		CHECK(add(NODE_B, EP_B1, (uint64_t)i, i) != 0);
	req = 12345;
	CHECK_EQ(ripc_calls_add(&t, NODE_B, EP_B1, PORT, 0, NULL, &req),
		 -ERR_BUSY);
	CHECK_EQ(req, 12345);
	/* Due all at once: 3 at a time, the rest stay due. */
	for (int round = 0; round < 100; round++) {
		int k = ripc_calls_tick(&t, 200 + RIPC_CALLS_MAX, ev, 3);
		CHECK(k <= 3);
		if (!k)
			break;
		for (int i = 0; i < k; i++)
			CHECK_EQ(ev[i].send, 2);
		n += k;
	}
	CHECK_EQ(n, RIPC_CALLS_MAX);
	/* The epoch change likewise. */
	n = 0;
	for (int round = 0; round < 100; round++) {
		int k = ripc_calls_peer_epoch(&t, NODE_B, EP_B2, ev, 5);
		if (!k)
			break;
		n += k;
	}
	CHECK_EQ(n, RIPC_CALLS_MAX);
	CHECK_EQ(ripc_calls_count(&t), 0);
	/* Room again; the ids go on. */
	CHECK_EQ(add(NODE_B, EP_B2, 0, 0), RIPC_CALLS_MAX + 1);
}

UNIT_TEST(ripc_calls_cancel)
{
	uint64_t r;
	void *ctx = NULL;

	ripc_calls_init(&t, 1);
	r = add(NODE_B, EP_B1, 0, 0);
	CHECK_EQ(ripc_calls_cancel(&t, r + 1, &ctx), -ERR_NOENT);
	CHECK_EQ(ripc_calls_cancel(&t, r, &ctx), 0);
	CHECK(ctx == &ctx_of[0]);
	CHECK_EQ(ripc_calls_cancel(&t, r, &ctx), -ERR_NOENT);
	CHECK_EQ(ripc_calls_tick(&t, 200, ev, 8), 0);
	CHECK_EQ(ripc_calls_answered(&t, NODE_B, EP_B1, r, &ctx), -ERR_NOENT);
}
