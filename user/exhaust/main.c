/* Seeded exhaustion of the kernel's per-process limits by an ordinary
 * program (no privileges): threads, ports, watches, queued messages, memory
 * and children, one after the other, each in a child process that must get
 * an error (not a hang, not a kill) and then ends. After a warm-up round,
 * free frames and the kernel heap in use must come back to their values
 * once each child has gone.
 *
 * "exhaust SEED [ROUNDS]": one line "exhaust KIND: ok|FAIL why" per kind and
 * round, then the summary; exits with the number of failures.
 * "exhaust --help" says this. "exhaust child KIND SEED" is one child. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "../lib/usage.h"

#define CHILD_TICKS 3000 /* 30 s: a child still running then has hung */
#define MAP_BASE 0x40000000u

static uint32_t seed;

static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void park(void *arg)
{
	(void)arg;
	for (;;)
		lv_sleep(100000);
}

/* Each returns 0 when the limit gave the expected error. */
static int exhaust_threads(void)
{
	int n = 0, rc;
	for (;;) {
		size_t size = 4096 + (rnd() % 4) * 4096;
		char *stack = malloc(size);
		if (!stack)
			return printf("child: malloc failed at %d\n", n), 1;
		rc = lv_thread_create(park, stack + size, NULL);
		if (rc < 0)
			break;
		if (++n > 100000)
			return printf("child: no thread limit\n"), 1;
	}
	printf("child: threads: %d made, then %s\n", n, lv_strerror(rc));
	return rc == -ERR_AGAIN ? 0 : 1;
}

/* Ports past the handle table: each new port's receive right moves into a
 * message queued on a carrier port, freeing its handle, so only the
 * per-process port limit can stop it. */
static int exhaust_ports(void)
{
	lv_msg_header_t h;
	int n = 0, rc, carrier = 0, in_carrier = (int)LV_PORT_QUEUE_MAX;
	for (;;) {
		if (in_carrier == (int)LV_PORT_QUEUE_MAX) {
			if ((rc = carrier = lv_port_create()) < 0)
				break;
			n++, in_carrier = 0;
		}
		if ((rc = lv_port_create()) < 0)
			break;
		n++;
		memset(&h, 0, sizeof(h));
		h.right = rc;
		h.right_mode = LV_RIGHT_MOVE;
		if ((rc = lv_msg_send(carrier, &h, LV_NO_WAIT)) < 0)
			break;
		in_carrier++;
		if (n > 100000)
			return printf("child: no port limit\n"), 1;
	}
	printf("child: ports: %d made, then %s\n", n, lv_strerror(rc));
	return rc == -ERR_NOSPC && n > (int)LV_HANDLES_MAX ? 0 : 1;
}

static int exhaust_watches(void)
{
	int watched = lv_port_create(), notify = lv_port_create(), rc, n = 0;
	if (watched < 0 || notify < 0)
		return 1;
	while ((rc = lv_port_watch(watched, notify, rnd())) == 0)
		if (++n > 3000000)
			return printf("child: no watch limit\n"), 1;
	printf("child: watches: %d made, then %s\n", n, lv_strerror(rc));
	return rc == -ERR_NOSPC ? 0 : 1;
}

/* Queues messages of random sizes on many ports without receiving. */
static int exhaust_messages(void)
{
	static lv_msg_t m;
	int rc = 0, sent = 0;
	for (int p = 0; p < 250 && rc == 0; p++) {
		int port = lv_port_create();
		if (port < 0)
			return printf("child: port_create: %s\n",
				      lv_strerror(port)),
			       1;
		for (int i = 0; i < 64 && rc == 0; i++) {
			memset(&m.h, 0, sizeof(m.h));
			m.h.size = 1024 + rnd() % (LV_MSG_PAYLOAD_MAX - 1023);
			rc = lv_msg_send(port, &m.h, LV_NO_WAIT);
			sent += rc == 0;
		}
	}
	printf("child: messages: %d queued, then %s\n", sent, lv_strerror(rc));
	return rc == -ERR_AGAIN ? 0 : 1;
}

static int exhaust_memory(void)
{
	uint32_t addr = MAP_BASE, total = 0;
	int rc;
	for (;;) {
		uint32_t len = (1 + rnd() % 64) * 65536;
		rc = lv_mem_map((void *)addr, len, LV_MAP_WRITE);
		if (rc < 0)
			break;
		memset((void *)(addr + len - 4096), 0x5A, 4096);
		addr += len, total += len;
		if (total > 0x40000000u)
			return printf("child: no memory limit\n"), 1;
	}
	printf("child: memory: %u KiB mapped, then %s\n", total / 1024,
	       lv_strerror(rc));
	return rc == -ERR_NOMEM ? 0 : 1;
}

