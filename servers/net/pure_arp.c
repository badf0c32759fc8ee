/* The ARP cache of pure_arp.h: entries keyed by (interface, address), the
 * pool of packets waiting for a resolution, ageing and retries driven by
 * the caller's ticks. Every way an entry leaves drops its waiting packets
 * (counted), so no packet outlives its entry. */
#include <string.h>
#include "uapi/errors.h"
#include "pure_arp.h"

void arp_cache_init(arp_cache_t *c, uint64_t ttl_ticks, uint64_t retry_ticks)
{
	memset(c, 0, sizeof(*c));
	c->ttl = ttl_ticks;
	c->retry = retry_ticks;
}

static arp_entry_t *entry_find(arp_cache_t *c, uint8_t ifindex, uint32_t ip)
{
	for (int i = 0; i < ARP_CACHE_MAX; i++)
		if (c->e[i].ip == ip && c->e[i].ifindex == ifindex)
			return &c->e[i];
	return NULL;
}

static int entry_expired(const arp_cache_t *c, const arp_entry_t *e,
			 uint64_t now)
{
	return e->complete && e->confirmed + c->ttl <= now;
}

static void pending_free(arp_cache_t *c, arp_pending_t *p)
{
	p->ip = 0;
	p->len = 0;
	c->dropped++;
}

/* Frees e and drops the packets waiting for it. */
static void entry_free(arp_cache_t *c, arp_entry_t *e)
{
	for (int i = 0; i < ARP_PENDING_MAX; i++) {
		arp_pending_t *p = &c->pending[i];
		if (p->ip == e->ip && p->ifindex == e->ifindex)
			pending_free(c, p);
	}
	memset(e, 0, sizeof(*e));
}

/* A slot for a new entry: a free one, else the least recently used
 * complete one (evicted); NULL when every slot waits for a resolution. */
static arp_entry_t *entry_make(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
			       uint64_t now)
{
	arp_entry_t *e = NULL;

	for (int i = 0; i < ARP_CACHE_MAX && !(e && !e->ip); i++) {
		arp_entry_t *x = &c->e[i];
		if (!x->ip ||
		    (x->complete && (!e || x->last_used < e->last_used)))
			e = x;
	}
	if (!e)
		return NULL;
	if (e->ip)
		entry_free(c, e);
	e->ip = ip;
	e->ifindex = ifindex;
	e->last_used = now;
	return e;
}

/* The oldest waiting packet of (ifindex, ip), or of anyone when all is
 * set; *count gets how many of them wait. */
static arp_pending_t *pending_oldest(arp_cache_t *c, uint8_t ifindex,
				     uint32_t ip, int all, int *count)
{
	arp_pending_t *old = NULL;

	*count = 0;
	for (int i = 0; i < ARP_PENDING_MAX; i++) {
		arp_pending_t *p = &c->pending[i];
		if (!p->ip || (!all && (p->ip != ip || p->ifindex != ifindex)))
			continue;
		++*count;
		if (!old || p->seq < old->seq)
			old = p;
	}
	return old;
}

int arp_cache_lookup(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
		     uint8_t mac[ETH_ALEN], uint64_t now)
{
	arp_entry_t *e = ip ? entry_find(c, ifindex, ip) : NULL;

	if (!e || !e->complete)
		return -ERR_NOENT;
	if (entry_expired(c, e, now)) {
		entry_free(c, e);
		return -ERR_NOENT;
	}
	memcpy(mac, e->mac, ETH_ALEN);
	e->last_used = now;
	return 0;
}

int arp_cache_learn(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
		    const uint8_t mac[ETH_ALEN], int create, uint64_t now)
{
	arp_entry_t *e;
	int count;

	if (!ip || (mac[0] & 1))
		return 0;
	e = entry_find(c, ifindex, ip);
	if (!e && create)
		e = entry_make(c, ifindex, ip, now);
	if (!e)
		return 0;
	memcpy(e->mac, mac, ETH_ALEN);
	e->complete = 1;
	e->tries = 0;
	e->next_try = 0;
	e->confirmed = now;
	pending_oldest(c, ifindex, ip, 0, &count);
	return count;
}

