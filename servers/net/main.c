/* The protocol server: Ethernet, ARP, IPv4, ICMP and UDP as one process
 * (issue 14; the paper's section 3.2: the stack is a system server that can
 * be replaced alone). init starts it with the network right (boot.cfg,
 * `restart -N net`): NIC drivers then push it the IPv4 and ARP frames of
 * every interface (its name-server entry "ipv4", type LV_NETPROTO_TYPE,
 * the paper's add step (4)), and programs reach it as "net" (type
 * LV_NET_TYPE) with the requests of lavender/net_proto.h. One loop serves
 * both ports and the name server's events about drivers; a one-second
 * timer ages ARP entries and fragments. net.h says what each file does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/clock.h>
#include <lavender/netdrv_proto.h>
#include <lavender/ns.h>
#include <lavender/ripc_proto.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "iface.h"
#include "net.h"
#include "pure_route.h"
#include "ripc.h"
#include "sockets.h"
#include "../../user/lib/usage.h"

#define PROTO_ENTRY "ipv4" /* the entry drivers take frames' receiver from */

static const usage_t usage = {
    "net", "",
    "The protocol server: Ethernet, ARP, IPv4, ICMP and UDP for every NIC\n"
    "driver that registers, and sockets for programs (lavender/net_proto.h).\n"
    "init starts it with the network right (-N); run by hand it cannot\n"
    "take IPv4 frames and ends.",
    NULL};

static lv_server_t *server;
static uint32_t hz = 100;
static lv_net_stats_t stats;

lv_server_t *net_server(void) { return server; }

uint64_t net_now(void) { return lv_server_now_ticks(); }

uint32_t net_hz(void) { return hz; }

void net_count_drop(int cause)
{
	if (cause < 0)
		cause = -cause;
	if (cause == 0 || cause >= LV_NET_DROP_CAUSES)
		cause = LV_NET_DROP_OTHER;
	stats.drops[cause]++;
}

lv_net_stats_t *net_stats(void) { return &stats; }

/* LV_NETDRV_FRAME: one frame a driver pushed (no reply is wanted). */
static int op_frame(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	stats.frames_in++;
	iface_frame_in(m->h.sender, m->payload, m->h.size);
	m->h.size = 0;
	return 0;
}

/* LV_NETDRV_GONE: a driver is ending (its remove step (1)). */
static int op_gone(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	iface_driver_gone(m->h.sender);
	m->h.size = 0;
	return 0;
}

static const lv_op_t frame_ops[] = {
    {LV_NETDRV_FRAME, op_frame},
    {LV_NETDRV_GONE, op_gone},
};

/* The requests port serves the sockets' and the lists' operations. */
static lv_op_t *request_ops(size_t *n)
{
	*n = sockets_nops + admin_nops + ripc_nops;
	lv_op_t *ops = malloc(*n * sizeof(*ops));
	if (!ops)
		return NULL;
	memcpy(ops, sockets_ops, sockets_nops * sizeof(*ops));
	memcpy(ops + sockets_nops, admin_ops, admin_nops * sizeof(*ops));
	memcpy(ops + sockets_nops + admin_nops, ripc_ops,
	       ripc_nops * sizeof(*ops));
	return ops;
}

static int fail(const char *what, int rc)
{
	printf("net: %s: %s\n", what, lv_strerror(rc));
	return 1;
}

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	lv_proc_info_t me;
	int rc = lv_proc_find(lv_getpid(), &me);
	if (rc < 0)
		return fail("cannot read its own process record", rc);
	if (!(me.rights & LV_PRIV_NET)) {
		printf("net: no network right: drivers would not hand it IPv4 "
		       "or ARP frames (init starts it with -N)\n");
		return 1;
	}
	(void)lv_ticks(NULL, &hz);
	server = lv_server_new();
	if (!server)
		return fail("cannot make its server", -ERR_NOMEM);
	size_t nops;
	lv_op_t *ops = request_ops(&nops);
	int requests = lv_port_create(), frames = lv_port_create();
	if (!ops || requests < 0 || frames < 0)
		return fail("cannot make its ports", -ERR_NOMEM);
	if ((rc = lv_server_add(server, requests, ops, nops, NULL, NULL)) < 0 ||
	    (rc = lv_server_add(server, frames, frame_ops, 2, NULL, NULL)) < 0)
		return fail("cannot serve its ports", rc);
	route_init(net_routes());
	if ((rc = sockets_init(server)) < 0 || (rc = arp_start()) < 0 ||
	    (rc = ip_start()) < 0 || (rc = ripc_start()) < 0)
		return fail("cannot start", rc);
	rc = lv_ns_register(LV_NET_NAME, LV_NET_TYPE, "udp icmp", requests);
	if (rc < 0)
		return fail("cannot register \"" LV_NET_NAME "\"", rc);
	rc = lv_ns_register(PROTO_ENTRY, LV_NETPROTO_TYPE, "types=0800,0806",
			    frames);
	if (rc < 0)
		return fail("cannot register \"" PROTO_ENTRY "\"", rc);
	if ((rc = iface_start()) < 0)
		return fail("cannot follow the drivers", rc);
	printf("net: ready: Ethernet, ARP, IPv4, ICMP, UDP, remote IPC on "
	       "UDP port %u\n",
	       LV_RIPC_PORT);
	rc = lv_server_run(server);
	return fail("receive failed", rc);
}
