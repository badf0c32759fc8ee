/* The lists anyone may read (interfaces, routes, ARP cache, counters) and
 * the administrator's changes, which come only from init (it takes them
 * on its control port from the console's shell and forwards them:
 * lavender/net_proto.h): from anyone else -ERR_PERM, and nothing changes. */
#include <stdio.h>
#include <string.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "iface.h"
#include "net.h"
#include "pure_route.h"

static route_table_t routes;

struct route_table *net_routes(void) { return &routes; }

void net_routes_prune(void)
{
	enum { SHOWN = 4 };
	route_t gone[SHOWN];
	char d[16], g[16];
	int n = route_prune(&routes, gone, SHOWN);
	for (int i = 0; i < n && i < SHOWN; i++) {
		int bits = __builtin_popcount(gone[i].mask);
		net_ntoa(gone[i].dest, d);
		net_ntoa(gone[i].gateway, g);
		if (bits)
			printf(
			    "net: route %s/%d via %s removed: the gateway is "
			    "on no connected network now\n",
			    d, bits, g);
		else
			printf("net: default route via %s removed: the gateway "
			       "is on no connected network now\n",
			       g);
	}
	if (n > SHOWN)
		printf("net: %d more routes removed likewise\n", n - SHOWN);
}

#define FITS(type) ((int)(LV_MSG_PAYLOAD_MAX / sizeof(type)))

static int op_if_list(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	int n = iface_list((lv_net_if_t *)m->payload, FITS(lv_net_if_t));
	m->h.size = (uint32_t)n * sizeof(lv_net_if_t);
	return n;
}

static int op_route_list(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	lv_net_route_t *out = (lv_net_route_t *)m->payload;
	int n = 0;
	for (int i = 0; i < ROUTE_MAX && n < FITS(lv_net_route_t); i++) {
		const route_t *r = &routes.r[i];
		iface_t *ifc = iface_at(r->ifindex);
		if (!r->used)
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		out[n].dest = r->dest;
		out[n].mask = r->mask;
		out[n].gateway = r->gateway;
		if (ifc)
			memcpy(out[n].ifname, ifc->name, LV_NET_IFNAME_MAX);
		n++;
	}
	m->h.size = (uint32_t)n * sizeof(lv_net_route_t);
	return n;
}

static int op_arp_list(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	int n = arp_list((lv_net_arp_t *)m->payload, FITS(lv_net_arp_t));
	m->h.size = (uint32_t)n * sizeof(lv_net_arp_t);
	return n;
}

static int op_stats(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	memcpy(m->payload, net_stats(), sizeof(lv_net_stats_t));
	m->h.size = sizeof(lv_net_stats_t);
	return 0;
}

/* 1 when sender is init (net's parent: the process that started it). */
static int from_init(int sender)
{
	lv_proc_info_t me;
	return sender > 0 && lv_proc_find(lv_getpid(), &me) == 0 &&
	       sender == me.parent;
}

/* The request of an administrator's op: from init only (-ERR_PERM), of
 * exactly size bytes (-ERR_INVAL), copied to req; the reply is empty. */
static int admin_request(lv_msg_t *m, void *req, size_t size)
{
	uint32_t got = m->h.size;
	m->h.size = 0;
	if (!from_init(m->h.sender))
		return -ERR_PERM;
	if (got != size)
		return -ERR_INVAL;
	memcpy(req, m->payload, size);
	return 0;
}

/* An address an interface may take: not 0, broadcast, multicast, class E
 * or loopback, and not its network's own or broadcast address. */
static int host_address_ok(uint32_t a, uint32_t mask)
{
	if (a == 0 || (a >> 24) == 127 || (a >> 28) >= 0xE)
		return 0;
	if (mask == 0xFFFFFFFFu || mask == 0xFFFFFFFEu)
		return 1;
	return (a & ~mask) != 0 && (a & ~mask) != ~mask;
}

static iface_t *named(const char *name)
{
	char n[LV_NET_IFNAME_MAX];
	memcpy(n, name, sizeof(n));
	if (memchr(n, 0, sizeof(n)) == NULL)
		return NULL;
	iface_t *ifc = iface_by_name(n);
	return ifc && ifc->present ? ifc : NULL;
}

