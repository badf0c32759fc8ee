/* IPv4 reassembly with limits, and the arithmetic of fragmentation on send
 * (pure_reasm.h). Pure: memory comes from the caller's grow/release. */
#include <string.h>
#include <lavender/net_proto.h>
#include "pure_reasm.h"

void reasm_init(reasm_t *r, uint64_t timeout_ticks,
		void *(*grow)(void *, size_t), void (*release)(void *))
{
	memset(r, 0, sizeof(*r));
	r->timeout = timeout_ticks;
	r->grow = grow;
	r->release = release;
}

static void release_lent(reasm_t *r)
{
	if (!r->lent)
		return;
	r->release(r->lent);
	r->bytes -= r->lent_cap;
	r->lent = NULL;
	r->lent_cap = 0;
}

static void slot_free(reasm_t *r, reasm_slot_t *s)
{
	if (s->data) {
		r->release(s->data);
		r->bytes -= s->cap;
	}
	memset(s, 0, sizeof(*s));
}

static int drop_fragment(reasm_t *r)
{
	r->dropped++;
	return -LV_NET_DROP_REASM;
}

static int drop_datagram(reasm_t *r, reasm_slot_t *s)
{
	slot_free(r, s);
	return drop_fragment(r);
}

static int same_datagram(const reasm_slot_t *s, const ipv4_view_t *ip)
{
	return s->used && s->src == ip->src && s->dst == ip->dst &&
	       s->id == ip->id && s->proto == ip->proto;
}

/* The datagram's slot; a new one when none (NULL: all in use). */
static reasm_slot_t *slot_get(reasm_t *r, const ipv4_view_t *ip, uint64_t now)
{
	reasm_slot_t *free_slot = NULL;
	for (int i = 0; i < REASM_SLOTS; i++) {
		if (same_datagram(&r->s[i], ip))
			return &r->s[i];
		if (!r->s[i].used && !free_slot)
			free_slot = &r->s[i];
	}
	if (free_slot) {
		free_slot->used = 1;
		free_slot->src = ip->src;
		free_slot->dst = ip->dst;
		free_slot->id = ip->id;
		free_slot->proto = ip->proto;
		free_slot->deadline = now + r->timeout;
	}
	return free_slot;
}

/* 1 when the held ranges (sorted by first) cover [first, end). */
static int covered(const reasm_slot_t *s, unsigned first, unsigned end)
{
	unsigned cur = first;
	for (int i = 0; i < s->nranges && cur < end; i++) {
		if (s->ranges[i].first > cur)
			break;
		if (s->ranges[i].last > cur)
			cur = s->ranges[i].last;
	}
	return cur >= end;
}

static unsigned held_end(const reasm_slot_t *s)
{
	unsigned end = 0;
	for (int i = 0; i < s->nranges; i++)
		if (s->ranges[i].last > end)
			end = s->ranges[i].last;
	return end;
}

/* 1 when every byte of p that overlaps a held range equals what is held. */
static int overlaps_agree(const reasm_slot_t *s, const uint8_t *p,
			  unsigned first, unsigned end)
{
	for (int i = 0; i < s->nranges; i++) {
		unsigned a = s->ranges[i].first, b = s->ranges[i].last;
		if (a < first)
			a = first;
		if (b > end)
			b = end;
		if (a < b && memcmp(s->data + a, p + (a - first), b - a) != 0)
			return 0;
	}
	return 1;
}

/* The checks against what the datagram already holds, before anything of
 * the fragment is kept: 0 when it fits, -1 when it dooms the datagram. */
static int fragment_fits(const reasm_slot_t *s, const ipv4_view_t *ip,
			 unsigned first, unsigned end, int more)
{
	unsigned hlen = IPV4_HLEN, top = held_end(s);
	if (first == 0)
		hlen = ip->ihl_bytes;
	else if (s->first_len)
		hlen = (s->first_hdr[0] & 0x0Fu) * 4u;
	if ((end > top ? end : top) + hlen > IPV4_TOTAL_MAX)
		return -1;
	if (!more && ((s->total && s->total != end) || top > end))
		return -1;
	if (more && s->total && end > s->total)
		return -1;
	return overlaps_agree(s, ip->payload, first, end) ? 0 : -1;
}

/* Grows the datagram's buffer to hold [0, need): 0, or -1 past the byte
 * limit or without memory (the old buffer kept). */
static int slot_reserve(reasm_t *r, reasm_slot_t *s, size_t need)
{
	if (need <= s->cap)
		return 0;
	if (r->bytes - s->cap + need > REASM_BYTES_MAX)
		return -1;
	uint8_t *data = r->grow(s->data, need);
	if (!data)
		return -1;
	r->bytes = r->bytes - s->cap + need;
	s->data = data;
	s->cap = need;
	return 0;
}

