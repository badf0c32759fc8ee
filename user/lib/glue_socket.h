/* The socket descriptors of newlib's glue (glue_socket.c): each holds a
 * socket of the protocol server and the options kept on this side. The BSD
 * calls (bsd_socket.c, bsd_poll.c) and read/write/close (newlib_glue.c)
 * share them; not an API for programs, which use <sys/socket.h>. */
#ifndef LAVENDER_USER_GLUE_SOCKET_H
#define LAVENDER_USER_GLUE_SOCKET_H
#include <stdint.h>
#include <sys/time.h>
#include <lavender/socket.h>

typedef struct glue_sock {
	lv_sock_t sock;
	int protocol;		  /* IPPROTO_UDP or IPPROTO_ICMP */
	int nonblock;		  /* SOCK_NONBLOCK: every receive DONTWAIT */
	int broadcast, reuseaddr; /* SO_BROADCAST, SO_REUSEADDR as set */
	struct timeval rcvtimeo, sndtimeo; /* as set */
	uint32_t rcvtimeo_ms;		   /* RECV's timeout (0: for ever) */
} glue_sock_t;

/* Makes a socket of net kind (LV_NET_SOCK_*) as a new descriptor: the
 * descriptor, -ERR_MFILE, or net's error; *out its state. */
int sock_fd_open(uint32_t kind, glue_sock_t **out);
/* The socket of descriptor fd, or NULL with *rc -ERR_BADF (not open) or
 * -ERR_NOTSOCK (a file or the console). */
glue_sock_t *sock_fd_get(int fd, int *rc);
/* recv() as the BSD call has it (flags MSG_*, from may be NULL): the bytes
 * taken (with MSG_TRUNC the datagram's length), or -ERR_*: -ERR_AGAIN
 * when nothing came within SO_RCVTIMEO, as POSIX has it. */
int sock_fd_recv(glue_sock_t *s, void *buf, size_t len, int flags,
		 lv_sock_dgram_t *from);
/* send(): len or -ERR_*; to NULL: the connected peer. */
int sock_fd_send(glue_sock_t *s, const void *buf, size_t len, int flags,
		 const lv_net_addr_t *to);

#endif
