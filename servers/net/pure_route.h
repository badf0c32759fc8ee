/* The IPv4 routing table: connected routes (one per interface address),
 * and static ones with a gateway, the default route among them (dest 0,
 * mask 0). One route per dest/mask; lookup is longest-prefix match.
 * Bounded at ROUTE_MAX. Pure; host tests in
 * tests/host/test_net_route.c. All addresses host order. */
#ifndef NET_PURE_ROUTE_H
#define NET_PURE_ROUTE_H
#include <stdint.h>

#define ROUTE_MAX 32

typedef struct route {
	uint32_t dest, mask, gateway; /* gateway 0: on link */
	uint8_t ifindex;
	uint8_t used;	   /* 0: a free slot */
	uint8_t connected; /* made from an interface address */
} route_t;

/* The used slots are r[0..n) in the order added (a removal moves the later
 * ones down): a slot pointer from route_lookup holds until the next add or
 * removal. */
typedef struct route_table {
	route_t r[ROUTE_MAX];
} route_table_t;

void route_init(route_table_t *t);
/* 1 when mask is contiguous ones then zeros. */
int route_mask_valid(uint32_t mask);
/* Adds a route (dest is masked): 0, -ERR_EXIST (a route to the same
 * dest/mask, whatever its gateway: one default route at most, and `route
 * del` names one route), -ERR_INVAL (bad mask), -ERR_NOSPC. */
int route_add(route_table_t *t, uint32_t dest, uint32_t mask, uint32_t gateway,
	      uint8_t ifindex, int connected);
/* Removes the route dest/mask (dest is masked; its gateway must be
 * `gateway` unless that is 0): 0 or -ERR_NOENT. Connected routes too. */
int route_del(route_table_t *t, uint32_t dest, uint32_t mask, uint32_t gateway);
/* Removes every route through ifindex; returns how many. */
int route_del_if(route_table_t *t, uint8_t ifindex);
/* Removes every route whose gateway is on no connected network of its
 * interface any more (an address changed, a connected route went): up to
 * max of them copied to gone[] for the log; returns how many went. */
int route_prune(route_table_t *t, route_t *gone, int max);
/* The route for dst: its slot, and *next_hop the address to resolve (the
 * gateway, or dst on link); NULL when none. */
const route_t *route_lookup(const route_table_t *t, uint32_t dst,
			    uint32_t *next_hop);

#endif
