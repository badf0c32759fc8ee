/* ICMP (RFC 792): answers echo requests (not ones to a broadcast address:
 * RFC 1122 3.2.2.6 lets a host ignore them, and so no node amplifies a
 * flood), hands echo replies to ping sockets and errors to the sockets
 * they concern, and sends errors — destination unreachable, time exceeded
 * — under RFC 1812 4.3.2.7's rules and a rate limit (a token bucket:
 * ICMP_ERR_BURST at once, ICMP_ERR_PER_S a second), counted when over. */
#include <string.h>
#include "iface.h"
#include "net.h"
#include "sockets.h"

#define ICMP_ERR_BURST 10
#define ICMP_ERR_PER_S 10
#define ICMP_MAX (IPV4_TOTAL_MAX - IPV4_HLEN)

static uint8_t out[ICMP_MAX];
static uint32_t tokens = ICMP_ERR_BURST;
static uint64_t refilled;

static void echo_reply(const ipv4_view_t *ip, const icmp_view_t *req)
{
	if (ip->len > ICMP_MAX)
		return;
	memcpy(out + ICMP_HLEN, req->data, req->len);
	size_t n =
	    icmp_build(out, ICMP_ECHO_REPLY, 0, req->id, req->seq, req->len);
	if (ip_output(ip->dst, ip->src, IP_PROTO_ICMP, out, n + req->len,
		      NULL) == 0)
		net_stats()->icmp_out++;
}

void icmp_input(iface_t *ifc, const ipv4_view_t *ip)
{
	icmp_view_t m;
	(void)ifc;
	net_stats()->icmp_in++;
	int cause = icmp_parse(ip->payload, ip->len, &m);
	if (cause) {
		net_count_drop(cause);
		return;
	}
	switch (m.type) {
	case ICMP_ECHO_REQUEST:
		if (net_addr_is_local(ip->dst))
			echo_reply(ip, &m);
		break;
	case ICMP_ECHO_REPLY:
		sockets_ping_input(ip->src, ip->ttl, ip->payload, ip->len);
		break;
	case ICMP_DEST_UNREACH:
	case ICMP_TIME_EXCEEDED:
		sockets_icmp_error(ip->src, m.type, m.code, m.data, m.len);
		break;
	default: break; /* others are not ours to act on (RFC 1122 3.2.2) */
	}
}

/* 1 when the bucket has a token (and takes it). */
static int take_token(void)
{
	uint64_t now = net_now(), step = net_hz() / ICMP_ERR_PER_S;
	if (step == 0)
		step = 1;
	while (now - refilled >= step && tokens < ICMP_ERR_BURST) {
		tokens++;
		refilled += step;
	}
	if (tokens == ICMP_ERR_BURST)
		refilled = now;
	if (tokens == 0)
		return 0;
	tokens--;
	return 1;
}

void icmp_send_error(uint8_t type, uint8_t code, const ipv4_view_t *ip,
		     int to_broadcast)
{
	uint32_t src;
	if (!icmp_error_allowed(ip, to_broadcast) || ip->src == 0)
		return;
	if (!take_token()) {
		net_stats()->icmp_ratelimited++;
		return;
	}
	if (net_addr_is_local(ip->dst))
		src = ip->dst;
	else if (net_source_for(ip->src, &src) < 0)
		return;
	size_t n = icmp_build_error(out, type, code, ip);
	if (ip_output(src, ip->src, IP_PROTO_ICMP, out, n, NULL) == 0)
		net_stats()->icmp_out++;
}

int net_icmp_echo_send(uint32_t src, uint32_t dst, uint16_t id,
		       const void *icmp, size_t len)
{
	if (len < ICMP_HLEN)
		return -ERR_INVAL;
	if (len > ICMP_MAX)
		return -ERR_MSGSIZE;
	const uint8_t *in = icmp;
	if (in[0] != ICMP_ECHO_REQUEST || in[1] != 0)
		return -ERR_INVAL; /* a ping socket sends echo requests only */
	uint16_t seq = (uint16_t)(in[6] << 8 | in[7]);
	memcpy(out + ICMP_HLEN, in + ICMP_HLEN, len - ICMP_HLEN);
	icmp_build(out, ICMP_ECHO_REQUEST, 0, id, seq, len - ICMP_HLEN);
	int rc = ip_output(src, dst, IP_PROTO_ICMP, out, len, NULL);
	if (rc == 0)
		net_stats()->icmp_out++;
	return rc;
}
