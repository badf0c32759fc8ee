/* "sleeper TICKS": sleeps TICKS timer ticks and reports how long it really
 * slept; exits 0 if that was TICKS to TICKS + 2, else 1. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <lavender/clock.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

static const usage_t usage = {
    "sleeper", "TICKS",
    "Sleeps TICKS timer ticks and reports how long it slept; exits 0 if\nthat "
    "was TICKS to TICKS + 2.",
    "proc.sleep, proc.sysenter_entry"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	uint64_t before = 0, after = 0;
	unsigned long asked, slept;
	int rc;

	if (argc < 2) {
		printf("usage: sleeper TICKS\n");
		return 2;
	}
	asked = strtoul(argv[1], NULL, 0);
	rc = lv_ticks(&before, NULL);
	if (rc == 0)
		rc = lv_sleep(asked);
	if (rc == 0)
		rc = lv_ticks(&after, NULL);
	if (rc < 0) {
		printf("sleeper: %s\n", lv_strerror(rc));
		return 1;
	}
	slept = (unsigned long)(after - before);
	printf("sleeper: slept %lu ticks (asked %lu)\n", slept, asked);
	return slept >= asked && slept <= asked + 2 ? 0 : 1;
}
