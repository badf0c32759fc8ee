/* The protocol server's client calls (the protocol is lavender/net_proto.h):
 * sockets and the lists, each one or more calls on net's port. net is found
 * through the name server ("net"), waiting up to about two seconds for it
 * at a process's first call, and the right is cached; a call that finds net
 * dead forgets it and the next one looks it up again. Sockets die with the
 * net that made them: a socket of a net that is gone answers -ERR_STALE
 * from then on (a socket id is not sent to a restarted net, where it could
 * name another socket). Every call returns 0, a count, or -ERR_*; several
 * threads may call at once (each request is on the caller's stack). The
 * BSD calls (user/lib/include: sys/socket.h, ...) are built on these. */
#ifndef LAVENDER_SOCKET_H
#define LAVENDER_SOCKET_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/net_proto.h>

/* A socket: net's id and which net made it (the caller keeps it; a zeroed
 * one is no socket: -ERR_STALE). */
typedef struct lv_sock {
	uint32_t id;
	uint32_t epoch; /* the cached net right's generation */
} lv_sock_t;

#define LV_SOCK_FOREVER UINT32_MAX /* lv_sock_poll: no timeout */

/* A send right to net (cached), or -ERR_NOENT when none is registered. */
int lv_net_server(void);

/* Makes a socket of kind LV_NET_SOCK_UDP or LV_NET_SOCK_PING into *s.
 * 0, or net's error (-ERR_PROTONOSUPPORT, -ERR_MFILE, -ERR_NOSPC), or
 * -ERR_NOENT without net. */
int lv_sock_open(uint32_t kind, lv_sock_t *s);
/* Binds to local (address 0: any; port 0: an ephemeral one). */
int lv_sock_bind(const lv_sock_t *s, lv_net_addr_t local);
/* Sets the default peer, the only one taken from (all 0: none again). */
int lv_sock_connect(const lv_sock_t *s, lv_net_addr_t peer);
/* Sends len bytes (up to 65535; net takes up to LV_NET_DGRAM_MAX for UDP)
 * as one datagram to *to, or to the connected peer when to is NULL, in as
 * many SEND parts as it takes. len, or -ERR_*: -ERR_MSGSIZE for more than
 * 65535 (nothing sent), -ERR_IO when net's answers break the protocol. */
int lv_sock_sendto(const lv_sock_t *s, const void *buf, size_t len,
		   const lv_net_addr_t *to);

/* What lv_sock_recvfrom tells about the datagram it took. */
typedef struct lv_sock_dgram {
	lv_net_addr_t from;
	uint32_t total; /* its whole length (more than taken: cut) */
	uint8_t ttl;	/* of the IP packet that brought it */
} lv_sock_dgram_t;

/* Takes the next datagram (or, with LV_NET_RECV_PEEK, copies it and leaves
 * it queued): up to max bytes into buf, the rest of a longer one lost as
 * BSD's recvfrom loses it. flags: LV_NET_RECV_PEEK, LV_NET_RECV_DONTWAIT.
 * Waits up to timeout_ms (0: for ever). The bytes copied and *info (may be
 * NULL), or -ERR_TIMEDOUT, -ERR_AGAIN (DONTWAIT, none queued), a pending
 * error of the socket, -ERR_IO when net's replies break the protocol. */
int lv_sock_recvfrom(const lv_sock_t *s, void *buf, size_t max, uint32_t flags,
		     uint32_t timeout_ms, lv_sock_dgram_t *info);
/* Frees the socket in net. */
int lv_sock_close(const lv_sock_t *s);
/* The local and the peer address (either may be NULL). */
int lv_sock_getname(const lv_sock_t *s, lv_net_addr_t *local,
		    lv_net_addr_t *peer);
/* Sets option opt (LV_NET_OPT_*) to value; -ERR_NOSYS for one net lacks. */
int lv_sock_setopt(const lv_sock_t *s, uint32_t opt, uint32_t value);

typedef struct lv_sock_poll {
	lv_sock_t sock;
	uint16_t events, revents; /* LV_NET_POLL* */
} lv_sock_poll_t;
/* Waits until one of n (up to LV_NET_POLL_MAX) sockets is ready or
 * timeout_ms passed (0: look and return; LV_SOCK_FOREVER: no limit) and
 * fills each revents. A socket of a net that is gone gets LV_NET_POLLNVAL
 * and counts as ready. How many are ready (0: the timeout), or -ERR_INVAL
 * for n past LV_NET_POLL_MAX. */
int lv_sock_poll(lv_sock_poll_t *fds, size_t n, uint32_t timeout_ms);

/* The lists: up to max entries into out; how many were copied. */
int lv_net_if_list(lv_net_if_t *out, int max);
int lv_net_route_list(lv_net_route_t *out, int max);
int lv_net_arp_list(lv_net_arp_t *out, int max);
int lv_net_sock_list(lv_net_sockinfo_t *out, int max);
/* net's counters: 0. */
int lv_net_stats(lv_net_stats_t *out);

#endif
