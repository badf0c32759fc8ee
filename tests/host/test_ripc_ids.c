/* Remote IPC's id tables (servers/net/pure_ripc_ids.c): exports with ids
 * from a scripted generator (0 and collisions drawn again, a stuck
 * generator refused), lookups both ways, names and carried rights,
 * RELEASE counts, removals, the bound; proxies found, reused, removed,
 * bounded, and killed per node and epoch. */
#include <string.h>
#include "../../servers/net/pure_ripc_ids.h"
#include "uapi/errors.h"
#include "unit.h"

#define NODE_B 0x0A000002u
#define NODE_C 0x0A000003u
#define EP_1 0x1111111111111111ull
#define EP_2 0x2222222222222222ull

/* The generator: the values in script[] in turn, then script[n - 1]
 * forever (a generator that repeats); draws counts them. */
static uint64_t script[64];
static unsigned nscript, pos, draws;

static uint64_t scripted(void *arg)
{
	(void)arg;
	draws++;
	return script[pos < nscript ? pos++ : nscript - 1];
}

static uint64_t counter(void *arg)
{
	uint64_t *next = arg;
	draws++;
	return (*next)++;
}

static ripc_exports_t x;
static ripc_proxies_t p;

static void setup(const uint64_t *vals, unsigned n)
{
	memcpy(script, vals, n * sizeof(*vals));
	nscript = n;
	pos = draws = 0;
	ripc_exports_init(&x, scripted, NULL);
}

UNIT_TEST(ripc_ids_export_draws_skip_zero_and_collisions)
{
	static const uint64_t vals[] = {0, 5, 5, 0, 5, 7, 9};
	uint64_t id = 0;
	uint32_t kind = 0;

	setup(vals, 7);
	CHECK_EQ(ripc_export(&x, 3, RIPC_EXPORT_NAME, &id), 0);
	CHECK_EQ(id, 5); /* 0 drawn again */
	CHECK_EQ(draws, 2);
	CHECK_EQ(ripc_export(&x, 4, RIPC_EXPORT_CARRIED, &id), 0);
	CHECK_EQ(id, 7); /* 5 is 3's, 0 is nobody's */
	CHECK_EQ(draws, 6);
	/* Both ways. */
	CHECK_EQ(ripc_export_handle(&x, 5, &kind), 3);
	CHECK_EQ(kind, RIPC_EXPORT_NAME);
	CHECK_EQ(ripc_export_handle(&x, 7, &kind), 4);
	CHECK_EQ(kind, RIPC_EXPORT_CARRIED);
	CHECK_EQ(ripc_export_id(&x, 4, &id), 0);
	CHECK_EQ(id, 7);
	CHECK_EQ(ripc_export_handle(&x, 0, NULL), -ERR_NOENT);
	CHECK_EQ(ripc_export_handle(&x, 6, NULL), -ERR_NOENT);
	CHECK_EQ(ripc_export_id(&x, 5, &id), -ERR_NOENT);
	CHECK_EQ(ripc_export_id(&x, 0, &id), -ERR_NOENT);
	CHECK_EQ(ripc_export_id(&x, -3, &id), -ERR_NOENT);
}

UNIT_TEST(ripc_ids_export_stuck_generator_refused)
{
	static const uint64_t same[] = {42};
	static const uint64_t zero[] = {0};
	uint64_t id = 99;

	setup(same, 1);
	CHECK_EQ(ripc_export(&x, 1, RIPC_EXPORT_NAME, &id), 0);
	CHECK_EQ(id, 42);
	/* It gives 42 forever: a bounded number of draws, then refused
	 * with nothing recorded. */
	draws = 0;
	id = 99;
	CHECK_EQ(ripc_export(&x, 2, RIPC_EXPORT_CARRIED, &id), -ERR_AGAIN);
	CHECK_EQ(draws, RIPC_ID_DRAWS);
	CHECK_EQ(id, 99);
	CHECK_EQ(ripc_exports_count(&x), 1);
	CHECK_EQ(ripc_export_id(&x, 2, &id), -ERR_NOENT);
	/* Once 42 is gone, it may be drawn again (unique among live). */
	CHECK_EQ(ripc_export_remove(&x, 1, &id), 0);
	CHECK_EQ(ripc_export(&x, 2, RIPC_EXPORT_CARRIED, &id), 0);
	CHECK_EQ(id, 42);
	/* A generator of zeros never gives an id. */
	setup(zero, 1);
	CHECK_EQ(ripc_export(&x, 1, RIPC_EXPORT_NAME, &id), -ERR_AGAIN);
	CHECK_EQ(ripc_exports_count(&x), 0);
}

