/* poll() and select() (newlib's <sys/select.h>) over descriptors: sockets
 * wait in the protocol server (one LV_NET_POLL for all of them); the
 * console and files are always ready (as regular files are in POSIX, and
 * because nothing here can wait for console input and a socket at once);
 * a descriptor that is not open is POLLNVAL. */
#include <poll.h>
#include <string.h>
#include <sys/select.h>
#include <lavender/clock.h>
#include <lavender/syscall.h>
#include "glue.h"
#include "glue_socket.h"

#define IN_EVENTS (POLLIN | POLLRDNORM)
#define OUT_EVENTS (POLLOUT | POLLWRNORM)

/* Waits for nothing but time: ms milliseconds (negative: for ever). */
static void sleep_ms(int ms)
{
	uint32_t hz = 0;

	lv_ticks(NULL, &hz);
	if (hz == 0)
		hz = 100;
	while (ms < 0)
		lv_sleep(hz);
	if (ms > 0)
		lv_sleep((unsigned)(((uint64_t)ms * hz + 999) / 1000));
}

/* What a ready descriptor reports for the events asked. */
static short ready_events(short events, uint16_t got)
{
	short r = 0;

	if (got & LV_NET_POLLIN)
		r |= events & IN_EVENTS;
	if (got & LV_NET_POLLOUT)
		r |= events & OUT_EVENTS;
	if (got & LV_NET_POLLERR)
		r |= POLLERR;
	if (got & LV_NET_POLLNVAL)
		r |= POLLNVAL;
	return r;
}

/* Fills revents of what needs no waiting; lists the sockets in ps, their
 * index in fds in at. How many sockets, or -ERR_INVAL past
 * LV_NET_POLL_MAX; *ready counts the descriptors ready already. */
static int gather(struct pollfd *fds, nfds_t n, lv_sock_poll_t *ps, nfds_t *at,
		  int *ready)
{
	int ns = 0, rc;

	for (nfds_t i = 0; i < n; i++) {
		glue_sock_t *s;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		s = sock_fd_get(fds[i].fd, &rc);
		if (s) {
			if (ns == LV_NET_POLL_MAX)
				return -ERR_INVAL;
			ps[ns].sock = s->sock;
			ps[ns].events =
			    (fds[i].events & IN_EVENTS ? LV_NET_POLLIN : 0) |
			    (fds[i].events & OUT_EVENTS ? LV_NET_POLLOUT : 0);
			at[ns++] = i;
			continue;
		}
		fds[i].revents = ready_events(
		    fds[i].events, rc == -ERR_BADF
				       ? LV_NET_POLLNVAL
				       : LV_NET_POLLIN | LV_NET_POLLOUT);
		if (fds[i].revents)
			(*ready)++;
	}
	return ns;
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	lv_sock_poll_t ps[LV_NET_POLL_MAX];
	nfds_t at[LV_NET_POLL_MAX];
	int ready = 0, ns, rc;
	uint32_t ms;

	if (n && !fds)
		return glue_ret(-ERR_FAULT);
	ns = gather(fds, n, ps, at, &ready);
	if (ns < 0)
		return glue_ret(ns);
	if (ns == 0) {
		if (!ready)
			sleep_ms(timeout);
		return ready;
	}
	ms = ready || timeout == 0 ? 0
	     : timeout < 0	   ? LV_SOCK_FOREVER
				   : (uint32_t)timeout;
	rc = lv_sock_poll(ps, (size_t)ns, ms);
	if (rc < 0)
		return glue_ret(rc);
	for (int k = 0; k < ns; k++) {
		struct pollfd *p = &fds[at[k]];

		p->revents = ready_events(p->events, ps[k].revents);
		if (p->revents)
			ready++;
	}
	return ready;
}

/* select's sets as pollfds: -ERR_BADF for a set descriptor not open. */
static int sets_to_poll(int nfds, fd_set *r, fd_set *w, struct pollfd *p)
{
	int n = 0;

	for (int fd = 0; fd < nfds; fd++) {
		short ev = (r && FD_ISSET(fd, r) ? POLLIN : 0) |
			   (w && FD_ISSET(fd, w) ? POLLOUT : 0);
		if (!ev)
			continue;
		if (glue_fd_kind(fd) == GLUE_FD_FREE)
			return -ERR_BADF;
		p[n++] = (struct pollfd){.fd = fd, .events = ev};
	}
	return n;
}

int select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	struct pollfd p[FD_SETSIZE];
	int n, rc, count = 0, timeout = -1;

	if (nfds < 0 || nfds > FD_SETSIZE)
		return glue_ret(-ERR_INVAL);
	if (tv) {
		if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
			return glue_ret(-ERR_INVAL);
		uint64_t ms = (uint64_t)tv->tv_sec * 1000 +
			      ((uint64_t)tv->tv_usec + 999) / 1000;
		timeout = ms > INT32_MAX ? INT32_MAX : (int)ms;
	}
	n = sets_to_poll(nfds, r, w, p);
	if (n < 0)
		return glue_ret(n);
	rc = poll(p, (nfds_t)n, timeout);
	if (rc < 0)
		return rc;
	for (int fd = 0; fd < nfds; fd++) { /* nothing is exceptional here */
		if (r)
			FD_CLR(fd, r);
		if (w)
			FD_CLR(fd, w);
		if (e)
			FD_CLR(fd, e);
	}
	for (int i = 0; i < n; i++) {
		if (r && (p[i].revents & (POLLIN | POLLERR | POLLNVAL))) {
			FD_SET(p[i].fd, r);
			count++;
		}
		if (w && (p[i].revents & (POLLOUT | POLLERR | POLLNVAL))) {
			FD_SET(p[i].fd, w);
			count++;
		}
	}
	return count;
}
