/* The callee's side of at-most-once (servers/net/pure_ripc_saved.c): new,
 * running and done calls per (node, epoch, request), the saved reply
 * resent as it was, the keep time, the bound (oldest done evicted, all
 * running -> busy), a caller's new epoch, no memory, aborts, hostile keys.
 * A counting allocator checks that every saved reply is freed when its
 * entry goes, and each test ends by asking LeakSanitizer (the test's child
 * leaves by _exit, so the exit check never runs). */
#include <sanitizer/lsan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../servers/net/pure_ripc_saved.h"
#include "uapi/errors.h"
#include "unit.h"

#define NODE_A 0x0A000001u
#define NODE_C 0x0A000003u
#define EP_1 0x1111111111111111ull
#define EP_2 0x2222222222222222ull
#define KEEP LV_RIPC_KEEP_MS

static ripc_saved_t s;
static int live, fail_alloc;
static const uint8_t *got;
static size_t got_len;

static void *t_alloc(size_t n)
{
	void *p;

	if (fail_alloc)
		return NULL;
	p = malloc(n);
	live += p != NULL;
	return p;
}

static void t_release(void *p)
{
	live--;
	free(p);
}

static void setup(void)
{
	ripc_saved_init(&s);
	s.alloc = t_alloc;
	s.release = t_release;
	live = fail_alloc = 0;
}

/* Frees everything: nothing may stay allocated or leak. */
static void teardown(void)
{
	ripc_saved_free_all(&s);
	if (live)
		unit_fail(__FILE__, __LINE__, "%d saved replies not freed",
			  live);
	CHECK_EQ(ripc_saved_count(&s, NULL), 0);
	if (__lsan_do_recoverable_leak_check())
		unit_fail(__FILE__, __LINE__, "memory leaked (LeakSanitizer)");
}

static int begin(uint32_t node, uint64_t epoch, uint64_t req, uint64_t now)
{
	got = NULL;
	got_len = 0;
	return ripc_saved_begin(&s, node, epoch, req, now, &got, &got_len);
}

/* Marks a call done with a reply naming it ("reply N"). */
static int done(uint32_t node, uint64_t epoch, uint64_t req, uint64_t now)
{
	char text[32];
	int n =
	    snprintf(text, sizeof(text), "reply %llu", (unsigned long long)req);
	return ripc_saved_done(&s, node, epoch, req, now, text, (size_t)n);
}

static int saved_is(uint64_t req)
{
	char text[32];
	int n =
	    snprintf(text, sizeof(text), "reply %llu", (unsigned long long)req);
	return got && got_len == (size_t)n && memcmp(got, text, got_len) == 0;
}

UNIT_TEST(ripc_saved_new_running_done)
{
	uint8_t reply[RIPC_DGRAM_MAX];
	int with;

	setup();
	CHECK_EQ(begin(NODE_A, EP_1, 7, 100), RIPC_SAVED_NEW);
	/* Retransmissions while it runs: ignored, however late. */
	CHECK_EQ(begin(NODE_A, EP_1, 7, 150), RIPC_SAVED_RUNNING);
	CHECK_EQ(begin(NODE_A, EP_1, 7, 100 + 10 * KEEP), RIPC_SAVED_RUNNING);
	CHECK_EQ(live, 0);
	/* Done with the largest datagram: a copy is kept. */
	memset(reply, 0xC3, sizeof(reply));
	CHECK_EQ(
	    ripc_saved_done(&s, NODE_A, EP_1, 7, 200, reply, sizeof(reply)), 0);
	memset(reply, 0, sizeof(reply));
	CHECK_EQ(begin(NODE_A, EP_1, 7, 300), RIPC_SAVED_DONE);
	CHECK_EQ(got_len, RIPC_DGRAM_MAX);
	CHECK(got != reply);
	CHECK(got[0] == 0xC3 && got[RIPC_DGRAM_MAX - 1] == 0xC3);
	CHECK_EQ(begin(NODE_A, EP_1, 7, 400), RIPC_SAVED_DONE); /* again */
	CHECK_EQ(ripc_saved_count(&s, &with), 1);
	CHECK_EQ(with, 1);
	CHECK_EQ(live, 1);
	/* Done twice: the second finds no running call. */
	CHECK_EQ(done(NODE_A, EP_1, 7, 500), -ERR_NOENT);
	CHECK_EQ(done(NODE_A, EP_1, 8, 500), -ERR_NOENT);
	CHECK_EQ(live, 1);
	teardown();
}

