/* IPv4 (RFC 791, host requirements RFC 1122 3.2): checks what arrives,
 * takes what is for one of our addresses or a broadcast (net does not
 * forward), reassembles fragments (pure_reasm.c: 30 s, bounded memory),
 * hands ICMP and UDP up; sends datagrams by the routing table, fragmented to
 * the interface's MTU, through ARP. A datagram to one of our own addresses
 * or to 127.0.0.0/8 is delivered without leaving the node (127/8 even
 * with no interface: `lo` below stands for it); one from the wire to
 * 127/8 is dropped. */
#include <stdlib.h>
#include <string.h>
#include "iface.h"
#include "net.h"
#include "pure_bytes.h"
#include "pure_reasm.h"
#include "pure_route.h"

#define TTL_DEFAULT 64 /* RFC 1700's recommendation, as Linux */
#define REASM_TIMEOUT_S 30
#define QUOTES_MAX 4

static reasm_t reasm;
static uint16_t next_id = 1;
/* What 127.0.0.0/8 arrives on: an interface of its own, in no slot (not
 * listed, no ARP, no routes). */
static iface_t lo = {.used = 1,
		     .present = 1,
		     .index = LV_NET_IF_MAX,
		     .name = "lo",
		     .mtu = 0xFFFF,
		     .flags = LV_NET_IF_UP,
		     .addr = 0x7F000001u,
		     .mask = 0xFF000000u};
static uint8_t packet[ETH_MTU];

/* A source no host on the wire may have (RFC 1812 5.3.7): a broadcast
 * (limited or of one of our networks), multicast, class E, loopback; and
 * our own addresses, which only our loopback sends from. */
static int martian_source(uint32_t src, int looped)
{
	if (looped)
		return 0;
	return net_addr_is_broadcast(src) || (src >> 28) >= 0xE ||
	       (src >> 24) == 127 || (src && net_addr_is_local(src));
}

static void deliver(iface_t *ifc, const ipv4_view_t *ip, int to_broadcast)
{
	switch (ip->proto) {
	case IP_PROTO_ICMP: icmp_input(ifc, ip); break;
	case IP_PROTO_UDP: udp_input(ifc, ip, to_broadcast); break;
	default:
		net_count_drop(LV_NET_DROP_PROTO);
		icmp_send_error(ICMP_DEST_UNREACH, ICMP_UNREACH_PROTO, ip,
				to_broadcast);
	}
}

/* An IPv4 packet from the wire (looped 0) or from our loopback. */
static void receive(iface_t *ifc, const uint8_t *p, size_t len, int looped)
{
	ipv4_view_t ip;
	net_stats()->ip_in++;
	int cause = ipv4_parse(p, len, &ip);
	if (cause) {
		net_count_drop(cause);
		return;
	}
	int to_broadcast = ip.dst == IPV4_BROADCAST ||
			   (ifc->addr && ifc->mask != 0xFFFFFFFFu &&
			    ip.dst == (ifc->addr | ~ifc->mask));
	int dhcp_wait = !ifc->addr && ip.proto == IP_PROTO_UDP;
	if ((!looped && net_is_loopback(ip.dst)) ||
	    (!to_broadcast && !net_addr_is_local(ip.dst) && !dhcp_wait)) {
		net_count_drop(LV_NET_DROP_NOTMINE);
		return;
	}
	if (martian_source(ip.src, looped)) {
		net_count_drop(LV_NET_DROP_NOTMINE);
		return;
	}
	if (!ipv4_is_fragment(&ip)) {
		deliver(ifc, &ip, to_broadcast);
		return;
	}
	const uint8_t *whole;
	size_t whole_len;
	int rc = reasm_add(&reasm, &ip, net_now(), &whole, &whole_len);
	if (rc < 0) {
		net_count_drop(-rc);
		return;
	}
	if (rc == 0)
		return;
	net_stats()->reasm_ok++;
	ip.payload = whole;
	ip.len = whole_len;
	ip.frag_off = 0;
	ip.total = (uint16_t)(whole_len + ip.ihl_bytes > 0xFFFF
				  ? 0xFFFF
				  : whole_len + ip.ihl_bytes);
	deliver(ifc, &ip, to_broadcast);
}

void ip_input(iface_t *ifc, const uint8_t *p, size_t len)
{
	receive(ifc, p, len, 0);
}

/* A datagram to one of our own addresses: handed to receive whole (no
 * fragments), in a buffer of its own (what it answers may come back here
 * while this one is still in use). */
static int loopback(uint32_t src, uint32_t dst, uint8_t proto, uint16_t id,
		    const uint8_t *payload, size_t len)
{
	if (len > IPV4_TOTAL_MAX - IPV4_HLEN)
		return -ERR_MSGSIZE;
	uint8_t *p = malloc(IPV4_HLEN + len);
	if (!p)
		return -ERR_NOMEM;
	size_t h = ipv4_build(p, src, dst, proto, TTL_DEFAULT, id, 0, len);
	memcpy(p + h, payload, len);
	net_stats()->ip_out++;
	receive(net_is_loopback(dst) ? &lo : iface_by_addr(dst), p, h + len, 1);
	free(p);
	return 0;
}

