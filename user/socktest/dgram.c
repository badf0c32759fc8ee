/* socktest's checks of addresses, datagrams and waiting: each opens what
 * it needs and closes it again (the limit check counts on none left). A
 * receive that should find a datagram waits at most RECV_MS (SO_RCVTIMEO),
 * so a lost one fails the check instead of hanging it. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>
#include <lavender/net_proto.h>
#include "../lib/check.h"
#include "socktest.h"

#define RECV_MS 3000
#define RCVTIMEO_MS 300
#define SLACK_MS 300 /* a timeout may end this much late on a busy host */
#define TICK_MS 10

static unsigned char out[65536], in[65536];

/* call failed with -1 and errno want. */
#define REFUSED(call, want) ((errno = 0, (call)) == -1 && errno == (want))

static void set_rcvtimeo(int fd, long ms)
{
	struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/* Two sockets on the node's address: r (waiting at most RECV_MS) and s. */
typedef struct pair {
	int r, s;
	uint16_t rport, sport;
} pair_t;

/* Opens *p: NULL, or why not (nothing left open). */
static const char *pair_open(pair_t *p)
{
	p->r = udp_bound(0, &p->rport);
	p->s = udp_bound(0, &p->sport);
	if (p->r >= 0 && p->s >= 0) {
		set_rcvtimeo(p->r, RECV_MS);
		return NULL;
	}
	const char *why = check_why("sockets: %s", strerror(errno));
	close(p->r);
	close(p->s);
	return why;
}

/* Closes *p; returns why (a check's last line). */
static const char *pair_close(pair_t *p, const char *why)
{
	close(p->r);
	close(p->s);
	return why;
}

static ssize_t send_self(int fd, const void *buf, size_t n, uint16_t port)
{
	struct sockaddr_in to = to_self(port);
	return sendto(fd, buf, n, 0, (struct sockaddr *)&to, sizeof(to));
}

const char *check_bind_conflict(void)
{
	uint16_t port;
	int a = udp_bound(0, &port), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in same = to_self(port), any = same;
	const char *why = NULL;

	any.sin_addr.s_addr = htonl(INADDR_ANY);
	if (a < 0 || b < 0)
		why = check_why("socket/bind: %s", strerror(errno));
	else if (!REFUSED(bind(b, (struct sockaddr *)&same, sizeof(same)),
			  EADDRINUSE))
		why = check_why("a second bind of port %u: %s, want EADDRINUSE",
				port, strerror(errno));
	else if (!REFUSED(bind(b, (struct sockaddr *)&any, sizeof(any)),
			  EADDRINUSE))
		why = check_why("a bind of *:%u beside %s:%u: %s, want "
				"EADDRINUSE",
				port, inet_ntoa(same.sin_addr), port,
				strerror(errno));
	else if (!REFUSED(bind(a, (struct sockaddr *)&any, sizeof(any)),
			  EINVAL))
		why = check_why("binding a bound socket again: %s, want EINVAL",
				strerror(errno));
	else if (close(a) < 0 ||
		 bind(b, (struct sockaddr *)&same, sizeof(same)) < 0)
		why = check_why("port %u not free after close: %s", port,
				strerror(errno));
	close(b);
	return why;
}

const char *check_ephemeral(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0),
	    b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in any = to_self(0), na, nb;
	socklen_t la = sizeof(na), lb = sizeof(nb);
	const char *why = NULL;

	any.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(a, (struct sockaddr *)&any, sizeof(any)) < 0 ||
	    bind(b, (struct sockaddr *)&any, sizeof(any)) < 0 ||
	    getsockname(a, (struct sockaddr *)&na, &la) < 0 ||
	    getsockname(b, (struct sockaddr *)&nb, &lb) < 0)
		why = check_why("bind/getsockname: %s", strerror(errno));
	else if (ntohs(na.sin_port) < LV_NET_EPHEMERAL_LO ||
		 ntohs(nb.sin_port) < LV_NET_EPHEMERAL_LO ||
		 na.sin_port == nb.sin_port)
		why = check_why("ephemeral ports %u and %u, want two distinct "
				"from %u",
				ntohs(na.sin_port), ntohs(nb.sin_port),
				LV_NET_EPHEMERAL_LO);
	else if (na.sin_addr.s_addr != htonl(INADDR_ANY) ||
		 na.sin_family != AF_INET || la != sizeof(na))
		why = "getsockname: not AF_INET 0.0.0.0";
	close(a);
	close(b);
	return why;
}