static int exhaust_children(void)
{
	static int pids[1000];
	int n = 0, rc, status;
	while (n < 1000 &&
	       (rc = lv_spawn("exhaust", "exhaust child idle 0", 0, 0, 0)) > 0)
		pids[n++] = rc;
	printf("child: children: %d started, then %s\n", n, lv_strerror(rc));
	for (int i = 0; i < n; i++) { /* children outlive their parent */
		lv_kill(pids[i]);
		lv_wait(pids[i], &status);
	}
	return rc == -ERR_AGAIN ? 0 : 1;
}

static const struct kind {
	const char *name;
	int (*run)(void);
} kinds[] = {
    {"threads", exhaust_threads}, {"ports", exhaust_ports},
    {"watches", exhaust_watches}, {"messages", exhaust_messages},
    {"memory", exhaust_memory},	  {"children", exhaust_children},
};
#define NKINDS (int)(sizeof(kinds) / sizeof(kinds[0]))

static int child(const char *kind)
{
	if (strcmp(kind, "idle") == 0)
		park(NULL);
	for (int i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].name, kind) == 0)
			return kinds[i].run();
	printf("exhaust: unknown kind '%s'\n", kind);
	return 2;
}

/* Runs one child of kind k; NULL when it got its error and ended. */
static const char *run_child(int k, uint32_t child_seed)
{
	char args[64];
	int status;
	snprintf(args, sizeof(args), "exhaust child %s %u", kinds[k].name,
		 (unsigned)child_seed);
	int pid = lv_spawn("exhaust", args, 0, 0, 0);
	if (pid < 0)
		return check_why("spawn: %s", lv_strerror(pid));
	int rc = check_wait_exit(pid, CHILD_TICKS, &status);
	if (rc < 0)
		return check_why("child hung (killed after %d ticks)",
				 CHILD_TICKS);
	if (status != 0)
		return check_why("child ended with status %d", status);
	return NULL;
}

/* The node's memory as this program sees it: frames free, the kernel heap,
 * and our own pages (newlib may grow our heap while we print). */
typedef struct snapshot {
	lv_mem_info_t mem;
	uint32_t own_pages;
} snapshot_t;

static void snap(snapshot_t *s)
{
	lv_proc_info_t me;
	lv_mem_info(&s->mem);
	s->own_pages = lv_proc_find(lv_getpid(), &me) == 0 ? me.pages : 0;
}

/* Every frame is free, ours or backs the kernel heap as before, the heap holds
 * as many live bytes, and it keeps at most HEAP_SLACK more pages (where its
 * free blocks lie may differ: a page is released only when wholly free). */
#define HEAP_SLACK 8
static int mem_same(const snapshot_t *sa, const snapshot_t *sb)
{
	const lv_mem_info_t *a = &sa->mem, *b = &sb->mem;
	return a->frames_free + a->kheap_mapped / 4096 + sa->own_pages ==
		   b->frames_free + b->kheap_mapped / 4096 + sb->own_pages &&
	       a->kheap_used == b->kheap_used &&
	       b->kheap_mapped <= a->kheap_mapped + HEAP_SLACK * 4096;
}

static const usage_t usage = {
    "exhaust", "SEED [ROUNDS]",
    "Exhausts threads, ports, watches, queued messages, memory and "
    "children\nin child processes (seeded); checks each gets an error, not a "
    "hang, and\nthat memory comes back. One line per kind and round; exits "
    "with the\nfailures.",
    "proc.exhaust"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	if (argc >= 4 && strcmp(argv[1], "child") == 0) {
		seed = (uint32_t)strtoul(argv[3], NULL, 0);
		return child(argv[2]);
	}
	usage_count(&usage, argc, argv, 1, 2);
	seed = (uint32_t)usage_number(&usage, "SEED", argv[1], 0, 0xFFFFFFFFu);
	int rounds = argc >= 3
			 ? (int)usage_number(&usage, "ROUNDS", argv[2], 1, 1000)
			 : 1;
	check_init("exhaust");
	for (int k = 0; k < NKINDS; k++) /* warm-up: first-use growth */
		if (run_child(k, rnd()))
			printf("exhaust: warm-up %s failed\n", kinds[k].name);
	snapshot_t base, now;
	lv_sleep(1); /* the last child's thread stacks are freed by then */
	snap(&base);
	printf("exhaust: baseline %u frames free, kernel heap %u bytes\n",
	       (unsigned)base.mem.frames_free, (unsigned)base.mem.kheap_used);
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < NKINDS; k++) {
			const char *why = run_child(k, rnd());
			lv_sleep(1);
			snap(&now);
			if (!why && !mem_same(&base, &now))
				why = check_why(
				    "after it: %u frames free (was %u), kernel "
				    "heap %u bytes in %u KiB (was %u in %u)",
				    (unsigned)now.mem.frames_free,
				    (unsigned)base.mem.frames_free,
				    (unsigned)now.mem.kheap_used,
				    (unsigned)now.mem.kheap_mapped / 1024,
				    (unsigned)base.mem.kheap_used,
				    (unsigned)base.mem.kheap_mapped / 1024);
			check_report(kinds[k].name, why == NULL, why);
		}
	}
	return check_summary();
}