int arp_cache_queue(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
		    const void *packet, size_t len, uint64_t now)
{
	arp_entry_t *e;
	arp_pending_t *p;
	int rc = 0, count;

	if (!ip || len == 0 || len > ARP_PACKET_MAX)
		return -ERR_INVAL;
	e = entry_find(c, ifindex, ip);
	if (!e) {
		e = entry_make(c, ifindex, ip, now);
		if (!e) {
			c->dropped++;
			return -ERR_NOSPC;
		}
		rc = 1;
	} else if (entry_expired(c, e, now)) {
		e->complete = 0;
		rc = 1;
	}
	if (rc) {
		e->tries = 1;
		e->next_try = now + c->retry;
	}
	/* Room: the entry's oldest packet, else the pool's oldest. */
	p = pending_oldest(c, ifindex, ip, 0, &count);
	if (count >= ARP_PENDING_PER_ENTRY) {
		pending_free(c, p);
	} else {
		p = pending_oldest(c, 0, 0, 1, &count);
		if (count >= ARP_PENDING_MAX)
			pending_free(c, p);
	}
	for (p = c->pending; p->ip; p++)
		;
	p->ip = ip;
	p->ifindex = ifindex;
	p->queued = now;
	p->seq = c->seq++;
	p->len = len;
	memcpy(p->packet, packet, len);
	return rc;
}

size_t arp_cache_take_ready(arp_cache_t *c, uint32_t ip, uint8_t *ifindex,
			    void *out, size_t max)
{
	for (;;) {
		arp_pending_t *p = NULL;
		for (int i = 0; i < ARP_PENDING_MAX; i++) {
			arp_pending_t *x = &c->pending[i];
			arp_entry_t *e;
			if (!ip || x->ip != ip || (p && p->seq < x->seq))
				continue;
			e = entry_find(c, x->ifindex, ip);
			if (e && e->complete)
				p = x;
		}
		if (!p)
			return 0;
		if (p->len > max) {
			pending_free(c, p);
			continue;
		}
		size_t len = p->len;
		memcpy(out, p->packet, len);
		*ifindex = p->ifindex;
		p->ip = 0;
		p->len = 0;
		return len;
	}
}

int arp_cache_tick(arp_cache_t *c, uint64_t now, uint32_t *ask, uint8_t *ask_if,
		   int max, uint32_t *failed, int max_failed, int *nfailed)
{
	int n = 0, nf = 0;

	for (int i = 0; i < ARP_CACHE_MAX; i++) {
		arp_entry_t *e = &c->e[i];
		if (!e->ip)
			continue;
		if (e->complete) {
			if (entry_expired(c, e, now))
				entry_free(c, e);
			continue;
		}
		if (now < e->next_try)
			continue;
		if (e->tries >= ARP_TRIES) {
			if (max_failed > 0 && nf >= max_failed)
				continue; /* reported at the next tick */
			if (nf < max_failed)
				failed[nf++] = e->ip;
			entry_free(c, e);
		} else if (n < max) {
			ask[n] = e->ip;
			ask_if[n++] = e->ifindex;
			e->tries++;
			e->next_try = now + c->retry;
		}
	}
	if (nfailed)
		*nfailed = nf;
	return n;
}

int arp_cache_delete(arp_cache_t *c, uint32_t ip)
{
	int rc = -ERR_NOENT;

	for (int i = 0; ip && i < ARP_CACHE_MAX; i++)
		if (c->e[i].ip == ip) {
			entry_free(c, &c->e[i]);
			rc = 0;
		}
	return rc;
}

void arp_cache_flush_if(arp_cache_t *c, uint8_t ifindex)
{
	for (int i = 0; i < ARP_CACHE_MAX; i++)
		if (c->e[i].ip && c->e[i].ifindex == ifindex)
			entry_free(c, &c->e[i]);
}

int arp_conflict(arp_defence_t *d, uint32_t addr, uint64_t now,
		 uint64_t interval)
{
	if (d->addr != addr || now - d->defended >= interval) {
		d->addr = addr;
		d->defended = d->logged = now;
		d->conflicts = 0;
		return ARP_CONFLICT_DEFEND | ARP_CONFLICT_LOG;
	}
	d->conflicts++;
	if (d->conflicts > 1 && now - d->logged < interval)
		return 0;
	d->logged = now;
	return ARP_CONFLICT_LOG;
}
