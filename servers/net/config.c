/* ip= and gw= from the kernel command line (docs/commands.md, "Kernel
 * options"), and the default route they ask for. */
#include <stdio.h>
#include <string.h>
#include "iface.h"
#include "net.h"
#include "pure_route.h"

static net_cmdline_t cmdline;

const net_cmdline_t *net_cmdline(void)
{
	return &cmdline;
}

int net_cmdline_read(void)
{
	/* TODO(netpriv merge): the command line system call and its pure
	 * parser of ip=/gw= arrive with the netpriv branch. */
	memset(&cmdline, 0, sizeof(cmdline));
	return -ERR_NOSYS;
}

void net_gateway_check(void)
{
	uint32_t hop;
	char g[16];
	if (!cmdline.have_gw)
		return;
	const route_t *r = route_lookup(net_routes(), cmdline.gw, &hop);
	if (!r || r->gateway)
		return; /* not on a connected network (yet) */
	if (route_add(net_routes(), 0, 0, cmdline.gw, r->ifindex, 0) == 0)
		printf("net: default route via %s (gw= on the command line)\n",
		       net_ntoa(cmdline.gw, g));
}
