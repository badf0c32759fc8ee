/* UDP (RFC 768): checks the length and checksum of what arrives, gives
 * port 68 to the DHCP client of that interface while it runs, the rest to
 * the sockets; a datagram no socket takes is answered ICMP port unreachable
 * (not for broadcasts: RFC 1122 4.1.3.1). Sends with the checksum always
 * computed (RFC 1122 4.1.3.4 lets a host leave it out; we never do). */
#include <string.h>
#include "iface.h"
#include "net.h"
#include <lavender/ripc_proto.h>
#include "pure_dhcp.h"
#include "ripc.h"
#include "sockets.h"

#define UDP_MAX (IPV4_TOTAL_MAX - IPV4_HLEN)

static uint8_t out[UDP_MAX];

void udp_input(iface_t *ifc, const ipv4_view_t *ip, int to_broadcast)
{
	udp_view_t u;
	net_stats()->udp_in++;
	int cause = udp_parse(ip->payload, ip->len, ip->src, ip->dst, &u);
	if (cause) {
		net_count_drop(cause);
		return;
	}
	if (u.dport == DHCP_CLIENT_PORT && u.sport == DHCP_SERVER_PORT &&
	    dhcp_udp_input(ifc, u.payload, u.len))
		return;
	if (u.dport == LV_RIPC_PORT) { /* remote IPC: net's own port */
		if (u.sport == LV_RIPC_PORT && !to_broadcast && ifc->addr)
			ripc_udp_input(ip->src, u.payload, u.len);
		else
			net_count_drop(LV_NET_DROP_NOPORT);
		return;
	}
	if (!ifc->addr) { /* only DHCP may reach an interface with none */
		net_count_drop(LV_NET_DROP_NOTMINE);
		return;
	}
	int rc = sockets_udp_input(ip->src, ip->dst, u.sport, u.dport, ip->ttl,
				   u.payload, u.len);
	if (rc > 0)
		return;
	if (rc < 0) {
		net_count_drop(rc);
		return;
	}
	net_count_drop(LV_NET_DROP_NOPORT);
	icmp_send_error(ICMP_DEST_UNREACH, ICMP_UNREACH_PORT, ip, to_broadcast);
}

/* Builds the datagram in out from src exactly as given and sends it
 * (through via, or by the routes). 0 or -ERR_*. */
static int emit(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		const void *data, size_t len, iface_t *via)
{
	if (len > UDP_MAX - UDP_HLEN)
		return -ERR_MSGSIZE;
	memcpy(out + UDP_HLEN, data, len);
	udp_build(out, src, dst, sport, dport, len);
	int rc = ip_output(src, dst, IP_PROTO_UDP, out, UDP_HLEN + len, via);
	if (rc == 0)
		net_stats()->udp_out++;
	return rc;
}

/* Sends from src (0: the address of the route's interface): emit. */
static int send_udp(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		    const void *data, size_t len, iface_t *via)
{
	if (!src && !via && dst != IPV4_BROADCAST) {
		int rc = net_source_for(dst, &src);
		if (rc < 0)
			return rc;
	}
	if (via && !src)
		src = via->addr;
	return emit(src, dst, sport, dport, data, len, via);
}

int net_udp_send(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		 const void *data, size_t len)
{
	if (dst == IPV4_BROADCAST && !src) {
		/* the checksum covers the source: one datagram an
		 * interface */
		int sent = 0, rc = -ERR_NETUNREACH;
		for (unsigned i = 0; i < LV_NET_IF_MAX; i++) {
			iface_t *ifc = iface_at(i);
			if (!iface_usable(ifc))
				continue;
			rc = send_udp(ifc->addr, dst, sport, dport, data, len,
				      ifc);
			sent += rc == 0;
		}
		return sent ? 0 : rc;
	}
	return send_udp(src, dst, sport, dport, data, len, NULL);
}

/* For dhcp.c: a datagram out of ifc from src (0.0.0.0 while it has no
 * address), port 68 to 67. */
int udp_send_via(iface_t *ifc, uint32_t src, uint32_t dst, const void *data,
		 size_t len)
{
	return emit(src, dst, DHCP_CLIENT_PORT, DHCP_SERVER_PORT, data, len,
		    ifc);
}
