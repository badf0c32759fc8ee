/* The wire formats of servers/net/pure_wire.c: RFC 1071 checksums against
 * published and hand-computed sums, every parser on good input, on input
 * truncated at every length (in a heap block of exactly that size, so
 * AddressSanitizer catches a read past it), on lying length fields, bad
 * checksums, bad versions and header lengths, IP options and link padding;
 * the builders against hand-computed bytes and through the parsers; which
 * packets may get an ICMP error (RFC 1812 4.3.2.7). */
#include <stdlib.h>
#include <string.h>
#include <lavender/net_proto.h>
#include "../../servers/net/pure_wire.h"
#include "unit.h"

#define IP(a, b, c, d)                                                         \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* The parsers on a heap copy of exactly len bytes; only the cause is
 * returned (the view points into the freed copy). */
enum { P_ETH, P_ARP, P_IP, P_UDP, P_ICMP };
static int parse_exact(int which, const uint8_t *p, size_t len, uint32_t src,
		       uint32_t dst)
{
	uint8_t *copy = malloc(len ? len : 1);
	union {
		eth_view_t eth;
		arp_view_t arp;
		ipv4_view_t ip;
		udp_view_t udp;
		icmp_view_t icmp;
	} v;
	int rc = -1;

	if (!copy)
		return -1;
	memcpy(copy, p, len);
	if (len == 0) { /* a 0-byte block: any read is past it */
		free(copy);
		copy = malloc(0);
	}
	switch (which) {
	case P_ETH: rc = eth_parse(copy, len, &v.eth); break;
	case P_ARP: rc = arp_parse(copy, len, &v.arp); break;
	case P_IP: rc = ipv4_parse(copy, len, &v.ip); break;
	case P_UDP: rc = udp_parse(copy, len, src, dst, &v.udp); break;
	case P_ICMP: rc = icmp_parse(copy, len, &v.icmp); break;
	}
	free(copy);
	return rc;
}

/* A slow reference: 16-bit big-endian words added with end-around carry
 * one at a time. */
static uint16_t ref_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	for (size_t i = 0; i < len; i += 2) {
		sum += (uint32_t)p[i] << 8 | (i + 1 < len ? p[i + 1] : 0);
		if (sum > 0xFFFF)
			sum -= 0xFFFF;
	}
	return (uint16_t)~sum;
}

UNIT_TEST(net_wire_checksum_rfc1071_example)
{
	/* RFC 1071 section 3: these bytes sum to ddf2, checksum 220d. */
	static const uint8_t b[] = {0x00, 0x01, 0xf2, 0x03,
				    0xf4, 0xf5, 0xf6, 0xf7};
	CHECK_EQ(inet_sum(0, b, sizeof(b)), 0xddf2);
	CHECK_EQ(inet_checksum(b, sizeof(b)), 0x220d);
	/* Two parts (the first even) give the same sum as one. */
	CHECK_EQ(inet_fold(inet_sum(inet_sum(0, b, 2), b + 2, 6)), 0x220d);
	CHECK_EQ(inet_fold(inet_sum(inet_sum(0, b, 4), b + 4, 4)), 0x220d);
}

/* An IPv4 header from a capture (192.168.0.1 -> 192.168.0.199, UDP, DF,
 * TTL 64, total 115), its checksum b861 as the capture had it. */
static const uint8_t captured_ip[20] = {
    0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
    0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};

UNIT_TEST(net_wire_checksum_captured_ip_header)
{
	uint8_t h[20];
	memcpy(h, captured_ip, sizeof(h));
	CHECK_EQ(inet_checksum(h, sizeof(h)), 0); /* right: folds to 0 */
	h[10] = h[11] = 0;
	CHECK_EQ(inet_checksum(h, sizeof(h)), 0xb861);
}

UNIT_TEST(net_wire_checksum_odd_lengths)
{
	static const uint8_t three[] = {1, 2, 3}, three_padded[] = {1, 2, 3, 0};
	uint8_t buf[301];

	/* 0102 + 0300 = 0402: checksum fbfd, as with the zero pad byte. */
	CHECK_EQ(inet_checksum(three, 3), 0xfbfd);
	CHECK_EQ(inet_checksum(three_padded, 4), 0xfbfd);
	CHECK_EQ(inet_checksum(three, 0), 0xffff);
	CHECK_EQ(inet_checksum(three, 1), 0xfeff);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	for (size_t len = 0; len <= sizeof(buf); len++) {
		CHECK_EQ(inet_checksum(buf, len), ref_checksum(buf, len));
		/* Chained at every even split. */
		for (size_t k = 0; k <= len; k += 2)
			CHECK_EQ(inet_fold(inet_sum(inet_sum(0, buf, k),
						    buf + k, len - k)),
				 ref_checksum(buf, len));
	}
}

