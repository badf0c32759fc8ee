/* "udpflood HOST PORT COUNT SIZE RATE": sends COUNT numbered, patterned
 * datagrams of SIZE bytes (user/lib/udpflow.h) to HOST:PORT, RATE a second
 * at most, and prints the CRC-32 digest of all of them in order. The
 * sending half of the two-node throughput test (udpsink receives); written
 * against the BSD socket calls. Status 0 when all were sent, 1 on a
 * network error (named, with the datagram's number), 2 on a usage error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <lavender/clock.h>
#include <lavender/syscall.h>
#include "../lib/udpflow.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "udpflood", "HOST PORT COUNT SIZE RATE",
    "Sends COUNT (1..1000000) datagrams of SIZE bytes (4..65507) to\n"
    "HOST:PORT (an address A.B.C.D), RATE (1..100000) a second at most:\n"
    "datagram N carries N in its first 4 bytes, then a pattern of N. Prints\n"
    "the CRC-32 of all of them in order (udpsink PORT COUNT TIMEOUT prints\n"
    "the same digest when every one arrived intact). Exits 0 when all were\n"
    "sent, 1 on a network error, 2 on a usage error.",
    "net.flood, net.fragments, net.pcap, net.bench_smoke"};

/* Sleeps until sending datagram number sent keeps to rate a second since
 * start (kernel ticks: hz a second). */
static void pace(uint64_t start, uint32_t hz, unsigned long sent,
		 unsigned long rate)
{
	for (;;) {
		uint64_t now;
		lv_ticks(&now, NULL);
		if ((now - start) * rate >= (uint64_t)sent * hz)
			return;
		lv_sleep(1);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in to = {.sin_family = AF_INET};
	unsigned long count, size, rate;
	uint32_t digest = 0, hz = 100;
	uint64_t start, end;
	uint8_t *buf;
	int fd;

	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 5, 5);
	if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1)
		usage_error(&usage, "HOST: '%s' is not an address A.B.C.D",
			    argv[1]);
	to.sin_port =
	    htons((uint16_t)usage_number(&usage, "PORT", argv[2], 1, 65535));
	count = usage_number(&usage, "COUNT", argv[3], 1, 1000000);
	size = usage_number(&usage, "SIZE", argv[4], UDPFLOW_HDR,
			    UDPFLOW_SIZE_MAX);
	rate = usage_number(&usage, "RATE", argv[5], 1, 100000);
	buf = malloc(size);
	if (!buf) {
		printf("udpflood: out of memory for %lu bytes\n", size);
		return 1;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0) {
		printf("udpflood: %s to %s:%s: %s\n",
		       fd < 0 ? "socket" : "connect", argv[1], argv[2],
		       strerror(errno));
		return 1;
	}
	lv_ticks(&start, &hz);
	for (unsigned long seq = 0; seq < count; seq++) {
		pace(start, hz, seq, rate);
		udpflow_fill(buf, (uint32_t)seq, size);
		if (send(fd, buf, size, 0) < 0) {
			printf("udpflood: send of datagram %lu to %s:%s: %s\n",
			       seq, argv[1], argv[2], strerror(errno));
			return 1;
		}
		digest = udpflow_crc32(digest, buf, size);
	}
	lv_ticks(&end, NULL);
	printf("udpflood: sent %lu datagrams of %lu bytes to %s:%s in %lu ms, "
	       "digest %08lx\n",
	       count, size, argv[1], argv[2],
	       (unsigned long)((end - start) * 1000 / hz),
	       (unsigned long)digest);
	close(fd);
	return 0;
}
