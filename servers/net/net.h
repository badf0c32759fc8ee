/* What the parts of the protocol server offer each other. net is one
 * process with one server loop (lavender/server.h): everything here runs
 * in that loop's thread, so nothing needs a lock. Addresses and ports host
 * order; errors -ERR_* (uapi/errors.h). Layers (docs/architecture.md,
 * "The protocol server"):
 *   iface.c    interfaces: driver entries in the name server become eth0..,
 *              frames in and out, addresses (cmdline, MAC, DHCP, manual)
 *   arp.c      ARP over pure_arp.c          ip.c   IPv4 in/out, fragments
 *   icmp.c     echo, errors (rate-limited)  udp.c  UDP in/out
 *   sockets.c  the socket requests of lavender/net_proto.h over
 *              pure_socktab.c
 *   admin.c    lists, and the administrator's changes (from init only)
 *   dhcp.c     the DHCP client over pure_dhcp.c */
#ifndef NET_NET_H
#define NET_NET_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/net_proto.h>
#include <lavender/server.h>

/* The loop (for timers and deferred replies). */
lv_server_t *net_server(void);
/* Ticks since boot, and ticks per second. */
uint64_t net_now(void);
uint32_t net_hz(void);
/* Counts a drop (enum lv_net_drop). */
void net_count_drop(int cause);
lv_net_stats_t *net_stats(void);

/* 1 when addr is in 127.0.0.0/8: this node (RFC 1122 3.2.1.3 (g)),
 * delivered inside net, never sent on a wire nor taken from one. */
static inline int net_is_loopback(uint32_t addr) { return addr >> 24 == 127; }
/* 1 when addr is a loopback address or the address of an interface that
 * is up. */
int net_addr_is_local(uint32_t addr);
/* 1 when addr is the limited broadcast or the broadcast address of an
 * interface's network. */
int net_addr_is_broadcast(uint32_t addr);
/* The source address for packets to dst (its route's interface's
 * address): 0 and -ERR_NETUNREACH when there is no route, -ERR_NETDOWN when
 * the interface is down. */
int net_source_for(uint32_t dst, uint32_t *src);

/* Sends a UDP datagram (fragmented when it exceeds the MTU): src 0 picks
 * the route's interface address. 0, or -ERR_NETUNREACH, -ERR_NETDOWN,
 * -ERR_MSGSIZE, -ERR_NOMEM. Delivery is not confirmed (ARP may still fail:
 * counted as LV_NET_DROP_NOROUTE). Broadcasts go out of every interface
 * whose network they name (255.255.255.255: all). */
int net_udp_send(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		 const void *data, size_t len);
/* Sends an ICMP echo request: icmp is the whole ICMP message (header
 * first); its identifier is set to id and its checksum computed here. */
int net_icmp_echo_send(uint32_t src, uint32_t dst, uint16_t id,
		       const void *icmp, size_t len);

/* --- between the layers (internal) --------------------------------- */
struct iface;
struct ipv4_view;

/* arp.c: an ARP packet arrived on ifc. */
void arp_input(struct iface *ifc, const uint8_t *p, size_t len);
/* Sends the IP packet (len bytes, header first) to next_hop on ifc: at
 * once when its MAC is known, else queued while ARP asks. 0 or -ERR_*. */
int arp_output(struct iface *ifc, uint32_t next_hop, const void *packet,
	       size_t len);
/* Announces ifc's address (gratuitous ARP, RFC 5227 2.3). */
void arp_announce(struct iface *ifc);
/* Forgets everything about ifc. */
void arp_flush(struct iface *ifc);
/* The cache's entries for LV_NET_ARP_LIST; ARP_DEL. */
int arp_list(lv_net_arp_t *out, int max);
int arp_delete(uint32_t addr);
int arp_start(void);

/* ip.c: an IPv4 packet arrived on ifc. */
void ip_input(struct iface *ifc, const uint8_t *p, size_t len);
/* Sends payload (len bytes) as one IP datagram of proto from src to dst,
 * fragmented to the route's MTU. via: the interface to use regardless of
 * routes (DHCP, broadcasts), or NULL; with via, src is used as given
 * (0.0.0.0 too), else 0 picks the route's interface address. 0 or -ERR_*. */
int ip_output(uint32_t src, uint32_t dst, uint8_t proto, const void *payload,
	      size_t len, struct iface *via);
int ip_start(void);

/* icmp.c */
void icmp_input(struct iface *ifc, const struct ipv4_view *ip);
/* An ICMP error about the packet ip (rate-limited, RFC 1812 rules). */
void icmp_send_error(uint8_t type, uint8_t code, const struct ipv4_view *ip,
		     int to_broadcast);
/* udp.c */
void udp_input(struct iface *ifc, const struct ipv4_view *ip, int to_broadcast);
/* udp.c, for dhcp.c: a datagram from port 68 to 67 out of ifc (src 0
 * while it has no address). */
int udp_send_via(struct iface *ifc, uint32_t src, uint32_t dst,
		 const void *data, size_t len);
/* dhcp.c: the DHCP client of an interface, in the background (boot never
 * waits for it); a lease replaces the address the interface had. */
void dhcp_begin(struct iface *ifc);
void dhcp_stop(struct iface *ifc);
/* A UDP datagram to port 68 on ifc: 1 when DHCP took it. */
int dhcp_udp_input(struct iface *ifc, const uint8_t *p, size_t len);
/* config.c: ip= and gw= of the kernel command line (net_cmdline_read
 * once at start), and the default route through gw= once an interface is
 * on its network (net_gateway_check after an address changes). */
typedef struct net_cmdline {
	int have_ip, dhcp, have_gw;
	uint32_t ip, mask, gw;
} net_cmdline_t;
int net_cmdline_read(void);
const net_cmdline_t *net_cmdline(void);
void net_gateway_check(void);
/* Seconds left of ifc's DHCP lease (0: none). */
uint32_t dhcp_lease_left(const struct iface *ifc);
/* admin.c: the lists and the administrator's ops. */
extern const lv_op_t admin_ops[];
extern const size_t admin_nops;
/* routes (admin.c keeps the table) */
struct route_table;
struct route_table *net_routes(void);
/* Removes (and logs) the routes whose gateway is on no connected network
 * of their interface any more: after an address or a connected route
 * went. */
void net_routes_prune(void);

#endif