UNIT_TEST(net_wire_checksum_large_no_overflow)
{
	static uint8_t big[65536];
	memset(big, 0xff, sizeof(big));
	CHECK_EQ(inet_checksum(big, sizeof(big)), 0);
	CHECK_EQ(inet_checksum(big, 65535), ref_checksum(big, 65535));
	/* Chaining many folded sums never overflows 32 bits. */
	uint32_t sum = 0;
	for (int i = 0; i < 1000; i++)
		sum = inet_sum(sum, big, sizeof(big));
	CHECK_EQ(inet_fold(sum), 0);
	/* The pseudo-header: 10.0.0.1 -> 10.0.0.2, UDP, length 10 is
	 * 0a00+0001+0a00+0002+0011+000a = 141e. */
	CHECK_EQ(inet_fold(inet_pseudo_sum(IP(10, 0, 0, 1), IP(10, 0, 0, 2),
					   IP_PROTO_UDP, 10)),
		 (uint16_t)~0x141e);
	CHECK_EQ(
	    inet_fold(inet_pseudo_sum(0xFFFFFFFFu, 0xFFFFFFFFu, 0xFF, 0xFFFF)),
	    ref_checksum((const uint8_t[]){0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					   0xff, 0xff, 0x00, 0xff, 0xff, 0xff},
			 12));
}

