/* ARP (RFC 826) over the cache of pure_arp.c: answers requests for our
 * addresses, learns senders (the RFC's merge rule), resolves next hops for
 * ip.c with packets queued meanwhile, asks again each second up to
 * ARP_TRIES times, announces addresses (gratuitous ARP, RFC 5227 2.3) and
 * reports a conflict when another host claims one of ours (defended at
 * most once per ARP_DEFEND_INTERVAL_S, RFC 5227 2.4 (b)). */
#include <stdio.h>
#include <string.h>
#include <lavender/netdrv.h>
#include "iface.h"
#include "net.h"
#include "pure_arp.h"

#define ARP_TTL_S 60  /* a complete entry lives this long */
#define ARP_RETRY_S 1 /* between requests for one address */
#define ASK_MAX 8

static arp_cache_t cache;
static uint32_t drops_counted; /* of cache.dropped, in net's counters */
static const uint8_t broadcast[ETH_ALEN] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

static void send_arp(iface_t *ifc, uint16_t op, const uint8_t tha[ETH_ALEN],
		     uint32_t tpa, const uint8_t *eth_dst)
{
	uint8_t pkt[ARP_LEN];
	arp_view_t a;
	memset(&a, 0, sizeof(a));
	a.op = op;
	memcpy(a.sha, ifc->mac, ETH_ALEN);
	a.spa = ifc->addr;
	if (tha)
		memcpy(a.tha, tha, ETH_ALEN);
	a.tpa = tpa;
	arp_build(pkt, &a);
	if (iface_send(ifc, eth_dst, ETH_TYPE_ARP, pkt, sizeof(pkt)) == 0)
		net_stats()->arp_out++;
}

/* Counts the packets the cache dropped since the last call -- the oldest
 * of a full queue, those of an entry that failed, was deleted or flushed
 * -- each as an outgoing drop (netstat -s: no route or ARP failed). */
static void count_drops(void)
{
	for (; drops_counted != cache.dropped; drops_counted++)
		net_count_drop(LV_NET_DROP_NOROUTE);
}

void arp_announce(iface_t *ifc)
{
	if (iface_usable(ifc))
		send_arp(ifc, ARP_OP_REQUEST, NULL, ifc->addr, broadcast);
}

void arp_flush(iface_t *ifc)
{
	arp_cache_flush_if(&cache, ifc->index);
	count_drops();
}

/* Sends what waited for ip, now that its MAC is known. */
static void send_ready(uint32_t ip)
{
	static uint8_t packet[ARP_PACKET_MAX];
	uint8_t ifindex, mac[ETH_ALEN];
	size_t n;
	while ((n = arp_cache_take_ready(&cache, ip, &ifindex, packet,
					 sizeof(packet))) > 0) {
		iface_t *ifc = iface_at(ifindex);
		if (ifc &&
		    arp_cache_lookup(&cache, ifindex, ip, mac, net_now()) == 0)
			iface_send(ifc, mac, ETH_TYPE_IPV4, packet, n);
	}
	count_drops(); /* any too long for packet */
}

/* Another host (sha) claims ifc's address: defended at most once per
 * ARP_DEFEND_INTERVAL_S, logged at most twice per interval. */
static void conflict(iface_t *ifc, const uint8_t sha[ETH_ALEN])
{
	static arp_defence_t defence[LV_NET_IF_MAX];
	arp_defence_t *d = &defence[ifc->index % LV_NET_IF_MAX];
	char who[16], mac[18];
	int what = arp_conflict(d, ifc->addr, net_now(),
				(uint64_t)ARP_DEFEND_INTERVAL_S * net_hz());
	lv_netdrv_mac_str(sha, mac);
	net_ntoa(ifc->addr, who);
	if (what & ARP_CONFLICT_DEFEND) {
		printf("net: %s: address conflict: %s claims %s; it stays "
		       "ours (defended)\n",
		       ifc->name, mac, who);
		arp_announce(ifc);
	} else if (what & ARP_CONFLICT_LOG) {
		printf("net: %s: address conflict: %s claims %s again; not "
		       "defended again for %d s (%u since the defence; "
		       "ifconfig %s ADDR/N moves us)\n",
		       ifc->name, mac, who, ARP_DEFEND_INTERVAL_S,
		       (unsigned)d->conflicts, ifc->name);
	}
}

