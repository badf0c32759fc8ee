/* The sockets' datagrams: demultiplexing what arrives, the bounded receive
 * queues and their reads, and the assembly of what is sent in parts
 * (pure_socktab.h states the rules). */
#include <stdlib.h>
#include <string.h>
#include "pure_socktab.h"
#include "uapi/errors.h"

int socktab_enqueue(socktab_sock_t *s, const lv_net_addr_t *from, uint8_t ttl,
		    const void *data, size_t len)
{
	socktab_dgram_t *d;

	if (s->queued >= LV_NET_RCVQ_DGRAMS ||
	    len > LV_NET_RCVQ_BYTES - s->queued_bytes)
		goto drop;
	d = malloc(sizeof(*d) + len);
	if (!d)
		goto drop;
	d->next = NULL;
	d->from = *from;
	d->len = (uint32_t)len;
	d->ttl = ttl;
	if (len)
		memcpy(d->data, data, len);
	if (s->tail)
		s->tail->next = d;
	else
		s->head = d;
	s->tail = d;
	s->queued++;
	s->queued_bytes += (uint32_t)len;
	return 0;
drop:
	s->dropped++;
	return -LV_NET_DROP_QUEUE;
}

/* Whether s may take a UDP datagram src:sport -> dst:dport: 0 no, else a
 * rank (higher wins: connected, then bound to the address). */
static int udp_rank(const socktab_sock_t *s, uint32_t src, uint32_t dst,
		    uint16_t sport, uint16_t dport)
{
	if (!s->id || s->kind != LV_NET_SOCK_UDP || s->local.port != dport)
		return 0;
	if (s->local.addr && s->local.addr != dst)
		return 0;
	if (s->peer.addr && (s->peer.addr != src || s->peer.port != sport))
		return 0;
	return 1 + (s->local.addr ? 1 : 0) + (s->peer.addr ? 2 : 0);
}

int socktab_udp_input(socktab_t *t, uint32_t src, uint32_t dst, uint16_t sport,
		      uint16_t dport, uint8_t ttl, const void *data, size_t len)
{
	lv_net_addr_t from = {.addr = src, .port = sport};
	socktab_sock_t *best = NULL;
	int best_rank = 0, takers = 0, queued = 0;

	if (t->is_broadcast(dst)) {
		for (int i = 0; i < LV_NET_SOCKETS_MAX; i++) {
			socktab_sock_t *s = &t->s[i];
			if (!udp_rank(s, src, dst, sport, dport))
				continue;
			takers++;
			if (socktab_enqueue(s, &from, ttl, data, len) == 0)
				queued++;
		}
		return takers && !queued ? -LV_NET_DROP_QUEUE : queued;
	}
	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++) {
		int rank = udp_rank(&t->s[i], src, dst, sport, dport);
		if (rank > best_rank) {
			best_rank = rank;
			best = &t->s[i];
		}
	}
	if (!best)
		return 0;
	if (socktab_enqueue(best, &from, ttl, data, len) < 0)
		return -LV_NET_DROP_QUEUE;
	return 1;
}

int socktab_ping_input(socktab_t *t, uint32_t src, uint16_t ident, uint8_t ttl,
		       const void *icmp, size_t len)
{
	lv_net_addr_t from = {.addr = src, .port = 0};

	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++) {
		socktab_sock_t *s = &t->s[i];
		if (!s->id || s->kind != LV_NET_SOCK_PING ||
		    s->local.port != ident ||
		    (s->peer.addr && s->peer.addr != src))
			continue;
		if (socktab_enqueue(s, &from, ttl, icmp, len) < 0)
			return -LV_NET_DROP_QUEUE;
		return (int)s->id;
	}
	return 0;
}

int socktab_recv(socktab_sock_t *s, uint32_t flags, uint32_t offset,
		 uint32_t max, size_t chunk, msg_net_dgram_t *hdr, void *buf)
{
	socktab_dgram_t *d = s->head;
	uint32_t limit, end;

	if (!d)
		return -ERR_AGAIN;
	if (!(flags & LV_NET_RECV_MORE))
		offset = 0;
	limit = max < d->len ? max : d->len;
	if (offset > limit)
		return -ERR_INVAL;
	end = limit - offset > chunk ? offset + (uint32_t)chunk : limit;
	memset(hdr, 0, sizeof(*hdr));
	hdr->from = d->from;
	hdr->total = d->len;
	hdr->offset = offset;
	hdr->ttl = d->ttl;
	if (end > offset)
		memcpy(buf, d->data + offset, end - offset);
	if (end == limit && !(flags & LV_NET_RECV_PEEK)) {
		s->head = d->next;
		if (!s->head)
			s->tail = NULL;
		s->queued--;
		s->queued_bytes -= d->len;
		free(d);
	}
	return (int)(end - offset);
}

void socktab_send_done(socktab_sock_t *s)
{
	free(s->out);
	s->out = NULL;
	s->out_total = 0;
	s->out_have = 0;
}

/* Whether a later part belongs to the datagram being assembled. */
static int same_datagram(const socktab_sock_t *s, const lv_net_addr_t *to,
			 uint32_t flags, uint32_t total, uint32_t offset)
{
	return s->out && offset == s->out_have && total == s->out_total &&
	       flags == s->out_flags && to->addr == s->out_to.addr &&
	       to->port == s->out_to.port;
}

int socktab_send_part(socktab_sock_t *s, const lv_net_addr_t *to,
		      uint32_t flags, uint32_t total, uint32_t offset,
		      const void *data, size_t len, const uint8_t **out)
{
	if (offset == 0)
		socktab_send_done(s);
	if (total > LV_NET_DGRAM_MAX) {
		socktab_send_done(s);
		return -ERR_MSGSIZE;
	}
	if ((offset && !same_datagram(s, to, flags, total, offset)) ||
	    len > total - offset || (len == 0 && total != 0)) {
		socktab_send_done(s);
		return -ERR_INVAL;
	}
	if (offset == 0 && len == total) {
		*out = data;
		return (int)total;
	}
	if (offset == 0) {
		s->out = malloc(total);
		if (!s->out)
			return -ERR_NOMEM;
		s->out_total = total;
		s->out_to = *to;
		s->out_flags = flags;
	}
	memcpy(s->out + offset, data, len);
	s->out_have = offset + (uint32_t)len;
	if (s->out_have < total)
		return (int)s->out_have;
	*out = s->out;
	return (int)total;
}