UNIT_TEST(net_wire_eth)
{
	static const uint8_t dst[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t src[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	static const uint8_t want[14] = {0xff, 0xff, 0xff, 0xff, 0xff,
					 0xff, 0x52, 0x54, 0x00, 0x12,
					 0x34, 0x56, 0x08, 0x06};
	uint8_t f[60] = {0};
	eth_view_t v;

	CHECK_EQ(eth_build(f, dst, src, ETH_TYPE_ARP), ETH_HLEN);
	CHECK(memcmp(f, want, sizeof(want)) == 0);
	CHECK_EQ(eth_parse(f, sizeof(f), &v), 0);
	CHECK(memcmp(v.dst, dst, 6) == 0 && memcmp(v.src, src, 6) == 0);
	CHECK_EQ(v.type, ETH_TYPE_ARP);
	CHECK(v.payload == f + 14);
	CHECK_EQ(v.len, 46); /* the padding is the payload's */
	CHECK_EQ(eth_parse(f, 14, &v), 0);
	CHECK_EQ(v.len, 0);
	for (size_t len = 0; len < ETH_HLEN; len++)
		CHECK_EQ(parse_exact(P_ETH, f, len, 0, 0), LV_NET_DROP_SHORT);
}

/* A who-has 10.0.0.2 tell 10.0.0.1 from 52:54:00:12:34:56, by hand. */
static const uint8_t arp_request[28] = {
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x52, 0x54,
    0x00, 0x12, 0x34, 0x56, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02};

UNIT_TEST(net_wire_arp_good_and_built)
{
	uint8_t p[46] = {0}, out[ARP_LEN];
	arp_view_t a;

	memcpy(p, arp_request, sizeof(arp_request));
	memset(p + 28, 0xAA, 18); /* the link's padding */
	CHECK_EQ(arp_parse(p, sizeof(p), &a), 0);
	CHECK_EQ(a.op, ARP_OP_REQUEST);
	CHECK_EQ(a.spa, IP(10, 0, 0, 1));
	CHECK_EQ(a.tpa, IP(10, 0, 0, 2));
	CHECK(memcmp(a.sha, arp_request + 8, 6) == 0);
	CHECK_EQ(a.tha[0] | a.tha[5], 0);
	CHECK_EQ(arp_build(out, &a), ARP_LEN);
	CHECK(memcmp(out, arp_request, ARP_LEN) == 0);
	a.op = ARP_OP_REPLY;
	CHECK_EQ(arp_build(out, &a), ARP_LEN);
	CHECK_EQ(out[7], 2);
	arp_view_t back;
	CHECK_EQ(arp_parse(out, ARP_LEN, &back), 0);
	CHECK_EQ(back.op, ARP_OP_REPLY);
	CHECK_EQ(back.spa, a.spa);
	CHECK_EQ(back.tpa, a.tpa);
}

UNIT_TEST(net_wire_arp_malformed)
{
	uint8_t p[28];

	for (size_t len = 0; len < ARP_LEN; len++)
		CHECK_EQ(parse_exact(P_ARP, arp_request, len, 0, 0),
			 LV_NET_DROP_SHORT);
	CHECK_EQ(parse_exact(P_ARP, arp_request, ARP_LEN, 0, 0), 0);
	/* Each fixed field wrong in turn: offset, bad value. */
	static const struct {
		int at;
		uint8_t v;
	} bad[] = {{1, 6},    /* hardware IEEE 802 */
		   {0, 1},    /* hardware 0x0101 */
		   {2, 0x86}, /* protocol 0x8600 */
		   {3, 0x06}, /* protocol 0x0806 */
		   {4, 8},    /* hlen 8 */
		   {4, 0},    /* hlen 0 */
		   {5, 16},   /* plen 16 (IPv6) */
		   {7, 0},    /* op 0 */
		   {7, 3},    /* op 3 (RARP) */
		   {6, 1}};   /* op 0x0101 */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(p, arp_request, sizeof(p));
		p[bad[i].at] = bad[i].v;
		CHECK_EQ(parse_exact(P_ARP, p, sizeof(p), 0, 0),
			 LV_NET_DROP_ARP);
	}
}

static void ip_fix_checksum(uint8_t *h, size_t ihl_bytes)
{
	h[10] = h[11] = 0;
	uint16_t c = inet_checksum(h, ihl_bytes);
	h[10] = (uint8_t)(c >> 8);
	h[11] = (uint8_t)c;
}

UNIT_TEST(net_wire_ipv4_captured)
{
	uint8_t p[115 + 6]; /* 6 bytes of link padding after total */
	ipv4_view_t ip;

	memset(p, 0x5A, sizeof(p));
	memcpy(p, captured_ip, sizeof(captured_ip));
	CHECK_EQ(ipv4_parse(p, sizeof(p), &ip), 0);
	CHECK_EQ(ip.ihl_bytes, 20);
	CHECK_EQ(ip.tos, 0);
	CHECK_EQ(ip.ttl, 64);
	CHECK_EQ(ip.proto, IP_PROTO_UDP);
	CHECK_EQ(ip.total, 115);
	CHECK_EQ(ip.id, 0);
	CHECK_EQ(ip.frag_off, IPV4_DF);
	CHECK(!ipv4_is_fragment(&ip));
	CHECK_EQ(ip.src, IP(192, 168, 0, 1));
	CHECK_EQ(ip.dst, IP(192, 168, 0, 199));
	CHECK(ip.header == p);
	CHECK(ip.payload == p + 20);
	CHECK_EQ(ip.len, 95); /* the padding is not payload */
	CHECK_EQ(parse_exact(P_IP, p, 115, 0, 0), 0);
}

UNIT_TEST(net_wire_ipv4_truncated_every_length)
{
	uint8_t p[28] = {0};
	size_t total = ipv4_build(p, IP(10, 0, 0, 1), IP(10, 0, 0, 2),
				  IP_PROTO_UDP, 64, 1, 0, 8) +
		       8;

	CHECK_EQ(total, 28);
	for (size_t len = 0; len < IPV4_HLEN; len++)
		CHECK_EQ(parse_exact(P_IP, p, len, 0, 0), LV_NET_DROP_SHORT);
	for (size_t len = IPV4_HLEN; len < total; len++)
		CHECK_EQ(parse_exact(P_IP, p, len, 0, 0), LV_NET_DROP_BADLEN);
	CHECK_EQ(parse_exact(P_IP, p, total, 0, 0), 0);
}

UNIT_TEST(net_wire_ipv4_bad_headers)
{
	uint8_t p[40];

	memset(p, 0, sizeof(p));
	memcpy(p, captured_ip, 20);
	p[2] = 0, p[3] = 40; /* total 40: the buffer */
	ip_fix_checksum(p, 20);
	CHECK_EQ(parse_exact(P_IP, p, 40, 0, 0), 0);

	p[0] = 0x65; /* version 6, checksum right */
	ip_fix_checksum(p, 20);
	CHECK_EQ(parse_exact(P_IP, p, 40, 0, 0), LV_NET_DROP_VERSION);
	p[0] = 0x05;
	ip_fix_checksum(p, 20);
	CHECK_EQ(parse_exact(P_IP, p, 40, 0, 0), LV_NET_DROP_VERSION);
	for (uint8_t ihl = 0; ihl < 5; ihl++) {
		p[0] = (uint8_t)(0x40 | ihl);
		ip_fix_checksum(p, 20);
		CHECK_EQ(parse_exact(P_IP, p, 40, 0, 0), LV_NET_DROP_VERSION);
	}
	/* IHL 15 (60 bytes) in a 40-byte packet: shorter than its header. */
	p[0] = 0x4F;
	CHECK_EQ(parse_exact(P_IP, p, 40, 0, 0), LV_NET_DROP_SHORT);

	p[0] = 0x45;
	ip_fix_checksum(p, 20);
	p[8] ^= 1; /* TTL changed after the checksum */
	CHECK_EQ(parse_exact(P_IP, p, 40, 0, 0), LV_NET_DROP_CSUM);
	p[8] ^= 1;
	p[10] ^= 0x80; /* the checksum itself */
	CHECK_EQ(parse_exact(P_IP, p, 40, 0, 0), LV_NET_DROP_CSUM);
	p[10] ^= 0x80;
	CHECK_EQ(parse_exact(P_IP, p, 40, 0, 0), 0);

	/* Total length lies: past the buffer, under the header, 0. */
	static const uint16_t lies[] = {41, 65535, 19, 1, 0};
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		p[2] = (uint8_t)(lies[i] >> 8);
		p[3] = (uint8_t)lies[i];
		ip_fix_checksum(p, 20);
		CHECK_EQ(parse_exact(P_IP, p, 40, 0, 0), LV_NET_DROP_BADLEN);
	}
	p[2] = 0, p[3] = 20; /* header only: no payload */
	ip_fix_checksum(p, 20);
	ipv4_view_t ip;
	CHECK_EQ(ipv4_parse(p, 40, &ip), 0);
	CHECK_EQ(ip.len, 0);
}

