/* The driver's add step (4): the protocol servers that registered in the
 * name server (type LV_NETPROTO_TYPE, attributes "types=0800,0806") get a
 * session each, opened by the driver itself and kept fresh: a new entry
 * opens one, a changed one updates its EtherTypes, a deleted one (or its
 * port's death) ends it. The rules are pure_netdrv_sessions.c's
 * (netdrv_ns_event), shared with the NE2000 module; here the name server's
 * events reach them through the server loop. */
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include <stdio.h>
#include "netdrv_impl.h"

#define LIST_MAX 16

static void logged(lv_netdrv_t *d, int rc, const lv_ns_entry_t *e)
{
	if (rc > 0)
		printf("%s: session for protocol server %.31s (%.63s)\n",
		       d->name ? d->name : "netdrv", e->name, e->attrs);
}

static int on_event(lv_msg_t *m, void *ctx)
{
	netdrv_table_t t = netdrv_table(ctx);
	logged(ctx, netdrv_ns_event(&t, m), (const lv_ns_entry_t *)m->payload);
	return 0;
}

static const lv_op_t event_ops[] = {
    {LV_NS_EVENT_REGISTER, on_event},
    {LV_NS_EVENT_MODIFY, on_event},
    {LV_NS_EVENT_DELETE, on_event},
};

void netdrv_registry_start(lv_netdrv_t *d)
{
	static lv_ns_entry_t list[LIST_MAX];
	d->events = lv_port_create();
	if (d->events < 0 ||
	    lv_server_add(d->server, d->events, event_ops, 3, d, NULL) < 0 ||
	    lv_ns_subscribe(LV_NETPROTO_TYPE, d->events) < 0)
		return; /* no name server: sessions come by OPEN only */
	netdrv_table_t t = netdrv_table(d);
	int n = lv_ns_list("", LV_NETPROTO_TYPE, list, LIST_MAX);
	for (int i = 0; i < n; i++)
		logged(d, netdrv_ns_entry(&t, &list[i]), &list[i]);
}
