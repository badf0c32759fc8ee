/* Interfaces (iface.h): the table, the drivers' entries coming and going,
 * frames in and out. */
#include <stdio.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "iface.h"
#include "net.h"
#include "pure_route.h"
#include "sockets.h"

#define IF_SLOTS LV_NET_IF_MAX
/* A TRANSMIT or GET_MAC, in ticks: drivers answer at once. */
#define DRIVER_CALL_TICKS 50
#define LIST_MAX 16

static iface_t ifs[IF_SLOTS];
static int events = -1;

const char *net_ntoa(uint32_t a, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", (unsigned)(a >> 24),
		 (unsigned)(a >> 16 & 255), (unsigned)(a >> 8 & 255),
		 (unsigned)(a & 255));
	return buf;
}

static int prefix_of(uint32_t mask)
{
	int n = 0;
	while (mask & 0x80000000u) {
		n++;
		mask <<= 1;
	}
	return n;
}

iface_t *iface_at(unsigned i)
{
	return i < IF_SLOTS && ifs[i].used ? &ifs[i] : NULL;
}

iface_t *iface_by_name(const char *name)
{
	for (int i = 0; i < IF_SLOTS; i++)
		if (ifs[i].used && strcmp(ifs[i].name, name) == 0)
			return &ifs[i];
	return NULL;
}

iface_t *iface_by_driver_pid(int pid)
{
	for (int i = 0; i < IF_SLOTS; i++)
		if (ifs[i].used && ifs[i].present && ifs[i].driver_pid == pid)
			return &ifs[i];
	return NULL;
}

iface_t *iface_by_addr(uint32_t addr)
{
	for (int i = 0; i < IF_SLOTS; i++)
		if (ifs[i].used && ifs[i].present && ifs[i].addr &&
		    ifs[i].addr == addr)
			return &ifs[i];
	return NULL;
}

int iface_usable(const iface_t *ifc)
{
	return ifc && ifc->used && ifc->present &&
	       (ifc->flags & LV_NET_IF_UP) && ifc->addr;
}

int net_addr_is_local(uint32_t addr)
{
	if (net_is_loopback(addr))
		return 1;
	iface_t *ifc = iface_by_addr(addr);
	return iface_usable(ifc);
}

int net_addr_is_broadcast(uint32_t addr)
{
	if (addr == IPV4_BROADCAST)
		return 1;
	for (int i = 0; i < IF_SLOTS; i++)
		if (iface_usable(&ifs[i]) && ifs[i].mask != 0xFFFFFFFFu &&
		    addr == (ifs[i].addr | ~ifs[i].mask))
			return 1;
	return 0;
}

int iface_send(iface_t *ifc, const uint8_t dst[ETH_ALEN], uint16_t type,
	       const void *payload, size_t len)
{
	static uint8_t frame[ETH_FRAME_MAX];
	if (!ifc->present || !ifc->handle || len > ETH_MTU)
		return -ERR_NETDOWN;
	eth_build(frame, dst, ifc->mac, type);
	memcpy(frame + ETH_HLEN, payload, len);
	size_t n = ETH_HLEN + len;
	if (n < 60) { /* the minimum frame (without FCS): pad with zeros */
		memset(frame + n, 0, 60 - n);
		n = 60;
	}
	int rc = lv_rpc(ifc->handle, LV_NETDRV_TRANSMIT, frame, n, NULL, 0,
			NULL, DRIVER_CALL_TICKS);
	if (rc < 0) {
		ifc->tx_errors++;
		return rc;
	}
	ifc->frames_out++;
	ifc->bytes_out += (uint32_t)n;
	net_stats()->frames_out++;
	return 0;
}

iface_t *iface_down_for(uint32_t dst)
{
	for (unsigned i = 0; i < IF_SLOTS; i++) {
		iface_t *ifc = iface_at(i);
		if (ifc && ifc->addr && !(ifc->flags & LV_NET_IF_UP) &&
		    ((dst ^ ifc->addr) & ifc->mask) == 0)
			return ifc;
	}
	return NULL;
}

/* ifc (up, with an address) is on its network again: its connected
 * route, routes that relied on the old one pruned, gw='s default route if
 * it applies now, and an announcement. */