const char *check_reserved_port(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in p80 = to_self(80), p1023 = to_self(1023),
			   p1024 = to_self(1024);
	const char *why = NULL;

	if (!REFUSED(bind(a, (struct sockaddr *)&p80, sizeof(p80)), EACCES) ||
	    !REFUSED(bind(a, (struct sockaddr *)&p1023, sizeof(p1023)), EACCES))
		why = check_why("port 80/1023 without the network right: %s, "
				"want EACCES",
				strerror(errno));
	else if (bind(a, (struct sockaddr *)&p1024, sizeof(p1024)) < 0)
		why = check_why("port 1024: %s", strerror(errno));
	close(a);
	return why;
}

const char *check_destaddrreq(void)
{
	int a = udp_bound(0, NULL);
	const char *why = NULL;

	if (!REFUSED(send(a, "x", 1, 0), EDESTADDRREQ) ||
	    !REFUSED(sendto(a, "x", 1, 0, NULL, 0), EDESTADDRREQ) ||
	    !REFUSED(write(a, "x", 1), EDESTADDRREQ))
		why = check_why("send/sendto/write with no destination: %s, "
				"want EDESTADDRREQ",
				strerror(errno));
	close(a);
	return why;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 9));
}

const char *check_loopback_sizes(void)
{
	static const size_t sizes[] = {1, 1472, 1473, 8192, 65507};
	pair_t p;
	const char *why = NULL;

	if ((why = pair_open(&p)) != NULL)
		return why;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]) && !why; i++) {
		size_t n = sizes[i];
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		fill(out, n, (unsigned)i + 1);
		memset(in, 0, n);
		ssize_t sent = send_self(p.s, out, n, p.rport);
		ssize_t got = recvfrom(p.r, in, sizeof(in), 0,
				       (struct sockaddr *)&from, &flen);
		if (sent != (ssize_t)n)
			why =
			    check_why("%u bytes: sendto gave %d (%s)",
				      (unsigned)n, (int)sent, strerror(errno));
		else if (got != (ssize_t)n || memcmp(in, out, n) != 0)
			why =
			    check_why("%u bytes: received %d (%s)%s",
				      (unsigned)n, (int)got, strerror(errno),
				      got == (ssize_t)n ? ", not intact" : "");
		else if (from.sin_addr.s_addr != self_addr ||
			 ntohs(from.sin_port) != p.sport)
			why = check_why("%u bytes: from %s:%u, want port %u",
					(unsigned)n, inet_ntoa(from.sin_addr),
					ntohs(from.sin_port), p.sport);
	}
	return pair_close(&p, why);
}

const char *check_too_big(void)
{
	pair_t p;
	const char *why = NULL;

	if ((why = pair_open(&p)) != NULL)
		return why;
	if (!REFUSED(send_self(p.s, out, LV_NET_DGRAM_MAX + 1, p.rport),
		     EMSGSIZE))
		why = check_why("%u bytes: %s, want EMSGSIZE",
				LV_NET_DGRAM_MAX + 1, strerror(errno));
	else if (!REFUSED(recv(p.r, in, sizeof(in), MSG_DONTWAIT), EAGAIN))
		why = "something arrived of the datagram refused";
	return pair_close(&p, why);
}

