/* The BSD socket calls (<sys/socket.h>) over the socket descriptors
 * (glue_socket.c): struct sockaddr_in in network order becomes
 * lv_net_addr_t in host order; errors set errno (glue_ret). Only AF_INET
 * datagram sockets: UDP, and ICMP echo sockets. */
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "glue.h"
#include "glue_socket.h"

#define TIMEO_MS_MAX (UINT32_MAX - 1) /* longer: as long as RECV can wait */

int socket(int domain, int type, int protocol)
{
	int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	glue_sock_t *s;
	uint32_t kind;
	int fd;

	if (domain != AF_INET)
		return glue_ret(-ERR_AFNOSUPPORT);
	if (base != SOCK_DGRAM)
		return glue_ret(-ERR_PROTONOSUPPORT); /* no TCP, no raw */
	if (protocol == 0 || protocol == IPPROTO_UDP)
		kind = LV_NET_SOCK_UDP;
	else if (protocol == IPPROTO_ICMP)
		kind = LV_NET_SOCK_PING;
	else
		return glue_ret(-ERR_PROTONOSUPPORT);
	fd = sock_fd_open(kind, &s);
	if (fd == -ERR_NOENT)
		fd = -ERR_AFNOSUPPORT; /* no protocol server: no AF_INET */
	if (fd >= 0 && (type & SOCK_NONBLOCK))
		s->nonblock = 1;
	return glue_ret(fd);
}

/* An address the caller passed: AF_INET of at least sockaddr_in's size,
 * or (unspec_ok) AF_UNSPEC, which is no address. */
static int addr_in(const struct sockaddr *sa, socklen_t len, int unspec_ok,
		   lv_net_addr_t *a)
{
	struct sockaddr_in sin;

	if (!sa)
		return -ERR_FAULT;
	if (len >= sizeof(sa_family_t) && sa->sa_family == AF_UNSPEC &&
	    unspec_ok) {
		*a = (lv_net_addr_t){0};
		return 0;
	}
	if (len < sizeof(sin))
		return -ERR_INVAL;
	memcpy(&sin, sa, sizeof(sin));
	if (sin.sin_family != AF_INET)
		return -ERR_AFNOSUPPORT;
	*a = (lv_net_addr_t){.addr = ntohl(sin.sin_addr.s_addr),
			     .port = ntohs(sin.sin_port)};
	return 0;
}

/* Hands a back as the BSD calls do: as much of a sockaddr_in as *len
 * allows, and *len set to its whole size. */
static int addr_out(lv_net_addr_t a, struct sockaddr *sa, socklen_t *len)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(a.port),
				  .sin_addr.s_addr = htonl(a.addr)};

	if (!sa || !len)
		return -ERR_FAULT;
	memcpy(sa, &sin, *len < sizeof(sin) ? *len : sizeof(sin));
	*len = sizeof(sin);
	return 0;
}

/* The socket of fd for a call: NULL with errno set when it is none. */
static glue_sock_t *sock_of(int fd)
{
	int rc;
	glue_sock_t *s = sock_fd_get(fd, &rc);

	if (!s)
		glue_ret(rc);
	return s;
}

/* BIND or CONNECT (fn) with the address the caller passed. */
static int addr_call(int fd, const struct sockaddr *addr, socklen_t len,
		     int unspec_ok, int (*fn)(const lv_sock_t *, lv_net_addr_t))
{
	glue_sock_t *s = sock_of(fd);
	lv_net_addr_t a;
	int rc;

	if (!s)
		return -1;
	rc = addr_in(addr, len, unspec_ok, &a);
	return glue_ret(rc < 0 ? rc : fn(&s->sock, a));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return addr_call(fd, addr, len, 0, lv_sock_bind);
}

