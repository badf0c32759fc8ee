/* The BSD socket layer as a program meets it with no protocol server
 * running (libctest boots none): the address calls, the errno of every
 * refusal (no net: EAFNOSUPPORT; the wrong kind of socket; a descriptor
 * that is no socket or not open), and poll/select on the descriptors that
 * need no net. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include "sockets.h"

#define CLOSED_FD 40 /* no descriptor is open there */

const char *check_inet(void)
{
	struct in_addr a;
	char buf[INET_ADDRSTRLEN];

	if (htons(0x1234) != 0x3412 || ntohl(0x01020304) != 0x04030201)
		return "byte order";
	if (inet_pton(AF_INET, "10.0.2.15", &a) != 1 ||
	    a.s_addr != htonl(0x0A00020F))
		return "inet_pton 10.0.2.15";
	if (inet_pton(AF_INET, "10.0.2.015", &a) != 0 ||
	    inet_pton(AF_INET, "1.2.3.4.5", &a) != 0 ||
	    inet_pton(AF_INET, "", &a) != 0)
		return "inet_pton took malformed text";
	errno = 0;
	if (inet_pton(10, "::1", &a) != -1 || errno != EAFNOSUPPORT)
		return "inet_pton(AF_INET6) not EAFNOSUPPORT";
	if (inet_aton("10.1", &a) != 1 || a.s_addr != htonl(0x0A000001) ||
	    inet_aton("1.2.3.256", &a) != 0)
		return "inet_aton";
	if (inet_addr("127.0.0.1") != htonl(INADDR_LOOPBACK) ||
	    inet_addr("x") != INADDR_NONE)
		return "inet_addr";
	a.s_addr = htonl(0xC0A80001);
	if (strcmp(inet_ntoa(a), "192.168.0.1") != 0)
		return "inet_ntoa";
	if (inet_ntop(AF_INET, &a, buf, sizeof(buf)) != buf ||
	    strcmp(buf, "192.168.0.1") != 0)
		return "inet_ntop";
	errno = 0;
	if (inet_ntop(AF_INET, &a, buf, 11) != NULL || errno != ENOSPC)
		return "inet_ntop into 11 bytes not ENOSPC";
	return NULL;
}

/* call() failed with -1 and errno want. */
#define REFUSED(call, want) ((errno = 0, (call)) == -1 && errno == (want))

const char *check_socket_errors(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof(sin);
	char b[4];
	int one = 1;

	if (!REFUSED(socket(AF_INET, SOCK_DGRAM, 0), EAFNOSUPPORT))
		return "socket without net not EAFNOSUPPORT";
	if (!REFUSED(socket(10, SOCK_DGRAM, 0), EAFNOSUPPORT))
		return "socket(AF_INET6) not EAFNOSUPPORT";
	if (!REFUSED(socket(AF_INET, SOCK_STREAM, 0), EPROTONOSUPPORT) ||
	    !REFUSED(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT))
		return "socket of TCP not EPROTONOSUPPORT";
	if (!REFUSED(bind(1, (struct sockaddr *)&sin, sizeof(sin)), ENOTSOCK) ||
	    !REFUSED(recv(0, b, sizeof(b), 0), ENOTSOCK) ||
	    !REFUSED(send(2, b, 1, 0), ENOTSOCK) ||
	    !REFUSED(setsockopt(1, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)),
		     ENOTSOCK))
		return "a socket call on the console not ENOTSOCK";
	if (!REFUSED(recvfrom(CLOSED_FD, b, sizeof(b), 0, NULL, NULL), EBADF) ||
	    !REFUSED(sendto(CLOSED_FD, b, 1, 0, (struct sockaddr *)&sin,
			    sizeof(sin)),
		     EBADF) ||
	    !REFUSED(getsockname(CLOSED_FD, (struct sockaddr *)&sin, &len),
		     EBADF) ||
	    !REFUSED(connect(-1, (struct sockaddr *)&sin, sizeof(sin)), EBADF))
		return "a socket call on a closed descriptor not EBADF";
	return NULL;
}

const char *check_poll(void)
{
	struct pollfd p[3] = {{.fd = 1, .events = POLLOUT},
			      {.fd = CLOSED_FD, .events = POLLIN},
			      {.fd = -1, .events = POLLIN}};
	struct timeval t0, t1, tv = {0, 0};
	fd_set w;

	if (poll(p, 3, 1000) != 2 || p[0].revents != POLLOUT ||
	    p[1].revents != POLLNVAL || p[2].revents != 0)
		return "poll(stdout, closed, -1)";
	gettimeofday(&t0, NULL);
	if (poll(NULL, 0, 50) != 0)
		return "poll of nothing";
	gettimeofday(&t1, NULL);
	if ((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_usec - t0.tv_usec) <
	    40000)
		return "poll of nothing for 50 ms returned early";
	FD_ZERO(&w);
	FD_SET(1, &w);
	if (select(2, NULL, &w, NULL, &tv) != 1 || !FD_ISSET(1, &w))
		return "select(stdout writable)";
	FD_SET(CLOSED_FD, &w);
	if (!REFUSED(select(CLOSED_FD + 1, NULL, &w, NULL, &tv), EBADF))
		return "select of a closed descriptor not EBADF";
	if (!REFUSED(select(FD_SETSIZE + 1, NULL, NULL, NULL, &tv), EINVAL))
		return "select past FD_SETSIZE not EINVAL";
	return NULL;
}
