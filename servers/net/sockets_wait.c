/* The waiting LV_NET_RECV and LV_NET_POLL requests (sockets_wait.h): a
 * list in arrival order of deferred replies, each with its timer. A
 * waiter names its socket by (pid, id), never by pointer, so a socket
 * that closed is found gone. */
#include <string.h>
#include "net.h"
#include "sockets_wait.h"

typedef struct waiter {
	int token;	 /* lv_server_defer's */
	uint32_t serial; /* names it to its timer */
	int timer;	 /* its timeout's timer id, 0: none */
	int32_t pid;
	int poll; /* 1: POLL, 0: RECV */
	msg_net_recv_t recv;
	uint32_t n; /* POLL entries */
	lv_net_pollfd_t fds[LV_NET_POLL_MAX];
} waiter_t;

static waiter_t waiters[SOCKETS_WAITERS_MAX]; /* [0, nwaiters): oldest first */
static int nwaiters;
static uint32_t next_serial;
static lv_server_t *wait_server;
static socktab_t *wait_tab;
static uint8_t wait_reply[LV_MSG_PAYLOAD_MAX];

void sockets_wait_init(lv_server_t *s, socktab_t *t)
{
	wait_server = s;
	wait_tab = t;
	nwaiters = 0;
}

int sockets_recv_now(socktab_sock_t *s, const msg_net_recv_t *r,
		     uint8_t *payload, uint32_t *size)
{
	msg_net_dgram_t hdr;
	int rc = socktab_take_error(s);

	*size = 0;
	if (rc < 0)
		return rc;
	rc = socktab_recv(s, r->flags, r->offset, r->max, LV_NET_RECV_CHUNK,
			  &hdr, payload + sizeof(hdr));
	if (rc < 0)
		return rc;
	memcpy(payload, &hdr, sizeof(hdr));
	*size = (uint32_t)(sizeof(hdr) + (size_t)rc);
	return rc;
}

int sockets_poll_now(socktab_t *t, int32_t pid, lv_net_pollfd_t *fds,
		     uint32_t n)
{
	int ready = 0;

	for (uint32_t i = 0; i < n; i++) {
		socktab_sock_t *s = socktab_get(t, pid, fds[i].sock);
		uint16_t rev = 0;
		if (!s)
			rev = LV_NET_POLLNVAL;
		else {
			if ((fds[i].events & LV_NET_POLLIN) && s->head)
				rev |= LV_NET_POLLIN;
			if (fds[i].events & LV_NET_POLLOUT)
				rev |= LV_NET_POLLOUT; /* UDP: always */
			if (s->error)
				rev |= LV_NET_POLLERR;
		}
		fds[i].revents = rev;
		ready += rev != 0;
	}
	return ready;
}

static void remove_at(int i)
{
	if (waiters[i].timer > 0)
		lv_server_cancel(wait_server, waiters[i].timer);
	memmove(&waiters[i], &waiters[i + 1],
		(size_t)(nwaiters - i - 1) * sizeof(waiters[0]));
	nwaiters--;
}

static void answer_poll(waiter_t *w, int ready)
{
	lv_server_answer(wait_server, w->token, ready, w->fds,
			 w->n * sizeof(w->fds[0]));
}

/* Answers waiter i if it can be answered now (timed_out: it must be);
 * returns 1 when it was (and removed). */
static int try_answer(int i, int timed_out)
{
	waiter_t *w = &waiters[i];
	socktab_sock_t *s;
	uint32_t size;
	int rc;

	if (w->poll) {
		rc = sockets_poll_now(wait_tab, w->pid, w->fds, w->n);
		if (!rc && !timed_out)
			return 0;
		answer_poll(w, rc);
	} else {
		s = socktab_get(wait_tab, w->pid, w->recv.sock);
		if (s && !s->error && !s->head && !timed_out)
			return 0;
		/* Take nothing off the queue for a caller that gave up. */
		if (lv_server_deferred_alive(wait_server, w->token) == 1) {
			rc =
			    s ? sockets_recv_now(s, &w->recv, wait_reply, &size)
			      : -ERR_BADF;
			if (rc == -ERR_AGAIN)
				rc = -ERR_TIMEDOUT;
			lv_server_answer(wait_server, w->token, rc, wait_reply,
					 rc < 0 ? 0 : size);
		}
	}
	remove_at(i);
	return 1;
}

void sockets_wait_wake(void)
{
	for (int i = 0; i < nwaiters;)
		if (!try_answer(i, 0))
			i++;
}

static void on_timeout(lv_server_t *s, int id, void *arg)
{
	uint32_t serial = (uint32_t)(uintptr_t)arg;

	(void)s;
	for (int i = 0; i < nwaiters; i++)
		if (waiters[i].serial == serial && waiters[i].timer == id) {
			waiters[i].timer = 0; /* fired: nothing to cancel */
			try_answer(i, 1);
			return;
		}
}

/* Drops the waiters whose callers gave up (their tokens are used up). */
static void drop_abandoned(void)
{
	for (int i = 0; i < nwaiters;)
		if (lv_server_deferred_alive(wait_server, waiters[i].token) !=
		    1)
			remove_at(i);
		else
			i++;
}

/* Milliseconds as timer ticks: rounded up, at least 1. */
static unsigned ms_to_ticks(uint32_t ms)
{
	uint64_t ticks = ((uint64_t)ms * net_hz() + 999) / 1000;

	return ticks > 0x7FFFFFFFu ? 0x7FFFFFFFu : ticks ? (unsigned)ticks : 1;
}

/* A new waiter for pid at the end of the list, its timer armed (ms 0:
 * none) and the reply deferred; NULL when there is no room or memory. */
static waiter_t *add_waiter(int32_t pid, uint32_t ms)
{
	waiter_t *w;
	int mine = 0, timer = 0, token;

	if (nwaiters == SOCKETS_WAITERS_MAX)
		drop_abandoned();
	for (int i = 0; i < nwaiters; i++)
		mine += waiters[i].pid == pid;
	if (nwaiters == SOCKETS_WAITERS_MAX ||
	    mine >= SOCKETS_WAITERS_PER_CLIENT)
		return NULL;
	next_serial++;
	if (ms) {
		timer =
		    lv_server_timer(wait_server, ms_to_ticks(ms), 0, on_timeout,
				    (void *)(uintptr_t)next_serial);
		if (timer < 0)
			return NULL;
	}
	token = lv_server_defer(wait_server);
	if (token < 0) {
		if (timer > 0)
			lv_server_cancel(wait_server, timer);
		return NULL;
	}
	w = &waiters[nwaiters++];
	memset(w, 0, sizeof(*w));
	w->token = token;
	w->serial = next_serial;
	w->timer = timer;
	w->pid = pid;
	return w;
}

int sockets_wait_recv(int32_t pid, const msg_net_recv_t *r)
{
	waiter_t *w = add_waiter(pid, r->timeout_ms);

	if (!w)
		return -ERR_NOSPC;
	w->recv = *r;
	return LV_DEFERRED;
}

int sockets_wait_poll(int32_t pid, uint32_t timeout_ms,
		      const lv_net_pollfd_t *fds, uint32_t n)
{
	waiter_t *w =
	    add_waiter(pid, timeout_ms == UINT32_MAX ? 0 : timeout_ms);

	if (!w)
		return -ERR_NOSPC;
	w->poll = 1;
	w->n = n;
	memcpy(w->fds, fds, n * sizeof(fds[0]));
	return LV_DEFERRED;
}
