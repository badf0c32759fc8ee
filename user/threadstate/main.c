/* newlib's state per thread (issue 11): "threadstate" starts 4 threads
 * (lv_thread_start) that at once, many times over, set errno to their own
 * value and check it after yielding, allocate and free blocks filled with
 * their own pattern (checking them), and print whole lines. The main
 * thread checks its errno was never touched, that every line came whole
 * (the harness counts them) and that every thread finished. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/syscall.h>
#include <lavender/thread.h>
#include "../lib/usage.h"

#define THREADS 4
#define ROUNDS 300

static volatile int done, bad;

static void worker(void *arg)
{
	int k = (int)(uintptr_t)arg;
	for (int i = 0; i < ROUNDS && !bad; i++) {
		errno = 1000 + k;
		size_t n = 16 + (size_t)((i * 37 + k * 101) % 3000);
		uint8_t *p = malloc(n);
		if (!p) {
			bad = 1;
			break;
		}
		memset(p, k + 1, n);
		lv_yield();
		for (size_t j = 0; j < n; j++)
			if (p[j] != (uint8_t)(k + 1))
				bad = 2;
		free(p);
		if (errno != 1000 + k)
			bad = 3;
		if (i % 50 == 0)
			printf("threadstate: thread %d round %d errno %d\n", k,
			       i, errno);
	}
	__sync_fetch_and_add(&done, 1);
}

static const usage_t usage = {"threadstate", "",
			      "4 threads use errno, malloc and printf at once; "
			      "exits 0 if each kept\nits own.",
			      "proc.threadstate"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	errno = 7;
	for (int k = 0; k < THREADS; k++)
		if (lv_thread_start(worker, (void *)(uintptr_t)k, 0) < 0) {
			printf("threadstate: cannot start a thread\n");
			return 1;
		}
	while (done < THREADS)
		lv_yield();
	if (errno != 7)
		bad = 4;
	printf("threadstate: %s (%d)\n", bad ? "FAIL" : "ok", bad);
	return bad ? 1 : 0;
}
