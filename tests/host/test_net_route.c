/* The routing table of servers/net/pure_route.c: longest prefix wins
 * whatever the order added, one route per prefix, the
 * default route, next hops (on link: the destination; else the gateway),
 * duplicates (same dest/mask, any gateway) and bad masks refused, del
 * (masked, by gateway or any), del_if, prune, a full table. */
#include <stddef.h>
#include "../../servers/net/pure_route.h"
#include "uapi/errors.h"
#include "unit.h"

#define IP(a, b, c, d)                                                         \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define M8 0xFF000000u
#define M16 0xFFFF0000u
#define M24 0xFFFFFF00u
#define M32 0xFFFFFFFFu

static route_table_t t;

/* The interface lookup picks for dst (-1: no route), *hop its next hop. */
static int via(uint32_t dst, uint32_t *hop)
{
	const route_t *r = route_lookup(&t, dst, hop);
	return r ? r->ifindex : -1;
}

UNIT_TEST(net_route_mask_valid)
{
	CHECK(route_mask_valid(0));
	CHECK(route_mask_valid(M32));
	for (int bits = 1; bits < 32; bits++)
		CHECK(route_mask_valid(~0u << (32 - bits)));
	CHECK(!route_mask_valid(0xFF00FF00u));
	CHECK(!route_mask_valid(0x00FFFFFFu)); /* ones at the wrong end */
	CHECK(!route_mask_valid(0x00000001u));
	CHECK(!route_mask_valid(0xFFFFFFFEu ^ 0x80000000u));
	CHECK(!route_mask_valid(0xFFFFFF01u));
}

UNIT_TEST(net_route_longest_prefix_wins)
{
	uint32_t hop = 0;

	route_init(&t);
	CHECK_EQ(via(IP(10, 1, 2, 3), &hop), -1);
	/* Added from the shortest to the longest, and backwards: the same. */
	for (int order = 0; order < 2; order++) {
		static const struct {
			uint32_t dest, mask;
			uint8_t ifindex;
		} rs[] = {{IP(10, 0, 0, 0), M8, 1},
			  {IP(10, 1, 0, 0), M16, 2},
			  {IP(10, 1, 2, 0), M24, 3},
			  {IP(10, 1, 2, 3), M32, 4}};
		route_init(&t);
		for (int i = 0; i < 4; i++) {
			int k = order ? 3 - i : i;
			CHECK_EQ(route_add(&t, rs[k].dest, rs[k].mask, 0,
					   rs[k].ifindex, 1),
				 0);
		}
		CHECK_EQ(via(IP(10, 1, 2, 3), &hop), 4);
		CHECK_EQ(via(IP(10, 1, 2, 4), &hop), 3);
		CHECK_EQ(via(IP(10, 1, 3, 4), &hop), 2);
		CHECK_EQ(via(IP(10, 2, 3, 4), &hop), 1);
		CHECK_EQ(via(IP(11, 1, 2, 3), &hop), -1);
	}
	/* Equal prefixes (another gateway): refused, one route each. */
	route_init(&t);
	CHECK_EQ(route_add(&t, IP(172, 16, 0, 0), M16, IP(10, 0, 0, 9), 2, 0),
		 0);
	CHECK_EQ(route_add(&t, IP(172, 16, 0, 0), M16, IP(10, 0, 0, 8), 3, 0),
		 -ERR_EXIST);
	CHECK_EQ(via(IP(172, 16, 5, 5), &hop), 2);
	CHECK_EQ(hop, IP(10, 0, 0, 9));
	/* ... and after it goes, the other may come. */
	CHECK_EQ(route_del(&t, IP(172, 16, 0, 0), M16, IP(10, 0, 0, 9)), 0);
	CHECK_EQ(route_add(&t, IP(172, 16, 0, 0), M16, IP(10, 0, 0, 8), 3, 0),
		 0);
	CHECK_EQ(via(IP(172, 16, 5, 5), &hop), 3);
	CHECK_EQ(hop, IP(10, 0, 0, 8));
}

