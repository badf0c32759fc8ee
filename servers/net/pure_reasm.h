/* IPv4 fragments (RFC 791 3.2, RFC 815's hole list): reassembly with
 * limits on memory and time, and fragmentation on send. Pure; host tests in
 * tests/host/test_net_reasm.c.
 *
 * Reassembly keys datagrams by (src, dst, proto, id). Limits: REASM_SLOTS
 * datagrams at once, REASM_BYTES_MAX bytes buffered in all (a datagram's
 * buffer grows as its fragments come), a datagram up to IPV4_TOTAL_MAX,
 * REASM_FRAGS_MAX fragments a datagram, and the caller's timeout. A
 * fragment that overlaps one already held with different bytes, or that
 * would pass 65535 bytes (its end plus the header: the first fragment's,
 * else 20 bytes), or a second last fragment that disagrees (or one ending
 * before bytes already held, or a fragment past the last's end), or the
 * (REASM_FRAGS_MAX + 1)th fragment, or one that would pass REASM_BYTES_MAX
 * or find no memory, drops the whole datagram (its memory freed at once:
 * it could never complete); an exact duplicate is ignored (a repeated last
 * fragment that agrees, too). Overlaps with the same bytes are kept.
 * When all REASM_SLOTS are in use, the fragment of a new datagram is
 * dropped and the datagrams in progress keep their slots until they
 * complete or time out (evicting one would let a flood of one-fragment
 * datagrams kill every datagram in progress). A fragment whose length is
 * not a multiple of 8 (or 0) while more fragments follow is dropped alone.
 * Every drop counts one in dropped and returns -LV_NET_DROP_REASM. The
 * deadline is set when a datagram's first fragment (in time) comes and
 * later fragments do not move it. */
#ifndef NET_PURE_REASM_H
#define NET_PURE_REASM_H
#include <stddef.h>
#include <stdint.h>
#include "pure_wire.h"

#define REASM_SLOTS 8
#define REASM_BYTES_MAX (256u << 10)
#define REASM_FRAGS_MAX 64

typedef struct reasm_range {
	uint16_t first, last; /* bytes [first, last) held */
} reasm_range_t;

typedef struct reasm_slot {
	int used;
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
	uint64_t deadline; /* tick it times out */
	uint8_t *data;	   /* REASM: grows (the caller's allocator) */
	size_t cap;	   /* bytes of data */
	uint32_t total;	   /* payload bytes once the last came, else 0 */
	int nranges;
	reasm_range_t ranges[REASM_FRAGS_MAX];
	uint8_t first_hdr[IPV4_HLEN_MAX + 8]; /* offset 0's header + 8 */
	uint8_t first_len;		      /* 0: offset 0 not seen */
} reasm_slot_t;

typedef struct reasm {
	reasm_slot_t s[REASM_SLOTS];
	size_t bytes; /* buffered in all */
	uint64_t timeout;
	void *(*grow)(void *old, size_t bytes); /* realloc-like */
	void (*release)(void *p);
	uint8_t *lent;	 /* the last completed datagram, until the next add */
	size_t lent_cap; /* its buffer's bytes (counted in bytes) */
	uint32_t timeouts, dropped, completed;
} reasm_t;

/* timeout_ticks: RFC 1122 3.3.2 suggests 60-120 s; net uses 30 s. */
void reasm_init(reasm_t *r, uint64_t timeout_ticks,
		void *(*grow)(void *, size_t), void (*release)(void *));
/* Takes one fragment (ip from ipv4_parse, ipv4_is_fragment true). Returns
 * 1 when the datagram is complete: *out points to its payload (*out_len
 * bytes) and stays valid until the next reasm_add or reasm_free_all (the
 * caller copies or uses it at once); 0 when held; or an enum lv_net_drop
 * cause (negated: < 0) when this fragment or its datagram was dropped. A
 * packet that is not a fragment comes back at once (1, its own payload). */
int reasm_add(reasm_t *r, const ipv4_view_t *ip, uint64_t now,
	      const uint8_t **out, size_t *out_len);
/* Times out datagrams past their deadline: for each one whose first
 * fragment came, copies its quoted header (IP header + 8 bytes, for ICMP
 * time exceeded, RFC 792) into quote[i] (IPV4_HLEN_MAX + 8 bytes each) and
 * its length into quote_len[i], up to max; returns how many were quoted.
 * Every timed-out datagram is freed and counted in timeouts. */
int reasm_expire(reasm_t *r, uint64_t now, uint8_t (*quote)[IPV4_HLEN_MAX + 8],
		 size_t *quote_len, int max);
void reasm_free_all(reasm_t *r);

/* Fragmentation (RFC 791): a payload of len bytes sent over mtu (bytes of
 * IP packet) is cut in pieces of frag_data = (mtu - 20) & ~7 bytes; piece
 * i covers [i*frag_data, ...). Returns the number of pieces (1: fits), or
 * 0 when it cannot be sent (len > IPV4_TOTAL_MAX - 20, or mtu < 68). */
unsigned ipv4_frag_count(size_t len, unsigned mtu, size_t *frag_data);
/* The frag_off field of piece i of n (offset in 8-byte units, MF on all
 * but the last). */
uint16_t ipv4_frag_field(unsigned i, unsigned n, size_t frag_data);

#endif
