/* IPv4 reassembly and fragmentation (servers/net/pure_reasm.c): fragments
 * in order, reversed and shuffled; duplicates; overlaps with the same and
 * with different bytes; last fragments that disagree; 65535; the limits of
 * fragments, slots and bytes; time-outs with and without the first
 * fragment's quote; and the memory given back after every drop. The views
 * are built by hand (no pure_wire.c), as ipv4_parse would fill them. */
#include <stdlib.h>
#include <string.h>
#include <lavender/net_proto.h>
#include "../../servers/net/pure_reasm.h"
#include "unit.h"

#define SRC 0x0A000001u
#define DST 0x0A000002u
#define TIMEOUT 3000u
#define DROP (-LV_NET_DROP_REASM)

/* The allocator: counts the buffers alive; fail_grow makes it refuse. */
static int live, fail_grow;
static void *t_grow(void *old, size_t n)
{
	if (fail_grow)
		return NULL;
	void *p = realloc(old, n);
	if (p && !old)
		live++;
	return p;
}
static void t_release(void *p)
{
	live--;
	free(p);
}

static reasm_t r;
static uint8_t data[IPV4_TOTAL_MAX + 8]; /* past the end: ping of death */
/* One header buffer per fragment made, so a kept view's header stays. */
static uint8_t headers[256][IPV4_HLEN_MAX];
static unsigned nheaders;

static void reset(void)
{
	reasm_free_all(&r);
	reasm_init(&r, TIMEOUT, t_grow, t_release);
	live = fail_grow = 0;
	nheaders = 0;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7u + (i >> 8) + 3u);
}

/* n bytes of v, network order. */
static void put_be(uint8_t *p, uint32_t v, unsigned n)
{
	while (n--) {
		p[n] = (uint8_t)v;
		v >>= 8;
	}
}

/* The fragment [off, off + len) of datagram id taken from payload, with an
 * IP header of hlen bytes written as it would have come. */
static ipv4_view_t frag_h(const uint8_t *payload, unsigned off, size_t len,
			  int more, uint16_t id, unsigned hlen)
{
	ipv4_view_t v = {0};
	uint8_t *h = headers[nheaders++ % 256];
	memset(h, 1, IPV4_HLEN_MAX); /* options: NOPs */
	v.ihl_bytes = (uint8_t)hlen;
	v.ttl = 64;
	v.proto = IP_PROTO_UDP;
	v.id = id;
	v.src = SRC;
	v.dst = DST;
	v.frag_off = (uint16_t)((off / 8) | (more ? IPV4_MF : 0));
	v.total = (uint16_t)(hlen + len);
	v.header = h;
	v.payload = payload + off;
	v.len = len;
	h[0] = (uint8_t)(0x40 | (hlen / 4));
	h[1] = 0;
	put_be(h + 2, v.total, 2);
	put_be(h + 4, id, 2);
	put_be(h + 6, v.frag_off, 2);
	h[8] = v.ttl;
	h[9] = v.proto;
	put_be(h + 10, 0, 2);
	put_be(h + 12, SRC, 4);
	put_be(h + 16, DST, 4);
	return v;
}

static ipv4_view_t frag(unsigned off, size_t len, int more, uint16_t id)
{
	return frag_h(data, off, len, more, id, IPV4_HLEN);
}

static const uint8_t *out;
static size_t out_len;

static int add(ipv4_view_t v, uint64_t now)
{
	out = NULL;
	out_len = 0;
	return reasm_add(&r, &v, now, &out, &out_len);
}

/* Cuts a len-byte datagram for mtu as the sender does (ipv4_frag_count
 * and ipv4_frag_field) into views[]; returns how many. */
static unsigned cut(ipv4_view_t *views, size_t len, unsigned mtu, uint16_t id)
{
	size_t fd;
	unsigned n = ipv4_frag_count(len, mtu, &fd);
	for (unsigned i = 0; i < n; i++) {
		uint16_t field = ipv4_frag_field(i, n, fd);
		unsigned off = (field & IPV4_OFFSET_MASK) * 8u;
		size_t piece = len - off < fd ? len - off : fd;
		views[i] = frag(off, piece, (field & IPV4_MF) != 0, id);
	}
	return n;
}