UNIT_TEST(net_route_default_and_next_hop)
{
	uint32_t hop = 0;
	const route_t *r;

	route_init(&t);
	CHECK_EQ(route_add(&t, IP(10, 0, 0, 0), M24, 0, 1, 1), 0);
	CHECK_EQ(route_add(&t, 0, 0, IP(10, 0, 0, 254), 1, 0), 0);
	/* On link: the destination itself is resolved. */
	r = route_lookup(&t, IP(10, 0, 0, 7), &hop);
	CHECK(r != NULL);
	CHECK_EQ(hop, IP(10, 0, 0, 7));
	CHECK_EQ(r->connected, 1);
	CHECK_EQ(r->gateway, 0);
	/* Anything else: the default route's gateway. */
	r = route_lookup(&t, IP(8, 8, 8, 8), &hop);
	CHECK(r != NULL);
	CHECK_EQ(hop, IP(10, 0, 0, 254));
	CHECK_EQ(r->connected, 0);
	CHECK_EQ(r->mask, 0);
	CHECK_EQ(via(IP(255, 255, 255, 255), &hop), 1);
	CHECK_EQ(via(0, &hop), 1);
	CHECK(route_lookup(&t, IP(1, 2, 3, 4), NULL) != NULL); /* no hop */
	/* A default route given with a non-zero dest is stored masked. */
	route_init(&t);
	CHECK_EQ(route_add(&t, IP(1, 2, 3, 4), 0, IP(10, 0, 0, 1), 2, 0), 0);
	CHECK_EQ(t.r[0].dest, 0);
	CHECK_EQ(via(IP(99, 0, 0, 1), &hop), 2);
	CHECK_EQ(hop, IP(10, 0, 0, 1));
	/* A host route through a gateway. */
	CHECK_EQ(route_add(&t, IP(99, 0, 0, 1), M32, IP(10, 0, 0, 2), 3, 0), 0);
	CHECK_EQ(via(IP(99, 0, 0, 1), &hop), 3);
	CHECK_EQ(hop, IP(10, 0, 0, 2));
	CHECK_EQ(via(IP(99, 0, 0, 2), &hop), 2);
}

UNIT_TEST(net_route_duplicates_and_bad_masks)
{
	route_init(&t);
	CHECK_EQ(route_add(&t, IP(10, 0, 0, 0), M24, 0, 1, 1), 0);
	CHECK_EQ(route_add(&t, IP(10, 0, 0, 0), M24, 0, 1, 1), -ERR_EXIST);
	/* The same once masked: 10.0.0.77/24 is 10.0.0.0/24. */
	CHECK_EQ(route_add(&t, IP(10, 0, 0, 77), M24, 0, 2, 0), -ERR_EXIST);
	/* Another gateway or mask is another route. */
	CHECK_EQ(route_add(&t, IP(10, 0, 0, 0), M16, 0, 1, 0), 0);
	CHECK_EQ(route_add(&t, 0, 0, IP(10, 0, 0, 1), 1, 0), 0);
	CHECK_EQ(route_add(&t, 0, 0, IP(10, 0, 0, 1), 1, 0), -ERR_EXIST);
	/* Same dest/mask through another gateway (trial 14, finding 5): a
	 * second default route, or a network twice, is a duplicate too. */
	CHECK_EQ(route_add(&t, 0, 0, IP(10, 0, 0, 2), 1, 0), -ERR_EXIST);
	CHECK_EQ(route_add(&t, IP(1, 2, 3, 4), 0, IP(10, 0, 0, 3), 2, 0),
		 -ERR_EXIST);
	CHECK_EQ(route_add(&t, IP(10, 0, 0, 0), M24, IP(10, 0, 0, 1), 1, 0),
		 -ERR_EXIST);
	CHECK_EQ(route_add(&t, IP(192, 168, 5, 0), M24, IP(10, 0, 0, 2), 1, 0),
		 0);
	static const uint32_t bad[] = {0xFF00FF00u, 0x00FFFFFFu, 1, 0xFFFFFF01u,
				       0x7FFFFFFFu};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ(route_add(&t, IP(10, 0, 0, 0), bad[i], 0, 1, 0),
			 -ERR_INVAL);
	int n = 0;
	for (int i = 0; i < ROUTE_MAX; i++)
		n += t.r[i].used;
	CHECK_EQ(n, 4);
	uint32_t hop;
	CHECK_EQ(via(IP(8, 8, 8, 8), &hop), 1);
	CHECK_EQ(hop, IP(10, 0, 0, 1));
}