UNIT_TEST(net_wire_ipv4_options_skipped)
{
	/* IHL 6: NOP NOP NOP EOL, then 8 bytes of payload, then padding. */
	uint8_t p[46];
	ipv4_view_t ip;

	memset(p, 0xEE, sizeof(p));
	memcpy(p, captured_ip, 20);
	p[0] = 0x46;
	p[2] = 0, p[3] = 32;
	p[20] = p[21] = p[22] = 1;
	p[23] = 0;
	for (int i = 0; i < 8; i++)
		p[24 + i] = (uint8_t)(0xA0 + i);
	ip_fix_checksum(p, 24);
	CHECK_EQ(ipv4_parse(p, sizeof(p), &ip), 0);
	CHECK_EQ(ip.ihl_bytes, 24);
	CHECK(ip.payload == p + 24);
	CHECK_EQ(ip.len, 8);
	CHECK_EQ(ip.payload[0], 0xA0);
	/* The checksum covers the options: change one, it fails. */
	p[21] = 7;
	CHECK_EQ(parse_exact(P_IP, p, sizeof(p), 0, 0), LV_NET_DROP_CSUM);
	p[21] = 1;
	/* Truncated: in the options SHORT, in the payload BADLEN. */
	for (size_t len = 20; len < 24; len++)
		CHECK_EQ(parse_exact(P_IP, p, len, 0, 0), LV_NET_DROP_SHORT);
	for (size_t len = 24; len < 32; len++)
		CHECK_EQ(parse_exact(P_IP, p, len, 0, 0), LV_NET_DROP_BADLEN);
	/* Total 22: inside the options. */
	p[3] = 22;
	ip_fix_checksum(p, 24);
	CHECK_EQ(parse_exact(P_IP, p, sizeof(p), 0, 0), LV_NET_DROP_BADLEN);

	/* IHL 15: 40 bytes of options (garbage: not interpreted). */
	uint8_t q[64];
	memset(q, 0x44, sizeof(q));
	q[0] = 0x4F;
	q[2] = 0, q[3] = 64;
	ip_fix_checksum(q, 60);
	CHECK_EQ(ipv4_parse(q, sizeof(q), &ip), 0);
	CHECK_EQ(ip.ihl_bytes, 60);
	CHECK(ip.payload == q + 60);
	CHECK_EQ(ip.len, 4);
}

