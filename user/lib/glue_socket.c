/* The socket back end of newlib's calls (glue_socket.h): descriptors from
 * the shared space (glue_fd.c) that hold sockets of lavender/socket.h;
 * read and write are recv and send without flags. */
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "glue.h"
#include "glue_socket.h"

static glue_sock_t socks[GLUE_FDS]; /* by descriptor - GLUE_CONSOLE_FDS */

int sock_fd_open(uint32_t kind, glue_sock_t **out)
{
	glue_sock_t *s;
	int fd = glue_fd_claim(GLUE_FD_SOCKET), rc;

	if (fd < 0)
		return fd;
	s = &socks[fd - GLUE_CONSOLE_FDS];
	memset(s, 0, sizeof(*s));
	rc = lv_sock_open(kind, &s->sock);
	if (rc < 0) {
		glue_fd_release(fd);
		return rc;
	}
	s->protocol = kind == LV_NET_SOCK_PING ? IPPROTO_ICMP : IPPROTO_UDP;
	*out = s;
	return fd;
}

glue_sock_t *sock_fd_get(int fd, int *rc)
{
	switch (glue_fd_kind(fd)) {
	case GLUE_FD_SOCKET: return &socks[fd - GLUE_CONSOLE_FDS];
	case GLUE_FD_FREE: *rc = -ERR_BADF; return NULL;
	default: *rc = -ERR_NOTSOCK; return NULL;
	}
}

int sock_fd_recv(glue_sock_t *s, void *buf, size_t len, int flags,
		 lv_sock_dgram_t *from)
{
	lv_sock_dgram_t info;
	uint32_t f = 0;
	int rc;

	if (flags & MSG_OOB)
		return -ERR_OPNOTSUPP;
	if (flags & ~(MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT | MSG_WAITALL))
		return -ERR_INVAL;
	if (flags & MSG_PEEK)
		f |= LV_NET_RECV_PEEK;
	if ((flags & MSG_DONTWAIT) || s->nonblock)
		f |= LV_NET_RECV_DONTWAIT;
	rc = lv_sock_recvfrom(&s->sock, buf, len, f, s->rcvtimeo_ms, &info);
	if (rc == -ERR_TIMEDOUT)
		return -ERR_AGAIN; /* POSIX: SO_RCVTIMEO ran out */
	if (rc < 0)
		return rc;
	if (from)
		*from = info;
	if (flags & MSG_TRUNC)
		return info.total > INT32_MAX ? INT32_MAX : (int)info.total;
	return rc;
}

int sock_fd_send(glue_sock_t *s, const void *buf, size_t len, int flags,
		 const lv_net_addr_t *to)
{
	if (flags & MSG_OOB)
		return -ERR_OPNOTSUPP;
	if (flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL))
		return -ERR_INVAL; /* sending never waits: DONTWAIT is moot */
	return lv_sock_sendto(&s->sock, buf, len, to);
}

int sock_fd_read(int fd, void *buf, size_t len)
{
	int rc;
	glue_sock_t *s = sock_fd_get(fd, &rc);
	return s ? sock_fd_recv(s, buf, len, 0, NULL) : rc;
}

int sock_fd_write(int fd, const void *buf, size_t len)
{
	int rc;
	glue_sock_t *s = sock_fd_get(fd, &rc);
	return s ? sock_fd_send(s, buf, len, 0, NULL) : rc;
}

/* The descriptor is free whatever net says; a socket of a net that is
 * gone closes without error (it is gone already). */
int sock_fd_close(int fd)
{
	int rc;
	glue_sock_t *s = sock_fd_get(fd, &rc);

	if (!s)
		return rc;
	rc = lv_sock_close(&s->sock);
	memset(s, 0, sizeof(*s));
	glue_fd_release(fd);
	return rc == -ERR_STALE ? 0 : rc;
}

int sock_fd_fstat(int fd, struct stat *st)
{
	int rc;

	if (!sock_fd_get(fd, &rc))
		return rc;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFSOCK | 0666;
	st->st_blksize = LV_NET_SEND_CHUNK;
	return 0;
}