UNIT_TEST(net_route_del)
{
	uint32_t hop;

	route_init(&t);
	CHECK_EQ(route_del(&t, 0, 0, 0), -ERR_NOENT);
	CHECK_EQ(route_add(&t, IP(10, 0, 0, 0), M24, 0, 1, 1), 0);
	CHECK_EQ(route_add(&t, 0, 0, IP(10, 0, 0, 1), 1, 0), 0);
	/* A gateway that is not the route's: no match. */
	CHECK_EQ(route_del(&t, 0, 0, IP(10, 0, 0, 3)), -ERR_NOENT);
	CHECK_EQ(route_del(&t, 0, M8, 0), -ERR_NOENT); /* another mask */
	CHECK_EQ(route_del(&t, 0, 0xF0F0F0F0u, 0), -ERR_NOENT);
	/* By its gateway. */
	CHECK_EQ(route_del(&t, 0, 0, IP(10, 0, 0, 1)), 0);
	CHECK_EQ(via(IP(8, 8, 8, 8), &hop), -1);
	CHECK_EQ(route_add(&t, 0, 0, IP(10, 0, 0, 1), 1, 0), 0);
	CHECK_EQ(via(IP(8, 8, 8, 8), &hop), 1);
	CHECK_EQ(hop, IP(10, 0, 0, 1));
	/* Any gateway: gateway 0. */
	CHECK_EQ(route_del(&t, 0, 0, 0), 0);
	CHECK_EQ(via(IP(8, 8, 8, 8), &hop), -1);
	CHECK_EQ(route_del(&t, 0, 0, 0), -ERR_NOENT);
	/* Masked like add: 10.0.0.5/24 names 10.0.0.0/24. */
	CHECK_EQ(route_del(&t, IP(10, 0, 0, 5), M24, 0), 0);
	CHECK_EQ(via(IP(10, 0, 0, 5), &hop), -1);
	CHECK_EQ(t.r[0].used, 0);
}

/* Interface 1 on 10.0.0.0/24 (the default via .254, 172.16/16 via .1),
 * interface 2 on 10.0.1.0/24 (192.168/16 via 10.0.1.1). */
static void two_interfaces(void)
{
	route_init(&t);
	CHECK_EQ(route_add(&t, IP(10, 0, 0, 0), M24, 0, 1, 1), 0);
	CHECK_EQ(route_add(&t, IP(10, 0, 1, 0), M24, 0, 2, 1), 0);
	CHECK_EQ(route_add(&t, 0, 0, IP(10, 0, 0, 254), 1, 0), 0);
	CHECK_EQ(route_add(&t, IP(192, 168, 0, 0), M16, IP(10, 0, 1, 1), 2, 0),
		 0);
	CHECK_EQ(route_add(&t, IP(172, 16, 0, 0), M16, IP(10, 0, 0, 1), 1, 0),
		 0);
}