UNIT_TEST(net_wire_ipv4_build)
{
	/* 10.0.0.1 -> 10.0.0.2, UDP, TTL 64, id 1c46, DF, 10 bytes of
	 * payload: the checksum by hand is 0a87. */
	static const uint8_t want[20] = {
	    0x45, 0x00, 0x00, 0x1e, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x11,
	    0x0a, 0x87, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02};
	uint8_t p[30] = {0};
	ipv4_view_t ip;

	CHECK_EQ(ipv4_build(p, IP(10, 0, 0, 1), IP(10, 0, 0, 2), IP_PROTO_UDP,
			    64, 0x1c46, IPV4_DF, 10),
		 IPV4_HLEN);
	CHECK(memcmp(p, want, sizeof(want)) == 0);
	CHECK_EQ(ipv4_parse(p, sizeof(p), &ip), 0);
	CHECK_EQ(ip.len, 10);
	/* A fragment: offset 1480 bytes (185 units), more to come. */
	CHECK_EQ(ipv4_build(p, 1, 2, IP_PROTO_ICMP, 1, 7, IPV4_MF | 185, 10),
		 IPV4_HLEN);
	CHECK_EQ(ipv4_parse(p, sizeof(p), &ip), 0);
	CHECK(ipv4_is_fragment(&ip));
	CHECK_EQ(ipv4_frag_bytes(&ip), 1480);
	CHECK_EQ(ip.ttl, 1);
	CHECK_EQ(ip.proto, IP_PROTO_ICMP);
	/* Too big for a total length field: nothing written. */
	memset(p, 0, sizeof(p));
	CHECK_EQ(ipv4_build(p, 1, 2, IP_PROTO_UDP, 64, 0, 0, 65516), 0);
	CHECK_EQ(p[0], 0);
	CHECK_EQ(ipv4_build(p, 1, 2, IP_PROTO_UDP, 64, 0, 0, 65515), IPV4_HLEN);
	CHECK_EQ(p[2], 0xff);
	CHECK_EQ(p[3], 0xff);
}

/* 10.0.0.1:1234 -> 10.0.0.2:7 "hi": by hand the sum is 141e (pseudo) +
 * 04e3 (header) + 6869 = 816a, checksum 7e95. */
static const uint32_t usrc = IP(10, 0, 0, 1), udst = IP(10, 0, 0, 2);
static const uint8_t udp_hi[10] = {0x04, 0xd2, 0x00, 0x07, 0x00,
				   0x0a, 0x7e, 0x95, 'h',  'i'};

UNIT_TEST(net_wire_udp_build_and_parse)
{
	uint8_t p[16] = {0};
	udp_view_t u;

	memcpy(p + 8, "hi", 2);
	CHECK_EQ(udp_build(p, usrc, udst, 1234, 7, 2), UDP_HLEN);
	CHECK(memcmp(p, udp_hi, sizeof(udp_hi)) == 0);
	memset(p + 10, 0x77, 6); /* past the length field: ignored */
	CHECK_EQ(udp_parse(p, sizeof(p), usrc, udst, &u), 0);
	CHECK_EQ(u.sport, 1234);
	CHECK_EQ(u.dport, 7);
	CHECK(u.payload == p + 8);
	CHECK_EQ(u.len, 2);
	CHECK_EQ(parse_exact(P_UDP, udp_hi, 10, usrc, udst), 0);
	/* The pseudo-header counts: another destination or source fails. */
	CHECK_EQ(parse_exact(P_UDP, udp_hi, 10, usrc, udst + 1),
		 LV_NET_DROP_CSUM);
	CHECK_EQ(parse_exact(P_UDP, udp_hi, 10, udst, usrc + 2),
		 LV_NET_DROP_CSUM);
	/* Empty payload. */
	CHECK_EQ(udp_build(p, usrc, udst, 68, 67, 0), UDP_HLEN);
	CHECK_EQ(udp_parse(p, 8, usrc, udst, &u), 0);
	CHECK_EQ(u.len, 0);
	/* Too big for IPv4: nothing written. */
	CHECK_EQ(udp_build(p, usrc, udst, 1, 2, LV_NET_DGRAM_MAX + 1), 0);
}

