/* The ARP cache of servers/net/pure_arp.c: learning, lookup and ageing,
 * RFC 826's merge rule, LRU eviction of complete entries only, the
 * pending-packet pool's per-entry and global limits (oldest dropped
 * first; a whole 65535-byte datagram's fragments fit), packets handed back in
 * order after a reply, retries every `retry` ticks and the failure after
 * ARP_TRIES requests, delete and flush by interface. */
#include <string.h>
#include "../../servers/net/pure_arp.h"
#include "uapi/errors.h"
#include "unit.h"

#define TTL 100
#define RETRY 10
#define A 0x0A000002u /* 10.0.0.2 */
#define B 0x0A000003u

static arp_cache_t c; /* big: not on the stack */
static const uint8_t mac1[6] = {0x52, 0x54, 0, 0, 0, 1};
static const uint8_t mac2[6] = {0x52, 0x54, 0, 0, 0, 2};

static int entries(void)
{
	int n = 0;
	for (int i = 0; i < ARP_CACHE_MAX; i++)
		n += c.e[i].ip != 0;
	return n;
}

static int pending(void)
{
	int n = 0;
	for (int i = 0; i < ARP_PENDING_MAX; i++)
		n += c.pending[i].ip != 0;
	return n;
}

/* Queues a 20-byte packet whose bytes are all `tag`. */
static int queue(uint8_t ifindex, uint32_t ip, uint8_t tag, uint64_t now)
{
	uint8_t p[20];
	memset(p, tag, sizeof(p));
	return arp_cache_queue(&c, ifindex, ip, p, sizeof(p), now);
}

/* The tag of the next ready packet of ip (-1: none); *ifindex its
 * interface. */
static int take(uint32_t ip, uint8_t *ifindex)
{
	uint8_t out[ARP_PACKET_MAX];
	size_t len = arp_cache_take_ready(&c, ip, ifindex, out, sizeof(out));
	if (len == 0)
		return -1;
	return len == 20 ? out[0] : -2;
}

UNIT_TEST(net_arp_learn_lookup_expiry)
{
	uint8_t mac[6];

	arp_cache_init(&c, TTL, RETRY);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 0), -ERR_NOENT);
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 1, 0), 0);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 50), 0);
	CHECK(memcmp(mac, mac1, 6) == 0);
	CHECK_EQ(arp_cache_lookup(&c, 2, A, mac, 50), -ERR_NOENT); /* if 2 */
	CHECK_EQ(arp_cache_lookup(&c, 1, B, mac, 50), -ERR_NOENT);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, TTL - 1), 0);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, TTL), -ERR_NOENT);
	CHECK_EQ(entries(), 0); /* the expired entry left */
	/* Not made again by a learn that does not create. */
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 0, TTL), 0);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, TTL), -ERR_NOENT);

	/* Each learn confirms again: the ageing restarts. */
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 1, 200), 0);
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 0, 280), 0);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 379), 0);
	/* A lookup (use) does not confirm. */
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 380), -ERR_NOENT);

	/* The tick expires complete entries too. */
	CHECK_EQ(arp_cache_learn(&c, 1, B, mac2, 1, 400), 0);
	int nf = -1;
	CHECK_EQ(arp_cache_tick(&c, 499, NULL, NULL, 0, NULL, 0, &nf), 0);
	CHECK_EQ(entries(), 1);
	CHECK_EQ(arp_cache_tick(&c, 500, NULL, NULL, 0, NULL, 0, &nf), 0);
	CHECK_EQ(entries(), 0);
	CHECK_EQ(nf, 0); /* expiry is not a failure */
}

