/* ipcbench: what the kernel's paths cost, in TSC cycles, measured in one run.
 * Null system call by int 0x80 and by sysenter; call+reply round trips
 * between two threads of one process, two processes of one group (one space),
 * a process and a resident server (no page-directory switch), and two
 * ordinary processes (a switch each way); payloads of 0 and 1 KiB. Prints the
 * median and the 10th/90th percentiles of each, ending with one line per
 * figure: "key: median p10 p90". Needs the nucleus right (for the resident
 * server). Asserts nothing about speed. "ipcbench [ROUNDS [PLACEMENT]]":
 * with PLACEMENT (thread, group, resident or cross) only that pair runs, with
 * no payload (for tracing one path). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/syscall.h>
#include "../lib/bench.h"
#include "../lib/usage.h"

#define DEFAULT_ROUNDS 2000
#define WARMUP 100
#define OP_QUIT 1
#define OP_ECHO 2

typedef struct figure {
	char key[32];
	uint32_t median, p10, p90;
} figure_t;

static figure_t figures[16];
static int nfigures;
static int rounds = DEFAULT_ROUNDS;
static uint32_t *samples;
static lv_msg_t buf;

static void record(const char *key)
{
	qsort(samples, (size_t)rounds, sizeof(*samples), bench_by_value);
	figure_t *f = &figures[nfigures++];
	*f = (figure_t){"", samples[rounds / 2], samples[rounds / 10],
			samples[rounds * 9 / 10]};
	snprintf(f->key, sizeof(f->key), "%s", key);
	printf("ipcbench: %-20s median %7lu  p10 %7lu  p90 %7lu cycles\n", key,
	       (unsigned long)f->median, (unsigned long)f->p10,
	       (unsigned long)f->p90);
}

static void bench_syscall(int sysenter)
{
	for (int i = -WARMUP; i < rounds; i++) {
		uint64_t t0 = bench_rdtsc();
		if (sysenter)
			lv_syscall_sysenter(SYS_nop, 0, 0, 0, 0, 0);
		else
			lv_syscall_int80(SYS_nop, 0, 0, 0, 0, 0);
		uint64_t t1 = bench_rdtsc();
		if (i >= 0)
			samples[i] = (uint32_t)(t1 - t0);
	}
	record(sysenter ? "syscall.sysenter" : "syscall.int80");
}

/* One call+reply per sample through send right `to`, payload bytes each. */
static int bench_calls(int to, uint32_t payload, const char *key)
{
	for (int i = -WARMUP; i < rounds; i++) {
		buf.h = (lv_msg_header_t){.op = OP_ECHO, .size = payload};
		uint64_t t0 = bench_rdtsc();
		int rc = lv_msg_call(to, &buf.h, sizeof(buf), LV_WAIT_FOREVER);
		uint64_t t1 = bench_rdtsc();
		if (rc != (int)payload) {
			printf("ipcbench: %s: call %d: %s\n", key, i,
			       rc < 0 ? lv_strerror(rc) : "short reply");
			return -1;
		}
		if (i >= 0)
			samples[i] = (uint32_t)(t1 - t0);
	}
	record(key);
	return 0;
}

/* The echo server: answers every call with the request's payload. */
static void serve(int port)
{
	static lv_msg_t req;
	int reply = 0;
	for (;;) {
		int rc = lv_msg_reply_receive(reply, port, &req.h, sizeof(req),
					      LV_WAIT_FOREVER);
		if (rc < 0) {
			printf("ipcbench server: receive: %s\n",
			       lv_strerror(rc));
			return;
		}
		reply = req.h.reply;
		if (req.h.op == OP_QUIT)
			break;
		req.h.right_mode = LV_RIGHT_NONE;
	}
	req.h = (lv_msg_header_t){.op = 0, .size = 0};
	lv_msg_reply(reply, &req.h);
}

static uint8_t thread_stack[16384] __attribute__((aligned(16)));