UNIT_TEST(net_wire_udp_zero_checksum_sent_as_ffff)
{
	/* Payload e6fe makes the sum 1901 + e6fe = ffff: computed 0. */
	uint8_t p[10] = {0, 0, 0, 0, 0, 0, 0, 0, 0xe6, 0xfe};
	udp_view_t u;

	CHECK_EQ(udp_build(p, usrc, udst, 1234, 7, 2), UDP_HLEN);
	CHECK_EQ(p[6], 0xff);
	CHECK_EQ(p[7], 0xff);
	CHECK_EQ(udp_parse(p, sizeof(p), usrc, udst, &u), 0);
	/* And 0 on the wire is "no checksum": accepted whatever the bytes. */
	p[6] = p[7] = 0;
	p[9] ^= 0x55;
	CHECK_EQ(udp_parse(p, sizeof(p), usrc, udst, &u), 0);
	CHECK_EQ(u.payload[1], 0xfe ^ 0x55);
}

UNIT_TEST(net_wire_udp_malformed)
{
	uint8_t p[10];

	for (size_t len = 0; len < UDP_HLEN; len++)
		CHECK_EQ(parse_exact(P_UDP, udp_hi, len, usrc, udst),
			 LV_NET_DROP_SHORT);
	for (size_t len = UDP_HLEN; len < sizeof(udp_hi); len++)
		CHECK_EQ(parse_exact(P_UDP, udp_hi, len, usrc, udst),
			 LV_NET_DROP_BADLEN);
	/* Length field under 8 (checksum off, so only the length can fail). */
	for (uint8_t l = 0; l < UDP_HLEN; l++) {
		memcpy(p, udp_hi, sizeof(p));
		p[4] = 0, p[5] = l;
		p[6] = p[7] = 0;
		CHECK_EQ(parse_exact(P_UDP, p, sizeof(p), usrc, udst),
			 LV_NET_DROP_BADLEN);
	}
	memcpy(p, udp_hi, sizeof(p));
	p[4] = 0xff, p[5] = 0xff;
	CHECK_EQ(parse_exact(P_UDP, p, sizeof(p), usrc, udst),
		 LV_NET_DROP_BADLEN);
	p[4] = 0, p[5] = 11;
	CHECK_EQ(parse_exact(P_UDP, p, sizeof(p), usrc, udst),
		 LV_NET_DROP_BADLEN);
	/* A payload byte changed, the checksum changed. */
	memcpy(p, udp_hi, sizeof(p));
	p[9] ^= 1;
	CHECK_EQ(parse_exact(P_UDP, p, sizeof(p), usrc, udst),
		 LV_NET_DROP_CSUM);
	memcpy(p, udp_hi, sizeof(p));
	p[7] ^= 1;
	CHECK_EQ(parse_exact(P_UDP, p, sizeof(p), usrc, udst),
		 LV_NET_DROP_CSUM);
	/* A shorter length field with the checksum of the longer one: the
	 * sum covers only the length field's bytes, so it fails. */
	memcpy(p, udp_hi, sizeof(p));
	p[5] = 9;
	CHECK_EQ(parse_exact(P_UDP, p, sizeof(p), usrc, udst),
		 LV_NET_DROP_CSUM);
}