UNIT_TEST(net_arp_merge_rule)
{
	uint8_t mac[6];
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t mcast[6] = {0x01, 0x00, 0x5e, 0, 0, 1};

	arp_cache_init(&c, TTL, RETRY);
	/* Not for us, no entry: nothing made. */
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 0, 0), 0);
	CHECK_EQ(entries(), 0);
	/* An entry exists: updated even when not for us (a new MAC). */
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 1, 0), 0);
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac2, 0, 5), 0);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 5), 0);
	CHECK(memcmp(mac, mac2, 6) == 0);
	CHECK_EQ(entries(), 1);
	/* An incomplete entry is completed by any packet from it. */
	CHECK_EQ(queue(1, B, 7, 10), 1);
	CHECK_EQ(arp_cache_lookup(&c, 1, B, mac, 10), -ERR_NOENT);
	CHECK_EQ(arp_cache_learn(&c, 1, B, mac1, 0, 11), 1);
	CHECK_EQ(arp_cache_lookup(&c, 1, B, mac, 11), 0);
	CHECK(memcmp(mac, mac1, 6) == 0);
	/* Never learnt: address 0 (a probe), a broadcast or multicast MAC. */
	CHECK_EQ(arp_cache_learn(&c, 1, 0, mac1, 1, 12), 0);
	CHECK_EQ(arp_cache_learn(&c, 1, 0x0A000009u, bcast, 1, 12), 0);
	CHECK_EQ(arp_cache_learn(&c, 1, 0x0A000009u, mcast, 1, 12), 0);
	CHECK_EQ(arp_cache_learn(&c, 1, A, bcast, 0, 12), 0);
	CHECK_EQ(entries(), 2);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 12), 0);
	CHECK(memcmp(mac, mac2, 6) == 0); /* not overwritten */
}

UNIT_TEST(net_arp_eviction_when_full)
{
	uint8_t mac[6];
	uint32_t base = 0x0A010000u;

	arp_cache_init(&c, 10000, RETRY);
	for (uint32_t i = 0; i < ARP_CACHE_MAX; i++)
		CHECK_EQ(arp_cache_learn(&c, 1, base + i, mac1, 1, i), 0);
	CHECK_EQ(entries(), ARP_CACHE_MAX);
	/* Entry 0 used last; entry 1 is now the least recently used. */
	CHECK_EQ(arp_cache_lookup(&c, 1, base, mac, 100), 0);
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac2, 1, 101), 0);
	CHECK_EQ(entries(), ARP_CACHE_MAX);
	CHECK_EQ(arp_cache_lookup(&c, 1, base + 1, mac, 102), -ERR_NOENT);
	CHECK_EQ(arp_cache_lookup(&c, 1, base, mac, 102), 0);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 102), 0);
	/* A queue makes room the same way: entry 2 goes. */
	CHECK_EQ(queue(1, B, 1, 103), 1);
	CHECK_EQ(arp_cache_lookup(&c, 1, base + 2, mac, 104), -ERR_NOENT);
	CHECK_EQ(arp_cache_lookup(&c, 1, base + 3, mac, 104), 0);
}

UNIT_TEST(net_arp_incomplete_never_evicted)
{
	uint8_t mac[6];
	uint32_t base = 0x0A020000u;

	arp_cache_init(&c, 10000, 10000);
	/* One complete entry, the rest incomplete (waiting). */
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 1, 0), 0);
	for (uint32_t i = 1; i < ARP_CACHE_MAX; i++)
		CHECK_EQ(queue(1, base + i, 1, i), 1);
	CHECK_EQ(entries(), ARP_CACHE_MAX);
	/* The complete one makes room, although used more recently than
	 * every incomplete entry was made. */
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 500), 0);
	CHECK_EQ(arp_cache_learn(&c, 1, B, mac2, 1, 501), 0);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 502), -ERR_NOENT);
	CHECK_EQ(arp_cache_lookup(&c, 1, B, mac, 502), 0);
	/* Make B incomplete-only too: drop it, queue for a new address. */
	CHECK_EQ(arp_cache_delete(&c, B), 0);
	CHECK_EQ(queue(1, base, 1, 503), 1);
	/* All incomplete: nothing evicted, nothing learnt, queue refused. */
	uint32_t dropped = c.dropped;
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 1, 504), 0);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 504), -ERR_NOENT);
	CHECK_EQ(queue(1, A, 9, 505), -ERR_NOSPC);
	CHECK_EQ(c.dropped, dropped + 1);
	for (uint32_t i = 0; i < ARP_CACHE_MAX; i++) {
		CHECK(c.e[i].ip != A);
		CHECK(!c.e[i].complete);
	}
}