UNIT_TEST(net_route_del_if)
{
	uint32_t hop;

	two_interfaces();
	CHECK_EQ(route_del_if(&t, 1), 3);
	CHECK_EQ(via(IP(10, 0, 0, 5), &hop), -1);
	CHECK_EQ(via(IP(8, 8, 8, 8), &hop), -1);
	CHECK_EQ(via(IP(172, 16, 0, 1), &hop), -1);
	CHECK_EQ(via(IP(10, 0, 1, 5), &hop), 2);
	CHECK_EQ(via(IP(192, 168, 3, 3), &hop), 2);
	CHECK_EQ(hop, IP(10, 0, 1, 1));
	CHECK_EQ(route_del_if(&t, 1), 0);
	CHECK_EQ(route_del_if(&t, 2), 2);
	for (int i = 0; i < ROUTE_MAX; i++)
		CHECK_EQ(t.r[i].used, 0);
}

UNIT_TEST(net_route_table_full)
{
	uint32_t hop;

	route_init(&t);
	for (uint32_t i = 0; i < ROUTE_MAX; i++)
		CHECK_EQ(
		    route_add(&t, IP(10, i, 0, 0), M16, 0, (uint8_t)(i % 4), 1),
		    0);
	CHECK_EQ(route_add(&t, IP(11, 0, 0, 0), M16, 0, 1, 1), -ERR_NOSPC);
	/* A duplicate is still named as one when full. */
	CHECK_EQ(route_add(&t, IP(10, 3, 0, 0), M16, 0, 3, 1), -ERR_EXIST);
	CHECK_EQ(via(IP(11, 0, 0, 1), &hop), -1);
	CHECK_EQ(via(IP(10, 31, 0, 1), &hop), 31 % 4);
	/* A removal makes room again; the new route is found. */
	CHECK_EQ(route_del(&t, IP(10, 7, 0, 0), M16, 0), 0);
	CHECK_EQ(route_add(&t, IP(11, 0, 0, 0), M16, 0, 1, 1), 0);
	CHECK_EQ(via(IP(11, 0, 0, 1), &hop), 1);
	CHECK_EQ(via(IP(10, 7, 0, 1), &hop), -1);
	CHECK_EQ(via(IP(10, 8, 0, 1), &hop), 0);
	CHECK_EQ(route_del_if(&t, 1), ROUTE_MAX / 4 + 1); /* 11.0/16 too */
}

/* Trial 14, finding 5: routes whose gateway is on no connected network of
 * their interface go (after an address change or a connected route's
 * removal); the others stay, in order. */
UNIT_TEST(net_route_prune)
{
	route_t gone[2];
	uint32_t hop;

	route_init(&t);
	CHECK_EQ(route_prune(&t, gone, 2), 0);
	two_interfaces();
	CHECK_EQ(route_prune(&t, gone, 2), 0);
	/* A gateway on another interface's network: not reachable here. */
	CHECK_EQ(route_add(&t, IP(172, 17, 0, 0), M16, IP(10, 0, 1, 9), 1, 0),
		 0);
	CHECK_EQ(route_prune(&t, gone, 2), 1);
	CHECK_EQ(gone[0].dest, IP(172, 17, 0, 0));
	CHECK_EQ(route_prune(&t, gone, 2), 0); /* nothing more */
	/* 10.0.0.0/24 goes: both routes through it, the log gets 2 of 2. */
	CHECK_EQ(route_del(&t, IP(10, 0, 0, 0), M24, 0), 0);
	CHECK_EQ(route_prune(&t, gone, 2), 2);
	CHECK_EQ(gone[0].mask, 0);
	CHECK_EQ(gone[0].gateway, IP(10, 0, 0, 254));
	CHECK_EQ(gone[1].dest, IP(172, 16, 0, 0));
	CHECK_EQ(via(IP(8, 8, 8, 8), &hop), -1);
	CHECK_EQ(via(IP(192, 168, 1, 1), &hop), 2);
	CHECK_EQ(hop, IP(10, 0, 1, 1));
	/* More than max go: all counted, max copied. */
	CHECK_EQ(route_del(&t, IP(10, 0, 1, 0), M24, 0), 0);
	CHECK_EQ(route_prune(&t, gone, 0), 1);
	for (int i = 0; i < ROUTE_MAX; i++)
		CHECK_EQ(t.r[i].used, 0);
}
