/* The socket side of net: the requests LV_NET_SOCKET .. LV_NET_POLL and
 * LV_NET_SOCK_LIST of lavender/net_proto.h, over the table of
 * pure_socktab.c. The layers below call in with what arrived. Runs in
 * net's loop thread (net.h). */
#ifndef NET_SOCKETS_H
#define NET_SOCKETS_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/server.h>

/* The handlers, for lv_server_add on net's port. */
extern const lv_op_t sockets_ops[];
extern const size_t sockets_nops;

/* Sets up the table and a periodic timer that frees the sockets of dead
 * processes. 0 or -ERR_NOMEM. */
int sockets_init(lv_server_t *s);

/* A UDP datagram for a local (or broadcast) address arrived (checksum
 * already checked). Returns the sockets it was queued to (>= 1), 0 when no
 * socket has the port (the caller answers ICMP port unreachable, unless
 * broadcast), or -LV_NET_DROP_QUEUE when every taker's queue was full. */
int sockets_udp_input(uint32_t src, uint32_t dst, uint16_t sport,
		      uint16_t dport, uint8_t ttl, const void *data,
		      size_t len);
/* An ICMP echo reply (the whole ICMP message, checksum checked) from src:
 * queued to the ping socket whose identifier it carries. 1 or 0. */
int sockets_ping_input(uint32_t src, uint8_t ttl, const void *icmp, size_t len);
/* An ICMP error from `from` about a UDP datagram we sent (quoted: the IP
 * header and 8 bytes of it, as received, checked long enough): a
 * connected socket with that local/remote pair gets a pending error
 * (-ERR_CONNREFUSED for port unreachable, -ERR_HOSTUNREACH or
 * -ERR_NETUNREACH for the other unreachables), reported once by its next
 * call, and a waiting RECV is answered with it (Linux's behaviour). */
void sockets_icmp_error(uint32_t from, uint8_t type, uint8_t code,
			const uint8_t *quoted, size_t len);
/* The address left (its interface went down or away): sockets bound to
 * it get -ERR_NETDOWN pending (a waiting RECV is answered with it) and
 * become unbound from it (any address). */
void sockets_addr_gone(uint32_t addr);

#endif