static void server_thread(void *arg)
{
	serve((int)(uintptr_t)arg);
	lv_thread_exit(0);
}

/* A server process's role: make a port, hand its send right to the parent
 * through the boot right, serve. */
static int server_role(void)
{
	int port = lv_port_create();
	if (port < 0)
		return 1;
	lv_msg_header_t h = {.right = port, .right_mode = LV_RIGHT_MAKE_SEND};
	if (lv_msg_send(LV_BOOT_HANDLE, &h, LV_WAIT_FOREVER) < 0)
		return 1;
	serve(port);
	return 0;
}

/* Starts "ipcbench server" placed by flags; returns a send right to its
 * port (and its pid in *pid), or -ERR_*. */
static int start_server(int inbox, unsigned flags, int *pid)
{
	*pid =
	    lv_spawn("ipcbench", "ipcbench server", flags, inbox, lv_getpid());
	if (*pid < 0)
		return *pid;
	int rc = lv_msg_receive(inbox, &buf.h, sizeof(buf), 1000);
	if (rc < 0)
		return rc;
	return buf.h.right;
}

static void stop_server(int to, int pid)
{
	int status;
	buf.h = (lv_msg_header_t){.op = OP_QUIT};
	lv_msg_call(to, &buf.h, sizeof(buf), LV_WAIT_FOREVER);
	lv_handle_close(to);
	if (pid)
		lv_wait(pid, &status);
}

static int bench_pair(const char *name, int to)
{
	char key[40];
	snprintf(key, sizeof(key), "ipc.%s", name);
	if (bench_calls(to, 0, key) < 0)
		return -1;
	snprintf(key, sizeof(key), "ipc.%s.1k", name);
	return bench_calls(to, 1024, key);
}

static const char *const keys[] = {"thread", "group", "resident", "cross"};
static const unsigned placements[] = {0, LV_SPAWN_GROUP, LV_SPAWN_RESIDENT,
				      LV_SPAWN_DEFAULT};

static const usage_t usage = {
    "ipcbench", "[ROUNDS [thread|group|resident|cross]]",
    "A benchmark: the cost in TSC cycles of a null system call (int "
    "0x80,\nsysenter) and of call+reply between two threads, a group, a "
    "resident\nserver and two processes (median, p10, p90). Needs the nucleus "
    "right;\nmake bench runs it.",
    "proc.ipcbench_smoke (and make bench)"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	if (argc > 1 && strcmp(argv[1], "server") == 0)
		return server_role();
	if (argc > 1)
		rounds = atoi(argv[1]);
	if (rounds < 10)
		rounds = 10;
	samples = malloc(sizeof(*samples) * (size_t)rounds);
	int inbox = lv_port_create();
	if (!samples || inbox < 0)
		return 1;
	printf("ipcbench: %d rounds each, TSC cycles\n", rounds);
	const char *only = argc > 2 ? argv[2] : NULL;
	if (!only) {
		bench_syscall(0);
		bench_syscall(1);
	}
	for (int k = 0; k < 4; k++) {
		if (only && strcmp(only, keys[k]) != 0)
			continue;
		int to, pid = 0;
		if (k == 0) {
			int port = lv_port_create();
			to = lv_port_make_send(port);
			lv_thread_create(server_thread,
					 thread_stack + sizeof(thread_stack),
					 (void *)(uintptr_t)port);
		} else {
			to = start_server(inbox, placements[k], &pid);
		}
		if (to < 0) {
			printf("ipcbench: %s server: %s\n", keys[k],
			       lv_strerror(to));
			return 1;
		}
		if (only ? bench_calls(to, 0, keys[k]) < 0
			 : bench_pair(keys[k], to) < 0)
			return 1;
		stop_server(to, pid);
	}
	for (int i = 0; i < nfigures; i++)
		printf("%s: %lu %lu %lu\n", figures[i].key,
		       (unsigned long)figures[i].median,
		       (unsigned long)figures[i].p10,
		       (unsigned long)figures[i].p90);
	return 0;
}