UNIT_TEST(ripc_saved_keyed_by_node_epoch_and_request)
{
	setup();
	CHECK_EQ(begin(NODE_A, EP_1, 7, 0), RIPC_SAVED_NEW);
	CHECK_EQ(done(NODE_A, EP_1, 7, 0), 0);
	/* The same request id from another node or epoch is another call. */
	CHECK_EQ(begin(NODE_C, EP_1, 7, 0), RIPC_SAVED_NEW);
	CHECK_EQ(begin(NODE_A, EP_2, 7, 0), RIPC_SAVED_NEW);
	CHECK_EQ(begin(NODE_A, EP_1, 8, 0), RIPC_SAVED_NEW);
	CHECK_EQ(done(NODE_C, EP_1, 7, 0), 0);
	CHECK_EQ(begin(NODE_A, EP_1, 7, 1), RIPC_SAVED_DONE);
	CHECK(saved_is(7));
	CHECK_EQ(begin(NODE_A, EP_2, 7, 1), RIPC_SAVED_RUNNING);
	/* Keys the wire decoder refuses are refused here too. */
	CHECK_EQ(begin(0, EP_1, 7, 0), -ERR_INVAL);
	CHECK_EQ(begin(NODE_A, 0, 7, 0), -ERR_INVAL);
	CHECK_EQ(begin(NODE_A, EP_1, 0, 0), -ERR_INVAL);
	CHECK_EQ(ripc_saved_count(&s, NULL), 4);
	teardown();
}

UNIT_TEST(ripc_saved_kept_for_keep_ms)
{
	setup();
	CHECK_EQ(begin(NODE_A, EP_1, 1, 0), RIPC_SAVED_NEW);
	CHECK_EQ(done(NODE_A, EP_1, 1, 5000), 0); /* counted from done */
	CHECK_EQ(begin(NODE_A, EP_1, 1, 5000 + KEEP - 1), RIPC_SAVED_DONE);
	CHECK(saved_is(1));
	CHECK_EQ(live, 1);
	CHECK_EQ(ripc_saved_expire(&s, 5000 + KEEP - 1), 0);
	CHECK_EQ(ripc_saved_expire(&s, 5000 + KEEP), 1);
	CHECK_EQ(live, 0);
	/* Forgotten: a CALL that old is new again (no caller sends one). */
	CHECK_EQ(begin(NODE_A, EP_1, 1, 5000 + KEEP), RIPC_SAVED_NEW);
	/* begin itself expires what is past its time. */
	CHECK_EQ(done(NODE_A, EP_1, 1, 30000), 0);
	CHECK_EQ(begin(NODE_A, EP_1, 2, 30000), RIPC_SAVED_NEW);
	CHECK_EQ(begin(NODE_A, EP_1, 3, 30000 + KEEP), RIPC_SAVED_NEW);
	CHECK_EQ(live, 0);
	CHECK_EQ(ripc_saved_count(&s, NULL), 2); /* 2 and 3 run */
	/* A clock that went back expires nothing. */
	CHECK_EQ(done(NODE_A, EP_1, 2, 90000), 0);
	CHECK_EQ(ripc_saved_expire(&s, 10), 0);
	CHECK_EQ(live, 1);
	teardown();
}

UNIT_TEST(ripc_saved_bound_evicts_oldest_done_then_busy)
{
	setup();
	for (uint64_t r = 1; r <= LV_RIPC_SAVED_MAX; r++)
		CHECK_EQ(begin(NODE_A, EP_1, r, 0), RIPC_SAVED_NEW);
	/* All running: no room, nothing recorded. */
	CHECK_EQ(begin(NODE_A, EP_1, 1000, 0), -ERR_BUSY);
	CHECK_EQ(begin(NODE_C, EP_2, 1000, 0), -ERR_BUSY);
	CHECK_EQ(ripc_saved_count(&s, NULL), LV_RIPC_SAVED_MAX);
	/* Three done, the middle one first. */
	CHECK_EQ(done(NODE_A, EP_1, 20, 10), 0);
	CHECK_EQ(done(NODE_A, EP_1, 10, 20), 0);
	CHECK_EQ(done(NODE_A, EP_1, 30, 30), 0);
	CHECK_EQ(begin(NODE_A, EP_1, 1000, 40), RIPC_SAVED_NEW);
	CHECK_EQ(live, 2); /* 20's reply freed */
	CHECK_EQ(begin(NODE_A, EP_1, 10, 41), RIPC_SAVED_DONE);
	CHECK(saved_is(10));
	CHECK_EQ(begin(NODE_A, EP_1, 30, 41), RIPC_SAVED_DONE);
	CHECK_EQ(begin(NODE_A, EP_1, 1001, 42), RIPC_SAVED_NEW); /* 10 goes */
	CHECK_EQ(begin(NODE_A, EP_1, 1002, 43), RIPC_SAVED_NEW); /* 30 goes */
	CHECK_EQ(live, 0);
	CHECK_EQ(begin(NODE_A, EP_1, 1003, 44), -ERR_BUSY);
	/* A retransmission of a running call still answers, full or not. */
	CHECK_EQ(begin(NODE_A, EP_1, 1002, 45), RIPC_SAVED_RUNNING);
	/* The evicted call is new again (the contract's price). */
	CHECK_EQ(ripc_saved_abort(&s, NODE_A, EP_1, 1003), -ERR_NOENT);
	CHECK_EQ(ripc_saved_abort(&s, NODE_A, EP_1, 5), 0);
	CHECK_EQ(begin(NODE_A, EP_1, 20, 46), RIPC_SAVED_NEW);
	teardown();
}