/* Feeds views in the order given by order[]: every add but the last holds,
 * the last completes with the whole datagram. */
static void feed_in_order(const ipv4_view_t *views, const unsigned *order,
			  unsigned n, size_t len)
{
	for (unsigned i = 0; i + 1 < n; i++)
		CHECK_EQ(add(views[order[i]], 10), 0);
	CHECK_EQ(add(views[order[n - 1]], 10), 1);
	CHECK_EQ(out_len, len);
	CHECK(memcmp(out, data, len) == 0);
	CHECK_EQ(r.completed, 1);
	CHECK_EQ(r.dropped, 0);
	CHECK_EQ(live, 1); /* lent until the next call */
	reasm_free_all(&r);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
}

UNIT_TEST(reasm_in_order_reverse_shuffled)
{
	ipv4_view_t v[64];
	unsigned order[64], n;
	reset();
	n = cut(v, 8000, 1500, 1);
	CHECK_EQ(n, 6);
	for (unsigned i = 0; i < n; i++)
		order[i] = i;
	feed_in_order(v, order, n, 8000);
	if (unit_failures())
		return;
	reset();
	for (unsigned i = 0; i < n; i++)
		order[i] = n - 1 - i;
	feed_in_order(v, order, n, 8000);
	if (unit_failures())
		return;
	/* Shuffles of a 39-piece datagram (mtu 576), several seeds. */
	for (uint32_t seed = 1; seed <= 50; seed++) {
		reset();
		n = cut(v, 21000, 576, (uint16_t)seed);
		CHECK_EQ(n, 39);
		for (unsigned i = 0; i < n; i++)
			order[i] = i;
		uint32_t x = seed * 2654435761u;
		for (unsigned i = n - 1; i > 0; i--) {
			x = x * 1664525u + 1013904223u;
			unsigned j = (x >> 8) % (i + 1), t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		feed_in_order(v, order, n, 21000);
		if (unit_failures())
			return;
	}
}

UNIT_TEST(reasm_lent_until_next_add)
{
	reset();
	CHECK_EQ(add(frag(0, 8, 1, 5), 0), 0);
	CHECK_EQ(add(frag(8, 3, 0, 5), 0), 1);
	CHECK_EQ(out_len, 11);
	CHECK(memcmp(out, data, 11) == 0);
	CHECK_EQ(live, 1);
	CHECK_EQ(r.bytes, 11);
	/* Any next add gives the buffer back, even one that is dropped. */
	CHECK_EQ(add(frag(0, 7, 1, 6), 0), DROP);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
}

UNIT_TEST(reasm_not_a_fragment_comes_back)
{
	reset();
	CHECK_EQ(add(frag(0, 100, 0, 9), 0), 1);
	CHECK(out == data);
	CHECK_EQ(out_len, 100);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.completed, 0);
}

UNIT_TEST(reasm_duplicates_ignored)
{
	reset();
	CHECK_EQ(add(frag(0, 16, 1, 2), 0), 0);
	CHECK_EQ(add(frag(0, 16, 1, 2), 0), 0);
	CHECK_EQ(add(frag(32, 5, 0, 2), 0), 0);
	CHECK_EQ(add(frag(32, 5, 0, 2), 0), 0); /* the last again: agrees */
	CHECK_EQ(add(frag(0, 16, 1, 2), 0), 0);
	CHECK_EQ(r.s[0].nranges, 2); /* duplicates are not counted */
	CHECK_EQ(add(frag(16, 16, 1, 2), 0), 1);
	CHECK_EQ(out_len, 37);
	CHECK(memcmp(out, data, 37) == 0);
	CHECK_EQ(r.dropped, 0);
	reasm_free_all(&r);
	CHECK_EQ(live, 0);
}