UNIT_TEST(net_arp_pending_limits_oldest_first)
{
	uint8_t ifindex;

	arp_cache_init(&c, TTL, RETRY);
	/* Bad packets: refused, nothing made. */
	uint8_t big[ARP_PACKET_MAX + 1] = {0};
	CHECK_EQ(arp_cache_queue(&c, 1, A, big, sizeof(big), 0), -ERR_INVAL);
	CHECK_EQ(arp_cache_queue(&c, 1, A, big, 0, 0), -ERR_INVAL);
	CHECK_EQ(arp_cache_queue(&c, 1, 0, big, 20, 0), -ERR_INVAL);
	CHECK_EQ(entries(), 0);
	CHECK_EQ(pending(), 0);
	CHECK_EQ(arp_cache_queue(&c, 1, A, big, ARP_PACKET_MAX, 0), 1);
	CHECK_EQ(arp_cache_delete(&c, A), 0);
	CHECK_EQ(c.dropped, 1);

	/* Per entry: the fifth packet pushes out the first. */
	arp_cache_init(&c, TTL, RETRY);
	CHECK_EQ(queue(1, A, 0, 0), 1);
	for (int i = 1; i <= ARP_PENDING_PER_ENTRY; i++)
		CHECK_EQ(queue(1, A, (uint8_t)i, 0), 0); /* same tick */
	CHECK_EQ(c.dropped, 1);
	CHECK_EQ(pending(), ARP_PENDING_PER_ENTRY);
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 0, 1), ARP_PENDING_PER_ENTRY);
	for (int i = 1; i <= ARP_PENDING_PER_ENTRY; i++)
		CHECK_EQ(take(A, &ifindex), i);
	CHECK_EQ(take(A, &ifindex), -1);
	CHECK_EQ(pending(), 0);

	/* Global: the pool full (A's per, A+1's the rest), a new packet
	 * pushes out the pool's oldest (A's first). */
	arp_cache_init(&c, TTL, RETRY);
	int per = ARP_PENDING_PER_ENTRY, rest = ARP_PENDING_MAX - per;
	for (int i = 0; i < ARP_PENDING_MAX; i++) {
		int e = i / per, k = i % per;
		CHECK_EQ(queue(1, A + (uint32_t)e, (uint8_t)(e * 100 + k),
			       (uint64_t)i),
			 k == 0 ? 1 : 0);
	}
	CHECK_EQ(pending(), ARP_PENDING_MAX);
	CHECK_EQ(c.dropped, 0);
	uint32_t other = A + 0x100;
	CHECK_EQ(queue(1, other, 0xEE, 1000), 1);
	CHECK_EQ(c.dropped, 1);
	CHECK_EQ(pending(), ARP_PENDING_MAX);
	/* A lost its first packet (tag 0), nobody else anything. */
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 0, 1001), per - 1);
	CHECK_EQ(take(A, &ifindex), 1);
	CHECK_EQ(arp_cache_learn(&c, 1, A + 1, mac1, 0, 1001), rest);
	CHECK_EQ(take(A + 1, &ifindex), 100);
	CHECK_EQ(arp_cache_learn(&c, 1, other, mac2, 0, 1001), 1);
	CHECK_EQ(take(other, &ifindex), 0xEE);
}

/* Trial 14, finding 2: the fragments of the largest datagram (65535 bytes
 * over a 1500-byte MTU: 45) all wait for one resolution, none dropped,
 * and come back in order. */