void arp_input(iface_t *ifc, const uint8_t *p, size_t len)
{
	arp_view_t a;
	net_stats()->arp_in++;
	int cause = arp_parse(p, len, &a);
	if (cause) {
		net_count_drop(cause);
		return;
	}
	int for_us = ifc->addr && a.tpa == ifc->addr;
	if (a.spa == 0) /* a probe (RFC 5227): nothing to learn */
		goto answer;
	if (ifc->addr && a.spa == ifc->addr &&
	    memcmp(a.sha, ifc->mac, ETH_ALEN) != 0) {
		conflict(ifc, a.sha);
		return;
	}
	if (arp_cache_learn(&cache, ifc->index, a.spa, a.sha, for_us,
			    net_now()) > 0)
		send_ready(a.spa);
answer:
	if (a.op == ARP_OP_REQUEST && ifc->addr && a.tpa == ifc->addr &&
	    a.spa != 0) {
		send_arp(ifc, ARP_OP_REPLY, a.sha, a.spa, a.sha);
		return;
	}
	if (!for_us && a.op == ARP_OP_REQUEST && a.spa != a.tpa)
		net_count_drop(LV_NET_DROP_ARP); /* for another host */
}

int arp_output(iface_t *ifc, uint32_t next_hop, const void *packet, size_t len)
{
	uint8_t mac[ETH_ALEN];
	if (next_hop == IPV4_BROADCAST ||
	    (ifc->mask != 0xFFFFFFFFu && next_hop == (ifc->addr | ~ifc->mask)))
		return iface_send(ifc, broadcast, ETH_TYPE_IPV4, packet, len);
	if (arp_cache_lookup(&cache, ifc->index, next_hop, mac, net_now()) == 0)
		return iface_send(ifc, mac, ETH_TYPE_IPV4, packet, len);
	uint32_t before = cache.dropped;
	int rc = arp_cache_queue(&cache, ifc->index, next_hop, packet, len,
				 net_now());
	if (rc < 0 && cache.dropped == before)
		net_count_drop(LV_NET_DROP_NOROUTE); /* refused, not queued */
	count_drops();
	if (rc < 0)
		return rc;
	if (rc == 1)
		send_arp(ifc, ARP_OP_REQUEST, NULL, next_hop, broadcast);
	return 0;
}

static void tick(lv_server_t *s, int id, void *arg)
{
	uint32_t ask[ASK_MAX], failed[ASK_MAX];
	uint8_t ask_if[ASK_MAX];
	int nfailed = 0;
	(void)s;
	(void)id;
	(void)arg;
	int n = arp_cache_tick(&cache, net_now(), ask, ask_if, ASK_MAX, failed,
			       ASK_MAX, &nfailed);
	for (int i = 0; i < n; i++) {
		iface_t *ifc = iface_at(ask_if[i]);
		if (iface_usable(ifc))
			send_arp(ifc, ARP_OP_REQUEST, NULL, ask[i], broadcast);
	}
	count_drops(); /* the failed entries' packets */
}

int arp_list(lv_net_arp_t *out, int max)
{
	int n = 0;
	uint64_t now = net_now();
	for (int i = 0; i < ARP_CACHE_MAX && n < max; i++) {
		const arp_entry_t *e = &cache.e[i];
		iface_t *ifc = iface_at(e->ifindex);
		if (!e->ip || !ifc)
			continue;
		lv_net_arp_t *o = &out[n++];
		memset(o, 0, sizeof(*o));
		o->addr = e->ip;
		memcpy(o->mac, e->mac, ETH_ALEN);
		o->state =
		    e->complete ? LV_NET_ARP_COMPLETE : LV_NET_ARP_INCOMPLETE;
		o->age_s = (uint32_t)((now - e->confirmed) / net_hz());
		memcpy(o->ifname, ifc->name, sizeof(o->ifname));
	}
	return n;
}

int arp_delete(uint32_t addr)
{
	int rc = arp_cache_delete(&cache, addr);
	count_drops();
	return rc;
}

int arp_start(void)
{
	arp_cache_init(&cache, (uint64_t)ARP_TTL_S * net_hz(),
		       (uint64_t)ARP_RETRY_S * net_hz());
	int id = lv_server_timer(net_server(), net_hz(), net_hz(), tick, NULL);
	return id < 0 ? id : 0;
}