UNIT_TEST(ripc_ids_export_again_and_kinds)
{
	uint64_t next = 100, id, id2;
	uint32_t kind;

	ripc_exports_init(&x, counter, &next);
	CHECK_EQ(ripc_export(&x, 0, RIPC_EXPORT_NAME, &id), -ERR_INVAL);
	CHECK_EQ(ripc_export(&x, -1, RIPC_EXPORT_NAME, &id), -ERR_INVAL);
	CHECK_EQ(ripc_export(&x, 1, 0, &id), -ERR_INVAL);
	CHECK_EQ(ripc_export(&x, 1, 3, &id), -ERR_INVAL);
	CHECK_EQ(next, 100); /* nothing drawn for a refusal */
	/* The same handle keeps its id; a name's stays a name's. */
	CHECK_EQ(ripc_export(&x, 1, RIPC_EXPORT_CARRIED, &id), 0);
	CHECK_EQ(ripc_export(&x, 1, RIPC_EXPORT_CARRIED, &id2), 0);
	CHECK_EQ(id, id2);
	CHECK_EQ(x.e[0].holders, 2);
	CHECK_EQ(ripc_export(&x, 1, RIPC_EXPORT_NAME, &id2), 0);
	CHECK_EQ(id, id2);
	CHECK_EQ(ripc_export_handle(&x, id, &kind), 1);
	CHECK_EQ(kind, RIPC_EXPORT_NAME);
	CHECK_EQ(ripc_export(&x, 1, RIPC_EXPORT_CARRIED, &id2), 0);
	CHECK_EQ(ripc_export_handle(&x, id, &kind), 1);
	CHECK_EQ(kind, RIPC_EXPORT_NAME);
	CHECK_EQ(ripc_exports_count(&x), 1);
	CHECK_EQ(next, 101);
}

UNIT_TEST(ripc_ids_export_release_counts)
{
	uint64_t next = 1, id, name_id;

	ripc_exports_init(&x, counter, &next);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(ripc_export(&x, 8, RIPC_EXPORT_CARRIED, &id), 0);
	CHECK_EQ(ripc_export_release(&x, id, 0), -ERR_INVAL);
	/* A peer received it twice and releases; one carry is in flight. */
	CHECK_EQ(ripc_export_release(&x, id, 2), 0);
	CHECK_EQ(ripc_export_handle(&x, id, NULL), 8);
	CHECK_EQ(ripc_export_release(&x, id, 1), 8); /* close handle 8 */
	CHECK_EQ(ripc_export_handle(&x, id, NULL), -ERR_NOENT);
	CHECK_EQ(ripc_export_release(&x, id, 1), -ERR_NOENT);
	/* A RELEASE claiming more than was carried forgets it. */
	CHECK_EQ(ripc_export(&x, 9, RIPC_EXPORT_CARRIED, &id), 0);
	CHECK_EQ(ripc_export_release(&x, id, 0xFFFFFFFFu), 9);
	/* A name's id outlives every RELEASE. */
	CHECK_EQ(ripc_export(&x, 10, RIPC_EXPORT_NAME, &name_id), 0);
	CHECK_EQ(ripc_export(&x, 10, RIPC_EXPORT_CARRIED, &id), 0);
	CHECK_EQ(ripc_export_release(&x, name_id, 1), 0);
	CHECK_EQ(ripc_export_release(&x, name_id, 5), 0);
	CHECK_EQ(ripc_export_handle(&x, name_id, NULL), 10);
	CHECK_EQ(ripc_export_release(&x, 0, 1), -ERR_NOENT);
}