UNIT_TEST(reasm_overlap_same_bytes_kept)
{
	reset();
	CHECK_EQ(add(frag(0, 16, 1, 3), 0), 0);
	CHECK_EQ(add(frag(8, 16, 1, 3), 0), 0);	 /* [8, 16) again */
	CHECK_EQ(add(frag(16, 16, 1, 3), 0), 0); /* [16, 24) again */
	CHECK_EQ(add(frag(40, 4, 0, 3), 0), 0);
	CHECK_EQ(add(frag(32, 8, 1, 3), 0), 1);
	CHECK_EQ(out_len, 44);
	CHECK(memcmp(out, data, 44) == 0);
	CHECK_EQ(r.dropped, 0);
}

UNIT_TEST(reasm_overlap_different_bytes_drops_datagram)
{
	static uint8_t other[64];
	reset();
	memcpy(other, data, sizeof(other));
	other[12] ^= 0xFF; /* inside [8, 24), where [0, 16) overlaps */
	CHECK_EQ(add(frag(0, 16, 1, 4), 0), 0);
	CHECK_EQ(live, 1);
	CHECK_EQ(add(frag_h(other, 8, 16, 1, 4, IPV4_HLEN), 0), DROP);
	CHECK_EQ(r.dropped, 1);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
	CHECK(!r.s[0].used);
	/* What follows starts a new datagram that cannot complete alone. */
	CHECK_EQ(add(frag(24, 8, 0, 4), 0), 0);
	CHECK_EQ(add(frag_h(other, 0, 16, 1, 4, IPV4_HLEN), 0), 0);
	/* A fragment wholly inside held bytes (it looks like a duplicate)
	 * that differs drops the datagram too. */
	CHECK_EQ(add(frag(8, 8, 1, 4), 0), DROP);
	CHECK_EQ(r.dropped, 2);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.completed, 0);
}

UNIT_TEST(reasm_last_fragments_disagree)
{
	reset();
	/* A second last fragment with another end. */
	CHECK_EQ(add(frag(0, 8, 1, 7), 0), 0);
	CHECK_EQ(add(frag(16, 8, 0, 7), 0), 0);
	CHECK_EQ(add(frag(24, 8, 0, 7), 0), DROP);
	CHECK_EQ(live, 0);
	/* A last fragment ending before bytes already held. */
	CHECK_EQ(add(frag(16, 8, 1, 8), 0), 0);
	CHECK_EQ(add(frag(8, 4, 0, 8), 0), DROP);
	CHECK_EQ(live, 0);
	/* A fragment past the last one's end. */
	CHECK_EQ(add(frag(8, 4, 0, 9), 0), 0);
	CHECK_EQ(add(frag(8, 8, 1, 9), 0), DROP);
	CHECK_EQ(live, 0);
	/* A fragment ending exactly where the last ends, MF set, is fine. */
	CHECK_EQ(add(frag(16, 8, 0, 10), 0), 0);
	CHECK_EQ(add(frag(8, 16, 1, 10), 0), 0);
	CHECK_EQ(add(frag(0, 8, 1, 10), 0), 1);
	CHECK_EQ(out_len, 24);
	CHECK_EQ(r.dropped, 3);
	CHECK_EQ(r.completed, 1);
}

UNIT_TEST(reasm_65535)
{
	reset();
	/* The largest datagram: 20 + 65515 bytes. */
	CHECK_EQ(add(frag(32760, 65515 - 32760, 0, 11), 0), 0);
	CHECK_EQ(add(frag(0, 32760, 1, 11), 0), 1);
	CHECK_EQ(out_len, 65515);
	CHECK(memcmp(out, data, 65515) == 0);
	/* One byte more (the ping of death's trick: the last offset). */
	CHECK_EQ(add(frag(0, 8, 1, 12), 0), 0);
	CHECK_EQ(live, 1);
	CHECK_EQ(add(frag(8191 * 8, 8, 0, 12), 0), DROP);
	CHECK_EQ(live, 0);
	CHECK_EQ(add(frag(65512, 4, 0, 13), 0), DROP);
	CHECK_EQ(live, 0);
	/* With a 40-byte first header 65515 bytes of payload are too many,
	 * whichever comes first. */
	CHECK_EQ(add(frag(32760, 65515 - 32760, 0, 14), 0), 0);
	CHECK_EQ(add(frag_h(data, 0, 32760, 1, 14, 40), 0), DROP);
	CHECK_EQ(add(frag_h(data, 0, 32760, 1, 15, 40), 0), 0);
	CHECK_EQ(add(frag(32760, 65515 - 32760, 0, 15), 0), DROP);
	CHECK_EQ(add(frag(32760, 65495 - 32760, 0, 16), 0), 0);
	CHECK_EQ(add(frag_h(data, 0, 32760, 1, 16, 40), 0), 1);
	CHECK_EQ(out_len, 65495);
	CHECK_EQ(r.dropped, 4);
	reasm_free_all(&r);
	CHECK_EQ(live, 0);
}

