/* Stacks that grow on demand (issue 10):
 *   stacktest locals    main() with 1 MiB of local arrays: fills them,
 *                       prints their checksum and checks it
 *   stacktest threads   two threads with stacks of their own
 *                       (lv_thread_start), 512 KiB of locals each, at once
 *   stacktest recurse   recursion without end: killed with "stack overflow"
 *   stacktest mem       runs "recurse" as a child; memory comes back
 *   stacktest clash     a frame bigger than the guard gap in a thread:
 *                       killed with "stack overflow", nothing overwritten
 *   stacktest churn     300 threads return from their entry: their stacks
 *                       are given back
 *   stacktest unmap     mem_unmap past a mapping changes nothing
 *   stacktest kernel    the kernel backs untouched pages it copies into or
 *                       out of: copyout, copyin, receive, and delivery into
 *                       a blocked receiver of another space
 * Each prints "stacktest MODE: ok|FAIL why" and exits 0 when it passed. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include <lavender/thread.h>
#include "../lib/usage.h"

#define LOCALS (1u << 20)
#define THREAD_LOCALS (512u << 10)

static volatile uint32_t sink;

/* Fills n bytes with a pattern of seed and returns their sum; the sum the
 * pattern must give is computed apart (expected_sum). */
static uint32_t fill_sum(uint8_t *p, uint32_t n, uint32_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + seed);
	uint32_t sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

static uint32_t expected_sum(uint32_t n, uint32_t seed)
{
	uint32_t sum = 0; /* the pattern repeats every 256 bytes */
	for (uint32_t i = 0; i < 256; i++)
		sum += (uint8_t)(i * 7 + seed) * (n / 256);
	for (uint32_t i = 0; i < n % 256; i++)
		sum += (uint8_t)(i * 7 + seed);
	return sum;
}

static int report(const char *mode, const char *why)
{
	if (why)
		printf("stacktest %s: FAIL %s\n", mode, why);
	else
		printf("stacktest %s: ok\n", mode);
	return why ? 1 : 0;
}

static int locals(void)
{
	uint8_t a[LOCALS / 4], b[LOCALS / 4], c[LOCALS / 2];
	uint32_t sum = fill_sum(a, sizeof(a), 1) + fill_sum(b, sizeof(b), 2) +
		       fill_sum(c, sizeof(c), 3);
	uint32_t want = expected_sum(sizeof(a), 1) +
			expected_sum(sizeof(b), 2) + expected_sum(sizeof(c), 3);
	printf("stacktest: 1024 KiB of locals, checksum 0x%08x\n",
	       (unsigned)sum);
	return report("locals", sum == want ? NULL : "checksum differs");
}

static volatile int started, done_ok[2], done[2];

static void worker(void *arg)
{
	int k = (int)(uintptr_t)arg;
	uint8_t big[THREAD_LOCALS];
	uint32_t sum = fill_sum(big, sizeof(big), (uint32_t)k + 10);
	__sync_fetch_and_add(&started, 1);
	while (started < 2) /* both hold their locals at once */
		lv_yield();
	uint32_t again = 0;
	for (uint32_t i = 0; i < sizeof(big); i++)
		again += big[i];
	done_ok[k] =
	    sum == again && sum == expected_sum(sizeof(big), (uint32_t)k + 10);
	done[k] = 1;
	lv_thread_exit(0);
}

static int threads(void)
{
	for (int k = 0; k < 2; k++) {
		int rc = lv_thread_start(worker, (void *)(uintptr_t)k, 0);
		if (rc < 0) {
			printf("stacktest: lv_thread_start: %s\n",
			       lv_strerror(rc));
			return report("threads", "no thread");
		}
	}
	for (int i = 0; i < 6000 && !(done[0] && done[1]); i++)
		lv_sleep(1);
	if (!(done[0] && done[1]))
		return report("threads", "the threads did not finish");
	return report("threads", done_ok[0] && done_ok[1]
				     ? NULL
				     : "a thread's locals were changed");
}

static volatile int never; /* keeps the compiler from proving no end */

static const char *check_status(int status);

#define FRESH 0x50000000u /* reserved here, never touched before a check */
#define FRESH_PAGES 16

/* Child role: hands its port to the parent, then waits for a 4000-byte
 * message in a buffer nobody has touched: the kernel backs the pages while
 * it copies into another space. */