UNIT_TEST(net_wire_icmp_echo)
{
	/* Echo request id 1234 seq 1 "abcd": by hand 0800 + 1234 + 0001 +
	 * 6162 + 6364 = defb, checksum 2104. */
	static const uint8_t want[12] = {0x08, 0x00, 0x21, 0x04, 0x12, 0x34,
					 0x00, 0x01, 'a',  'b',	 'c',  'd'};
	uint8_t p[12] = {0};
	icmp_view_t v;

	memcpy(p + 8, "abcd", 4);
	CHECK_EQ(icmp_build(p, ICMP_ECHO_REQUEST, 0, 0x1234, 1, 4), ICMP_HLEN);
	CHECK(memcmp(p, want, sizeof(want)) == 0);
	CHECK_EQ(icmp_parse(p, sizeof(p), &v), 0);
	CHECK_EQ(v.type, ICMP_ECHO_REQUEST);
	CHECK_EQ(v.code, 0);
	CHECK_EQ(v.id, 0x1234);
	CHECK_EQ(v.seq, 1);
	CHECK(v.data == p + 8);
	CHECK_EQ(v.len, 4);
	/* Odd data length. */
	CHECK_EQ(icmp_build(p, ICMP_ECHO_REPLY, 0, 9, 65535, 3), ICMP_HLEN);
	CHECK_EQ(parse_exact(P_ICMP, p, 11, 0, 0), 0);
	CHECK_EQ(parse_exact(P_ICMP, p, 12, 0, 0), LV_NET_DROP_CSUM);

	for (size_t len = 0; len < ICMP_HLEN; len++)
		CHECK_EQ(parse_exact(P_ICMP, want, len, 0, 0),
			 LV_NET_DROP_SHORT);
	CHECK_EQ(parse_exact(P_ICMP, want, 8, 0, 0), LV_NET_DROP_CSUM);
	memcpy(p, want, sizeof(p));
	p[11] ^= 0x10;
	CHECK_EQ(parse_exact(P_ICMP, p, sizeof(p), 0, 0), LV_NET_DROP_CSUM);
}

UNIT_TEST(net_wire_icmp_error_quote_too_short)
{
	uint8_t p[ICMP_HLEN + 28];

	memset(p, 0x33, sizeof(p));
	/* Unreachable with a 27-byte quote (checksum right): short. */
	icmp_build(p, ICMP_DEST_UNREACH, ICMP_UNREACH_PORT, 0, 0, 27);
	CHECK_EQ(parse_exact(P_ICMP, p, ICMP_HLEN + 27, 0, 0),
		 LV_NET_DROP_SHORT);
	icmp_build(p, ICMP_TIME_EXCEEDED, 0, 0, 0, 0);
	CHECK_EQ(parse_exact(P_ICMP, p, ICMP_HLEN, 0, 0), LV_NET_DROP_SHORT);
	icmp_build(p, ICMP_DEST_UNREACH, ICMP_UNREACH_PORT, 0, 0, 28);
	CHECK_EQ(parse_exact(P_ICMP, p, sizeof(p), 0, 0), 0);
	/* A query needs no quote. */
	icmp_build(p, ICMP_ECHO_REPLY, 0, 0, 0, 0);
	CHECK_EQ(parse_exact(P_ICMP, p, ICMP_HLEN, 0, 0), 0);
}

/* An IPv4 packet with IHL 6 (one option word) and plen payload bytes
 * 0xC0.., parsed into *ip. */
static int make_ip(uint8_t *p, size_t plen, ipv4_view_t *ip)
{
	memset(p, 0, 24 + plen);
	ipv4_build(p, IP(10, 0, 0, 7), IP(10, 0, 0, 1), IP_PROTO_UDP, 64, 5, 0,
		   plen);
	p[0] = 0x46;
	p[3] = (uint8_t)(24 + plen);
	p[20] = 1, p[21] = 1, p[22] = 1, p[23] = 0;
	for (size_t i = 0; i < plen; i++)
		p[24 + i] = (uint8_t)(0xC0 + i);
	ip_fix_checksum(p, 24);
	return ipv4_parse(p, 24 + plen, ip);
}

