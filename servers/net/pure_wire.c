/* The wire formats of pure_wire.h: RFC 1071 checksums, Ethernet II, ARP,
 * IPv4, UDP and ICMP headers decoded and encoded with byte loads and
 * stores only (no alignment assumed, network order on the wire). */
#include <string.h>
#include <lavender/net_proto.h>
#include "pure_wire.h"
#include "pure_bytes.h"

/* 0 is a parser's "not dropped": no cause returned here may be 0. */
_Static_assert(LV_NET_DROP_SHORT > 0 && LV_NET_DROP_BADLEN > 0 &&
		   LV_NET_DROP_CSUM > 0 && LV_NET_DROP_VERSION > 0 &&
		   LV_NET_DROP_ARP > 0,
	       "a parser's drop cause must not be 0");

/* Ones' complement addition keeps its value under end-around carry, so a
 * partial fold is still the same sum. */
static uint32_t fold16(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xFFFFu) + (sum >> 16);
	return (uint32_t)sum;
}

uint32_t inet_sum(uint32_t sum, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t acc = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += get16(p + i);
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	return fold16(acc);
}

uint16_t inet_fold(uint32_t sum) { return (uint16_t)~fold16(sum); }

uint16_t inet_checksum(const void *buf, size_t len)
{
	return inet_fold(inet_sum(0, buf, len));
}

uint32_t inet_pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto,
			 uint16_t len)
{
	return (src >> 16) + (src & 0xFFFFu) + (dst >> 16) + (dst & 0xFFFFu) +
	       proto + len;
}

int eth_parse(const uint8_t *frame, size_t len, eth_view_t *out)
{
	if (len < ETH_HLEN)
		return LV_NET_DROP_SHORT;
	memcpy(out->dst, frame, ETH_ALEN);
	memcpy(out->src, frame + ETH_ALEN, ETH_ALEN);
	out->type = get16(frame + 2 * ETH_ALEN);
	out->payload = frame + ETH_HLEN;
	out->len = len - ETH_HLEN;
	return 0;
}

size_t eth_build(uint8_t *out, const uint8_t dst[ETH_ALEN],
		 const uint8_t src[ETH_ALEN], uint16_t type)
{
	memcpy(out, dst, ETH_ALEN);
	memcpy(out + ETH_ALEN, src, ETH_ALEN);
	put16(out + 2 * ETH_ALEN, type);
	return ETH_HLEN;
}

/* RFC 826's packet for Ethernet/IPv4: hrd, pro, hln, pln, op, sha, spa,
 * tha, tpa. */
int arp_parse(const uint8_t *p, size_t len, arp_view_t *out)
{
	if (len < ARP_LEN)
		return LV_NET_DROP_SHORT;
	if (get16(p) != 1 || get16(p + 2) != ETH_TYPE_IPV4 ||
	    p[4] != ETH_ALEN || p[5] != 4)
		return LV_NET_DROP_ARP;
	out->op = get16(p + 6);
	if (out->op != ARP_OP_REQUEST && out->op != ARP_OP_REPLY)
		return LV_NET_DROP_ARP;
	memcpy(out->sha, p + 8, ETH_ALEN);
	out->spa = get32(p + 14);
	memcpy(out->tha, p + 18, ETH_ALEN);
	out->tpa = get32(p + 24);
	return 0;
}

size_t arp_build(uint8_t *out, const arp_view_t *a)
{
	put16(out, 1);
	put16(out + 2, ETH_TYPE_IPV4);
	out[4] = ETH_ALEN;
	out[5] = 4;
	put16(out + 6, a->op);
	memcpy(out + 8, a->sha, ETH_ALEN);
	put32(out + 14, a->spa);
	memcpy(out + 18, a->tha, ETH_ALEN);
	put32(out + 24, a->tpa);
	return ARP_LEN;
}

int ipv4_parse(const uint8_t *p, size_t len, ipv4_view_t *out)
{
	size_t ihl, total;

	if (len < IPV4_HLEN)
		return LV_NET_DROP_SHORT;
	if (p[0] >> 4 != 4 || (p[0] & 0xFu) < 5)
		return LV_NET_DROP_VERSION;
	ihl = (size_t)(p[0] & 0xFu) * 4;
	if (len < ihl)
		return LV_NET_DROP_SHORT;
	if (inet_checksum(p, ihl) != 0)
		return LV_NET_DROP_CSUM;
	total = get16(p + 2);
	if (total < ihl || total > len)
		return LV_NET_DROP_BADLEN;
	out->ihl_bytes = (uint8_t)ihl;
	out->tos = p[1];
	out->total = (uint16_t)total;
	out->id = get16(p + 4);
	out->frag_off = get16(p + 6);
	out->ttl = p[8];
	out->proto = p[9];
	out->src = get32(p + 12);
	out->dst = get32(p + 16);
	out->header = p;
	out->payload = p + ihl;
	out->len = total - ihl;
	return 0;
}

size_t ipv4_build(uint8_t *out, uint32_t src, uint32_t dst, uint8_t proto,
		  uint8_t ttl, uint16_t id, uint16_t frag_off,
		  size_t payload_len)
{
	if (payload_len > IPV4_TOTAL_MAX - IPV4_HLEN)
		return 0;
	out[0] = 0x45;
	out[1] = 0;
	put16(out + 2, (uint16_t)(IPV4_HLEN + payload_len));
	put16(out + 4, id);
	put16(out + 6, frag_off);
	out[8] = ttl;
	out[9] = proto;
	put16(out + 10, 0);
	put32(out + 12, src);
	put32(out + 16, dst);
	put16(out + 10, inet_checksum(out, IPV4_HLEN));
	return IPV4_HLEN;
}

