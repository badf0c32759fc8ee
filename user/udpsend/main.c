/* "udpsend [-b] [-w SECONDS] HOST PORT TEXT...": sends TEXT (the words joined
 * by spaces) as one UDP datagram to HOST:PORT; with -w waits up to SECONDS
 * for one answer and prints it; -b allows a broadcast HOST (a directed
 * one, 10.0.0.255; 255.255.255.255 needs no -b). Written against the BSD socket
 * calls only (sys/socket.h, netinet/in.h, arpa/inet.h). Status 0 when sent
 * (and, with -w, answered), 1 on a network error, 2 on a usage error. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include "../lib/netmsg.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "udpsend", "[-b] [-w SECONDS] HOST PORT TEXT...",
    "Sends TEXT (the words joined by spaces) as one UDP datagram to\n"
    "HOST:PORT (HOST an address A.B.C.D; 255.255.255.255 broadcasts, and\n"
    "with -b a network's broadcast address such as 10.0.0.255 does). With\n"
    "-w it waits up to SECONDS (1..3600) for one answer and prints it.\n"
    "Exits 0 when sent (with -w: answered), 1 on a network error (named:\n"
    "no answer, refused, unreachable), 2 on a usage error.",
    NULL};

static char text[65536];
static unsigned char answer[65536];

static const char *hint(int err)
{
	switch (err) {
	case EAFNOSUPPORT: return " (no protocol server: is net running?)";
	case ENETUNREACH: return " (no route: route lists them)";
	case ECONNREFUSED: return " (nothing listens on that port)";
	case EACCES: return " (a broadcast address: give -b to allow it)";
	default: return "";
	}
}

static int fail(const char *what, const char *to)
{
	int err = errno;
	printf("udpsend: %s%s: %s%s\n", what, to, netmsg_errno(err), hint(err));
	return 1;
}

/* The words from argv[first] on, joined by spaces, into text. */
static size_t join(int argc, char **argv, int first)
{
	size_t len = 0;

	for (int i = first; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (len + n + 1 > sizeof(text))
			usage_error(&usage, "TEXT is longer than %u bytes",
				    (unsigned)sizeof(text) - 1);
		if (i > first)
			text[len++] = ' ';
		memcpy(text + len, argv[i], n);
		len += n;
	}
	return len;
}

/* Prints the answer, bytes that are not printable as '.'. */
static void print_answer(ssize_t n, const struct sockaddr_in *from)
{
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &from->sin_addr, addr, sizeof(addr));
	printf("udpsend: %d bytes from %s:%u: ", (int)n, addr,
	       ntohs(from->sin_port));
	for (ssize_t i = 0; i < n; i++)
		putchar(answer[i] >= 32 && answer[i] < 127 ? answer[i] : '.');
	putchar('\n');
}

int main(int argc, char **argv)
{
	struct sockaddr_in to = {.sin_family = AF_INET}, from;
	socklen_t from_len = sizeof(from);
	unsigned long wait_s = 0;
	char where[48];
	size_t len;
	ssize_t n;
	int fd, arg = 1, on = 1, broadcast = 0;

	usage_help(&usage, argc, argv);
	for (; arg < argc; arg++) {
		if (strcmp(argv[arg], "-b") == 0) {
			broadcast = 1;
		} else if (strcmp(argv[arg], "-w") == 0) {
			if (++arg == argc)
				usage_error(&usage, "-w wants SECONDS");
			wait_s =
			    usage_number(&usage, "SECONDS", argv[arg], 1, 3600);
		} else {
			break;
		}
	}
	if (arg < argc && argv[arg][0] == '-')
		usage_error(&usage, "unknown option '%s'", argv[arg]);
	if (argc - arg < 3)
		usage_error(&usage,
			    "%d argument%s given, HOST PORT TEXT wanted",
			    argc - arg, argc - arg == 1 ? "" : "s");
	if (inet_pton(AF_INET, argv[arg], &to.sin_addr) != 1)
		usage_error(&usage, "HOST: '%s' is not an address A.B.C.D",
			    argv[arg]);
	if (to.sin_addr.s_addr == htonl(INADDR_ANY))
		usage_error(&usage, "HOST: 0.0.0.0 is no host's address (give "
				    "the one to send to)");
	to.sin_port = htons(
	    (uint16_t)usage_number(&usage, "PORT", argv[arg + 1], 1, 65535));
	len = join(argc, argv, arg + 2);
	snprintf(where, sizeof(where), " to %s:%s", argv[arg], argv[arg + 1]);

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return fail("socket", "");
	if (broadcast || to.sin_addr.s_addr == htonl(INADDR_BROADCAST)) {
		/* answers come from the hosts, not from HOST: no connect */
		if (setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) <
		    0)
			return fail("SO_BROADCAST", "");
	} else if (connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0) {
		return fail("connect", where); /* answers from HOST only */
	}
	if (wait_s) {
		struct timeval tv = {.tv_sec = (time_t)wait_s};
		if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) <
		    0)
			return fail("SO_RCVTIMEO", "");
	}
	if (sendto(fd, text, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		return fail("send", where);
	printf("udpsend: sent %u bytes%s\n", (unsigned)len, where);
	if (!wait_s)
		return close(fd), 0;
	n = recvfrom(fd, answer, sizeof(answer), 0, (struct sockaddr *)&from,
		     &from_len);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		printf("udpsend: no answer%s within %lu s\n", where, wait_s);
		return 1;
	}
	if (n < 0)
		return fail("receive", where);
	print_answer(n, &from);
	close(fd);
	return 0;
}
