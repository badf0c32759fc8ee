/* The routing table of pure_route.h. The used slots are kept packed at the
 * front in the order the routes were added (a removal closes the gap). */
#include <string.h>
#include "uapi/errors.h"
#include "pure_route.h"

void route_init(route_table_t *t) { memset(t, 0, sizeof(*t)); }

int route_mask_valid(uint32_t mask)
{
	uint32_t host = ~mask;
	return (host & (host + 1)) == 0;
}

static int route_count(const route_table_t *t)
{
	int n = 0;
	while (n < ROUTE_MAX && t->r[n].used)
		n++;
	return n;
}

static void route_remove(route_table_t *t, int i)
{
	int n = route_count(t);
	memmove(&t->r[i], &t->r[i + 1], (size_t)(n - i - 1) * sizeof(route_t));
	memset(&t->r[n - 1], 0, sizeof(route_t));
}

int route_add(route_table_t *t, uint32_t dest, uint32_t mask, uint32_t gateway,
	      uint8_t ifindex, int connected)
{
	int n = route_count(t);

	if (!route_mask_valid(mask))
		return -ERR_INVAL;
	dest &= mask;
	for (int i = 0; i < n; i++)
		if (t->r[i].dest == dest && t->r[i].mask == mask)
			return -ERR_EXIST;
	if (n == ROUTE_MAX)
		return -ERR_NOSPC;
	t->r[n] = (route_t){.dest = dest,
			    .mask = mask,
			    .gateway = gateway,
			    .ifindex = ifindex,
			    .used = 1,
			    .connected = connected ? 1 : 0};
	return 0;
}

int route_del(route_table_t *t, uint32_t dest, uint32_t mask, uint32_t gateway)
{
	int n = route_count(t);

	dest &= mask;
	for (int i = 0; i < n; i++) {
		const route_t *r = &t->r[i];
		if (r->dest == dest && r->mask == mask &&
		    (!gateway || r->gateway == gateway)) {
			route_remove(t, i);
			return 0;
		}
	}
	return -ERR_NOENT;
}

int route_del_if(route_table_t *t, uint8_t ifindex)
{
	int removed = 0;

	for (int i = 0; i < route_count(t);) {
		if (t->r[i].ifindex == ifindex) {
			route_remove(t, i);
			removed++;
		} else {
			i++;
		}
	}
	return removed;
}

/* 1 when a connected route of ifindex holds addr. */
static int on_link(const route_table_t *t, uint32_t addr, uint8_t ifindex)
{
	for (int i = 0; i < ROUTE_MAX && t->r[i].used; i++) {
		const route_t *r = &t->r[i];
		if (!r->gateway && r->ifindex == ifindex &&
		    (addr & r->mask) == r->dest)
			return 1;
	}
	return 0;
}

int route_prune(route_table_t *t, route_t *gone, int max)
{
	int removed = 0;

	for (int i = 0; i < route_count(t);) {
		const route_t *r = &t->r[i];
		if (!r->gateway || on_link(t, r->gateway, r->ifindex)) {
			i++;
			continue;
		}
		if (removed < max)
			gone[removed] = *r;
		removed++;
		route_remove(t, i);
	}
	return removed;
}

const route_t *route_lookup(const route_table_t *t, uint32_t dst,
			    uint32_t *next_hop)
{
	const route_t *best = NULL;
	int n = route_count(t);

	/* Contiguous masks: the longer prefix is the larger mask. */
	for (int i = 0; i < n; i++) {
		const route_t *r = &t->r[i];
		if ((dst & r->mask) == r->dest &&
		    (!best || r->mask > best->mask))
			best = r;
	}
	if (best && next_hop)
		*next_hop = best->gateway ? best->gateway : dst;
	return best;
}