UNIT_TEST(reasm_too_many_fragments)
{
	reset();
	/* REASM_FRAGS_MAX fragments complete a datagram... */
	for (unsigned i = 0; i + 1 < REASM_FRAGS_MAX; i++)
		CHECK_EQ(add(frag(i * 8, 8, 1, 20), 0), 0);
	CHECK_EQ(add(frag((REASM_FRAGS_MAX - 1) * 8, 8, 0, 20), 0), 1);
	CHECK_EQ(out_len, REASM_FRAGS_MAX * 8);
	/* ...one more drops it (and a duplicate is not one more). */
	for (unsigned i = 0; i < REASM_FRAGS_MAX; i++)
		CHECK_EQ(add(frag(i * 8, 8, 1, 21), 0), 0);
	CHECK_EQ(add(frag(0, 8, 1, 21), 0), 0);
	CHECK_EQ(add(frag(REASM_FRAGS_MAX * 8, 8, 0, 21), 0), DROP);
	CHECK_EQ(r.dropped, 1);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
}

UNIT_TEST(reasm_slots_full_drops_the_new_one)
{
	reset();
	for (uint16_t id = 0; id < REASM_SLOTS; id++)
		CHECK_EQ(add(frag(0, 8, 1, (uint16_t)(100 + id)), 0), 0);
	CHECK_EQ(live, REASM_SLOTS);
	CHECK_EQ(add(frag(0, 8, 1, 200), 0), DROP);
	CHECK_EQ(add(frag(8, 8, 0, 200), 0), DROP);
	CHECK_EQ(r.dropped, 2);
	CHECK_EQ(live, REASM_SLOTS);
	/* Another source or protocol with a held id is another datagram. */
	ipv4_view_t v = frag(0, 8, 1, 100);
	v.src++;
	CHECK_EQ(add(v, 0), DROP);
	v = frag(8, 8, 0, 100);
	v.proto = IP_PROTO_ICMP;
	CHECK_EQ(add(v, 0), DROP);
	/* The datagrams in progress still complete, and free their slot. */
	CHECK_EQ(add(frag(8, 1, 0, 103), 0), 1);
	CHECK_EQ(out_len, 9);
	CHECK_EQ(add(frag(0, 8, 1, 200), 0), 0);
	CHECK_EQ(add(frag(8, 8, 0, 200), 0), 1);
	CHECK_EQ(out_len, 16);
	CHECK(memcmp(out, data, 16) == 0);
	reasm_free_all(&r);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
}