UNIT_TEST(net_arp_pending_holds_a_whole_datagram)
{
	uint8_t ifindex;
	int frags = (65535 - 20 + 1479) / 1480;

	CHECK(ARP_PENDING_PER_ENTRY >= frags);
	arp_cache_init(&c, TTL, RETRY);
	for (int i = 0; i < frags; i++)
		CHECK_EQ(queue(1, A, (uint8_t)i, 0), i == 0 ? 1 : 0);
	CHECK_EQ(c.dropped, 0);
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 0, 1), frags);
	for (int i = 0; i < frags; i++)
		CHECK_EQ(take(A, &ifindex), i);
	CHECK_EQ(take(A, &ifindex), -1);
}

UNIT_TEST(net_arp_take_ready_after_learn)
{
	uint8_t ifindex = 0, out[8];

	arp_cache_init(&c, TTL, RETRY);
	CHECK_EQ(queue(2, A, 0x11, 0), 1);
	CHECK_EQ(queue(2, A, 0x12, 1), 0);
	CHECK_EQ(queue(2, B, 0x21, 1), 1);
	CHECK_EQ(take(A, &ifindex), -1); /* not resolved yet */
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 0, 2), 0); /* other if */
	CHECK_EQ(take(A, &ifindex), -1);
	CHECK_EQ(arp_cache_learn(&c, 2, A, mac1, 1, 3), 2);
	CHECK_EQ(take(B, &ifindex), -1); /* B still waits */
	CHECK_EQ(take(A, &ifindex), 0x11);
	CHECK_EQ(ifindex, 2);
	CHECK_EQ(take(A, &ifindex), 0x12);
	CHECK_EQ(take(A, &ifindex), -1);
	CHECK_EQ(pending(), 1);
	/* A buffer too small: the packet is dropped, not cut. */
	CHECK_EQ(arp_cache_learn(&c, 2, B, mac2, 0, 4), 1);
	uint32_t dropped = c.dropped;
	CHECK_EQ(arp_cache_take_ready(&c, B, &ifindex, out, sizeof(out)), 0);
	CHECK_EQ(c.dropped, dropped + 1);
	CHECK_EQ(pending(), 0);
	CHECK_EQ(arp_cache_take_ready(&c, 0, &ifindex, out, sizeof(out)), 0);
	/* Queued to an entry already complete: ready at once. */
	CHECK_EQ(queue(2, A, 0x13, 5), 0);
	CHECK_EQ(take(A, &ifindex), 0x13);
	/* Queued to an expired one: asked again. */
	CHECK_EQ(queue(2, A, 0x14, 3 + TTL), 1);
	CHECK_EQ(take(A, &ifindex), -1);
}

UNIT_TEST(net_arp_tick_retries_then_fails)
{
	uint32_t ask[4], failed[4];
	uint8_t ask_if[4], mac[6];
	int nf = -1, requests = 1; /* the queue's */

	arp_cache_init(&c, TTL, RETRY);
	CHECK_EQ(queue(3, A, 1, 0), 1);
	CHECK_EQ(queue(3, A, 2, 0), 0);
	CHECK_EQ(queue(3, A, 3, 1), 0);
	uint64_t t;
	for (t = 1; t < (uint64_t)ARP_TRIES * RETRY; t++) {
		int n = arp_cache_tick(&c, t, ask, ask_if, 4, failed, 4, &nf);
		CHECK_EQ(nf, 0);
		if (t % RETRY) {
			CHECK_EQ(n, 0);
			continue;
		}
		CHECK_EQ(n, 1);
		CHECK_EQ(ask[0], A);
		CHECK_EQ(ask_if[0], 3);
		requests++;
	}
	CHECK_EQ(requests, ARP_TRIES);
	CHECK_EQ(c.dropped, 0);
	CHECK_EQ(arp_cache_tick(&c, t, ask, ask_if, 4, failed, 4, &nf), 0);
	CHECK_EQ(nf, 1);
	CHECK_EQ(failed[0], A);
	CHECK_EQ(c.dropped, 3);
	CHECK_EQ(entries(), 0);
	CHECK_EQ(pending(), 0);
	CHECK_EQ(arp_cache_lookup(&c, 3, A, mac, t), -ERR_NOENT);
	/* Asked again from scratch afterwards. */
	CHECK_EQ(queue(3, A, 4, t), 1);

	/* An answer stops the asking. */
	arp_cache_init(&c, TTL, RETRY);
	CHECK_EQ(queue(1, A, 1, 0), 1);
	CHECK_EQ(arp_cache_tick(&c, RETRY, ask, ask_if, 4, failed, 4, &nf), 1);
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 0, RETRY + 1), 1);
	for (t = RETRY; t < 10 * RETRY; t++)
		CHECK_EQ(arp_cache_tick(&c, t, ask, ask_if, 4, failed, 4, &nf),
			 0);
	CHECK_EQ(nf, 0);
	CHECK_EQ(take(A, ask_if), 1);
}

