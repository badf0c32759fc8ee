/* "fputest crunch NAME TICKS": long x87 and SSE computations in two threads
 * until TICKS ticks have passed, each thread with a rounding mode of its own
 * (x87 control word and MXCSR) and live values in x87 and XMM registers
 * across long loops. Run two at once (NAME A and B: four rounding modes), so
 * the timer preempts them in the middle of the loops: with one FPU state
 * shared by everybody the results go wrong. Prints
 * "fputest crunch NAME: batches=N errors=E start=S end=T cpu=C" (C: the
 * process's ticks on the CPU) and exits with 0 if E is 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/clock.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "fputest.h"

#define LOOP 2048 /* iterations of each loop in a batch */
#define REPORT_MAX 3

/* 0.1 and -0.1 as doubles under each rounding mode (RC = 0 nearest, 1 down,
 * 2 up, 3 toward zero): the four pairs differ. */
static const uint64_t tenth[4][2] = {
    {0x3fb999999999999aull, 0xbfb999999999999aull},
    {0x3fb9999999999999ull, 0xbfb999999999999aull},
    {0x3fb999999999999aull, 0xbfb9999999999999ull},
    {0x3fb9999999999999ull, 0xbfb9999999999999ull},
};

typedef struct worker {
	int mode; /* rounding mode, also picks the seeds */
	uint64_t end;
	unsigned batches, errors;
	volatile int done;
} worker_t;

static volatile double one = 1.0, ten = 10.0;

/* sum of i * k for i < n on the x87 (the compiler keeps s in a register). */
static double x87_sum(double k, uint32_t n)
{
	double s = 0;
	for (uint32_t i = 0; i < n; i++)
		s += (double)i * k;
	return s;
}

/* The same with SSE2 in two lanes (seeds k[0], k[1]), every value in XMM
 * registers for the whole loop. */
SSE_CODE static void sse_sum(const double k[2], uint32_t n, double out[2])
{
	static const double ones[2] = {1.0, 1.0};
	__asm__ volatile("movupd %[k], %%xmm1\n\t"
			 "movupd %[ones], %%xmm2\n\t"
			 "xorpd %%xmm0, %%xmm0\n\t"
			 "xorpd %%xmm3, %%xmm3\n"
			 "1:\n\t"
			 "movapd %%xmm3, %%xmm4\n\t"
			 "mulpd %%xmm1, %%xmm4\n\t"
			 "addpd %%xmm4, %%xmm0\n\t"
			 "addpd %%xmm2, %%xmm3\n\t"
			 "dec %[n]\n\t"
			 "jnz 1b\n\t"
			 "movupd %%xmm0, %[out]"
			 : [out] "=m"(*(double(*)[2])out), [n] "+r"(n)
			 : [k] "m"(*(const double(*)[2])k), [ones] "m"(ones)
			 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "cc");
}

/* 1/10 and -1/10 divided in the current rounding modes, x87 then SSE. */
SSE_CODE static void tenths(uint64_t x87[2], uint64_t sse[2])
{
	double a = one / ten, b = -one / ten;
	memcpy(&x87[0], &a, 8);
	memcpy(&x87[1], &b, 8);
	__asm__ volatile("movsd %[one], %%xmm5\n\t"
			 "xorpd %%xmm6, %%xmm6\n\t"
			 "subsd %%xmm5, %%xmm6\n\t" /* -1, exact */
			 "divsd %[ten], %%xmm5\n\t"
			 "divsd %[ten], %%xmm6\n\t"
			 "movsd %%xmm5, %[p]\n\t"
			 "movsd %%xmm6, %[m]"
			 : [p] "=m"(sse[0]), [m] "=m"(sse[1])
			 : [one] "m"(one), [ten] "m"(ten)
			 : "xmm5", "xmm6");
}

static int differs(worker_t *w, const char *what, uint64_t got, uint64_t want)
{
	if (got == want)
		return 0;
	if (w->errors < REPORT_MAX)
		printf("fputest crunch mode %d: %s 0x%08lx%08lx, want "
		       "0x%08lx%08lx\n",
		       w->mode, what, (unsigned long)(got >> 32),
		       (unsigned long)got, (unsigned long)(want >> 32),
		       (unsigned long)want);
	return 1;
}

static uint64_t bits(double d)
{
	uint64_t u;
	memcpy(&u, &d, 8);
	return u;
}

/* One batch: both sums and the rounding checks; returns the errors. */
static unsigned batch(worker_t *w)
{
	uint64_t tri = (uint64_t)LOOP * (LOOP - 1) / 2, x87[2], sse[2];
	double k = 3 + w->mode, ks[2] = {5 + w->mode, 11 + w->mode}, out[2];
	unsigned e = 0;
	e += differs(w, "x87 sum", bits(x87_sum(k, LOOP)), bits(k * tri));
	sse_sum(ks, LOOP, out);
	e += differs(w, "sse sum lo", bits(out[0]), bits(ks[0] * tri));
	e += differs(w, "sse sum hi", bits(out[1]), bits(ks[1] * tri));
	tenths(x87, sse);
	for (int i = 0; i < 2; i++) {
		e += differs(w, "x87 tenth", x87[i], tenth[w->mode][i]);
		e += differs(w, "sse tenth", sse[i], tenth[w->mode][i]);
	}
	return e;
}

static void run(worker_t *w)
{
	uint64_t now = 0;
	/* Double precision (PC = 10) so x87 results round like SSE's. */
	fpu_set_control(0x027F | w->mode << 10, MXCSR_DEFAULT | w->mode << 13);
	do {
		w->errors += batch(w);
		w->batches++;
	} while (lv_ticks(&now, NULL) == 0 && now < w->end);
}

static worker_t second;
static uint8_t second_stack[16384] __attribute__((aligned(16)));

static void second_main(void *arg)
{
	(void)arg;
	run(&second);
	second.done = 1;
	lv_thread_exit(0);
}

int fputest_crunch(int argc, char **argv)
{
	uint64_t start = 0, end = 0;
	lv_proc_info_t info;
	if (argc < 4 || argv[2][0] < 'A' || argv[2][0] > 'B') {
		printf("usage: fputest crunch A|B TICKS\n");
		return 2;
	}
	lv_ticks(&start, NULL);
	int base = (argv[2][0] - 'A') * 2;
	worker_t first = {.mode = base, .end = start + atoi(argv[3])};
	second = (worker_t){.mode = base + 1, .end = first.end};
	if (lv_thread_create(second_main, second_stack + sizeof(second_stack),
			     NULL) < 0) {
		printf("fputest crunch %s: no thread\n", argv[2]);
		return 1;
	}
	run(&first);
	if (wait_flag(&second.done) < 0)
		second.errors++;
	lv_ticks(&end, NULL);
	lv_proc_find(lv_getpid(), &info);
	printf("fputest crunch %s: batches=%u errors=%u start=%lu end=%lu "
	       "cpu=%lu\n",
	       argv[2], first.batches + second.batches,
	       first.errors + second.errors, (unsigned long)start,
	       (unsigned long)end, (unsigned long)info.ticks_used);
	return first.errors + second.errors ? 1 : 0;
}