/* Sends one datagram on ifc to next_hop (or back into ourselves). */
static int output_on(iface_t *ifc, uint32_t next_hop, uint32_t src,
		     uint32_t dst, uint8_t proto, const uint8_t *payload,
		     size_t len)
{
	size_t piece;
	if (!ifc->present || !(ifc->flags & LV_NET_IF_UP))
		return -ERR_NETDOWN;
	unsigned n = ipv4_frag_count(len, ifc->mtu, &piece);
	if (n == 0)
		return -ERR_MSGSIZE;
	uint16_t id = next_id++;
	if (net_addr_is_local(dst))
		return loopback(src, dst, proto, id, payload, len);
	for (unsigned i = 0; i < n; i++) {
		size_t off = i * piece;
		size_t part = len - off < piece ? len - off : piece;
		uint16_t field = n == 1 ? 0 : ipv4_frag_field(i, n, piece);
		size_t h = ipv4_build(packet, src, dst, proto, TTL_DEFAULT, id,
				      field, part);
		memcpy(packet + h, payload + off, part);
		net_stats()->ip_out++;
		if (n > 1)
			net_stats()->frags_out++;
		int rc = arp_output(ifc, next_hop, packet, h + part);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ip_output(uint32_t src, uint32_t dst, uint8_t proto, const void *payload,
	      size_t len, iface_t *via)
{
	uint32_t next_hop = dst;
	if (via) /* src as given: DHCP sends from 0.0.0.0 (RFC 2131 4.1) */
		return output_on(via, dst, src, dst, proto, payload, len);
	if (dst == IPV4_BROADCAST) { /* every interface that is up */
		int sent = 0, rc = -ERR_NETUNREACH;
		for (unsigned i = 0; i < LV_NET_IF_MAX; i++) {
			iface_t *ifc = iface_at(i);
			if (!iface_usable(ifc))
				continue;
			rc = output_on(ifc, dst, src ? src : ifc->addr, dst,
				       proto, payload, len);
			sent += rc == 0;
		}
		return sent ? 0 : rc;
	}
	if (net_is_loopback(dst))
		return loopback(src ? src : dst, dst, proto, next_id++, payload,
				len);
	const route_t *r = route_lookup(net_routes(), dst, &next_hop);
	iface_t *ifc = r ? iface_at(r->ifindex) : NULL;
	if (!ifc) {
		net_count_drop(LV_NET_DROP_NOROUTE);
		return iface_down_for(dst) ? -ERR_NETDOWN : -ERR_NETUNREACH;
	}
	if (!iface_usable(ifc))
		return -ERR_NETDOWN;
	return output_on(ifc, next_hop, src ? src : ifc->addr, dst, proto,
			 payload, len);
}

int net_source_for(uint32_t dst, uint32_t *src)
{
	uint32_t hop;
	*src = 0;
	if (net_addr_is_local(dst)) {
		*src = dst;
		return 0;
	}
	const route_t *r = route_lookup(net_routes(), dst, &hop);
	iface_t *ifc = r ? iface_at(r->ifindex) : NULL;
	if (!ifc)
		return iface_down_for(dst) ? -ERR_NETDOWN : -ERR_NETUNREACH;
	if (!iface_usable(ifc))
		return -ERR_NETDOWN;
	*src = ifc->addr;
	return 0;
}

/* Each second: datagrams whose fragments did not all come in time go;
 * the sender of a first fragment hears of it (ICMP time exceeded). */
static void expire(lv_server_t *s, int id, void *arg)
{
	static uint8_t quote[QUOTES_MAX][IPV4_HLEN_MAX + 8];
	size_t qlen[QUOTES_MAX];
	(void)s;
	(void)id;
	(void)arg;
	uint32_t before = reasm.timeouts;
	int n = reasm_expire(&reasm, net_now(), quote, qlen, QUOTES_MAX);
	net_stats()->reasm_timeouts += reasm.timeouts - before;
	for (int i = 0; i < n; i++) {
		const uint8_t *q = quote[i];
		ipv4_view_t ip;
		memset(&ip, 0, sizeof(ip));
		ip.ihl_bytes = (uint8_t)((q[0] & 15) * 4);
		if (ip.ihl_bytes < IPV4_HLEN || ip.ihl_bytes > qlen[i])
			continue;
		ip.proto = q[9];
		ip.src = get32(q + 12);
		ip.dst = get32(q + 16);
		ip.header = q;
		ip.payload = q + ip.ihl_bytes;
		ip.len = qlen[i] - ip.ihl_bytes;
		icmp_send_error(ICMP_TIME_EXCEEDED, ICMP_EXC_REASSEMBLY, &ip,
				0);
	}
}

static void *grow(void *old, size_t bytes) { return realloc(old, bytes); }

int ip_start(void)
{
	reasm_init(&reasm, (uint64_t)REASM_TIMEOUT_S * net_hz(), grow, free);
	int id =
	    lv_server_timer(net_server(), net_hz(), net_hz(), expire, NULL);
	return id < 0 ? id : 0;
}