UNIT_TEST(net_arp_tick_full_arrays_wait)
{
	uint32_t ask[1], failed[1];
	uint8_t ask_if[1];
	int nf = -1;

	arp_cache_init(&c, TTL, RETRY);
	CHECK_EQ(queue(1, A, 1, 0), 1);
	CHECK_EQ(queue(1, B, 2, 0), 1);
	/* Room for one address: the other is asked at the next tick. */
	CHECK_EQ(arp_cache_tick(&c, RETRY, ask, ask_if, 1, failed, 1, &nf), 1);
	uint32_t first = ask[0];
	CHECK_EQ(arp_cache_tick(&c, RETRY, ask, ask_if, 1, failed, 1, &nf), 1);
	CHECK(ask[0] != first && (ask[0] == A || ask[0] == B));
	CHECK_EQ(arp_cache_tick(&c, RETRY, ask, ask_if, 1, failed, 1, &nf), 0);
	/* Both fail: one reported now, the other at the next tick. */
	for (int k = 2; k < ARP_TRIES; k++) {
		CHECK_EQ(arp_cache_tick(&c, (uint64_t)k * RETRY, ask, ask_if, 1,
					failed, 1, &nf),
			 1);
		CHECK_EQ(arp_cache_tick(&c, (uint64_t)k * RETRY, ask, ask_if, 1,
					failed, 1, &nf),
			 1);
	}
	uint64_t t = (uint64_t)ARP_TRIES * RETRY;
	CHECK_EQ(arp_cache_tick(&c, t, ask, ask_if, 1, failed, 1, &nf), 0);
	CHECK_EQ(nf, 1);
	first = failed[0];
	CHECK_EQ(entries(), 1);
	CHECK_EQ(arp_cache_tick(&c, t, ask, ask_if, 1, failed, 1, &nf), 0);
	CHECK_EQ(nf, 1);
	CHECK(failed[0] != first && (failed[0] == A || failed[0] == B));
	CHECK_EQ(entries(), 0);
	CHECK_EQ(c.dropped, 2);

	/* max_failed 0: failures not reported, the entry still removed. */
	arp_cache_init(&c, TTL, RETRY);
	CHECK_EQ(queue(1, A, 1, 0), 1);
	for (int k = 1; k <= ARP_TRIES; k++)
		arp_cache_tick(&c, (uint64_t)k * RETRY, ask, ask_if, 1, NULL, 0,
			       &nf);
	CHECK_EQ(nf, 0);
	CHECK_EQ(entries(), 0);
	CHECK_EQ(c.dropped, 1);
}