static int op_if_set(lv_msg_t *m, void *ctx)
{
	msg_net_ifset_t r;
	(void)ctx;
	int rc = admin_request(m, &r, sizeof(r));
	if (rc < 0)
		return rc;
	iface_t *ifc = named(r.name);
	if (!ifc)
		return -ERR_NODEV;
	uint32_t known = LV_NET_IFSET_ADDR | LV_NET_IFSET_UP |
			 LV_NET_IFSET_DOWN | LV_NET_IFSET_DHCP;
	if (!r.what || (r.what & ~known) ||
	    ((r.what & LV_NET_IFSET_UP) && (r.what & LV_NET_IFSET_DOWN)) ||
	    ((r.what & LV_NET_IFSET_ADDR) && (r.what & LV_NET_IFSET_DHCP)))
		return -ERR_INVAL;
	if (r.what & LV_NET_IFSET_ADDR) {
		uint32_t mask = r.mask ? r.mask : 0xFFFFFF00u;
		if (!route_mask_valid(mask) || !host_address_ok(r.addr, mask))
			return -ERR_INVAL;
	}
	if (r.what & LV_NET_IFSET_DOWN)
		iface_set_up(ifc, 0);
	if (r.what & LV_NET_IFSET_ADDR) {
		dhcp_stop(ifc);
		iface_set_addr(ifc, r.addr, r.mask, LV_NET_SRC_MANUAL);
	}
	if (r.what & LV_NET_IFSET_UP)
		iface_set_up(ifc, 1);
	if (r.what & LV_NET_IFSET_DHCP)
		dhcp_begin(ifc);
	return 0;
}

/* The interface a route takes: named, else the one whose network holds
 * the gateway. NULL: -ERR_NODEV (no such name) or -ERR_NETUNREACH. */
static iface_t *route_iface(const msg_net_route_req_t *r, int *err)
{
	uint32_t hop;
	if (r->ifname[0]) {
		iface_t *ifc = named(r->ifname);
		*err = -ERR_NODEV;
		return ifc;
	}
	const route_t *c =
	    r->gateway ? route_lookup(&routes, r->gateway, &hop) : NULL;
	*err = -ERR_NETUNREACH;
	return c && !c->gateway ? iface_at(c->ifindex) : NULL;
}

static int op_route(lv_msg_t *m, void *ctx)
{
	msg_net_route_req_t r;
	int err;
	(void)ctx;
	int rc = admin_request(m, &r, sizeof(r));
	if (rc < 0)
		return rc;
	if (!route_mask_valid(r.mask))
		return -ERR_INVAL;
	if (m->h.op == LV_NET_ROUTE_DEL) {
		err = route_del(&routes, r.dest, r.mask, r.gateway);
		if (err == 0)
			net_routes_prune();
		return err;
	}
	if (r.gateway && iface_by_addr(r.gateway))
		return -ERR_INVAL; /* our own address is no gateway */
	iface_t *ifc = route_iface(&r, &err);
	if (!ifc)
		return err;
	return route_add(&routes, r.dest, r.mask, r.gateway, ifc->index, 0);
}

static int op_arp_del(lv_msg_t *m, void *ctx)
{
	msg_net_sock_t r;
	(void)ctx;
	int rc = admin_request(m, &r, sizeof(r));
	if (rc < 0)
		return rc;
	return arp_delete(r.sock);
}

const lv_op_t admin_ops[] = {
    {LV_NET_IF_LIST, op_if_list},   {LV_NET_ROUTE_LIST, op_route_list},
    {LV_NET_ARP_LIST, op_arp_list}, {LV_NET_STATS, op_stats},
    {LV_NET_IF_SET, op_if_set},	    {LV_NET_ROUTE_ADD, op_route},
    {LV_NET_ROUTE_DEL, op_route},   {LV_NET_ARP_DEL, op_arp_del},
};
const size_t admin_nops = sizeof(admin_ops) / sizeof(admin_ops[0]);
