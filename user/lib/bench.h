/* What the benchmarks (ipcbench, drvbench) share: the TSC and the order
 * their samples are sorted in for the median and percentiles. */
#ifndef USER_LIB_BENCH_H
#define USER_LIB_BENCH_H
#include <stdint.h>

static inline uint64_t bench_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* TSC cycles a millisecond, measured against the kernel's clock over 5
 * ticks (about 50 ms): for turning cycles into times a user reads. */
double bench_cycles_per_ms(void);

/* qsort's order of uint32_t samples, smallest first. */
int bench_by_value(const void *a, const void *b);

#endif