static int kernel_child(void)
{
	lv_msg_t *buf = (lv_msg_t *)(FRESH + 8 * 4096 + 4000);
	lv_msg_header_t h;
	int q = lv_port_create();
	if (q < 0 ||
	    lv_mem_map((void *)(FRESH + 8 * 4096), 4 * 4096, LV_MAP_WRITE) < 0)
		return 2;
	memset(&h, 0, sizeof(h));
	h.right = q;
	h.right_mode = LV_RIGHT_MAKE_SEND;
	if (lv_msg_send(LV_BOOT_HANDLE, &h, LV_WAIT_FOREVER) < 0)
		return 3;
	int rc = lv_msg_receive(q, &buf->h, sizeof(*buf), 3000);
	if (rc != 4000)
		return 4;
	for (int i = 0; i < 4000; i++)
		if (buf->payload[i] != (uint8_t)(i * 3))
			return 5;
	return 0;
}

static const char *kernel_touches(void)
{
	static lv_msg_t m;
	lv_time_t *t = (lv_time_t *)(FRESH + 4096 - 8); /* across two pages */
	int rc, status;
	if (lv_mem_map((void *)FRESH, 8 * 4096, LV_MAP_WRITE) < 0)
		return "cannot reserve";
	if ((rc = lv_time(t)) != 0 || t->hz != 100)
		return "copyout into untouched pages failed";
	int port = lv_port_create();
	lv_msg_header_t *fresh = (lv_msg_header_t *)(FRESH + 2 * 4096);
	if ((rc = lv_msg_send(port, fresh, LV_NO_WAIT)) != 0)
		return "copyin from an untouched page failed";
	if ((rc = lv_msg_receive(port,
				 (lv_msg_header_t *)(FRESH + 5 * 4096 - 16),
				 sizeof(lv_msg_t), LV_NO_WAIT)) != 0)
		return "receive into untouched pages failed";
	int pid = lv_spawn("stacktest", "stacktest kernel-child", 0, port, 0);
	if (pid < 0)
		return "cannot spawn";
	rc = lv_msg_receive(port, &m.h, sizeof(m), 3000);
	int child_port = m.h.right;
	if (rc < 0 || child_port <= 0)
		return "no port from the child";
	memset(&m.h, 0, sizeof(m.h));
	m.h.size = 4000;
	for (int i = 0; i < 4000; i++)
		m.payload[i] = (uint8_t)(i * 3);
	/* The child is blocked in receive by the time its port arrived here
	 * or soon after: the send waits for room either way. */
	if (lv_msg_send(child_port, &m.h, 3000) < 0)
		return "send to the child failed";
	lv_wait(pid, &status);
	if (status != 0)
		return check_status(status);
	lv_mem_unmap((void *)FRESH, 8 * 4096);
	return NULL;
}

static const char *check_status(int status)
{
	static char why[64];
	snprintf(why, sizeof(why), "child ended with status %d", status);
	return why;
}

/* A frame bigger than the guard gap, in a thread: with stack-clash
 * probes it meets the gap page by page (killed: stack overflow) instead of
 * landing in other memory. */
static volatile uint32_t clash_size = 2u << 20;

static void clash_thread(void *arg)
{
	(void)arg;
	volatile uint8_t *frame = __builtin_alloca(clash_size);
	frame[0] = 1; /* at the far end: below the thread's 1 MiB stack */
	printf("stacktest clash: FAIL wrote past the stack and lived\n");
	lv_exit(1);
}

static int clash(void)
{
	if (lv_thread_start(clash_thread, NULL, 0) < 0)
		return 2;
	for (;;)
		lv_sleep(100); /* ended by the kill */
}

static void returns_at_once(void *arg) { (void)arg; }

/* 300 threads that return from their entry: each ends and gives its stack
 * back, so the reservation stays near where it began. */
