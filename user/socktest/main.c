/* "socktest [limit | forge ID]": the BSD socket API of programs against the
 * real protocol server (tests/cases_nethostile.py runs it on a node whose
 * eth0 is up): bind conflicts, ephemeral and reserved ports, sendto without
 * a destination, datagrams to the node's own address of every size up to
 * 65507 bytes, MSG_PEEK, MSG_TRUNC, SO_RCVTIMEO, poll and select,
 * ECONNREFUSED, SO_BROADCAST, sockets as descriptors, the per-process
 * limit, another process's socket id, a full receive queue. Prints
 * "socktest NAME: ok|FAIL why" per check and "socktest: N passed, M
 * failed"; exits with M. "limit" and "forge ID" are its children's modes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <lavender/socket.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "../lib/usage.h"
#include "socktest.h"

static const usage_t usage = {
    "socktest", "[limit | forge ID]",
    "Checks the BSD socket calls against the protocol server (net must run\n"
    "with an interface up): one line per check, then a summary; exits with\n"
    "the number of failed checks. 'limit' and 'forge ID' are the modes it\n"
    "runs its own children in (open sockets to the limit and end; use\n"
    "another process's socket ID).",
    "nethostile.sockets"};

uint32_t self_addr;
const char *self_image = "socktest";

long now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (long)tv.tv_sec * 1000 + (long)(tv.tv_usec / 1000);
}

struct sockaddr_in to_self(uint16_t port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = self_addr;
	return a;
}

int udp_bound(uint16_t want_port, uint16_t *port)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = to_self(want_port);
	socklen_t len = sizeof(a);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (port)
		*port = ntohs(a.sin_port);
	return fd;
}

/* The address of the first interface that is up and has one. */
static int find_self(void)
{
	lv_net_if_t ifs[LV_NET_IF_MAX];
	int n = lv_net_if_list(ifs, LV_NET_IF_MAX);
	for (int i = 0; i < n; i++)
		if ((ifs[i].flags & LV_NET_IF_UP) && ifs[i].addr) {
			self_addr = htonl(ifs[i].addr);
			return 0;
		}
	return n < 0 ? n : -ERR_NETDOWN;
}

static const struct {
	const char *name;
	check_fn fn;
} checks[] = {
    {"bind_conflict", check_bind_conflict},
    {"ephemeral", check_ephemeral},
    {"reserved_port", check_reserved_port},
    {"destaddrreq", check_destaddrreq},
    {"loopback_sizes", check_loopback_sizes},
    {"too_big", check_too_big},
    {"peek", check_peek},
    {"trunc", check_trunc},
    {"rcvtimeo", check_rcvtimeo},
    {"poll", check_poll},
    {"select", check_select},
    {"connrefused", check_connrefused},
    {"broadcast", check_broadcast},
    {"fd_calls", check_fd_calls},
    {"limit", check_limit},
    {"forged_id", check_forged_id},
    {"queue_overflow", check_queue_overflow},
};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	if (argc > 0)
		self_image = argv[0];
	if (argc == 2 && strcmp(argv[1], "limit") == 0)
		return limit_child();
	if (argc == 3 && strcmp(argv[1], "forge") == 0)
		return forge_child((uint32_t)usage_number(
		    &usage, "socket id", argv[2], 1, UINT32_MAX));
	if (argc != 1)
		usage_error(&usage, "unknown mode %s", argv[1]);
	check_init("socktest");
	int rc = find_self();
	if (rc < 0) {
		printf("socktest: no interface with an address: %s (is net "
		       "running, its NIC up?)\n",
		       lv_strerror(rc));
		return 1;
	}
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		check_run(checks[i].name, checks[i].fn);
	return check_summary();
}
