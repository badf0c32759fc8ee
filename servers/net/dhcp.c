/* The DHCP client of each interface (RFC 2131) over pure_dhcp.c's state
 * machine: started when an interface comes without a fixed address from
 * the command line, or by `ifconfig eth0 dhcp`; gives up after
 * DHCP_TIMEOUT_S without a lease (the address the interface had stays);
 * a lease sets the address, the mask and, when there is none, the default
 * route through the router it names, and is renewed at T1. */
#include <stdio.h>
#include <string.h>
#include <lavender/syscall.h>
#include "iface.h"
#include "net.h"
#include "pure_dhcp.h"
#include "pure_route.h"

#define DHCP_TIMEOUT_S 10 /* SELECTING and REQUESTING, in all */

typedef struct dhcp_run {
	dhcp_client_t c;
	int active;
	int timer; /* its deadline's timer id (< 0: none) */
} dhcp_run_t;

static dhcp_run_t runs[LV_NET_IF_MAX];

static void schedule(iface_t *ifc);

static void act(iface_t *ifc, const dhcp_action_t *a)
{
	dhcp_run_t *r = &runs[ifc->index];
	char x[16], y[16];
	if (a->send_len) {
		uint32_t src =
		    r->c.state == DHCP_RENEWING || r->c.state == DHCP_REBINDING
			? ifc->addr
			: 0;
		udp_send_via(ifc, src, a->send_to, a->msg, a->send_len);
	}
	if (a->bound) {
		printf("net: %s: DHCP lease of %s for %u s from %s\n",
		       ifc->name, net_ntoa(a->addr, x), (unsigned)a->lease_s,
		       net_ntoa(r->c.server, y));
		iface_set_addr(ifc, a->addr, a->mask, LV_NET_SRC_DHCP);
		if (a->router && route_add(net_routes(), 0, 0, a->router,
					   ifc->index, 0) == 0)
			printf("net: default route via %s (DHCP)\n",
			       net_ntoa(a->router, x));
	}
	if (a->lost && ifc->source == LV_NET_SRC_DHCP) {
		printf("net: %s: DHCP lease of %s ended\n", ifc->name,
		       net_ntoa(ifc->addr, x));
		iface_set_addr(ifc, 0, 0, LV_NET_SRC_NONE);
	}
	if (r->c.state == DHCP_FAILED && r->active) {
		r->active = 0;
		ifc->flags &= ~LV_NET_IF_DHCP;
		printf("net: %s: no DHCP server answered in %d s; %s%s\n",
		       ifc->name, DHCP_TIMEOUT_S,
		       ifc->addr ? "keeps " : "no address",
		       ifc->addr ? net_ntoa(ifc->addr, x) : "");
	}
}

static void fire(lv_server_t *s, int id, void *arg)
{
	iface_t *ifc = arg;
	dhcp_action_t a;
	(void)s;
	(void)id;
	dhcp_run_t *r = &runs[ifc->index];
	r->timer = -1;
	if (!r->active)
		return;
	dhcp_tick(&r->c, net_now(), &a);
	act(ifc, &a);
	schedule(ifc);
}

static void schedule(iface_t *ifc)
{
	dhcp_run_t *r = &runs[ifc->index];
	if (r->timer >= 0)
		lv_server_cancel(net_server(), r->timer);
	r->timer = -1;
	uint64_t when = dhcp_next_deadline(&r->c);
	if (r->active && when != UINT64_MAX)
		r->timer = lv_server_timer_at(net_server(), when, 0, fire, ifc);
}

void dhcp_begin(iface_t *ifc)
{
	dhcp_run_t *r = &runs[ifc->index];
	dhcp_action_t a;
	uint32_t seed = (uint32_t)net_now() ^ (uint32_t)lv_getpid() << 16;
	for (unsigned i = 0; i < ETH_ALEN; i++)
		seed = seed * 31u + ifc->mac[i];
	if (r->active)
		dhcp_stop(ifc);
	r->timer = -1;
	r->active = 1;
	ifc->flags |= LV_NET_IF_DHCP;
	dhcp_start(&r->c, ifc->mac, seed, net_hz(), net_now(), DHCP_TIMEOUT_S,
		   &a);
	act(ifc, &a);
	schedule(ifc);
}

void dhcp_stop(iface_t *ifc)
{
	dhcp_run_t *r = &runs[ifc->index];
	if (r->timer >= 0 && r->active)
		lv_server_cancel(net_server(), r->timer);
	r->timer = -1;
	r->active = 0;
	ifc->flags &= ~LV_NET_IF_DHCP;
}

int dhcp_udp_input(iface_t *ifc, const uint8_t *p, size_t len)
{
	if (ifc->index >= LV_NET_IF_MAX) /* ip.c's lo: no DHCP there */
		return 0;
	dhcp_run_t *r = &runs[ifc->index];
	dhcp_view_t v;
	dhcp_action_t a;
	if (!r->active)
		return 0;
	if (dhcp_parse(p, len, &v) < 0) {
		net_count_drop(LV_NET_DROP_BADLEN);
		return 1;
	}
	dhcp_input(&r->c, &v, net_now(), &a);
	act(ifc, &a);
	schedule(ifc);
	return 1;
}

uint32_t dhcp_lease_left(const iface_t *ifc)
{
	const dhcp_run_t *r = &runs[ifc->index];
	uint64_t now = net_now();
	if (!r->active || r->c.state < DHCP_BOUND ||
	    r->c.state > DHCP_REBINDING || r->c.expiry <= now)
		return 0;
	return (uint32_t)((r->c.expiry - now) / net_hz());
}
