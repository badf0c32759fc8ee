/* The benchmarks' shared parts (see bench.h). */
#include <stddef.h>
#include <lavender/clock.h>
#include "bench.h"

double bench_cycles_per_ms(void)
{
	uint64_t t0, t1;
	uint32_t hz = 100;
	lv_ticks(&t0, &hz);
	do /* start on a tick's edge */
		lv_ticks(&t1, NULL);
	while (t1 == t0);
	uint64_t c0 = bench_rdtsc();
	do
		lv_ticks(&t0, NULL);
	while (t0 < t1 + 5);
	uint64_t c1 = bench_rdtsc();
	return (double)(c1 - c0) / (5.0 * 1000.0 / hz);
}

int bench_by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}