/* AF_UNSPEC: no peer again. */
int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return addr_call(fd, addr, len, 1, lv_sock_connect);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	glue_sock_t *s = sock_of(fd);
	lv_net_addr_t a;
	int rc;

	if (!s)
		return -1;
	if (!to) /* no address: the connected peer */
		return glue_ret(sock_fd_send(s, buf, len, flags, NULL));
	rc = addr_in(to, tolen, 0, &a);
	return glue_ret(rc < 0 ? rc : sock_fd_send(s, buf, len, flags, &a));
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags,
		 struct sockaddr *__restrict from,
		 socklen_t *__restrict fromlen)
{
	glue_sock_t *s = sock_of(fd);
	lv_sock_dgram_t info;
	int rc;

	if (!s)
		return -1;
	if (from && !fromlen)
		return glue_ret(-ERR_FAULT);
	rc = sock_fd_recv(s, buf, len, flags, &info);
	if (rc >= 0 && from)
		addr_out(info.from, from, fromlen);
	return glue_ret(rc);
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

/* The local address, or the peer's (-ERR_NOTCONN when none). */
static int name_call(int fd, struct sockaddr *addr, socklen_t *len, int peer)
{
	glue_sock_t *s = sock_of(fd);
	lv_net_addr_t names[2];
	int rc;

	if (!s)
		return -1;
	rc = lv_sock_getname(&s->sock, &names[0], &names[1]);
	if (rc == 0 && peer && names[1].addr == 0 && names[1].port == 0)
		rc = -ERR_NOTCONN;
	return glue_ret(rc < 0 ? rc : addr_out(names[peer], addr, len));
}

int getsockname(int fd, struct sockaddr *__restrict addr,
		socklen_t *__restrict len)
{
	return name_call(fd, addr, len, 0);
}

int getpeername(int fd, struct sockaddr *__restrict addr,
		socklen_t *__restrict len)
{
	return name_call(fd, addr, len, 1);
}

/* A struct timeval option as RECV's milliseconds (rounded up; 0: for
 * ever). -ERR_INVAL for a negative time or microseconds past a second. */
static int timeo_ms(const void *value, socklen_t len, struct timeval *tv,
		    uint32_t *ms)
{
	uint64_t t;

	if (len < sizeof(*tv))
		return -ERR_INVAL;
	memcpy(tv, value, sizeof(*tv));
	if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return -ERR_INVAL;
	t = (uint64_t)tv->tv_sec * 1000 + ((uint64_t)tv->tv_usec + 999) / 1000;
	*ms = t > TIMEO_MS_MAX ? TIMEO_MS_MAX : (uint32_t)t;
	return 0;
}

/* SOL_SOCKET options: those net knows go there, the rest stay here. */
static int set_option(glue_sock_t *s, int name, const void *value,
		      socklen_t len)
{
	struct timeval tv;
	uint32_t ms;
	int v, rc;

	if (name == SO_RCVTIMEO || name == SO_SNDTIMEO) {
		rc = timeo_ms(value, len, &tv, &ms);
		if (rc < 0)
			return rc;
		if (name == SO_SNDTIMEO) {
			s->sndtimeo = tv; /* sending never waits */
			return 0;
		}
		s->rcvtimeo = tv;
		s->rcvtimeo_ms = ms;
		return 0;
	}
	if (len < sizeof(int))
		return -ERR_INVAL;
	memcpy(&v, value, sizeof(v));
	switch (name) {
	case SO_BROADCAST:
		rc = lv_sock_setopt(&s->sock, LV_NET_OPT_BROADCAST, v != 0);
		if (rc == 0)
			s->broadcast = v != 0;
		return rc;
	case SO_REUSEADDR: s->reuseaddr = v != 0; return 0;
	case SO_RCVBUF:
	case SO_SNDBUF: return 0; /* net's sizes are fixed */
	default: return -ERR_NOPROTOOPT;
	}
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
	glue_sock_t *s = sock_of(fd);

	if (!s)
		return -1;
	if (!value)
		return glue_ret(-ERR_FAULT);
	if (level != SOL_SOCKET)
		return glue_ret(-ERR_NOPROTOOPT);
	return glue_ret(set_option(s, name, value, len));
}

int getsockopt(int fd, int level, int name, void *__restrict value,
	       socklen_t *__restrict len)
{
	glue_sock_t *s = sock_of(fd);
	const void *src;
	socklen_t size = sizeof(int);
	int v = 0;

	if (!s)
		return -1;
	if (!value || !len)
		return glue_ret(-ERR_FAULT);
	if (level != SOL_SOCKET)
		return glue_ret(-ERR_NOPROTOOPT);
	src = &v;
	switch (name) {
	case SO_TYPE: v = SOCK_DGRAM; break;
	case SO_ERROR: v = 0; break; /* net reports errors with calls */
	case SO_BROADCAST: v = s->broadcast; break;
	case SO_REUSEADDR: v = s->reuseaddr; break;
	case SO_RCVBUF: v = (int)LV_NET_RCVQ_BYTES; break;
	case SO_SNDBUF: v = (int)LV_NET_DGRAM_MAX; break;
	case SO_RCVTIMEO:
	case SO_SNDTIMEO:
		src = name == SO_RCVTIMEO ? &s->rcvtimeo : &s->sndtimeo;
		size = sizeof(struct timeval);
		break;
	default: return glue_ret(-ERR_NOPROTOOPT);
	}
	memcpy(value, src, *len < size ? *len : size);
	*len = size;
	return 0;
}
