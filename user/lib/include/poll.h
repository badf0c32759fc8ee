/* Waiting on descriptors (POSIX <poll.h>, Linux's numbers): sockets wait
 * in the protocol server; the console and files are always ready. newlib
 * ships sys/select.h, whose select() user/lib/bsd_poll.c implements over
 * the same code. */
#ifndef _POLL_H
#define _POLL_H
#include <sys/cdefs.h>

#define POLLIN 0x001
#define POLLPRI 0x002 /* never reported */
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010 /* never reported */
#define POLLNVAL 0x020
#define POLLRDNORM 0x040 /* as POLLIN */
#define POLLRDBAND 0x080 /* never reported */
#define POLLWRNORM 0x100 /* as POLLOUT */
#define POLLWRBAND 0x200 /* never reported */

typedef unsigned int nfds_t;

struct pollfd {
	int fd; /* negative: ignored */
	short events, revents;
};

__BEGIN_DECLS
/* Waits up to timeout ms (negative: for ever) for one of fds to be ready
 * for what its events ask: how many are (0: timed out), or -1 with errno
 * (EINVAL: more sockets than the protocol server polls at once, 32). */
int poll(struct pollfd *fds, nfds_t nfds, int timeout);
__END_DECLS

#endif
