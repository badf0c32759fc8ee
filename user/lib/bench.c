/* The benchmarks' shared parts (see bench.h). */
#include "bench.h"

int bench_by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}
