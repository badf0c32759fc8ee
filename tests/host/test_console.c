/* The console server's pure logic (servers/console/pure_*.c): the input
 * ring (order, wrap-around, full ring drops and counts, peek without taking)
 * and the queue of waiting readers (order, capacity, wrap-around). */
#include <string.h>
#include "uapi/errors.h"
#include "unit.h"
#include "../../servers/console/pure_readq.h"
#include "../../servers/console/pure_ring.h"

static con_ring_t ring;
static con_readq_t readq;

UNIT_TEST(con_ring_order_and_peek)
{
	uint8_t out[8];
	con_ring_init(&ring);
	CHECK_EQ(con_ring_peek(&ring, out, sizeof(out)), 0);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(con_ring_put(&ring, (uint8_t)('a' + i)), 0);
	CHECK_EQ(con_ring_count(&ring), 5);
	CHECK_EQ(con_ring_peek(&ring, out, 3), 3);
	CHECK(memcmp(out, "abc", 3) == 0);
	CHECK_EQ(con_ring_count(&ring), 5); /* peeking takes nothing */
	con_ring_consume(&ring, 2);
	CHECK_EQ(con_ring_peek(&ring, out, sizeof(out)), 3);
	CHECK(memcmp(out, "cde", 3) == 0);
	con_ring_consume(&ring, 10); /* more than there is: all */
	CHECK_EQ(con_ring_count(&ring), 0);
}

UNIT_TEST(con_ring_full_drops)
{
	uint8_t out[4];
	con_ring_init(&ring);
	for (uint32_t i = 0; i < CON_RING_SIZE; i++)
		CHECK_EQ(con_ring_put(&ring, (uint8_t)i), 0);
	CHECK_EQ(con_ring_put(&ring, 0xEE), -ERR_NOSPC);
	CHECK_EQ(con_ring_put(&ring, 0xEE), -ERR_NOSPC);
	CHECK_EQ(ring.dropped, 2);
	CHECK_EQ(con_ring_count(&ring), CON_RING_SIZE);
	con_ring_consume(&ring, CON_RING_SIZE - 2);
	CHECK_EQ(con_ring_put(&ring, 0x11), 0); /* wraps to the start */
	CHECK_EQ(con_ring_peek(&ring, out, sizeof(out)), 3);
	CHECK_EQ(out[0], (uint8_t)(CON_RING_SIZE - 2));
	CHECK_EQ(out[1], (uint8_t)(CON_RING_SIZE - 1));
	CHECK_EQ(out[2], 0x11);
}

UNIT_TEST(con_ring_counters_wrap)
{
	uint8_t out[2];
	con_ring_init(&ring);
	ring.head = ring.tail = 0xFFFFFFFFu; /* the free-running counters */
	CHECK_EQ(con_ring_put(&ring, 'x'), 0);
	CHECK_EQ(con_ring_put(&ring, 'y'), 0);
	CHECK_EQ(con_ring_count(&ring), 2);
	CHECK_EQ(con_ring_peek(&ring, out, 2), 2);
	CHECK(out[0] == 'x' && out[1] == 'y');
}

UNIT_TEST(con_readq_order_and_capacity)
{
	con_readq_init(&readq);
	CHECK(con_readq_first(&readq) == NULL);
	for (uint32_t round = 0; round < 3; round++) {
		for (uint32_t i = 0; i < CON_READERS_MAX; i++)
			CHECK_EQ(con_readq_push(&readq, (int)(100 + i), i + 1,
						(int)i),
				 0);
		CHECK_EQ(con_readq_push(&readq, 999, 1, 99), -ERR_BUSY);
		for (uint32_t i = 0; i < CON_READERS_MAX; i++) {
			con_reader_t *r = con_readq_first(&readq);
			CHECK(r != NULL);
			CHECK_EQ(r->reply, 100 + i);
			CHECK_EQ(r->max, i + 1);
			con_readq_pop(&readq);
		}
		CHECK(con_readq_first(&readq) == NULL);
		con_readq_pop(&readq); /* on empty: nothing */
		CHECK_EQ(con_readq_push(&readq, 7, 1, 1),
			 0); /* shifts the start */
		con_readq_pop(&readq);
	}
}

static int keep_odd(int reply, void *ctx)
{
	(*(int *)ctx)++;
	return reply & 1;
}

/* One client may hold CON_READERS_PER_CLIENT places; pruning keeps the
 * order of those left and frees the places of the others. */
UNIT_TEST(con_readq_per_client_and_prune)
{
	int asked = 0;
	con_readq_init(&readq);
	con_readq_push(&readq, 50, 1, 3); /* a first one: the start moves */
	con_readq_pop(&readq);
	for (uint32_t i = 0; i < CON_READERS_PER_CLIENT; i++)
		CHECK_EQ(con_readq_push(&readq, (int)i, 1, 7), 0);
	CHECK_EQ(con_readq_push(&readq, 9, 1, 7), -ERR_NOSPC);
	CHECK_EQ(con_readq_push(&readq, 11, 1, 8), 0);
	con_readq_prune(&readq, keep_odd, &asked);
	CHECK_EQ(asked, (int)CON_READERS_PER_CLIENT + 1);
	CHECK_EQ(readq.count, 3); /* 1, 3, 11 */
	CHECK_EQ(con_readq_first(&readq)->reply, 1);
	con_readq_pop(&readq);
	CHECK_EQ(con_readq_first(&readq)->reply, 3);
	con_readq_pop(&readq);
	CHECK_EQ(con_readq_first(&readq)->reply, 11);
	CHECK_EQ(con_readq_push(&readq, 13, 1, 7), 0); /* 7's places freed */
	CHECK_EQ(con_readq_push(&readq, 15, 1, 7), 0);
}
