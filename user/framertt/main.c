/* "framertt IF N [SIZE]": the raw frame round trip between two nodes, the
 * yardstick of remote IPC (make bench). Opens a session for EtherType
 * 0x88B6 with the NIC driver registered as IF, then N times (after 10
 * rounds of warm-up): sends frame k (broadcast, SIZE bytes, 60..1514,
 * default 60: k big-endian, then (k + i) & 0xFF) and waits for it to come
 * back, as nicecho on the peer sends it; times each round trip with the
 * TSC (the driver's TRANSMIT call, the wire both ways, the peer's driver
 * and nicecho, this driver's delivery). Prints "framertt: N round trips of
 * SIZE bytes: median X us, p10 X us, p90 X us, lost L (median N TSC
 * cycles)" (lost: rounds with no echo within a second, not sampled). Exits 0
 * when all N came back, 1 when some did not, when it gave up (10 lost, or the
 * first 2 with no echo at all: nothing echoes), the driver could not be reached
 * or refused a frame, 2 on a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/clock.h>
#include <lavender/netdrv.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/bench.h"
#include "../lib/nicframe.h"
#include "../lib/usage.h"

#define ETHERTYPE 0x88B6
#define WARMUP 10
#define ECHO_TICKS 100 /* a second for each echo */
#define LOST_MAX 10    /* gives up after so many lost */
#define SILENT_MAX 2   /* ... or after so many with no echo ever */
#define RPC_TIMEOUT 500

static const usage_t usage = {
    "framertt", "IF N [SIZE]",
    "Sends N numbered broadcast frames of SIZE bytes (60..1514, default 60;\n"
    "EtherType 0x88b6) through the NIC driver registered as IF, one at a\n"
    "time, each after the previous one came back (nicecho IF on the peer\n"
    "echoes them), and prints the round trips' median, p10 and p90 in\n"
    "microseconds. Exits 0 when every frame came back.",
    "net.bench_smoke, make bench"};

static uint8_t frame[LV_NETDRV_FRAME_MAX];
static lv_msg_t msg;

/* Waits for the frame just sent (size bytes) to come back: 1 when it did, 0
 * when no echo came within ECHO_TICKS, -ERR_* when the port failed. Echoes of
 * earlier (lost-then-late) frames and other frames are skipped. */
static int await_echo(int port, size_t size)
{
	uint64_t start, now;
	lv_ticks(&start, NULL);
	for (;;) {
		lv_ticks(&now, NULL);
		if (now - start >= ECHO_TICKS)
			return 0;
		int rc = lv_msg_receive(port, &msg.h, sizeof(msg),
					(unsigned)(ECHO_TICKS - (now - start)));
		if (rc == -ERR_TIMEDOUT)
			return 0;
		if (rc < 0)
			return rc;
		const uint8_t *f = (const uint8_t *)msg.payload;
		if (msg.h.sender != 0 && msg.h.op == LV_NETDRV_FRAME &&
		    msg.h.size == size &&
		    memcmp(f + 12, frame + 12, size - 12) == 0)
			return 1;
	}
}

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 2, 3);
	unsigned n = (unsigned)usage_number(&usage, "N", argv[2], 1, 100000);
	size_t size = argc > 3 ? usage_number(&usage, "SIZE", argv[3], 60,
					      LV_NETDRV_FRAME_MAX)
			       : 60;
	uint32_t *cycles = malloc(n * sizeof(*cycles));
	lv_netdrv_client_t c;
	int rc = cycles ? lv_netdrv_client_open(&c, argv[1]) : -ERR_NOMEM;
	for (int i = 0; i < 20 && rc == -ERR_NOENT; i++) { /* still starting */
		lv_sleep(10);
		rc = lv_netdrv_client_open(&c, argv[1]);
	}
	uint8_t mac[6];
	size_t got = 0;
	if (rc == 0)
		rc = lv_netdrv_client_call(&c, LV_NETDRV_GET_MAC, NULL, 0, mac,
					   6, &got, RPC_TIMEOUT);
	int port = rc < 0 ? rc : lv_port_create();
	rc = port < 0 ? port : nicframe_open_session(c.handle, port, ETHERTYPE);
	if (rc < 0) {
		printf("framertt: %s: %s (drv list names the drivers)\n",
		       argv[1], lv_strerror(rc));
		return 1;
	}
	double per_ms = bench_cycles_per_ms();
	unsigned sampled = 0, lost = 0, k;
	for (k = 0; k < WARMUP + n; k++) {
		if (lost >= LOST_MAX || (lost >= SILENT_MAX && lost == k))
			break; /* gave up */
		nicframe_build(frame, k, size, mac, ETHERTYPE);
		uint64_t t0 = bench_rdtsc();
		rc = lv_netdrv_client_call(&c, LV_NETDRV_TRANSMIT, frame, size,
					   NULL, 0, NULL, RPC_TIMEOUT);
		if (rc < 0) {
			printf("framertt: frame %u: %s\n", k, lv_strerror(rc));
			return 1;
		}
		rc = await_echo(port, size);
		uint64_t t = bench_rdtsc() - t0;
		if (rc < 0) {
			printf("framertt: receive: %s\n", lv_strerror(rc));
			return 1;
		}
		if (rc == 0)
			lost++;
		else if (k >= WARMUP)
			cycles[sampled++] =
			    t > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)t;
	}
	if (k < WARMUP + n || sampled == 0) {
		printf("framertt: %u of %u frames without an echo in a second "
		       "each: is nicecho %s running on the peer?\n",
		       lost, k, argv[1]);
		return 1;
	}
	qsort(cycles, sampled, sizeof(*cycles), bench_by_value);
	double us = 1000.0 / per_ms;
	printf("framertt: %u round trips of %u bytes: median %.1f us, p10 %.1f "
	       "us, p90 %.1f us, lost %u (median %lu TSC cycles)\n",
	       sampled, (unsigned)size, cycles[sampled / 2] * us,
	       cycles[sampled / 10] * us, cycles[(sampled * 9) / 10] * us, lost,
	       (unsigned long)cycles[sampled / 2]);
	return sampled == n ? 0 : 1;
}
