/* "udpsink PORT COUNT TIMEOUT": receives udpflood's numbered, patterned
 * datagrams (user/lib/udpflow.h) on UDP port PORT until all COUNT came or
 * none came for TIMEOUT seconds, then prints what arrived: received, lost
 * (with the numbers missing), duplicates, reordered and corrupt, each
 * counted apart, and the CRC-32 of the datagrams put back in sequence
 * order (udpflood's digest when all arrived intact). Written against the
 * BSD socket calls. Status 0 when all COUNT arrived intact, 1 otherwise or
 * on a network error, 2 on a usage error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include "../lib/udpflow.h"
#include "../lib/usage.h"

#define COUNT_MAX 100000ul
#define STORE_MAX (64ul << 20) /* COUNT * SIZE kept for the digest */
#define RANGES_SHOWN 16

static const usage_t usage = {
    "udpsink", "PORT COUNT TIMEOUT",
    "Receives COUNT (1..100000) datagrams of udpflood on UDP port PORT\n"
    "until all came or none came for TIMEOUT (1..600) seconds; the first\n"
    "one's size is the flow's. Prints the datagrams received, lost (and\n"
    "which), duplicated, reordered (came after a higher number) and corrupt\n"
    "(wrong size or pattern), each counted apart, and the CRC-32 of the\n"
    "ones received in sequence order. Exits 0 when all COUNT arrived\n"
    "intact, 1 otherwise or on a network error, 2 on a usage error.",
    "net.flood, net.fragments, net.pcap, net.bench_smoke"};

typedef struct sink {
	unsigned long count, size; /* size 0 until the first datagram */
	unsigned long received, dups, reordered, corrupt;
	long highest;	/* the highest number seen, -1 before any */
	uint8_t *have;	/* 1 per number received */
	uint8_t *store; /* count * size bytes: each datagram in its place */
} sink_t;

static uint8_t buf[UDPFLOW_SIZE_MAX + 1];

static void take(sink_t *s, size_t n)
{
	if (!s->size) {
		if (n < UDPFLOW_HDR || s->count * n > STORE_MAX ||
		    !(s->store = malloc(s->count * n))) {
			s->corrupt++;
			return;
		}
		s->size = n;
	}
	int64_t seq = udpflow_check(buf, n, s->size);
	if (seq < 0 || (unsigned long)seq >= s->count) {
		s->corrupt++;
		return;
	}
	if (s->have[seq]) {
		s->dups++;
		return;
	}
	if (seq < s->highest)
		s->reordered++;
	else
		s->highest = (long)seq;
	s->have[seq] = 1;
	s->received++;
	memcpy(s->store + (size_t)seq * s->size, buf, s->size);
}

/* "udpsink: lost: 3, 7-9, ..." naming the missing numbers as ranges. */
static void print_lost(const sink_t *s)
{
	unsigned shown = 0, more = 0;
	printf("udpsink: lost:");
	for (unsigned long i = 0; i < s->count; i++) {
		if (s->have[i])
			continue;
		unsigned long j = i;
		while (j + 1 < s->count && !s->have[j + 1])
			j++;
		if (shown++ < RANGES_SHOWN)
			printf(j > i ? "%s %lu-%lu" : "%s %lu",
			       shown > 1 ? "," : "", i, j);
		else
			more++;
		i = j;
	}
	if (more)
		printf(" and %u more ranges", more);
	printf("\n");
}

static void report(const sink_t *s)
{
	uint32_t digest = 0;
	for (unsigned long i = 0; i < s->count; i++)
		if (s->have[i])
			digest = udpflow_crc32(digest, s->store + i * s->size,
					       s->size);
	printf("udpsink: received %lu of %lu (%lu bytes each), lost %lu, "
	       "duplicates %lu, reordered %lu, corrupt %lu, digest %08lx\n",
	       s->received, s->count, s->size, s->count - s->received, s->dups,
	       s->reordered, s->corrupt, (unsigned long)digest);
	if (s->received < s->count)
		print_lost(s);
}

int main(int argc, char **argv)
{
	static sink_t s;
	struct sockaddr_in me = {.sin_family = AF_INET};
	unsigned long port, timeout;
	struct timeval tv;
	int fd;

	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 3, 3);
	port = usage_number(&usage, "PORT", argv[1], 1, 65535);
	s.count = usage_number(&usage, "COUNT", argv[2], 1, COUNT_MAX);
	timeout = usage_number(&usage, "TIMEOUT", argv[3], 1, 600);
	s.highest = -1;
	s.have = calloc(s.count, 1);
	if (!s.have) {
		printf("udpsink: out of memory\n");
		return 1;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	me.sin_port = htons((uint16_t)port);
	me.sin_addr.s_addr = htonl(INADDR_ANY);
	tv.tv_sec = (time_t)timeout;
	tv.tv_usec = 0;
	if (fd < 0 || bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		printf("udpsink: port %lu: %s\n", port, strerror(errno));
		return 1;
	}
	printf("udpsink: listening on port %lu\n", port);
	while (s.received < s.count) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			printf("udpsink: nothing for %lu s: stopped\n",
			       timeout);
			break;
		}
		if (n < 0) {
			printf("udpsink: recv: %s\n", strerror(errno));
			break;
		}
		take(&s, (size_t)n);
	}
	report(&s);
	close(fd);
	return s.received == s.count && !s.corrupt ? 0 : 1;
}