UNIT_TEST(reasm_bytes_limit)
{
	const unsigned far = 60000; /* each buffer grows to far + 8 */
	const unsigned fit = REASM_BYTES_MAX / (far + 8);
	reset();
	CHECK(fit < REASM_SLOTS);
	for (unsigned i = 0; i < fit; i++)
		CHECK_EQ(add(frag(far, 8, 1, (uint16_t)(300 + i)), 0), 0);
	CHECK_EQ(r.bytes, fit * (far + 8));
	CHECK_EQ(live, fit);
	/* The next datagram would pass the limit: dropped, nothing kept. */
	CHECK_EQ(add(frag(far, 8, 1, 400), 0), DROP);
	CHECK_EQ(live, fit);
	CHECK_EQ(r.bytes, fit * (far + 8));
	/* A small one fits; growing it past the limit drops it alone. */
	CHECK_EQ(add(frag(0, 8, 1, 401), 0), 0);
	CHECK_EQ(live, fit + 1);
	CHECK_EQ(add(frag(far, 8, 1, 401), 0), DROP);
	CHECK_EQ(live, fit);
	CHECK_EQ(r.bytes, fit * (far + 8));
	/* The held ones complete (8 more bytes stay within the limit). */
	CHECK_EQ(add(frag(0, far, 1, 300), 0), 0);
	CHECK_EQ(add(frag(far + 8, 8, 0, 300), 0), 1);
	CHECK_EQ(out_len, far + 16);
	CHECK(memcmp(out, data, far + 16) == 0);
	reasm_free_all(&r);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
}

UNIT_TEST(reasm_no_memory_drops_datagram)
{
	reset();
	CHECK_EQ(add(frag(0, 8, 1, 30), 0), 0);
	fail_grow = 1;
	CHECK_EQ(add(frag(16, 8, 0, 30), 0), DROP);
	CHECK_EQ(add(frag(0, 8, 1, 31), 0), DROP);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
	CHECK_EQ(r.dropped, 2);
}

UNIT_TEST(reasm_malformed_fragments)
{
	reset();
	ipv4_view_t v = frag(0, 12, 1, 40); /* MF but not a multiple of 8 */
	CHECK_EQ(add(v, 0), DROP);
	CHECK_EQ(add(frag(8, 0, 1, 40), 0), DROP); /* MF, empty */
	v = frag(8, 8, 1, 40);
	v.ihl_bytes = 19;
	CHECK_EQ(add(v, 0), DROP);
	v.ihl_bytes = 64;
	CHECK_EQ(add(v, 0), DROP);
	v = frag(8, 8, 1, 40);
	v.header = NULL;
	CHECK_EQ(add(v, 0), DROP);
	v = frag(8, 8, 1, 40);
	v.payload = NULL;
	CHECK_EQ(add(v, 0), DROP);
	CHECK_EQ(r.dropped, 6);
	CHECK_EQ(live, 0);
	for (int i = 0; i < REASM_SLOTS; i++)
		CHECK(!r.s[i].used);
	/* An empty last fragment is legal: it only sets the end. */
	CHECK_EQ(add(frag(0, 16, 1, 41), 0), 0);
	CHECK_EQ(add(frag(16, 0, 0, 41), 0), 1);
	CHECK_EQ(out_len, 16);
}

UNIT_TEST(reasm_timeout_quotes_first_fragment)
{
	uint8_t quote[3][IPV4_HLEN_MAX + 8];
	size_t qlen[3];
	reset();
	ipv4_view_t first = frag_h(data, 0, 16, 1, 50, 24);
	CHECK_EQ(add(frag(16, 8, 1, 50), 100), 0);
	CHECK_EQ(add(first, 200), 0); /* the deadline stays the first's */
	CHECK_EQ(reasm_expire(&r, 100 + TIMEOUT - 1, quote, qlen, 3), 0);
	CHECK_EQ(r.timeouts, 0);
	CHECK_EQ(live, 1);
	CHECK_EQ(reasm_expire(&r, 100 + TIMEOUT, quote, qlen, 3), 1);
	CHECK_EQ(qlen[0], 24 + 8);
	CHECK(memcmp(quote[0], first.header, 24) == 0);
	CHECK(memcmp(quote[0] + 24, data, 8) == 0);
	CHECK_EQ(quote[0][0], 0x46);
	CHECK_EQ(r.timeouts, 1);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
	/* Only the fragment that came first in time sets the quote's header:
	 * a duplicate offset 0 with another header does not replace it. */
	first = frag_h(data, 0, 8, 1, 51, 20);
	ipv4_view_t again = frag_h(data, 0, 8, 1, 51, 20);
	((uint8_t *)again.header)[8] = 1; /* another TTL */
	CHECK_EQ(add(first, 0), 0);
	CHECK_EQ(add(again, 0), 0);
	CHECK_EQ(reasm_expire(&r, TIMEOUT, quote, qlen, 3), 1);
	CHECK_EQ(qlen[0], 28);
	CHECK_EQ(quote[0][8], 64);
}

