/* Wire formats of the protocols net speaks, decoded with every length and
 * checksum checked (anything from the network is hostile until then) and
 * encoded in network byte order. Pure: no I/O, no allocation; host tests in
 * tests/host/test_net_wire.c.
 *
 * Parsers take the bytes that arrived and fill a view whose pointers point
 * into them; they return 0 or an enum lv_net_drop cause (> 0,
 * lavender/net_proto.h) to count. Builders write into a buffer the caller
 * sized (at least the stated bytes) and return the bytes written. All
 * multi-byte fields in views and arguments are host order. */
#ifndef NET_PURE_WIRE_H
#define NET_PURE_WIRE_H
#include <stddef.h>
#include <stdint.h>

#define ETH_HLEN 14u
#define ETH_ALEN 6u
#define ETH_TYPE_IPV4 0x0800u
#define ETH_TYPE_ARP 0x0806u
#define ETH_FRAME_MAX 1514u /* without the FCS */
#define ETH_MTU 1500u
#define IPV4_HLEN 20u /* without options */
#define IPV4_HLEN_MAX 60u
#define IPV4_TOTAL_MAX 65535u
#define IP_PROTO_ICMP 1u
#define IP_PROTO_UDP 17u
#define IPV4_DF 0x4000u /* flags in frag_off */
#define IPV4_MF 0x2000u
#define IPV4_OFFSET_MASK 0x1FFFu /* in 8-byte units */
#define UDP_HLEN 8u
#define ICMP_HLEN 8u
#define ARP_LEN 28u /* Ethernet/IPv4 ARP packet, RFC 826 */
#define ICMP_ECHO_REPLY 0u
#define ICMP_DEST_UNREACH 3u
#define ICMP_ECHO_REQUEST 8u
#define ICMP_TIME_EXCEEDED 11u
#define ICMP_UNREACH_NET 0u /* codes of ICMP_DEST_UNREACH, RFC 792 */
#define ICMP_UNREACH_HOST 1u
#define ICMP_UNREACH_PROTO 2u
#define ICMP_UNREACH_PORT 3u
#define ICMP_UNREACH_NEEDFRAG 4u
#define ICMP_EXC_REASSEMBLY 1u /* code of ICMP_TIME_EXCEEDED */
#define ARP_OP_REQUEST 1u
#define ARP_OP_REPLY 2u
#define IPV4_BROADCAST 0xFFFFFFFFu

/* RFC 1071 Internet checksum: the ones' complement sum of 16-bit words
 * (odd length: a zero pad byte), folded and complemented. inet_sum adds
 * bytes into a running 32-bit sum (start from 0; every part but the last
 * of even length; the result is folded to 16 bits, so any number of parts
 * can be chained); inet_fold finishes it. A buffer whose checksum field is
 * right folds to 0. */
uint32_t inet_sum(uint32_t sum, const void *buf, size_t len);
uint16_t inet_fold(uint32_t sum);
uint16_t inet_checksum(const void *buf, size_t len);
/* The sum of the UDP pseudo-header (RFC 768): src, dst, protocol, length. */
uint32_t inet_pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto,
			 uint16_t len);

typedef struct eth_view {
	uint8_t dst[ETH_ALEN], src[ETH_ALEN];
	uint16_t type;
	const uint8_t *payload;
	size_t len; /* payload bytes (padding included) */
} eth_view_t;
/* LV_NET_DROP_SHORT: under ETH_HLEN bytes. The type is not checked. */
int eth_parse(const uint8_t *frame, size_t len, eth_view_t *out);
/* Writes the 14-byte header. */
size_t eth_build(uint8_t *out, const uint8_t dst[ETH_ALEN],
		 const uint8_t src[ETH_ALEN], uint16_t type);

/* An Ethernet/IPv4 ARP packet (hardware type 1, protocol 0x0800, lengths 6
 * and 4, op request or reply: anything else is LV_NET_DROP_ARP; under
 * ARP_LEN bytes LV_NET_DROP_SHORT; bytes past ARP_LEN are the link's
 * padding). Addresses are not judged here (0.0.0.0 is RFC 5227's probe). */
typedef struct arp_view {
	uint16_t op;
	uint8_t sha[ETH_ALEN], tha[ETH_ALEN];
	uint32_t spa, tpa;
} arp_view_t;
int arp_parse(const uint8_t *p, size_t len, arp_view_t *out);
size_t arp_build(uint8_t *out, const arp_view_t *a); /* ARP_LEN bytes */

/* An IPv4 header (RFC 791): version 4, IHL >= 5, the header checksum
 * right, total length >= IHL*4 and within len (bytes past it are the
 * link's padding: ignored), options skipped (not interpreted). Checked in
 * that order; the causes: under 20 bytes, or under IHL*4 bytes,
 * LV_NET_DROP_SHORT; a version other than 4 or IHL < 5
 * LV_NET_DROP_VERSION; a bad header checksum LV_NET_DROP_CSUM; total <
 * IHL*4 or > len LV_NET_DROP_BADLEN. TTL, addresses and fragments are the
 * caller's to judge. */