static void connect_routes(iface_t *ifc)
{
	uint32_t net = ifc->addr & ifc->mask;
	route_del(net_routes(), net, ifc->mask, 0);
	route_add(net_routes(), net, ifc->mask, 0, ifc->index, 1);
	net_routes_prune();
	if (ifc->present)
		arp_announce(ifc);
	net_gateway_check();
}

void iface_set_addr(iface_t *ifc, uint32_t addr, uint32_t mask, uint32_t source)
{
	static const char *const from[] = {"", "the kernel command line",
					   "the MAC address", "DHCP",
					   "the administrator"};
	char a[16];
	if (ifc->addr && ifc->addr != addr) {
		route_del(net_routes(), ifc->addr & ifc->mask, ifc->mask, 0);
		sockets_addr_gone(ifc->addr);
	}
	if (!mask)
		mask = 0xFFFFFF00u;
	ifc->addr = addr;
	ifc->mask = addr ? mask : 0;
	ifc->source = addr ? source : LV_NET_SRC_NONE;
	if (!addr) {
		printf("net: %s has no address now\n", ifc->name);
		net_routes_prune();
		return;
	}
	printf("net: %s address %s/%d from %s\n", ifc->name, net_ntoa(addr, a),
	       prefix_of(mask),
	       source < sizeof(from) / sizeof(from[0]) ? from[source] : "?");
	if (ifc->flags & LV_NET_IF_UP)
		connect_routes(ifc);
	else
		net_routes_prune();
}

void iface_set_up(iface_t *ifc, int up)
{
	if (up == !!(ifc->flags & LV_NET_IF_UP))
		return;
	if (up) {
		ifc->flags |= LV_NET_IF_UP;
		printf("net: %s up\n", ifc->name);
		if (ifc->addr)
			connect_routes(ifc);
		return;
	}
	ifc->flags &= ~LV_NET_IF_UP;
	if (ifc->addr)
		sockets_addr_gone(ifc->addr);
	arp_flush(ifc);
	int routes = route_del_if(net_routes(), ifc->index);
	printf("net: %s down: %d route%s gone (ifconfig %s up brings the "
	       "connected one back)\n",
	       ifc->name, routes, routes == 1 ? "" : "s", ifc->name);
}

/* 1 when pid may drive hardware: holds the nucleus right (a driver init
 * started) or is a module's kernel-side process. Anyone may register an
 * entry of type "driver"; only such an owner becomes an interface. */
static int is_driver(int pid)
{
	lv_proc_info_t who;
	return pid > 0 && lv_proc_find(pid, &who) == 0 &&
	       ((who.rights & LV_PRIV_NUCLEUS) ||
		who.placement == LV_PLACE_KERNEL);
}

static iface_t *by_driver_name(const char *name)
{
	for (int i = 0; i < IF_SLOTS; i++)
		if (ifs[i].used && strcmp(ifs[i].driver, name) == 0)
			return &ifs[i];
	return NULL;
}

/* A slot for a driver never seen: the first free one, else one whose
 * driver left (its remembered name and address are forgotten). */
static iface_t *new_slot(void)
{
	for (int i = 0; i < IF_SLOTS; i++)
		if (!ifs[i].used)
			return &ifs[i];
	for (int i = 0; i < IF_SLOTS; i++)
		if (!ifs[i].present)
			return &ifs[i];
	return NULL;
}

/* The first address of a new interface: ip= on the command line (eth0
 * only), else 52:54:00:00:00:NN -> 10.0.0.NN/24; DHCP in the background
 * unless the command line named a fixed address. */
static void configure(iface_t *ifc)
{
	const net_cmdline_t *c = net_cmdline();
	if (ifc->index == 0 && c->have_ip && !c->dhcp) {
		iface_set_addr(ifc, c->ip, c->mask, LV_NET_SRC_CMDLINE);
		return;
	}
	const uint8_t *m = ifc->mac;
	if (!(ifc->index == 0 && c->dhcp) && m[0] == 0x52 && m[1] == 0x54 &&
	    m[2] == 0 && m[3] == 0 && m[4] == 0 && m[5] != 0 && m[5] != 255)
		iface_set_addr(ifc, 0x0A000000u | m[5], 0xFFFFFF00u,
			       LV_NET_SRC_MAC);
	dhcp_begin(ifc);
}