UNIT_TEST(reasm_timeout_without_first_fragment)
{
	uint8_t quote[2][IPV4_HLEN_MAX + 8];
	size_t qlen[2] = {0, 0};
	reset();
	CHECK_EQ(add(frag(8, 8, 1, 60), 0), 0);
	CHECK_EQ(add(frag(24, 8, 0, 60), 0), 0);
	CHECK_EQ(reasm_expire(&r, TIMEOUT, quote, qlen, 2), 0);
	CHECK_EQ(qlen[0], 0);
	CHECK_EQ(r.timeouts, 1);
	CHECK_EQ(live, 0);
	/* Three time out with their first fragment, room for two quotes: all
	 * three are freed and counted. */
	for (uint16_t id = 0; id < 3; id++)
		CHECK_EQ(add(frag(0, 8, 1, (uint16_t)(61 + id)), 5), 0);
	CHECK_EQ(add(frag(0, 8, 1, 70), 6), 0); /* not yet */
	CHECK_EQ(reasm_expire(&r, 5 + TIMEOUT, quote, qlen, 2), 2);
	CHECK_EQ(r.timeouts, 4);
	CHECK_EQ(live, 1);
	CHECK_EQ(reasm_expire(&r, 6 + TIMEOUT, NULL, NULL, 0), 0);
	CHECK_EQ(r.timeouts, 5);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
}

UNIT_TEST(reasm_free_all_releases_everything)
{
	reset();
	for (uint16_t id = 0; id < 5; id++)
		CHECK_EQ(add(frag(8 * id, 8, 1, (uint16_t)(80 + id)), 0), 0);
	CHECK_EQ(add(frag(0, 8, 1, 90), 0), 0);
	CHECK_EQ(add(frag(8, 8, 0, 90), 0), 1); /* lent */
	CHECK_EQ(live, 6);
	reasm_free_all(&r);
	CHECK_EQ(live, 0);
	CHECK_EQ(r.bytes, 0);
	reasm_free_all(&r); /* twice is harmless */
	CHECK_EQ(live, 0);
}

UNIT_TEST(reasm_frag_count_and_field)
{
	size_t fd = 0;
	CHECK_EQ(ipv4_frag_count(1480, 1500, &fd), 1);
	CHECK_EQ(ipv4_frag_count(0, 1500, &fd), 1);
	CHECK_EQ(ipv4_frag_count(1481, 1500, &fd), 2);
	CHECK_EQ(fd, 1480);
	CHECK_EQ(ipv4_frag_count(1481, 1501, &fd), 1);
	CHECK_EQ(ipv4_frag_count(8000, 1500, &fd), 6);
	CHECK_EQ(ipv4_frag_count(1000, 576, &fd), 2);
	CHECK_EQ(fd, 552);
	CHECK_EQ(ipv4_frag_count(1000, 68, &fd), 21);
	CHECK_EQ(fd, 48);
	CHECK_EQ(ipv4_frag_count(100, 67, &fd), 0);
	CHECK_EQ(ipv4_frag_count(65515, 1500, &fd), 45);
	CHECK_EQ(ipv4_frag_count(65516, 1500, &fd), 0);
	CHECK_EQ(ipv4_frag_count(65515, 100000, &fd), 1);
	CHECK_EQ(ipv4_frag_field(0, 1, 1480), 0);
	CHECK_EQ(ipv4_frag_field(0, 6, 1480), IPV4_MF);
	CHECK_EQ(ipv4_frag_field(1, 6, 1480), IPV4_MF | 185);
	CHECK_EQ(ipv4_frag_field(5, 6, 1480), 925);
	CHECK_EQ(ipv4_frag_field(44, 45, 1480), 44 * 185);
}