UNIT_TEST(net_arp_delete)
{
	uint8_t mac[6];

	arp_cache_init(&c, TTL, RETRY);
	CHECK_EQ(arp_cache_delete(&c, A), -ERR_NOENT);
	CHECK_EQ(arp_cache_delete(&c, 0), -ERR_NOENT);
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 1, 0), 0);
	CHECK_EQ(arp_cache_learn(&c, 2, A, mac2, 1, 0), 0);
	CHECK_EQ(arp_cache_learn(&c, 1, B, mac2, 1, 0), 0);
	CHECK_EQ(arp_cache_delete(&c, A), 0); /* on both interfaces */
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 1), -ERR_NOENT);
	CHECK_EQ(arp_cache_lookup(&c, 2, A, mac, 1), -ERR_NOENT);
	CHECK_EQ(arp_cache_lookup(&c, 1, B, mac, 1), 0);
	CHECK_EQ(arp_cache_delete(&c, A), -ERR_NOENT);
	/* An incomplete entry: its packets go with it. */
	CHECK_EQ(queue(1, A, 1, 2), 1);
	CHECK_EQ(queue(1, A, 2, 2), 0);
	CHECK_EQ(arp_cache_delete(&c, A), 0);
	CHECK_EQ(c.dropped, 2);
	CHECK_EQ(pending(), 0);
	CHECK_EQ(entries(), 1);
}

UNIT_TEST(net_arp_flush_if)
{
	uint8_t mac[6], ifindex;

	arp_cache_init(&c, TTL, RETRY);
	CHECK_EQ(arp_cache_learn(&c, 1, A, mac1, 1, 0), 0);
	CHECK_EQ(arp_cache_learn(&c, 2, A, mac2, 1, 0), 0);
	CHECK_EQ(queue(1, B, 1, 0), 1);
	CHECK_EQ(queue(2, B, 2, 0), 1);
	arp_cache_flush_if(&c, 1);
	CHECK_EQ(arp_cache_lookup(&c, 1, A, mac, 1), -ERR_NOENT);
	CHECK_EQ(arp_cache_lookup(&c, 2, A, mac, 1), 0);
	CHECK(memcmp(mac, mac2, 6) == 0);
	CHECK_EQ(c.dropped, 1);
	CHECK_EQ(entries(), 2);
	CHECK_EQ(pending(), 1);
	/* Interface 2's packet for B is still there and still waits. */
	CHECK_EQ(arp_cache_learn(&c, 2, B, mac1, 0, 2), 1);
	CHECK_EQ(take(B, &ifindex), 2);
	CHECK_EQ(ifindex, 2);
	arp_cache_flush_if(&c, 2);
	CHECK_EQ(entries(), 0);
	arp_cache_flush_if(&c, 3); /* nothing there: nothing happens */
	CHECK_EQ(c.dropped, 1);
}

/* RFC 5227 2.4 (b): one defence per interval; the conflicts after it are
 * counted, logged once, never answered; a new address starts afresh. */
UNIT_TEST(net_arp_defend_once_per_interval)
{
	arp_defence_t d;
	const int both = ARP_CONFLICT_DEFEND | ARP_CONFLICT_LOG;

	memset(&d, 0, sizeof(d));
	CHECK_EQ(arp_conflict(&d, A, 5, 100), both);
	CHECK_EQ(arp_conflict(&d, A, 6, 100), ARP_CONFLICT_LOG);
	CHECK_EQ(d.conflicts, 1u);
	for (uint64_t t = 7; t < 105; t++) /* a storm: neither */
		CHECK_EQ(arp_conflict(&d, A, t, 100), 0);
	CHECK_EQ(d.conflicts, 99u);
	CHECK_EQ(arp_conflict(&d, A, 105, 100), both); /* interval over */
	CHECK_EQ(d.conflicts, 0u);
	CHECK_EQ(arp_conflict(&d, A, 106, 100), ARP_CONFLICT_LOG);
	/* Another address of ours: defended at once. */
	CHECK_EQ(arp_conflict(&d, B, 107, 100), both);
	/* At tick 0 (the first tick) too. */
	memset(&d, 0, sizeof(d));
	CHECK_EQ(arp_conflict(&d, A, 0, 100), both);
	CHECK_EQ(arp_conflict(&d, A, 0, 100), ARP_CONFLICT_LOG);
	CHECK_EQ(arp_conflict(&d, A, 99, 100), 0);
}