/* Takes a send right to the driver's port and its MAC: 0 or -ERR_*. */
static int connect_driver(iface_t *ifc, const lv_ns_entry_t *e)
{
	lv_ns_entry_t now;
	msg_netdrv_mac_t mac;
	size_t got = 0;
	int h = lv_ns_lookup(e->name, &now);
	if (h < 0)
		return h;
	if (now.owner != e->owner || !is_driver(now.owner)) {
		lv_handle_close(h);
		return -ERR_PERM;
	}
	int rc = lv_rpc(h, LV_NETDRV_GET_MAC, NULL, 0, &mac, sizeof(mac), &got,
			DRIVER_CALL_TICKS);
	if (rc < 0 || got < ETH_ALEN) { /* 6 bytes, as drivers answer */
		lv_handle_close(h);
		return rc < 0 ? rc : -ERR_IO;
	}
	if (ifc->handle)
		lv_handle_close(ifc->handle);
	ifc->handle = h;
	ifc->driver_pid = now.owner;
	memcpy(ifc->mac, mac.mac, ETH_ALEN);
	return 0;
}

static void attach(const lv_ns_entry_t *e)
{
	char mac[18];
	iface_t *ifc = by_driver_name(e->name);
	int known = ifc != NULL;
	if (ifc && ifc->present && ifc->driver_pid == e->owner)
		return; /* already ours */
	if (!is_driver(e->owner)) {
		printf("net: %s is not a driver's entry (pid %d may not drive "
		       "hardware): ignored\n",
		       e->name, (int)e->owner);
		return;
	}
	if (!ifc && !(ifc = new_slot())) {
		printf("net: no room for %s: %d interfaces at most\n", e->name,
		       IF_SLOTS);
		return;
	}
	if (!known) {
		memset(ifc, 0, sizeof(*ifc));
		ifc->index = (uint8_t)(ifc - ifs);
		snprintf(ifc->name, sizeof(ifc->name), "eth%d", ifc->index);
		snprintf(ifc->driver, sizeof(ifc->driver), "%s", e->name);
		ifc->used = 1;
		ifc->mtu = ETH_MTU;
	}
	int was_present = ifc->present;
	int rc = connect_driver(ifc, e);
	if (rc < 0) {
		printf("net: cannot use driver %s: %s\n", e->name,
		       lv_strerror(rc));
		if (!known)
			ifc->used = 0;
		return;
	}
	ifc->present = 1;
	lv_netdrv_mac_str(ifc->mac, mac);
	if (was_present) { /* a hand-over: the interface stays */
		printf("net: %s stays: driver %s now pid %d\n", ifc->name,
		       ifc->driver, ifc->driver_pid);
		return;
	}
	ifc->flags |= LV_NET_IF_UP;
	printf("net: %s is %s (%s)\n", ifc->name, ifc->driver, mac);
	if (known && ifc->addr) {
		uint32_t addr = ifc->addr;
		ifc->addr = 0;
		iface_set_addr(ifc, addr, ifc->mask, ifc->source);
	} else {
		configure(ifc);
	}
}

static void detach(iface_t *ifc, const char *why)
{
	if (!ifc->present)
		return;
	dhcp_stop(ifc);
	if (ifc->addr)
		sockets_addr_gone(ifc->addr);
	int routes = route_del_if(net_routes(), ifc->index);
	arp_flush(ifc);
	if (ifc->handle)
		lv_handle_close(ifc->handle);
	ifc->handle = 0;
	ifc->present = 0;
	ifc->driver_pid = 0;
	printf("net: %s (%s) left (%s): %d route%s gone\n", ifc->name,
	       ifc->driver, why, routes, routes == 1 ? "" : "s");
}

/* The name server restarted, or a frame came from an unknown driver:
 * the driver entries as they are now. */
static void resync(void)
{
	static lv_ns_entry_t list[LIST_MAX];
	int n = lv_ns_list("", LV_NETDRV_TYPE, list, LIST_MAX);
	if (n < 0)
		return;
	for (int i = 0; i < IF_SLOTS; i++) {
		int listed = 0;
		for (int j = 0; j < n && ifs[i].present; j++)
			listed |= strcmp(list[j].name, ifs[i].driver) == 0;
		if (ifs[i].present && !listed)
			detach(&ifs[i], "its entry is gone");
	}
	for (int j = 0; j < n; j++)
		attach(&list[j]);
}

