/* The driver's add step (4): the protocol servers that registered in the
 * name server (type LV_NETPROTO_TYPE, attributes "types=0800,0806") get a
 * session each, opened by the driver itself and kept fresh: a new entry
 * opens one, a changed one updates its EtherTypes, a deleted one (or its
 * port's death) ends it. */
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "netdrv_impl.h"

#define LIST_MAX 16

/* The EtherTypes of "types=0800,0806" in attrs; 0 or -ERR_INVAL. */
static int parse_types(const char *attrs, uint16_t *types, uint32_t *n)
{
	const char *p = strstr(attrs, "types=");
	*n = 0;
	if (!p)
		return -ERR_INVAL;
	p += 6;
	while (*p && *p != ' ') {
		char *end;
		unsigned long t = strtoul(p, &end, 16);
		if (end == p || t > 0xFFFF || *n == LV_NETDRV_TYPES_MAX)
			return -ERR_INVAL;
		types[(*n)++] = (uint16_t)t;
		p = *end == ',' ? end + 1 : end;
	}
	return *n ? 0 : -ERR_INVAL;
}

static lv_netdrv_session_t *by_name(lv_netdrv_t *d, const char *name)
{
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		if (d->sessions[k].receiver &&
		    strcmp(d->sessions[k].by_ns, name) == 0)
			return &d->sessions[k];
	return NULL;
}

static void open_for(lv_netdrv_t *d, const lv_ns_entry_t *e)
{
	uint16_t types[LV_NETDRV_TYPES_MAX];
	uint32_t n;
	lv_netdrv_session_t *ss = by_name(d, e->name);
	if (parse_types(e->attrs, types, &n) < 0) {
		if (ss) /* no usable types any more */
			netdrv_session_end(ss, 1);
		return;
	}
	if (!ss) {
		ss = netdrv_session_new(d);
		int h = ss ? lv_ns_lookup(e->name, NULL) : -ERR_NOSPC;
		if (h < 0)
			return;
		ss->receiver = h;
		strncpy(ss->by_ns, e->name, sizeof(ss->by_ns) - 1);
	}
	ss->ntypes = n;
	memcpy(ss->types, types, sizeof(types));
	printf("%s: session for protocol server %s (%s)\n",
	       d->name ? d->name : "netdrv", e->name, e->attrs);
}

static int ev_changed(lv_msg_t *m, void *ctx)
{
	lv_ns_entry_t e;
	if (m->h.size == sizeof(e)) {
		memcpy(&e, m->payload, sizeof(e));
		e.name[sizeof(e.name) - 1] = e.attrs[sizeof(e.attrs) - 1] = 0;
		open_for(ctx, &e);
	}
	return 0;
}

static int ev_deleted(lv_msg_t *m, void *ctx)
{
	lv_ns_entry_t e;
	if (m->h.size == sizeof(e)) {
		memcpy(&e, m->payload, sizeof(e));
		e.name[sizeof(e.name) - 1] = 0;
		lv_netdrv_session_t *ss = by_name(ctx, e.name);
		if (ss)
			netdrv_session_end(ss, 0);
	}
	return 0;
}

static const lv_op_t event_ops[] = {
    {LV_NS_EVENT_REGISTER, ev_changed},
    {LV_NS_EVENT_MODIFY, ev_changed},
    {LV_NS_EVENT_DELETE, ev_deleted},
};

void netdrv_registry_start(lv_netdrv_t *d)
{
	static lv_ns_entry_t list[LIST_MAX];
	d->events = lv_port_create();
	if (d->events < 0 ||
	    lv_server_add(d->server, d->events, event_ops, 3, d, NULL) < 0 ||
	    lv_ns_subscribe(LV_NETPROTO_TYPE, d->events) < 0)
		return; /* no name server: sessions come by OPEN only */
	int n = lv_ns_list("", LV_NETPROTO_TYPE, list, LIST_MAX);
	for (int i = 0; i < n; i++)
		open_for(d, &list[i]);
}
