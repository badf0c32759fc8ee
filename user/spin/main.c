/* CPU-bound worker for the scheduler tests: "spin NAME TICKS [START]" counts
 * loop iterations until the clock reads START + TICKS (START defaults to the
 * tick it starts at), prints the count and the ticks it really began and
 * ended at, and exits 0. Giving several spins one START makes them compete
 * over the same wall-clock window. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <lavender/clock.h>
#include <lavender/syscall.h>

#include "../lib/usage.h"

#define BATCH 1024 /* iterations between clock reads */

static volatile uint32_t sink;

static const usage_t usage = {
    "spin", "NAME TICKS [START]",
    "Burns the CPU until the clock reads START + TICKS (START: now; 100 ticks\n"
    "a second), then prints how many loops it ran as NAME. Something busy to\n"
    "try ps, background jobs (&), kill and Ctrl-C on; the scheduler's tests\n"
    "run several with one START.",
    NULL};

/* newlib's printf has no %llu. */
static const char *u64_str(uint64_t v, char *buf, size_t len)
{
	char *p = buf + len - 1;

	*p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v && p > buf);
	return p;
}

int main(int argc, char **argv)
{
	uint64_t began, start, end, t = 0, count = 0;
	char buf[24];
	int rc;

	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 2, 3);
	unsigned long ticks =
	    usage_number(&usage, "TICKS", argv[2], 0, 0xFFFFFFFFul);
	unsigned long first =
	    argc > 3 ? usage_number(&usage, "START", argv[3], 0, 0xFFFFFFFFul)
		     : 0;
	rc = lv_ticks(&began, NULL);
	start = began;
	if (rc < 0) {
		printf("spin %s: time: %s\n", argv[1], lv_strerror(rc));
		return 1;
	}
	if (argc > 3)
		start = first;
	end = start + ticks;
	do {
		for (uint32_t i = 0; i < BATCH; i++)
			sink += i;
		count += BATCH;
	} while (lv_ticks(&t, NULL) == 0 && t < end);
	printf("spin %s: done count=%s start=%lu end=%lu\n", argv[1],
	       u64_str(count, buf, sizeof(buf)), (unsigned long)began,
	       (unsigned long)t);
	return 0;
}