void iface_ns_event(uint32_t op, const lv_ns_entry_t *e)
{
	iface_t *ifc;
	switch (op) {
	case LV_NS_EVENT_REGISTER:
	case LV_NS_EVENT_HANDOVER:
	case LV_NS_EVENT_MODIFY:
		if (strcmp(e->type, LV_NETDRV_TYPE) == 0)
			attach(e);
		break;
	case LV_NS_EVENT_DELETE:
		ifc = by_driver_name(e->name);
		if (ifc && ifc->driver_pid == e->owner)
			detach(ifc, "its driver ended");
		break;
	case LV_NS_EVENT_RESTART: resync(); break;
	}
}

void iface_driver_gone(int sender)
{
	iface_t *ifc = iface_by_driver_pid(sender);
	if (ifc)
		detach(ifc, "its driver is stopping");
}

void iface_frame_in(int sender, const uint8_t *frame, size_t len)
{
	static uint64_t last_resync;
	eth_view_t eth;
	iface_t *ifc = iface_by_driver_pid(sender);
	if (!ifc && net_now() - last_resync >= net_hz()) {
		/* a new driver whose entry's event has not come yet (a
		 * swap's heir pushes frames at once), or an impostor */
		last_resync = net_now();
		resync();
		ifc = iface_by_driver_pid(sender);
	}
	if (!ifc) {
		net_count_drop(LV_NET_DROP_OTHER);
		return;
	}
	ifc->frames_in++;
	ifc->bytes_in += (uint32_t)len;
	int cause = eth_parse(frame, len, &eth);
	if (cause) {
		net_count_drop(cause);
		return;
	}
	if (!(ifc->flags & LV_NET_IF_UP))
		return;
	if (eth.type == ETH_TYPE_ARP)
		arp_input(ifc, eth.payload, eth.len);
	else if (eth.type == ETH_TYPE_IPV4)
		ip_input(ifc, eth.payload, eth.len);
	else
		net_count_drop(LV_NET_DROP_PROTO);
}

int iface_list(lv_net_if_t *out, int max)
{
	int n = 0;
	for (int i = 0; i < IF_SLOTS && n < max; i++) {
		iface_t *f = &ifs[i];
		if (!f->used || !f->present)
			continue;
		lv_net_if_t *o = &out[n++];
		memset(o, 0, sizeof(*o));
		memcpy(o->name, f->name, sizeof(o->name));
		memcpy(o->driver, f->driver, sizeof(o->driver));
		memcpy(o->mac, f->mac, ETH_ALEN);
		o->mtu = f->mtu;
		o->flags = f->flags;
		o->addr = f->addr;
		o->mask = f->mask;
		o->source = f->source;
		o->frames_in = f->frames_in;
		o->frames_out = f->frames_out;
		o->bytes_in = f->bytes_in;
		o->bytes_out = f->bytes_out;
		o->dhcp_lease_s = dhcp_lease_left(f);
	}
	return n;
}

static int on_event(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	if (m->h.sender > 0 && m->h.size == sizeof(lv_ns_entry_t)) {
		lv_ns_entry_t e;
		memcpy(&e, m->payload, sizeof(e));
		e.name[LV_NS_NAME_MAX - 1] = 0;
		e.type[LV_NS_TYPE_MAX - 1] = 0;
		iface_ns_event(m->h.op, &e);
	} else if (m->h.op == LV_NS_EVENT_RESTART) {
		resync();
	}
	m->h.size = 0;
	return 0;
}

static const lv_op_t event_ops[] = {
    {LV_NS_EVENT_REGISTER, on_event}, {LV_NS_EVENT_MODIFY, on_event},
    {LV_NS_EVENT_DELETE, on_event},   {LV_NS_EVENT_HANDOVER, on_event},
    {LV_NS_EVENT_RESTART, on_event},
};

int iface_start(void)
{
	int rc = net_cmdline_read();
	if (rc < 0)
		printf("net: kernel command line: %s (no ip=/gw=)\n",
		       lv_strerror(rc));
	events = lv_port_create();
	if (events < 0)
		return events;
	rc =
	    lv_server_add(net_server(), events, event_ops,
			  sizeof(event_ops) / sizeof(event_ops[0]), NULL, NULL);
	if (rc < 0)
		return rc;
	rc = lv_ns_subscribe(LV_NETDRV_TYPE, events);
	if (rc < 0)
		return rc;
	resync();
	return 0;
}
