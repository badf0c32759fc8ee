/* BSD sockets for Lavender's programs (POSIX <sys/socket.h>, Linux's
 * numbers): IPv4 datagram sockets over the protocol server -- UDP, and
 * ICMP echo ("ping") sockets. Sockets are file descriptors: read, write,
 * close and poll/select work on them. user/lib/bsd_socket.c implements it
 * over lavender/socket.h; newlib ships no socket headers. */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H
#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/_types.h>

#ifndef _SOCKLEN_T_DECLARED
typedef __socklen_t socklen_t;
#define _SOCKLEN_T_DECLARED
#endif
#ifndef _SA_FAMILY_T_DECLARED
typedef unsigned short sa_family_t;
#define _SA_FAMILY_T_DECLARED
#endif

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

/* Large and aligned enough for any address this library knows. */
struct sockaddr_storage {
	sa_family_t ss_family;
	char __ss_pad[128 - sizeof(sa_family_t) - sizeof(unsigned long)];
	unsigned long __ss_align;
};

#define AF_UNSPEC 0
#define AF_INET 2
#define PF_UNSPEC AF_UNSPEC
#define PF_INET AF_INET

#define SOCK_STREAM 1 /* refused: no TCP */
#define SOCK_DGRAM 2
#define SOCK_RAW 3 /* refused */
/* Or-ed into socket()'s type (Linux's). */
#define SOCK_NONBLOCK 04000
#define SOCK_CLOEXEC 02000000 /* accepted; there is no exec */

#define SOL_SOCKET 1
#define SO_REUSEADDR 2 /* kept, without effect: a port in use stays so */
#define SO_TYPE 3      /* getsockopt */
#define SO_ERROR 4     /* getsockopt: always 0 (errors come with calls) */
#define SO_BROADCAST 6 /* sending to a broadcast address */
#define SO_SNDBUF 7    /* accepted, fixed: the largest datagram */
#define SO_RCVBUF 8    /* accepted, fixed: the receive queue's bytes */
#define SO_RCVTIMEO                                                            \
	20	       /* struct timeval; a receive that waits longer          \
			* fails EAGAIN; 0: for ever */
#define SO_SNDTIMEO 21 /* kept, without effect: sending never waits */

#define MSG_OOB 0x1	    /* refused: EOPNOTSUPP */
#define MSG_PEEK 0x2	    /* leave the datagram queued */
#define MSG_TRUNC 0x20	    /* recv: return the datagram's whole length */
#define MSG_DONTWAIT 0x40   /* EAGAIN instead of waiting */
#define MSG_WAITALL 0x100   /* nothing for datagrams */
#define MSG_NOSIGNAL 0x4000 /* nothing: there is no SIGPIPE */

__BEGIN_DECLS
int socket(int domain, int type, int protocol);
int bind(int fd, const struct sockaddr *addr, socklen_t len);
int connect(int fd, const struct sockaddr *addr, socklen_t len);
ssize_t send(int fd, const void *buf, size_t len, int flags);
ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen);
ssize_t recv(int fd, void *buf, size_t len, int flags);
ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags,
		 struct sockaddr *__restrict from,
		 socklen_t *__restrict fromlen);
int getsockname(int fd, struct sockaddr *__restrict addr,
		socklen_t *__restrict len);
int getpeername(int fd, struct sockaddr *__restrict addr,
		socklen_t *__restrict len);
int setsockopt(int fd, int level, int name, const void *value, socklen_t len);
int getsockopt(int fd, int level, int name, void *__restrict value,
	       socklen_t *__restrict len);
__END_DECLS

#endif
