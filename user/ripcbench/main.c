/* "ripcbench NAME[@NODE] N [SIZE]": N calls of SIZE bytes (default 32) to
 * the echo server NAME, here or on NODE, and the round trips' median, p10
 * and p90 in microseconds (TSC, calibrated against the kernel's clock),
 * then the median in TSC cycles (make bench's ratios: no calibration). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/bench.h"
#include "../lib/demo.h"
#include "../lib/demo_proto.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "ripcbench", "NAME[@NODE] N [SIZE]",
    "N calls (1..100000) of SIZE bytes (0..4096, default 32) to the echo\n"
    "server NAME, here or on NODE; prints the round trips' median, p10\n"
    "and p90 in microseconds.",
    NULL};

static uint8_t buf[LV_MSG_PAYLOAD_MAX], back[LV_MSG_PAYLOAD_MAX];

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 2, 3);
	unsigned n = (unsigned)usage_number(&usage, "N", argv[2], 1, 100000);
	unsigned size = argc > 3
			    ? (unsigned)usage_number(&usage, "SIZE", argv[3], 0,
						     LV_MSG_PAYLOAD_MAX)
			    : 32;
	uint32_t *cycles = malloc(n * sizeof(*cycles));
	if (!cycles) {
		printf("ripcbench: out of memory\n");
		return 1;
	}
	int h = demo_find("ripcbench", argv[1]);
	if (h < 0)
		return 1;
	double per_ms = bench_cycles_per_ms();
	for (unsigned i = 0; i < size; i++)
		buf[i] = (uint8_t)i;
	for (unsigned i = 0; i < n; i++) {
		size_t got = 0;
		uint64_t t0 = bench_rdtsc();
		int rc = lv_rpc(h, DEMO_ECHO, buf, size, back, sizeof(back),
				&got, DEMO_CALL_TICKS);
		uint64_t t = bench_rdtsc() - t0;
		if (rc < 0 || got != size || memcmp(back, buf, size) != 0) {
			if (rc < 0)
				demo_call_failed("ripcbench", argv[1], rc);
			else
				printf("ripcbench: call %u: a wrong answer\n",
				       i);
			return 1;
		}
		cycles[i] = t > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)t;
	}
	qsort(cycles, n, sizeof(*cycles), bench_by_value);
	double us = 1000.0 / per_ms;
	printf("ripcbench: %s: %u calls of %u bytes: median %.1f us, p10 %.1f "
	       "us, p90 %.1f us (median %lu TSC cycles)\n",
	       argv[1], n, size, cycles[n / 2] * us, cycles[n / 10] * us,
	       cycles[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1] * us,
	       (unsigned long)cycles[n / 2]);
	return 0;
}
