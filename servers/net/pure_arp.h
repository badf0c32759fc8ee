/* The ARP cache (RFC 826, with RFC 1122 2.3.2 ageing): IPv4 address ->
 * Ethernet address, per interface, bounded at ARP_CACHE_MAX entries (the
 * least recently used complete entry makes room; an incomplete one is
 * never evicted for another). Packets waiting for a resolution are kept in
 * a bounded pool (ARP_PENDING_MAX packets in all, ARP_PENDING_PER_ENTRY
 * each, enough for a whole datagram's fragments; older ones dropped
 * first). Pure: the caller passes the time (ticks)
 * and sends what the calls say to send. Host tests:
 * tests/host/test_net_arp.c. */
#ifndef NET_PURE_ARP_H
#define NET_PURE_ARP_H
#include <stddef.h>
#include <stdint.h>
#include "pure_wire.h"

#define ARP_CACHE_MAX 64
/* A whole datagram waits, not its first fragments: the largest (65535
 * bytes over a 1500-byte MTU) is 45 of them. The pool costs
 * ARP_PENDING_MAX * sizeof(arp_pending_t), about 96 KiB of net's data. */
#define ARP_PENDING_MAX 64
#define ARP_PENDING_PER_ENTRY 45
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
	uint64_t seq; /* order of queueing (ties of `queued` too) */
	size_t len;
	uint8_t packet[ARP_PACKET_MAX];
} arp_pending_t;

typedef struct arp_cache {
	arp_entry_t e[ARP_CACHE_MAX];
	arp_pending_t pending[ARP_PENDING_MAX];
	uint64_t ttl;	  /* ticks a complete entry lives */
	uint64_t retry;	  /* ticks between requests */
	uint32_t dropped; /* pending packets dropped (pool full, failed) */
	uint64_t seq;	  /* the next arp_pending_t.seq */
} arp_cache_t;

void arp_cache_init(arp_cache_t *c, uint64_t ttl_ticks, uint64_t retry_ticks);
/* A complete entry's MAC for ip on ifindex: 0 (the entry marked used, for
 * LRU), or -ERR_NOENT (none, incomplete, or expired: an expired entry is
 * removed here, so a queue after it asks again). */
int arp_cache_lookup(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
		     uint8_t mac[ETH_ALEN], uint64_t now);
/* Learns ip -> mac (RFC 826's merge: an existing entry is updated always;
 * a new one is made only when `create` — the packet was for us — and only
 * when a slot is free or a complete entry can be evicted). Returns the
 * number of pending packets now ready for ip (take them with
 * arp_cache_take_ready). ip 0 (a probe, RFC 5227) and a group MAC
 * (multicast or broadcast bit set) are never learnt: 0. */
int arp_cache_learn(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
		    const uint8_t mac[ETH_ALEN], int create, uint64_t now);
/* Queues an IP packet for ip while it is resolved: makes an incomplete
 * entry if there is none (its first request counts as try 1). Returns 1
 * when a request should be sent now (a new entry, or a complete one that
 * expired and is asked again), 0 when queued behind one already asked (or
 * for an entry already complete: the packet is ready at once), -ERR_NOSPC
 * when no entry could be made (the packet dropped and counted), -ERR_INVAL
 * for ip 0, len 0 or len > ARP_PACKET_MAX. Room is made by dropping
 * (counted) the entry's oldest packet when it has ARP_PENDING_PER_ENTRY,
 * else the pool's oldest when the pool is full. */
int arp_cache_queue(arp_cache_t *c, uint8_t ifindex, uint32_t ip,
		    const void *packet, size_t len, uint64_t now);
/* Copies out the oldest pending packet of ip that is now resolved (ip's
 * entry on the packet's interface is complete): its length (the slot
 * freed, *ifindex its interface), 0 when none is left. A packet longer
 * than max is dropped (counted); pass ARP_PACKET_MAX. */
size_t arp_cache_take_ready(arp_cache_t *c, uint32_t ip, uint8_t *ifindex,
			    void *out, size_t max);
/* Time passes: expires old complete entries; for incomplete ones due for
 * another try (every `retry` ticks), stores up to max addresses to ask
 * again in ask[] (ifindex in ask_if[]) and returns their count; an entry
 * due after ARP_TRIES requests is removed with its pending packets
 * (counted in dropped; failed[] gets their addresses, *nfailed how many
 * were stored, for ICMP host unreachable to local senders). Entries that
 * find ask[] or failed[] full stay due and are taken at the next tick,
 * except that max_failed 0 means failures are not reported at all. */
int arp_cache_tick(arp_cache_t *c, uint64_t now, uint32_t *ask, uint8_t *ask_if,
		   int max, uint32_t *failed, int max_failed, int *nfailed);
/* Removes ip's entries on every interface (and their pending packets,
 * counted): 0 or -ERR_NOENT. */
int arp_cache_delete(arp_cache_t *c, uint32_t ip);
/* Removes every entry of ifindex and its pending packets (counted): the
 * interface left. */
void arp_cache_flush_if(arp_cache_t *c, uint8_t ifindex);

/* Defending an address (RFC 5227 2.4 (b)/(c)): another host claims one of
 * ours. The first conflict is defended (one gratuitous ARP); one seen
 * within `interval` ticks of the last defence is only counted, and logged
 * at most once per interval -- never answered, so two hosts with the same
 * address cannot defend against each other's defences without end. The
 * state follows one address: a new address starts afresh. */
#define ARP_DEFEND_INTERVAL_S 10 /* RFC 5227's DEFEND_INTERVAL */
enum { ARP_CONFLICT_DEFEND = 1, ARP_CONFLICT_LOG = 2 };
typedef struct arp_defence {
	uint32_t addr;	    /* the address it is about (0: none yet) */
	uint64_t defended;  /* tick of the last defence */
	uint64_t logged;    /* tick of the last log line */
	uint32_t conflicts; /* not defended since the last defence */
} arp_defence_t;
/* A conflict for addr at now: ARP_CONFLICT_DEFEND|ARP_CONFLICT_LOG (defend
 * and log), ARP_CONFLICT_LOG (log that it is not defended; d->conflicts
 * says how many since the defence) or 0 (count only). */
int arp_conflict(arp_defence_t *d, uint32_t addr, uint64_t now,
		 uint64_t interval);

#endif