/* The checksum over the pseudo-header and the datagram's ulen bytes: 0
 * when the checksum field in them is right. */
static uint16_t udp_checksum(uint32_t src, uint32_t dst, const uint8_t *p,
			     uint16_t ulen)
{
	uint32_t sum = inet_pseudo_sum(src, dst, IP_PROTO_UDP, ulen);
	return inet_fold(inet_sum(sum, p, ulen));
}

int udp_parse(const uint8_t *p, size_t len, uint32_t src, uint32_t dst,
	      udp_view_t *out)
{
	size_t ulen;

	if (len < UDP_HLEN)
		return LV_NET_DROP_SHORT;
	ulen = get16(p + 4);
	if (ulen < UDP_HLEN || ulen > len)
		return LV_NET_DROP_BADLEN;
	if (get16(p + 6) != 0 && udp_checksum(src, dst, p, (uint16_t)ulen) != 0)
		return LV_NET_DROP_CSUM; /* 0 on the wire: none sent */
	out->sport = get16(p);
	out->dport = get16(p + 2);
	out->payload = p + UDP_HLEN;
	out->len = ulen - UDP_HLEN;
	return 0;
}

size_t udp_build(uint8_t *out, uint32_t src, uint32_t dst, uint16_t sport,
		 uint16_t dport, size_t payload_len)
{
	uint16_t ulen, csum;

	if (payload_len > IPV4_TOTAL_MAX - IPV4_HLEN - UDP_HLEN)
		return 0;
	ulen = (uint16_t)(UDP_HLEN + payload_len);
	put16(out, sport);
	put16(out + 2, dport);
	put16(out + 4, ulen);
	put16(out + 6, 0);
	csum = udp_checksum(src, dst, out, ulen);
	put16(out + 6, csum ? csum : 0xFFFFu); /* 0 would say "none" */
	return UDP_HLEN;
}

/* The ICMP types that report an error about another packet (RFC 792's
 * unreachable, source quench, redirect, time exceeded, parameter
 * problem). */
static int icmp_type_is_error(uint8_t type)
{
	return type == ICMP_DEST_UNREACH || type == 4 || type == 5 ||
	       type == ICMP_TIME_EXCEEDED || type == 12;
}

/* The queries (RFC 792, 950, 1256): echo, router advertisement and
 * solicitation, timestamp, information, address mask. Any other type,
 * known or not, counts as an error for icmp_error_allowed. */
static int icmp_type_is_query(uint8_t type)
{
	return type == ICMP_ECHO_REPLY || type == ICMP_ECHO_REQUEST ||
	       type == 9 || type == 10 || (type >= 13 && type <= 18);
}

int icmp_parse(const uint8_t *p, size_t len, icmp_view_t *out)
{
	if (len < ICMP_HLEN)
		return LV_NET_DROP_SHORT;
	if (inet_checksum(p, len) != 0)
		return LV_NET_DROP_CSUM;
	if (icmp_type_is_error(p[0]) && len < ICMP_HLEN + IPV4_HLEN + 8)
		return LV_NET_DROP_SHORT;
	*out = (icmp_view_t){.type = p[0],
			     .code = p[1],
			     .id = get16(p + 4),
			     .seq = get16(p + 6),
			     .data = p + ICMP_HLEN,
			     .len = len - ICMP_HLEN};
	return 0;
}

size_t icmp_build(uint8_t *out, uint8_t type, uint8_t code, uint16_t id,
		  uint16_t seq, size_t data_len)
{
	out[0] = type;
	out[1] = code;
	put16(out + 2, 0);
	put16(out + 4, id);
	put16(out + 6, seq);
	put16(out + 2, inet_checksum(out, ICMP_HLEN + data_len));
	return ICMP_HLEN;
}

size_t icmp_build_error(uint8_t *out, uint8_t type, uint8_t code,
			const ipv4_view_t *ip)
{
	size_t hlen = ip->ihl_bytes, quote = ip->len < 8 ? ip->len : 8;

	if (hlen > IPV4_HLEN_MAX)
		hlen = IPV4_HLEN_MAX;
	memcpy(out + ICMP_HLEN, ip->header, hlen);
	memcpy(out + ICMP_HLEN + hlen, ip->payload, quote);
	icmp_build(out, type, code, 0, 0, hlen + quote);
	return ICMP_HLEN + hlen + quote;
}

/* Not a single host's address (RFC 1812 4.3.2.7): 0.0.0.0, loopback,
 * multicast, class E and the limited broadcast. */
static int ipv4_not_a_host(uint32_t a)
{
	return a == 0 || a >> 24 == 127 || a >> 28 >= 0xE;
}

int icmp_error_allowed(const ipv4_view_t *ip, int to_broadcast)
{
	if (to_broadcast || ipv4_frag_bytes(ip) != 0)
		return 0;
	if (ip->dst >> 28 >= 0xE || ipv4_not_a_host(ip->src))
		return 0;
	if (ip->proto == IP_PROTO_ICMP &&
	    (ip->len == 0 || !icmp_type_is_query(ip->payload[0])))
		return 0;
	return 1;
}
