/* The socket table of net: ids, owners, kinds, local and peer addresses,
 * options, pending errors, the receive queues and the send assembly. Pure
 * (no IPC, no clock): sockets.c serves the requests over it; host tests in
 * tests/host/test_net_socktab.c. Addresses and ports host order.
 *
 * Rules it keeps:
 * - Ids: 1.. counting up, skipping ids in use, wrapping past INT32_MAX;
 *   a closed socket's id is not handed out again until the counter came
 *   round. LV_NET_SOCKETS_MAX sockets in all (-ERR_NOSPC past it),
 *   LV_NET_SOCKETS_PER_CLIENT a process (-ERR_MFILE).
 * - Bind (UDP; BSD without SO_REUSEADDR): a port is bound once per
 *   address, and a wildcard (0) binding of a port conflicts with every
 *   binding of it, and the other way round (-ERR_ADDRINUSE). A specific
 *   address must be local (the is_local callback: -ERR_ADDRNOTAVAIL).
 *   Ports below LV_NET_PORT_RESERVED only when the caller says the sender
 *   is privileged (-ERR_ACCES). Port 0 takes an ephemeral port from
 *   eph_lo..eph_hi (LV_NET_EPHEMERAL_LO..HI; tests narrow it), going round
 *   from after the last one given and skipping ports in use for that
 *   address; -ERR_ADDRINUSE when every one is. A second bind: -ERR_INVAL.
 * - Ping sockets (LV_NET_SOCK_PING): the local "port" is the echo
 *   identifier, unique among ping sockets whatever their address (replies
 *   are matched by identifier alone); the reserved-port rule does not
 *   apply. Their queue holds whole ICMP messages (header first).
 * - Connect: the peer is the only source datagrams are taken from, and the
 *   default destination; an unbound socket gets an ephemeral port, and a
 *   socket whose address was not bound takes src (the route's source) as
 *   local address until it disconnects (address 0 and port 0). Connecting
 *   a UDP socket to a broadcast address needs LV_NET_OPT_BROADCAST
 *   (-ERR_ACCES); a UDP peer needs a port (-ERR_INVAL).
 * - Incoming UDP to a unicast address: among the sockets bound to the port
 *   whose local address is the destination or 0 and that are unconnected
 *   or connected to exactly the source, a connected one first, then one
 *   bound to the specific address, then the wildcard one: one socket.
 *   A broadcast goes to every such socket (local address 0 or the
 *   broadcast address itself), with LV_NET_OPT_BROADCAST or not: the
 *   option is only for sending, as in BSD and Linux. A connected socket
 *   whose address came from the route (see connect) takes no broadcasts,
 *   as in Linux.
 * - Receive queue: at most LV_NET_RCVQ_DGRAMS datagrams and
 *   LV_NET_RCVQ_BYTES payload bytes a socket; a datagram that does not fit
 *   is dropped and counted in the socket's `dropped`. Each datagram is
 *   malloc'ed and freed when read, or when the socket closes.
 * - Send assembly (LV_NET_SEND): see socktab_send_part. */
#ifndef NET_PURE_SOCKTAB_H
#define NET_PURE_SOCKTAB_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/net_proto.h>

#define SOCKTAB_ID_LIMIT 0x7FFFFFFFu /* ids are < this (a positive status) */

typedef struct socktab_dgram {
	struct socktab_dgram *next;
	lv_net_addr_t from;
	uint32_t len;
	uint8_t ttl;
	uint8_t data[]; /* len bytes */
} socktab_dgram_t;

typedef struct socktab_sock {
	uint32_t id; /* 0: a free slot */
	int32_t pid; /* the owner */
	uint32_t kind;
	lv_net_addr_t local, peer; /* local.port 0: unbound; peer 0: none */
	int addr_bound;		   /* local.addr came from BIND */
	int broadcast;		   /* LV_NET_OPT_BROADCAST */
	int error;		   /* pending -ERR_*, reported once; 0: none */
	socktab_dgram_t *head, *tail;
	uint32_t queued, queued_bytes, dropped;
	uint8_t *out;	      /* send assembly buffer (malloc), or NULL */
	uint32_t out_total;   /* the datagram being assembled */
	uint32_t out_have;    /* its bytes so far */
	lv_net_addr_t out_to; /* the first part's destination and flags */
	uint32_t out_flags;
} socktab_sock_t;

typedef struct socktab {
	socktab_sock_t s[LV_NET_SOCKETS_MAX];
	uint32_t next_id;
	uint16_t eph_lo, eph_hi, eph_next; /* ephemeral ports */
	int (*is_local)(uint32_t addr);	   /* an address of ours */
	int (*is_broadcast)(uint32_t addr);
} socktab_t;

void socktab_init(socktab_t *t, int (*is_local)(uint32_t),
		  int (*is_broadcast)(uint32_t));

/* A new socket of pid: its id (>= 1), or -ERR_PROTONOSUPPORT for a kind
 * net lacks, -ERR_MFILE, -ERR_NOSPC. */
