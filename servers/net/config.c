/* ip= and gw= from the kernel command line (docs/commands.md, "Kernel
 * options"), and the default route they ask for. */
#include <stdio.h>
#include <string.h>
#include <lavender/netopts.h>
#include "iface.h"
#include "net.h"
#include "pure_route.h"

static net_cmdline_t cmdline;

const net_cmdline_t *net_cmdline(void) { return &cmdline; }

int net_cmdline_read(void)
{
	lv_netopts_t o;
	int rc = lv_netopts_read(&o);
	memset(&cmdline, 0, sizeof(cmdline));
	if (rc < 0 && rc != -ERR_INVAL)
		return rc;
	if (o.bad) /* the kernel said so at boot; the good one still counts */
		printf("net: ignoring a malformed%s%s on the command line\n",
		       o.bad & LV_NETOPT_IP ? " ip=" : "",
		       o.bad & LV_NETOPT_GW ? " gw=" : "");
	if (o.given & LV_NETOPT_IP) {
		cmdline.have_ip = 1;
		cmdline.dhcp = o.dhcp != 0;
		cmdline.ip = o.addr;
		cmdline.mask = o.mask;
	}
	if (o.given & LV_NETOPT_GW) {
		cmdline.have_gw = 1;
		cmdline.gw = o.gateway;
	}
	return 0;
}

void net_gateway_check(void)
{
	uint32_t hop;
	char g[16];
	static int refused;
	if (!cmdline.have_gw)
		return;
	if (iface_by_addr(cmdline.gw)) {
		if (!refused++)
			printf("net: gw=%s is this node's own address: no "
			       "default route (give a router's address)\n",
			       net_ntoa(cmdline.gw, g));
		return;
	}
	const route_t *r = route_lookup(net_routes(), cmdline.gw, &hop);
	if (!r || r->gateway)
		return; /* not on a connected network (yet) */
	if (route_add(net_routes(), 0, 0, cmdline.gw, r->ifindex, 0) == 0)
		printf("net: default route via %s (gw= on the command line)\n",
		       net_ntoa(cmdline.gw, g));
}