static void range_insert(reasm_slot_t *s, unsigned first, unsigned end)
{
	int i = s->nranges++;
	for (; i > 0 && s->ranges[i - 1].first > first; i--)
		s->ranges[i] = s->ranges[i - 1];
	s->ranges[i].first = (uint16_t)first;
	s->ranges[i].last = (uint16_t)end;
}

static void keep_first_header(reasm_slot_t *s, const ipv4_view_t *ip)
{
	size_t quote = ip->len < 8 ? ip->len : 8;
	memcpy(s->first_hdr, ip->header, ip->ihl_bytes);
	memcpy(s->first_hdr + ip->ihl_bytes, ip->payload, quote);
	s->first_len = (uint8_t)(ip->ihl_bytes + quote);
}

/* Complete: the buffer is lent to the caller until the next add. */
static int hand_over(reasm_t *r, reasm_slot_t *s, const uint8_t **out,
		     size_t *out_len)
{
	*out = s->data;
	*out_len = s->total;
	r->lent = s->data;
	r->lent_cap = s->cap;
	s->data = NULL;
	s->cap = 0;
	slot_free(r, s);
	r->completed++;
	return 1;
}

/* A view no well-behaved parser makes, or a fragment RFC 791 forbids (all
 * but the last carry a multiple of 8 bytes). */
static int fragment_malformed(const ipv4_view_t *ip, int more)
{
	if (ip->ihl_bytes < IPV4_HLEN || ip->ihl_bytes > IPV4_HLEN_MAX ||
	    !ip->header || (ip->len && !ip->payload) ||
	    ip->len > IPV4_TOTAL_MAX)
		return 1;
	return more && (ip->len == 0 || ip->len % 8 != 0);
}

int reasm_add(reasm_t *r, const ipv4_view_t *ip, uint64_t now,
	      const uint8_t **out, size_t *out_len)
{
	unsigned first = ipv4_frag_bytes(ip);
	int more = (ip->frag_off & IPV4_MF) != 0;
	release_lent(r);
	if (!ipv4_is_fragment(ip)) {
		*out = ip->payload;
		*out_len = ip->len;
		return 1;
	}
	if (fragment_malformed(ip, more))
		return drop_fragment(r);
	unsigned end = first + (unsigned)ip->len;
	reasm_slot_t *s = slot_get(r, ip, now);
	if (!s)
		return drop_fragment(r);
	if (fragment_fits(s, ip, first, end, more) < 0)
		return drop_datagram(r, s);
	if (!more)
		s->total = end;
	if (!covered(s, first, end)) {
		if (s->nranges == REASM_FRAGS_MAX ||
		    slot_reserve(r, s, s->total ? s->total : end) < 0)
			return drop_datagram(r, s);
		memcpy(s->data + first, ip->payload, ip->len);
		range_insert(s, first, end);
	}
	if (first == 0 && !s->first_len)
		keep_first_header(s, ip);
	if (s->total && covered(s, 0, s->total))
		return hand_over(r, s, out, out_len);
	return 0;
}

int reasm_expire(reasm_t *r, uint64_t now, uint8_t (*quote)[IPV4_HLEN_MAX + 8],
		 size_t *quote_len, int max)
{
	int n = 0;
	for (int i = 0; i < REASM_SLOTS; i++) {
		reasm_slot_t *s = &r->s[i];
		if (!s->used || s->deadline > now)
			continue;
		if (s->first_len && n < max) {
			memcpy(quote[n], s->first_hdr, s->first_len);
			quote_len[n] = s->first_len;
			n++;
		}
		r->timeouts++;
		slot_free(r, s);
	}
	return n;
}

void reasm_free_all(reasm_t *r)
{
	release_lent(r);
	for (int i = 0; i < REASM_SLOTS; i++)
		if (r->s[i].used)
			slot_free(r, &r->s[i]);
}

unsigned ipv4_frag_count(size_t len, unsigned mtu, size_t *frag_data)
{
	if (mtu < 68 || len > IPV4_TOTAL_MAX - IPV4_HLEN)
		return 0;
	*frag_data = (mtu - IPV4_HLEN) & ~7u;
	if (len + IPV4_HLEN <= mtu)
		return 1;
	return (unsigned)((len + *frag_data - 1) / *frag_data);
}

uint16_t ipv4_frag_field(unsigned i, unsigned n, size_t frag_data)
{
	uint16_t field = (uint16_t)((i * frag_data / 8) & IPV4_OFFSET_MASK);
	if (i + 1 < n)
		field |= IPV4_MF;
	return field;
}