UNIT_TEST(net_wire_icmp_build_error)
{
	uint8_t pkt[24 + 20], out[ICMP_HLEN + IPV4_HLEN_MAX + 8];
	ipv4_view_t ip;
	icmp_view_t v;

	CHECK_EQ(make_ip(pkt, 20, &ip), 0);
	memset(out, 0xEE, sizeof(out));
	CHECK_EQ(
	    icmp_build_error(out, ICMP_DEST_UNREACH, ICMP_UNREACH_PORT, &ip),
	    ICMP_HLEN + 24 + 8);
	CHECK_EQ(icmp_parse(out, ICMP_HLEN + 24 + 8, &v), 0);
	CHECK_EQ(v.type, ICMP_DEST_UNREACH);
	CHECK_EQ(v.code, ICMP_UNREACH_PORT);
	CHECK_EQ(v.id, 0);
	CHECK_EQ(v.seq, 0);
	CHECK_EQ(v.len, 32);
	CHECK(memcmp(v.data, pkt, 24 + 8) == 0); /* header, options, 8 */
	CHECK_EQ(out[ICMP_HLEN + 32], 0xEE);	 /* nothing more written */

	/* A payload under 8 bytes: all of it. */
	CHECK_EQ(make_ip(pkt, 3, &ip), 0);
	CHECK_EQ(
	    icmp_build_error(out, ICMP_TIME_EXCEEDED, ICMP_EXC_REASSEMBLY, &ip),
	    ICMP_HLEN + 24 + 3);
	CHECK_EQ(icmp_parse(out, ICMP_HLEN + 27, &v), LV_NET_DROP_SHORT);
	CHECK_EQ(inet_checksum(out, ICMP_HLEN + 27), 0);
	CHECK(memcmp(out + ICMP_HLEN, pkt, 27) == 0);

	/* The plain 20-byte header of the capture with its 95 bytes. */
	uint8_t cap[115] = {0};
	memcpy(cap, captured_ip, 20);
	CHECK_EQ(ipv4_parse(cap, sizeof(cap), &ip), 0);
	CHECK_EQ(
	    icmp_build_error(out, ICMP_DEST_UNREACH, ICMP_UNREACH_PROTO, &ip),
	    ICMP_HLEN + 28);
	CHECK_EQ(icmp_parse(out, ICMP_HLEN + 28, &v), 0);
	/* The quote is a header the parser reads (its total says 115). */
	ipv4_view_t q;
	CHECK_EQ(ipv4_parse(v.data, v.len, &q), LV_NET_DROP_BADLEN);
	CHECK_EQ(inet_checksum(v.data, 20), 0);
}

UNIT_TEST(net_wire_icmp_error_allowed)
{
	uint8_t pkt[24 + 8];
	ipv4_view_t ip, t;

	CHECK_EQ(make_ip(pkt, 8, &ip), 0);
	CHECK_EQ(icmp_error_allowed(&ip, 0), 1);
	CHECK_EQ(icmp_error_allowed(&ip, 1), 0); /* a broadcast */

	static const uint32_t bad_dst[] = {IP(255, 255, 255, 255),
					   IP(224, 0, 0, 1), IP(239, 1, 2, 3),
					   IP(240, 0, 0, 1)};
	for (size_t i = 0; i < sizeof(bad_dst) / sizeof(bad_dst[0]); i++) {
		t = ip;
		t.dst = bad_dst[i];
		CHECK_EQ(icmp_error_allowed(&t, 0), 0);
	}
	static const uint32_t bad_src[] = {0,
					   IP(127, 0, 0, 1),
					   IP(127, 9, 9, 9),
					   IP(224, 0, 0, 251),
					   IP(240, 0, 0, 1),
					   IP(255, 255, 255, 255)};
	for (size_t i = 0; i < sizeof(bad_src) / sizeof(bad_src[0]); i++) {
		t = ip;
		t.src = bad_src[i];
		CHECK_EQ(icmp_error_allowed(&t, 0), 0);
	}
	/* Fragments: the first (MF, offset 0) may, a later one may not. */
	t = ip;
	t.frag_off = IPV4_MF;
	CHECK_EQ(icmp_error_allowed(&t, 0), 1);
	t.frag_off = IPV4_MF | 1;
	CHECK_EQ(icmp_error_allowed(&t, 0), 0);
	t.frag_off = 3; /* the last */
	CHECK_EQ(icmp_error_allowed(&t, 0), 0);
	t.frag_off = IPV4_DF;
	CHECK_EQ(icmp_error_allowed(&t, 0), 1);

	/* ICMP: queries may, errors and unknown types may not. */
	t = ip;
	t.proto = IP_PROTO_ICMP;
	static const struct {
		uint8_t type;
		int ok;
	} types[] = {{ICMP_ECHO_REQUEST, 1},
		     {ICMP_ECHO_REPLY, 1},
		     {13, 1},
		     {ICMP_DEST_UNREACH, 0},
		     {ICMP_TIME_EXCEEDED, 0},
		     {5, 0},
		     {12, 0},
		     {42, 0},
		     {255, 0}};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		pkt[24] = types[i].type;
		CHECK_EQ(icmp_error_allowed(&t, 0), types[i].ok);
	}
	t.len = 0; /* no type to see */
	pkt[24] = ICMP_ECHO_REQUEST;
	CHECK_EQ(icmp_error_allowed(&t, 0), 0);
}