static int churn(void)
{
	lv_proc_info_t me;
	lv_proc_find(lv_getpid(), &me);
	uint32_t before = me.reserved_pages;
	for (int i = 0; i < 300; i++) {
		int rc = lv_thread_start(returns_at_once, NULL, 0);
		if (rc < 0) {
			printf("stacktest churn: thread %d: %s\n", i,
			       lv_strerror(rc));
			return report("churn", "a thread could not start");
		}
		for (int t = 0; t < 100; t++) { /* let it run and end */
			lv_proc_find(lv_getpid(), &me);
			if (me.threads == 1)
				break;
			lv_yield();
		}
	}
	lv_proc_find(lv_getpid(), &me);
	printf("stacktest: 300 threads came and went: %u KiB reserved "
	       "before, %u after\n",
	       (unsigned)before * 4, (unsigned)me.reserved_pages * 4);
	return report("churn", me.reserved_pages <= before + 256
				   ? NULL
				   : "thread stacks were not given back");
}

/* mem_unmap is all or nothing: a range running past the mapping changes
 * nothing. */
static int unmap_all_or_nothing(void)
{
	volatile uint8_t *p = (volatile uint8_t *)(FRESH + 64 * 4096);
	if (lv_mem_map((void *)p, 4 * 4096, LV_MAP_WRITE) < 0)
		return report("unmap", "cannot map");
	p[2 * 4096] = 42;
	int rc = lv_mem_unmap((void *)(p + 2 * 4096), 4 * 4096);
	if (rc != -ERR_NOENT)
		return report("unmap", "a range past the mapping was taken");
	if (p[2 * 4096] != 42) /* would fault if the page had gone */
		return report("unmap", "the page lost its contents");
	lv_mem_unmap((void *)p, 4 * 4096);
	return report("unmap", NULL);
}

static uint32_t recurse(uint32_t n)
{
	volatile uint8_t frame[256];
	frame[0] = (uint8_t)n;
	if (never)
		return 0;
	return recurse(n + 1) + frame[0];
}

static void snapshot(uint32_t *free_and_ours, uint32_t *heap)
{
	lv_mem_info_t m;
	lv_proc_info_t me;
	lv_mem_info(&m);
	*free_and_ours = m.frames_free + m.kheap_mapped / 4096 +
			 (lv_proc_find(lv_getpid(), &me) == 0 ? me.pages : 0);
	*heap = m.kheap_used;
}

static int mem_back(void)
{
	uint32_t f0, h0, f1, h1;
	int status;
	for (int round = 0; round < 3; round++) {
		if (round == 1)
			snapshot(&f0, &h0); /* after a warm-up run */
		int pid = lv_spawn("stacktest", "stacktest recurse", 0, 0, 0);
		if (pid < 0)
			return report("mem", "cannot spawn");
		lv_wait(pid, &status);
		if (status != 139)
			return report("mem", "recursion not killed");
	}
	lv_sleep(1); /* the child's last stack is freed by then */
	snapshot(&f1, &h1);
	printf(
	    "stacktest: frames free or ours %u -> %u, kernel heap %u -> %u\n",
	    (unsigned)f0, (unsigned)f1, (unsigned)h0, (unsigned)h1);
	return report("mem", f0 == f1 && h0 == h1 ? NULL : "memory lost");
}

static const usage_t usage = {
    "stacktest", "locals|threads|recurse|mem|kernel|clash|churn|unmap",
    "Stacks that grow on demand: 1 MiB of locals, threads with 512 KiB\neach, "
    "endless recursion killed with stack overflow and its memory back,\na "
    "frame past the guard gap, 300 threads' stacks given back.",
    "proc.stacks"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	const char *mode = argc >= 2 ? argv[1] : "";
	if (strcmp(mode, "locals") == 0)
		return locals();
	if (strcmp(mode, "threads") == 0)
		return threads();
	if (strcmp(mode, "recurse") == 0) {
		sink = recurse(0);
		return 1;
	}
	if (strcmp(mode, "mem") == 0)
		return mem_back();
	if (strcmp(mode, "kernel") == 0)
		return report("kernel", kernel_touches());
	if (strcmp(mode, "kernel-child") == 0)
		return kernel_child();
	if (strcmp(mode, "clash") == 0)
		return clash();
	if (strcmp(mode, "churn") == 0)
		return churn();
	if (strcmp(mode, "unmap") == 0)
		return unmap_all_or_nothing();
	printf("usage: stacktest locals|threads|recurse|mem|kernel|clash|churn|"
	       "unmap\n"
	       "Stacks on demand: 1 MiB of locals, two threads with 512 KiB "
	       "each,\nendless recursion (killed: stack overflow), memory "
	       "back after it.\n");
	return 2;
}