UNIT_TEST(ripc_saved_caller_epoch_change)
{
	setup();
	CHECK_EQ(begin(NODE_A, EP_1, 1, 0), RIPC_SAVED_NEW);
	CHECK_EQ(begin(NODE_A, EP_1, 2, 0), RIPC_SAVED_NEW);
	CHECK_EQ(begin(NODE_C, EP_1, 1, 0), RIPC_SAVED_NEW);
	CHECK_EQ(done(NODE_A, EP_1, 1, 0), 0);
	CHECK_EQ(done(NODE_C, EP_1, 1, 0), 0);
	CHECK_EQ(ripc_saved_peer_epoch(&s, NODE_A, EP_1), 0); /* same */
	CHECK_EQ(begin(NODE_A, EP_2, 1, 0), RIPC_SAVED_NEW);
	/* A restarted: its old epoch's entries go, running or done, and
	 * the new epoch's and C's stay. */
	CHECK_EQ(ripc_saved_peer_epoch(&s, NODE_A, EP_2), 2);
	CHECK_EQ(live, 1);
	CHECK_EQ(done(NODE_A, EP_1, 2, 0), -ERR_NOENT);
	CHECK_EQ(live, 1);
	CHECK_EQ(begin(NODE_A, EP_2, 1, 0), RIPC_SAVED_RUNNING);
	CHECK_EQ(begin(NODE_C, EP_1, 1, 0), RIPC_SAVED_DONE);
	CHECK(saved_is(1));
	CHECK_EQ(begin(NODE_A, EP_1, 1, 0), RIPC_SAVED_NEW);
	teardown();
}

UNIT_TEST(ripc_saved_no_memory_or_bad_reply_never_runs_twice)
{
	uint8_t big[RIPC_DGRAM_MAX + 1];

	setup();
	memset(big, 1, sizeof(big));
	CHECK_EQ(begin(NODE_A, EP_1, 1, 0), RIPC_SAVED_NEW);
	fail_alloc = 1;
	CHECK_EQ(done(NODE_A, EP_1, 1, 0), -ERR_NOMEM);
	fail_alloc = 0;
	CHECK_EQ(begin(NODE_A, EP_1, 1, 1), RIPC_SAVED_RUNNING);
	CHECK(got == NULL);
	CHECK_EQ(begin(NODE_A, EP_1, 2, 0), RIPC_SAVED_NEW);
	CHECK_EQ(ripc_saved_done(&s, NODE_A, EP_1, 2, 0, big, sizeof(big)),
		 -ERR_INVAL);
	CHECK_EQ(begin(NODE_A, EP_1, 2, 1), RIPC_SAVED_RUNNING);
	CHECK_EQ(begin(NODE_A, EP_1, 3, 0), RIPC_SAVED_NEW);
	CHECK_EQ(ripc_saved_done(&s, NODE_A, EP_1, 3, 0, big, 0), -ERR_INVAL);
	CHECK_EQ(begin(NODE_A, EP_1, 3, 1), RIPC_SAVED_RUNNING);
	CHECK_EQ(live, 0);
	/* They are done: they expire and make room like done ones. */
	CHECK_EQ(ripc_saved_abort(&s, NODE_A, EP_1, 1), -ERR_NOENT);
	CHECK_EQ(ripc_saved_expire(&s, KEEP), 3);
	CHECK_EQ(ripc_saved_count(&s, NULL), 0);
	teardown();
}

UNIT_TEST(ripc_saved_abort_lets_it_run_later)
{
	setup();
	CHECK_EQ(begin(NODE_A, EP_1, 9, 0), RIPC_SAVED_NEW);
	CHECK_EQ(ripc_saved_abort(&s, NODE_C, EP_1, 9), -ERR_NOENT);
	CHECK_EQ(ripc_saved_abort(&s, NODE_A, EP_1, 9), 0);
	CHECK_EQ(ripc_saved_abort(&s, NODE_A, EP_1, 9), -ERR_NOENT);
	CHECK_EQ(done(NODE_A, EP_1, 9, 0), -ERR_NOENT);
	CHECK_EQ(begin(NODE_A, EP_1, 9, 1), RIPC_SAVED_NEW);
	teardown();
}

UNIT_TEST(ripc_saved_churn_frees_everything)
{
	/* Many callers, epochs and requests through a full table, with
	 * expiry and evictions: the live replies are the kept ones. */
	setup();
	for (uint64_t r = 1; r <= 5000; r++) {
		uint32_t node = NODE_A + (uint32_t)(r % 7);
		uint64_t ep = r % 1000 < 500 ? EP_1 : EP_2;
		int with, rc = begin(node, ep, r, r * 10);
		CHECK(rc == RIPC_SAVED_NEW || rc == -ERR_BUSY);
		if (rc == RIPC_SAVED_NEW && r % 5)
			CHECK_EQ(done(node, ep, r, r * 10), 0);
		if (r % 1000 == 500)
			ripc_saved_peer_epoch(&s, node, EP_2);
		ripc_saved_count(&s, &with);
		CHECK_EQ(live, with);
	}
	teardown();
}