UNIT_TEST(ripc_ids_export_remove_and_bound)
{
	uint64_t next = 1000, id;

	ripc_exports_init(&x, counter, &next);
	for (int h = 1; h <= RIPC_EXPORTS_MAX; h++)
		CHECK_EQ(ripc_export(&x, h, RIPC_EXPORT_CARRIED, &id), 0);
	CHECK_EQ(ripc_export(&x, RIPC_EXPORTS_MAX + 1, RIPC_EXPORT_NAME, &id),
		 -ERR_NOSPC);
	CHECK_EQ(next, 1000 + RIPC_EXPORTS_MAX); /* no id drawn for it */
	/* An existing one may still be carried again when full. */
	CHECK_EQ(ripc_export(&x, 1, RIPC_EXPORT_CARRIED, &id), 0);
	CHECK_EQ(id, 1000);
	/* Its port died: the id to announce DEAD for. */
	CHECK_EQ(ripc_export_remove(&x, 7, &id), 0);
	CHECK_EQ(id, 1006);
	CHECK_EQ(ripc_export_remove(&x, 7, &id), -ERR_NOENT);
	CHECK_EQ(ripc_export_handle(&x, 1006, NULL), -ERR_NOENT);
	CHECK_EQ(ripc_export_release(&x, 1006, 1), -ERR_NOENT);
	CHECK_EQ(ripc_export(&x, RIPC_EXPORTS_MAX + 1, RIPC_EXPORT_NAME, &id),
		 0);
	CHECK_EQ(ripc_export_handle(&x, id, NULL), RIPC_EXPORTS_MAX + 1);
	CHECK_EQ(ripc_exports_count(&x), RIPC_EXPORTS_MAX);
}

UNIT_TEST(ripc_ids_proxies_add_find_reuse_remove)
{
	ripc_proxy_t out;
	const ripc_proxy_t *q;

	ripc_proxies_init(&p);
	CHECK_EQ(ripc_proxy_add(&p, 0, EP_1, 5, 10), -ERR_INVAL);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, 0, 5, 10), -ERR_INVAL);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 0, 10), -ERR_INVAL);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 5, 0), -ERR_INVAL);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 5, -2), -ERR_INVAL);
	CHECK_EQ(ripc_proxies_count(&p), 0);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 5, 10), 0);
	/* The same remote port again, or the same handle: one proxy each. */
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 5, 11), -ERR_EXIST);
	CHECK_EQ(ripc_proxy_add(&p, NODE_C, EP_1, 6, 10), -ERR_EXIST);
	/* Another node, epoch or id is another port. */
	CHECK_EQ(ripc_proxy_add(&p, NODE_C, EP_1, 5, 11), 0);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_2, 5, 12), 0);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 6, 13), 0);
	CHECK_EQ(ripc_proxy_find(&p, NODE_B, EP_1, 5), 10);
	CHECK_EQ(ripc_proxy_find(&p, NODE_C, EP_1, 5), 11);
	CHECK_EQ(ripc_proxy_find(&p, NODE_B, EP_2, 5), 12);
	CHECK_EQ(ripc_proxy_find(&p, NODE_B, EP_1, 6), 13);
	CHECK_EQ(ripc_proxy_find(&p, NODE_C, EP_2, 5), -ERR_NOENT);
	CHECK_EQ(ripc_proxy_find(&p, NODE_B, EP_1, 0), -ERR_NOENT);
	/* Reused twice: received three times in all. */
	CHECK_EQ(ripc_proxy_reuse(&p, NODE_B, EP_1, 5), 10);
	CHECK_EQ(ripc_proxy_reuse(&p, NODE_B, EP_1, 5), 10);
	CHECK_EQ(ripc_proxy_reuse(&p, NODE_B, EP_1, 7), -ERR_NOENT);
	q = ripc_proxy_by_handle(&p, 10);
	CHECK(q != NULL);
	CHECK_EQ(q->received, 3);
	CHECK_EQ(q->node, NODE_B);
	CHECK_EQ(q->epoch, EP_1);
	CHECK_EQ(q->id, 5);
	CHECK(ripc_proxy_by_handle(&p, 14) == NULL);
	CHECK(ripc_proxy_by_handle(&p, 0) == NULL);
	/* No senders left: its RELEASE says 3. */
	CHECK_EQ(ripc_proxy_remove(&p, 10, &out), 0);
	CHECK_EQ(out.received, 3);
	CHECK_EQ(out.id, 5);
	CHECK_EQ(ripc_proxy_remove(&p, 10, &out), -ERR_NOENT);
	CHECK_EQ(ripc_proxy_find(&p, NODE_B, EP_1, 5), -ERR_NOENT);
	CHECK_EQ(ripc_proxy_remove(&p, 11, NULL), 0);
	CHECK_EQ(ripc_proxies_count(&p), 2);
	/* Made again later: counted afresh. */
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 5, 20), 0);
	CHECK_EQ(ripc_proxy_by_handle(&p, 20)->received, 1);
}

