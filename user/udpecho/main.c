/* "udpecho [-c COUNT] PORT": binds UDP port PORT and sends every datagram
 * back to where it came from, printing "udpecho: N bytes from A.B.C.D:P"
 * for each; ends after COUNT datagrams when given. Written against the BSD
 * socket calls only (sys/socket.h, netinet/in.h, arpa/inet.h): the proof
 * that such a program compiles unchanged. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "../lib/netmsg.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "udpecho", "[-c COUNT] PORT",
    "Binds UDP port PORT (1..65535; below 1024 only with the network\n"
    "right) and sends every datagram back to its sender, printing one line\n"
    "per datagram (its size and sender). Ends after COUNT datagrams when\n"
    "-c is given. Exits 0 after COUNT, 1 on a network error (named), 2 on\n"
    "a usage error. udpsend HOST PORT TEXT -w 1 talks to it.",
    NULL};

static unsigned char buf[65536]; /* the largest datagram and then some */

/* The remedy for the errors a user can do something about. */
static const char *hint(int err)
{
	switch (err) {
	case EAFNOSUPPORT: return " (no protocol server: is net running?)";
	case EADDRINUSE: return " (another socket has it: netstat lists them)";
	case EACCES: return " (ports below 1024 need the network right)";
	default: return "";
	}
}

static int fail(const char *what)
{
	int err = errno;
	printf("udpecho: %s: %s%s\n", what, netmsg_errno(err), hint(err));
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long count = 0, port = 0, done = 0;
	const char *port_arg = NULL;
	struct sockaddr_in me = {.sin_family = AF_INET};
	int fd;

	usage_help(&usage, argc, argv);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0) {
			if (++i == argc)
				usage_error(&usage, "-c wants a COUNT");
			count = usage_number(&usage, "COUNT", argv[i], 1,
					     0xFFFFFFFFul);
		} else if (argv[i][0] == '-') {
			usage_error(&usage, "unknown option '%s'", argv[i]);
		} else if (port_arg) {
			usage_error(&usage, "unexpected argument '%s'",
				    argv[i]);
		} else {
			port_arg = argv[i];
		}
	}
	if (!port_arg)
		usage_error(&usage, "no PORT given");
	port = usage_number(&usage, "PORT", port_arg, 1, 65535);

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return fail("socket");
	me.sin_port = htons((uint16_t)port);
	me.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		char what[32];
		snprintf(what, sizeof(what), "bind port %lu", port);
		return fail(what);
	}
	printf("udpecho: listening on port %lu\n", port);
	while (count == 0 || done < count) {
		struct sockaddr_in from;
		socklen_t len = sizeof(from);
		char addr[INET_ADDRSTRLEN];
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &len);

		if (n < 0)
			return fail("recvfrom");
		inet_ntop(AF_INET, &from.sin_addr, addr, sizeof(addr));
		printf("udpecho: %d bytes from %s:%u\n", (int)n, addr,
		       ntohs(from.sin_port));
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from,
			   len) < 0)
			printf("udpecho: send to %s:%u: %s\n", addr,
			       ntohs(from.sin_port), netmsg_errno(errno));
		done++;
	}
	close(fd);
	return 0;
}