const char *check_peek(void)
{
	pair_t p;
	char buf[32] = "";
	const char *why = NULL;

	if ((why = pair_open(&p)) != NULL)
		return why;
	send_self(p.s, "peek at me", 10, p.rport);
	if (recv(p.r, buf, 4, MSG_PEEK) != 4 || memcmp(buf, "peek", 4) != 0)
		why = "MSG_PEEK of 4 bytes";
	else if (recv(p.r, buf, sizeof(buf), MSG_PEEK) != 10 ||
		 memcmp(buf, "peek at me", 10) != 0)
		why = "MSG_PEEK again: not the whole datagram";
	else if (recv(p.r, buf, sizeof(buf), 0) != 10 ||
		 memcmp(buf, "peek at me", 10) != 0)
		why = "recv after MSG_PEEK: not the datagram";
	else if (!REFUSED(recv(p.r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN))
		why = check_why("the datagram still queued after recv (%s)",
				strerror(errno));
	return pair_close(&p, why);
}

const char *check_trunc(void)
{
	pair_t p;
	const char *why = NULL;

	if ((why = pair_open(&p)) != NULL)
		return why;
	fill(out, 100, 9);
	send_self(p.s, out, 100, p.rport);
	send_self(p.s, out, 100, p.rport);
	ssize_t whole = recv(p.r, in, 10, MSG_TRUNC);
	ssize_t cut = recv(p.r, in + 10, 10, 0);
	if (whole != 100 || memcmp(in, out, 10) != 0)
		why = check_why("MSG_TRUNC gave %d, want 100 (10 copied)",
				(int)whole);
	else if (cut != 10 || memcmp(in + 10, out, 10) != 0)
		why =
		    check_why("recv of 10 without MSG_TRUNC gave %d", (int)cut);
	else if (!REFUSED(recv(p.r, in, sizeof(in), MSG_DONTWAIT), EAGAIN))
		why = "a cut datagram's tail stayed queued";
	return pair_close(&p, why);
}

const char *check_rcvtimeo(void)
{
	int r = udp_bound(0, NULL);
	const char *why = NULL;

	set_rcvtimeo(r, RCVTIMEO_MS);
	long t0 = now_ms();
	int failed = REFUSED(recv(r, in, sizeof(in), 0), EAGAIN);
	long took = now_ms() - t0;
	printf("socktest: SO_RCVTIMEO %d ms: recv gave up after %ld ms\n",
	       RCVTIMEO_MS, took);
	if (!failed)
		why = check_why("recv with nothing queued: %s, want EAGAIN",
				strerror(errno));
	else if (took < RCVTIMEO_MS - TICK_MS || took > RCVTIMEO_MS + SLACK_MS)
		why = check_why("EAGAIN after %ld ms, want %d ms", took,
				RCVTIMEO_MS);
	close(r);
	return why;
}

const char *check_poll(void)
{
	pair_t p;
	const char *why = NULL;

	if ((why = pair_open(&p)) != NULL)
		return why;
	struct pollfd fds[2] = {{.fd = p.r, .events = POLLIN},
				{.fd = p.s, .events = POLLIN}};
	long t0 = now_ms();
	int idle = poll(fds, 2, 200), waited = (int)(now_ms() - t0);
	send_self(p.r, "to b", 4, p.sport);
	int ready = poll(fds, 2, RECV_MS);
	struct pollfd w = {.fd = p.r, .events = POLLOUT};
	if (idle != 0 || waited < 200 - TICK_MS || waited > 200 + SLACK_MS)
		why = check_why("poll with nothing queued: %d after %d ms, "
				"want 0 after 200",
				idle, waited);
	else if (ready != 1 || fds[0].revents != 0 || fds[1].revents != POLLIN)
		why = check_why("poll after a datagram to the second: %d, "
				"revents %#x %#x",
				ready, fds[0].revents, fds[1].revents);
	else if (poll(&w, 1, 0) != 1 || w.revents != POLLOUT)
		why = "POLLOUT not ready on a UDP socket";
	return pair_close(&p, why);
}

const char *check_select(void)
{
	pair_t p;
	fd_set rd;
	struct timeval zero = {0, 0}, wait = {RECV_MS / 1000, 0};
	const char *why = NULL;

	if ((why = pair_open(&p)) != NULL)
		return why;
	int top = (p.r > p.s ? p.r : p.s) + 1;
	FD_ZERO(&rd);
	FD_SET(p.r, &rd);
	FD_SET(p.s, &rd);
	int idle = select(top, &rd, NULL, NULL, &zero);
	send_self(p.s, "to a", 4, p.rport);
	FD_ZERO(&rd);
	FD_SET(p.r, &rd);
	FD_SET(p.s, &rd);
	int ready = select(top, &rd, NULL, NULL, &wait);
	if (idle != 0)
		why = check_why("select with nothing queued: %d", idle);
	else if (ready != 1 || !FD_ISSET(p.r, &rd) || FD_ISSET(p.s, &rd))
		why = check_why("select after a datagram to the first: %d",
				ready);
	return pair_close(&p, why);
}

const char *check_connrefused(void)
{
	uint16_t closed;
	int gone = udp_bound(0, &closed), s = udp_bound(0, NULL);
	struct sockaddr_in to = to_self(closed);
	char buf[8];
	const char *why = NULL;

	close(gone); /* the port is closed now */
	set_rcvtimeo(s, RECV_MS);
	if (connect(s, (struct sockaddr *)&to, sizeof(to)) < 0 ||
	    send(s, "x", 1, 0) != 1)
		why = check_why("connect/send: %s", strerror(errno));
	else if (!REFUSED(recv(s, buf, sizeof(buf), 0), ECONNREFUSED))
		why = check_why("recv after ICMP port unreachable: %s, want "
				"ECONNREFUSED",
				strerror(errno));
	else if (!REFUSED(recv(s, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN))
		why =
		    check_why("the error reported twice (%s)", strerror(errno));
	close(s);
	return why;
}

const char *check_broadcast(void)
{
	int s = udp_bound(0, NULL), on = 1, got = 0;
	socklen_t len = sizeof(got);
	struct sockaddr_in all = to_self(9), net = to_self(9);
	const char *why = NULL;

	all.sin_addr.s_addr = htonl(INADDR_BROADCAST);
	net.sin_addr.s_addr = self_addr | htonl(0xFF); /* its /24 */
	if (!REFUSED(sendto(s, "b", 1, 0, (struct sockaddr *)&all, sizeof(all)),
		     EACCES) ||
	    !REFUSED(sendto(s, "b", 1, 0, (struct sockaddr *)&net, sizeof(net)),
		     EACCES))
		why = check_why("a broadcast without SO_BROADCAST: %s, want "
				"EACCES",
				strerror(errno));
	else if (setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) < 0 ||
		 getsockopt(s, SOL_SOCKET, SO_BROADCAST, &got, &len) < 0 ||
		 !got)
		why = "SO_BROADCAST not set";
	else if (sendto(s, "b", 1, 0, (struct sockaddr *)&all, sizeof(all)) !=
		 1)
		why = check_why("a broadcast with SO_BROADCAST: %s",
				strerror(errno));
	close(s);
	return why;
}

const char *check_fd_calls(void)
{
	pair_t p;
	char buf[32];
	const char *why = NULL;

	if ((why = pair_open(&p)) != NULL)
		return why;
	struct sockaddr_in to = to_self(p.rport);
	if (connect(p.s, (struct sockaddr *)&to, sizeof(to)) < 0 ||
	    write(p.s, "via write", 9) != 9)
		why = check_why("connect + write: %s", strerror(errno));
	else if (read(p.r, buf, sizeof(buf)) != 9 ||
		 memcmp(buf, "via write", 9) != 0)
		why = check_why("read: %s", strerror(errno));
	else if (close(p.r) != 0 || !REFUSED(read(p.r, buf, 1), EBADF) ||
		 !REFUSED(close(p.r), EBADF))
		why = "read/close of a closed socket: not EBADF";
	close(p.s);
	return why;
}
