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

/* 1 when addr is the address of an interface that is up. */
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

#endif
