/* The ARP cache (RFC 826, with RFC 1122 2.3.2 ageing): IPv4 address ->
 * Ethernet address, per interface, bounded at ARP_CACHE_MAX entries (the
 * least recently used complete entry makes room; an incomplete one is
 * never evicted for another). Packets waiting for a resolution are kept in
 * a bounded pool (ARP_PENDING_MAX packets in all, ARP_PENDING_PER_ENTRY
 * each; older ones dropped first). Pure: the caller passes the time (ticks)
 * and sends what the calls say to send. Host tests:
 * tests/host/test_net_arp.c. */
#ifndef NET_PURE_ARP_H
#define NET_PURE_ARP_H
#include <stddef.h>
#include <stdint.h>
#include "pure_wire.h"

#define ARP_CACHE_MAX 64
#define ARP_PENDING_MAX 16
#define ARP_PENDING_PER_ENTRY 4
#define ARP_PACKET_MAX 1500u /* an IP packet waiting */
#define ARP_TRIES 3	     /* requests before giving up */

typedef struct arp_entry {
	uint32_t ip; /* 0: free */
	uint8_t mac[ETH_ALEN];
	uint8_t ifindex;
	uint8_t complete;
	uint8_t tries;	    /* requests sent while incomplete */
	uint64_t confirmed; /* tick of the last reply/learn */
	uint64_t next_try;  /* incomplete: when to ask again */
	uint64_t last_used;
} arp_entry_t;

typedef struct arp_pending {
	uint32_t ip; /* 0: free slot */
	uint8_t ifindex;
	uint64_t queued;
	size_t len;
	uint8_t packet[ARP_PACKET_MAX];
} arp_pending_t;

typedef struct arp_cache {
	arp_entry_t e[ARP_CACHE_MAX];
	arp_pending_t pending[ARP_PENDING_MAX];
	uint64_t ttl;	  /* ticks a complete entry lives */
	uint64_t retry;	  /* ticks between requests */
	uint32_t dropped; /* pending packets dropped (pool full, failed) */
} arp_cache_t;

void arp_cache_init(arp_cache_t *c, uint64_t ttl_ticks, uint64_t retry_ticks);
/* A complete entry's MAC for ip on ifindex: 0, or -ERR_NOENT. */
int arp_cache_lookup(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
		     uint8_t mac[ETH_ALEN], uint64_t now);
/* Learns ip -> mac (RFC 826's merge: an existing entry is updated always;
 * a new one is made only when `create` — the packet was for us). Returns
 * the number of pending packets now ready for ip (take them with
 * arp_cache_take_ready). */
int arp_cache_learn(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
		    const uint8_t mac[ETH_ALEN], int create, uint64_t now);
/* Queues an IP packet for ip while it is resolved: makes an incomplete
 * entry if there is none. Returns 1 when a request should be sent now (a
 * new entry), 0 when queued behind one already asked, -ERR_NOSPC when no
 * entry could be made (the packet dropped), -ERR_INVAL for len >
 * ARP_PACKET_MAX. */
int arp_cache_queue(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
		    const void *packet, size_t len, uint64_t now);
/* Copies out one pending packet of ip that is now resolved (ip's entry is
 * complete): its length (the slot freed), 0 when none is left. */
size_t arp_cache_take_ready(arp_cache_t *c, uint32_t ip, uint8_t *ifindex,
			    void *out, size_t max);
/* Time passes: expires old complete entries; for incomplete ones due for
 * another try, stores up to max addresses to ask again in ask[] (ifindex
 * in ask_if[]) and returns their count; an entry out of tries is removed
 * with its pending packets (counted in dropped; *failed gets up to
 * max_failed of their addresses, *nfailed their count, for ICMP host
 * unreachable to local senders). */
int arp_cache_tick(arp_cache_t *c, uint64_t now, uint32_t *ask, uint8_t *ask_if,
		   int max, uint32_t *failed, int max_failed, int *nfailed);
/* Removes ip's entry (and its pending packets): 0 or -ERR_NOENT. */
int arp_cache_delete(arp_cache_t *c, uint32_t ip);
/* Removes every entry of ifindex (its interface left). */
void arp_cache_flush_if(arp_cache_t *c, uint8_t ifindex);

#endif