int socktab_open(socktab_t *t, int32_t pid, uint32_t kind);
/* Socket id if pid owns it, else NULL (the caller answers -ERR_BADF). */
socktab_sock_t *socktab_get(socktab_t *t, int32_t pid, uint32_t id);
/* Frees s: its queue, its assembly buffer, its port. */
void socktab_close(socktab_sock_t *s);
/* How many sockets pid has. */
int socktab_count(const socktab_t *t, int32_t pid);
/* Frees every socket of pid (it died); returns how many. */
int socktab_free_pid(socktab_t *t, int32_t pid);

/* Binds s to addr:port (rules above). 0 or -ERR_*. */
int socktab_bind(socktab_t *t, socktab_sock_t *s, uint32_t addr, uint16_t port,
		 int privileged);
/* Sets the peer (rules above); src is the local address to take when the
 * address was not bound (0: keep it). 0 or -ERR_*. */
int socktab_connect(socktab_t *t, socktab_sock_t *s, uint32_t addr,
		    uint16_t port, uint32_t src);
/* LV_NET_OPT_BROADCAST (value 0 or 1, else -ERR_INVAL); other options
 * -ERR_NOSYS. */
int socktab_setopt(socktab_sock_t *s, uint32_t opt, uint32_t value);
/* The pending error (then cleared), or 0. */
int socktab_take_error(socktab_sock_t *s);

/* A UDP datagram arrived (rules above): the sockets it was queued to
 * (>= 1), 0 when no socket takes it, -LV_NET_DROP_QUEUE when every taker's
 * queue was full. */
int socktab_udp_input(socktab_t *t, uint32_t src, uint32_t dst, uint16_t sport,
		      uint16_t dport, uint8_t ttl, const void *data,
		      size_t len);
/* An echo reply with identifier ident from src (icmp: the whole message):
 * queued to the ping socket with that identifier (if it is connected, only
 * from its peer). The socket's id, 0 when none takes it, or
 * -LV_NET_DROP_QUEUE when its queue is full. */
int socktab_ping_input(socktab_t *t, uint32_t src, uint16_t ident, uint8_t ttl,
		       const void *icmp, size_t len);
/* Queues one datagram to s: 0, or -LV_NET_DROP_QUEUE (counted in
 * s->dropped) when it does not fit or memory is short. */
int socktab_enqueue(socktab_sock_t *s, const lv_net_addr_t *from, uint8_t ttl,
		    const void *data, size_t len);

/* Reads the head datagram as LV_NET_RECV does (lavender/net_proto.h):
 * flags LV_NET_RECV_*; with LV_NET_RECV_MORE, offset is where to start
 * (past min(max, total): -ERR_INVAL), without it 0 is. Copies the bytes
 * [offset, end) to buf, end = min(max, total, offset + chunk), fills hdr,
 * and frees the datagram when end reaches min(max, total) unless
 * LV_NET_RECV_PEEK. Returns the bytes copied, or -ERR_AGAIN when the queue
 * is empty. */
int socktab_recv(socktab_sock_t *s, uint32_t flags, uint32_t offset,
		 uint32_t max, size_t chunk, msg_net_dgram_t *hdr, void *buf);

/* One part of a datagram being sent (LV_NET_SEND): total bytes in all (up
 * to LV_NET_DGRAM_MAX, else -ERR_MSGSIZE), this part's len bytes at
 * offset. offset 0 starts a datagram (dropping an unfinished one); any
 * other offset must equal the bytes taken so far, with the first part's
 * total, destination and flags, and a part must not pass total nor be
 * empty unless total is 0: else -ERR_INVAL, and the unfinished datagram
 * is dropped. Returns the bytes taken so far while it is unfinished;
 * total when complete: then *out points to the whole datagram (data
 * itself when one part carried it all) until socktab_send_done, or the
 * next part. -ERR_NOMEM when the assembly buffer cannot be had. */
int socktab_send_part(socktab_sock_t *s, const lv_net_addr_t *to,
		      uint32_t flags, uint32_t total, uint32_t offset,
		      const void *data, size_t len, const uint8_t **out);
/* Frees the assembly buffer (after the complete datagram went). */
void socktab_send_done(socktab_sock_t *s);

/* An ICMP error's socket error: -ERR_CONNREFUSED for port unreachable,
 * -ERR_NETUNREACH for net unreachable, -ERR_HOSTUNREACH for the other
 * destination unreachables; 0 for the rest (not reported). */
int socktab_icmp_errno(uint8_t type, uint8_t code);
/* An ICMP error quoting (quoted, len: the IP header and at least 8 bytes)
 * a UDP datagram we sent: the connected UDP socket with that local and
 * peer address gets err pending. Its id, or 0 (none, or a quote too short
 * or not UDP over IPv4). */
uint32_t socktab_icmp_error(socktab_t *t, const uint8_t *quoted, size_t len,
			    int err);
/* Sockets bound to addr get -ERR_NETDOWN pending and take address 0.
 * Returns how many. */
int socktab_addr_gone(socktab_t *t, uint32_t addr);

/* Fills out with up to max sockets (LV_NET_SOCK_LIST); returns how many. */
int socktab_list(const socktab_t *t, lv_net_sockinfo_t *out, size_t max);

#endif
