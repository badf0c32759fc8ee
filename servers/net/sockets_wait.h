/* The LV_NET_RECV and LV_NET_POLL requests that wait (sockets.c's
 * deferred replies): kept in arrival order, answered when a datagram or an
 * error comes, when the socket closes (RECV -ERR_BADF, POLL
 * LV_NET_POLLNVAL), or at their timeout (RECV -ERR_TIMEDOUT, POLL 0).
 * At most SOCKETS_WAITERS_MAX at once, SOCKETS_WAITERS_PER_CLIENT of one
 * process: past that the request is refused with -ERR_NOSPC (after the
 * waiters whose callers gave up are dropped). Runs in net's loop thread. */
#ifndef NET_SOCKETS_WAIT_H
#define NET_SOCKETS_WAIT_H
#include <stdint.h>
#include <lavender/server.h>
#include "pure_socktab.h"

#define SOCKETS_WAITERS_MAX 64
#define SOCKETS_WAITERS_PER_CLIENT 16

void sockets_wait_init(lv_server_t *s, socktab_t *t);

/* Answers LV_NET_RECV r from pid on socket s into payload (the reply's
 * payload, LV_MSG_PAYLOAD_MAX bytes): a pending error first, else the
 * head datagram's bytes (msg_net_dgram_t first; *size set). The status,
 * or -ERR_AGAIN when nothing is queued. */
int sockets_recv_now(socktab_sock_t *s, const msg_net_recv_t *r,
		     uint8_t *payload, uint32_t *size);
/* Fills the revents of the n entries of fds for pid; returns how many are
 * ready (LV_NET_POLLNVAL counts). */
int sockets_poll_now(socktab_t *t, int32_t pid, lv_net_pollfd_t *fds,
		     uint32_t n);

/* Defers the RECV being handled (from pid, on socket id). LV_DEFERRED or
 * -ERR_NOSPC. */
int sockets_wait_recv(int32_t pid, const msg_net_recv_t *r);
/* Defers the POLL being handled (n entries). LV_DEFERRED or -ERR_NOSPC. */
int sockets_wait_poll(int32_t pid, uint32_t timeout_ms,
		      const lv_net_pollfd_t *fds, uint32_t n);
/* Something changed (a datagram, an error, a socket closed): answers every
 * waiter that can be answered now, in arrival order. */
void sockets_wait_wake(void);

#endif