typedef struct ipv4_view {
	uint8_t ihl_bytes, tos, ttl, proto;
	uint16_t total, id, frag_off; /* frag_off: flags and offset field */
	uint32_t src, dst;
	const uint8_t *header; /* the header as it came (options too) */
	const uint8_t *payload;
	size_t len; /* payload bytes: total - header */
} ipv4_view_t;
int ipv4_parse(const uint8_t *p, size_t len, ipv4_view_t *out);
/* Fragment offset in bytes; 1 when more fragments follow. */
static inline unsigned ipv4_frag_bytes(const ipv4_view_t *ip)
{
	return (unsigned)(ip->frag_off & IPV4_OFFSET_MASK) * 8u;
}
static inline int ipv4_is_fragment(const ipv4_view_t *ip)
{
	return (ip->frag_off & (IPV4_MF | IPV4_OFFSET_MASK)) != 0;
}
/* Writes a 20-byte header (no options, TOS 0) with its checksum;
 * payload_len bytes follow it. 0 (nothing written) when 20 + payload_len
 * exceeds IPV4_TOTAL_MAX. */
size_t ipv4_build(uint8_t *out, uint32_t src, uint32_t dst, uint8_t proto,
		  uint8_t ttl, uint16_t id, uint16_t frag_off,
		  size_t payload_len);

/* UDP (RFC 768): length field >= 8 and <= len (bytes past it ignored), the
 * checksum (0: none sent) right over the pseudo-header and the length
 * field's bytes. src and dst are the IP header's (for the pseudo-header).
 * Causes: under 8 bytes LV_NET_DROP_SHORT; a length field < 8 or > len
 * LV_NET_DROP_BADLEN; a wrong checksum LV_NET_DROP_CSUM. */
typedef struct udp_view {
	uint16_t sport, dport;
	const uint8_t *payload;
	size_t len;
} udp_view_t;
int udp_parse(const uint8_t *p, size_t len, uint32_t src, uint32_t dst,
	      udp_view_t *out);
/* Writes the 8-byte header for payload_len bytes of payload that already
 * follow at out + 8, with the checksum (a computed 0 is sent as 0xFFFF).
 * 0 (nothing written) when the datagram would not fit an IPv4 packet
 * (payload_len > LV_NET_DGRAM_MAX). */
size_t udp_build(uint8_t *out, uint32_t src, uint32_t dst, uint16_t sport,
		 uint16_t dport, size_t payload_len);

/* ICMP (RFC 792): at least 8 bytes (else LV_NET_DROP_SHORT), checksum
 * right over all of it (else LV_NET_DROP_CSUM). For the error types (3, 4,
 * 5, 11, 12), `data` quotes the IP header and first bytes of the packet
 * that caused it: at least 28 bytes, else LV_NET_DROP_SHORT (the quote
 * itself is the caller's to parse). id and seq are bytes 4-7 whatever the
 * type (for an error: unused, or RFC 1191's next-hop MTU in seq). */
typedef struct icmp_view {
	uint8_t type, code;
	uint16_t id, seq;    /* echo request/reply */
	const uint8_t *data; /* after the 8-byte header */
	size_t len;
} icmp_view_t;
int icmp_parse(const uint8_t *p, size_t len, icmp_view_t *out);
/* Writes an 8-byte header with type, code, id, seq and a checksum over it
 * and data_len bytes that already follow at out + 8. */
size_t icmp_build(uint8_t *out, uint8_t type, uint8_t code, uint16_t id,
		  uint16_t seq, size_t data_len);
/* An error about the packet `ip` (its header as it came, options too, and
 * the first 8 bytes of its payload, fewer when it has fewer, are quoted,
 * RFC 792): header + quote into out (at most ICMP_HLEN + IPV4_HLEN_MAX + 8
 * bytes); returns the bytes written. Bytes 4-7 are 0. */
size_t icmp_build_error(uint8_t *out, uint8_t type, uint8_t code,
			const ipv4_view_t *ip);
/* RFC 1812 4.3.2.7: no error about an ICMP error (any ICMP type but the
 * queries 0, 8, 9, 10, 13-18; an ICMP packet too short to show its type
 * counts as one), a multicast or class E destination or 255.255.255.255, a
 * source that is not one host (0.0.0.0, 127/8, multicast, class E,
 * 255.255.255.255), or a fragment other than the first. to_broadcast: the
 * caller knows the packet came as a link-layer broadcast or names a
 * network's broadcast address (as destination or source). 1: may send. */
int icmp_error_allowed(const ipv4_view_t *ip, int to_broadcast);

#endif