UNIT_TEST(ripc_ids_proxies_bound)
{
	ripc_proxies_init(&p);
	for (unsigned i = 1; i <= LV_RIPC_PROXIES_MAX; i++)
		CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, i, (int)i), 0);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 9999, 9999), -ERR_NOSPC);
	CHECK_EQ(ripc_proxy_find(&p, NODE_B, EP_1, 9999), -ERR_NOENT);
	/* A duplicate is told as one even when full. */
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 1, 9999), -ERR_EXIST);
	CHECK_EQ(ripc_proxy_remove(&p, 77, NULL), 0);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, 9999, 9999), 0);
	CHECK_EQ(ripc_proxies_count(&p), LV_RIPC_PROXIES_MAX);
}

UNIT_TEST(ripc_ids_proxies_killed_by_node_and_epoch)
{
	int handles[LV_RIPC_PROXIES_MAX], n, total;

	ripc_proxies_init(&p);
	/* B in epoch 1: handles 1..5; B in epoch 2: 6, 7; C in 1: 8. */
	for (int h = 1; h <= 5; h++)
		CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_1, (uint64_t)h, h), 0);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_2, 1, 6), 0);
	CHECK_EQ(ripc_proxy_add(&p, NODE_B, EP_2, 2, 7), 0);
	CHECK_EQ(ripc_proxy_add(&p, NODE_C, EP_1, 1, 8), 0);
	/* B seen in epoch 1: nothing of epoch 1 dies; epoch 2's do. */
	n = ripc_proxies_peer_epoch(&p, NODE_B, EP_1, handles, 8);
	CHECK_EQ(n, 2);
	CHECK(handles[0] + handles[1] == 6 + 7);
	CHECK_EQ(ripc_proxies_count(&p), 6);
	/* B restarted (epoch 2): epoch 1's five go, two at a time. */
	total = 0;
	for (int round = 0; round < 10; round++) {
		n = ripc_proxies_peer_epoch(&p, NODE_B, EP_2, handles, 2);
		CHECK(n <= 2);
		for (int i = 0; i < n; i++) {
			CHECK(handles[i] >= 1 && handles[i] <= 5);
			CHECK(ripc_proxy_by_handle(&p, handles[i]) == NULL);
			total += handles[i];
		}
		if (!n)
			break;
	}
	CHECK_EQ(total, 1 + 2 + 3 + 4 + 5);
	CHECK_EQ(ripc_proxy_find(&p, NODE_C, EP_1, 1), 8);
	/* Killing exactly C's epoch 1; another epoch of C finds nothing. */
	CHECK_EQ(ripc_proxies_kill(&p, NODE_C, EP_2, handles, 8), 0);
	CHECK_EQ(ripc_proxies_kill(&p, NODE_C, EP_1, handles, 8), 1);
	CHECK_EQ(handles[0], 8);
	CHECK_EQ(ripc_proxies_count(&p), 0);
	CHECK_EQ(ripc_proxies_kill(&p, NODE_C, EP_1, handles, 8), 0);
}
