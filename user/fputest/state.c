/* What a thread finds in the FPU: the clean state in a new process and a new
 * thread, never what another thread left there, and its own values back
 * after others ran (modes clean, leak, leak_child, owner_exit, churn). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "fputest.h"

/* What the marking threads leave in ST(0) and xmm0. */
static const double leak_x87 = 1234.5678;
static const uint8_t leak_xmm[16] = {0xa5, 0x5a, 0xc3, 0x3c, 1, 2,  3,	4,
				     5,	   6,	 7,    8,    9, 10, 11, 12};
/* What the main thread keeps there meanwhile. */
static const double main_x87 = -42.25;
static const uint8_t main_xmm[16] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
				     0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
				     0xdd, 0xee, 0xff, 0x01};

/* A thread's report back to the main thread. */
typedef struct probe {
	volatile int done;
	const char *why; /* NULL: clean */
} probe_t;

static uint8_t thread_stack[16384] __attribute__((aligned(16)));

/* Thread: looks at the FPU before anything else touches it. */
static void probe_main(void *arg)
{
	static fpu_image_t img;
	probe_t *p = arg;
	fpu_save(&img);
	p->why = fpu_clean_why(&img);
	p->done = 1;
	lv_thread_exit(0);
}

/* Thread: marks the FPU and exits while the FPU state is its own. */
static void marker_main(void *arg)
{
	probe_t *p = arg;
	fpu_set_control(FCW_MARKED, MXCSR_MARKED);
	fpu_leave_values(&leak_x87, leak_xmm);
	p->done = 1;
	lv_thread_exit(0);
}

/* Runs fn(p) in a new thread and waits for it to end; NULL or why not. */
static const char *in_thread(void (*fn)(void *), probe_t *p)
{
	*p = (probe_t){0, NULL};
	if (lv_thread_create(fn, thread_stack + sizeof(thread_stack), p) < 0)
		return "thread_create failed";
	if (wait_flag(&p->done) < 0 || wait_threads(1) < 0)
		return "the thread did not end";
	return NULL;
}

/* The clean state, then x87 and SSE (xorps, divss) give the right answers
 * and raise nothing. */
SSE_CODE static const char *clean_ops_why(void)
{
	static const float six = 6.0f, two = 2.0f;
	static volatile double a = 1.0, b = 4.0;
	float q;
	__asm__ volatile("xorps %%xmm1, %%xmm1\n\t"
			 "movss %1, %%xmm1\n\t"
			 "divss %2, %%xmm1\n\t"
			 "movss %%xmm1, %0"
			 : "=m"(q)
			 : "m"(six), "m"(two)
			 : "xmm1");
	if (q != 3.0f)
		return "divss: 6/2 != 3";
	if (a / b != 0.25)
		return "x87: 1/4 != 0.25";
	return NULL;
}

int fputest_clean(int argc, char **argv)
{
	static fpu_image_t img;
	(void)argc, (void)argv;
	fpu_save(&img); /* the process's first FPU instruction */
	const char *why = fpu_clean_why(&img);
	check_init("fputest");
	check_report("clean_process", why == NULL, why);
	check_run("clean_ops", clean_ops_why);
	probe_t p;
	why = in_thread(probe_main, &p);
	check_report("clean_thread", !why && !p.why, why ? why : p.why);
	return check_summary();
}

/* The child of "leak": the same look at the FPU, as a new process. */
int fputest_leak_child(int argc, char **argv)
{
	static fpu_image_t img;
	(void)argc, (void)argv;
	fpu_save(&img);
	const char *why = fpu_clean_why(&img);
	check_init("fputest");
	check_report("leak_process", why == NULL, why);
	return check_summary();
}

/* Leaves marked state in the FPU, then blocks while a new thread and a new
 * process look at the FPU: both must find it clean. Afterwards its own state
 * must be as it left it. */
int fputest_leak(int argc, char **argv)
{
	int status = -1;
	probe_t p;
	(void)argc, (void)argv;
	check_init("fputest");
	fpu_set_control(FCW_MARKED, MXCSR_MARKED);
	fpu_leave_values(&leak_x87, leak_xmm);
	const char *why = in_thread(probe_main, &p);
	int pid = lv_spawn("fputest", "fputest leak_child", 0, 0, 0);
	if (pid > 0)
		lv_wait(pid, &status);
	const char *kept =
	    fpu_kept_why(&leak_x87, leak_xmm, FCW_MARKED, MXCSR_MARKED);
	fpu_pop();
	check_report("leak_thread", !why && !p.why, why ? why : p.why);
	check_report("leak_child_exit", status == 0,
		     check_why("pid %d status %d", pid, status));
	check_report("leak_kept", kept == NULL, kept);
	return check_summary();
}

/* "owner_exit ROUNDS": a thread marks the FPU and exits while the state is
 * its own; a new thread must then find the FPU clean, and the main thread
 * its own values. Thread structures and stacks are reused round after round,
 * so a kernel that forgot the dead owner hands its state on. */
int fputest_owner_exit(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 20;
	const char *dirty = NULL, *lost = NULL, *why;
	probe_t p;
	check_init("fputest");
	fpu_leave_values(&main_x87, main_xmm);
	for (int r = 0; r < rounds && !dirty && !lost; r++) {
		if ((why = in_thread(marker_main, &p)) != NULL ||
		    (why = in_thread(probe_main, &p)) != NULL || p.why)
			dirty = check_why("round %d: %s", r, why ? why : p.why);
		lost = fpu_kept_why(&main_x87, main_xmm, FCW_DEFAULT,
				    MXCSR_DEFAULT);
	}
	fpu_pop();
	check_report("owner_exit_clean", dirty == NULL, dirty);
	check_report("owner_exit_kept", lost == NULL, lost);
	return check_summary();
}

/* For memcheck: FPU use in the main thread and in a thread that exits
 * owning it; the process ends owning it too. */
int fputest_churn(int argc, char **argv)
{
	probe_t p;
	(void)argc, (void)argv;
	fpu_leave_values(&main_x87, main_xmm);
	const char *why = in_thread(marker_main, &p);
	const char *lost =
	    fpu_kept_why(&main_x87, main_xmm, FCW_DEFAULT, MXCSR_DEFAULT);
	if (why || lost) {
		printf("fputest churn: %s\n", why ? why : lost);
		return 1;
	}
	return 0;
}
