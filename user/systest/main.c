/* System-call semantics from user space: both entries (int 0x80, sysenter)
 * give the same answers, bad numbers and bad pointers get error codes, memory
 * calls map/protect/unmap as documented, threads run in one process, and
 * the kernel command line reads back as the kernel got it.
 * Prints "systest NAME: ok|FAIL ..." per check, then
 * "systest: N passed, M failed"; exits with M. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/netopts.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "../lib/usage.h"

#define PAGE 4096u
#define WINDOW 0x60000000u /* far from the image, heap and stack */

static void test_entries(void)
{
	int pid = lv_getpid();
	CHECK("entries_getpid",
	      lv_syscall_int80(SYS_getpid, 0, 0, 0, 0, 0) == pid &&
		  lv_syscall_sysenter(SYS_getpid, 0, 0, 0, 0, 0) == pid &&
		  pid > 0);
	CHECK("entries_bad_number",
	      lv_syscall_int80(SYS_COUNT, 0, 0, 0, 0, 0) == -ERR_NOSYS &&
		  lv_syscall_sysenter(-1, 0, 0, 0, 0, 0) == -ERR_NOSYS &&
		  lv_syscall_sysenter(1000, 0, 0, 0, 0, 0) == -ERR_NOSYS);
	CHECK("entries_nop", lv_nop() == 0);
}

static void test_bad_pointers(void)
{
	CHECK("badptr_kernel_buffer",
	      lv_console_write((const void *)0xC0100000u, 16) == -ERR_FAULT);
	CHECK("badptr_unmapped",
	      lv_console_write((const void *)WINDOW, 8) == -ERR_FAULT);
	CHECK("badptr_wraps",
	      lv_console_write((const void *)0xFFFFFFF0u, 64) == -ERR_FAULT);
	CHECK("badptr_time_null", lv_time(NULL) == -ERR_FAULT);
	CHECK("badptr_time_kernel",
	      lv_time((lv_time_t *)0xC0000000u) == -ERR_FAULT);
	CHECK("badptr_spawn_name",
	      lv_spawn((const char *)1, "x", 0, 0, 0) == -ERR_FAULT);
	CHECK("badptr_info",
	      lv_proc_info(0, (lv_proc_info_t *)0xB0000000u) == -ERR_FAULT);
	lv_time_t t;
	CHECK("goodptr_time", lv_time(&t) == 0 && t.hz == 100);
}

static void test_memory(void)
{
	lv_mem_info_t before, during, after;
	volatile uint32_t *p = (volatile uint32_t *)WINDOW;
	/* The first touch in the window also makes a page table, which stays
	 * until the process ends: make it before counting. */
	lv_mem_map((void *)WINDOW, PAGE, LV_MAP_WRITE);
	p[0] = 1;
	lv_mem_unmap((void *)WINDOW, PAGE);
	lv_mem_info(&before);
	CHECK("mem_map",
	      lv_mem_map((void *)WINDOW, 4 * PAGE, LV_MAP_WRITE) == 0);
	lv_mem_info(&during);
	/* Reserved and charged, backed only when touched. */
	CHECK("mem_map_reserves",
	      during.user_reserved == before.user_reserved + 4 &&
		  during.user_resident == before.user_resident);
	CHECK("mem_map_zeroed", p[0] == 0 && p[4 * PAGE / 4 - 1] == 0);
	lv_mem_info(&during);
	CHECK("mem_touch_takes_frames",
	      during.user_resident == before.user_resident + 2 &&
		  before.frames_free - during.frames_free >= 2);
	p[0] = 0x12345678u;
	CHECK("mem_map_writable", p[0] == 0x12345678u);
	CHECK("mem_map_twice",
	      lv_mem_map((void *)WINDOW, PAGE, LV_MAP_WRITE) == -ERR_EXIST);
	CHECK("mem_map_unaligned", lv_mem_map((void *)(WINDOW + 8 * PAGE + 1),
					      PAGE, 0) == -ERR_INVAL);
	CHECK("mem_map_kernel",
	      lv_mem_map((void *)0xC0000000u, PAGE, 0) == -ERR_INVAL);
	CHECK("mem_map_resident",
	      lv_mem_map((void *)0xB0000000u, PAGE, 0) == -ERR_INVAL);
	CHECK("mem_map_bad_flags", lv_mem_map((void *)(WINDOW + 16 * PAGE),
					      PAGE, 0x80) == -ERR_INVAL);
	CHECK("mem_protect_readonly",
	      lv_mem_protect((void *)WINDOW, 4 * PAGE, 0) == 0 &&
		  p[0] == 0x12345678u);
	CHECK("mem_protect_unmapped",
	      lv_mem_protect((void *)(WINDOW + 16 * PAGE), PAGE, 0) ==
		  -ERR_NOENT);
	CHECK("mem_unmap", lv_mem_unmap((void *)WINDOW, 4 * PAGE) == 0);
	lv_mem_info(&after);
	CHECK("mem_unmap_returns_frames",
	      after.frames_free == before.frames_free);
	CHECK("mem_unmap_again",
	      lv_mem_unmap((void *)WINDOW, PAGE) == -ERR_NOENT);
	CHECK("mem_unmapped_is_gone",
	      lv_console_write((const void *)WINDOW, 4) == -ERR_FAULT);
}

static volatile int counters[2];
static volatile int finished;
static uint8_t stacks[2][8192] __attribute__((aligned(16)));

static void worker(void *arg)
{
	int i = (int)(uintptr_t)arg;
	for (int n = 0; n < 1000; n++) {
		counters[i]++;
		if (n % 100 == 0)
			lv_yield();
	}
	__atomic_add_fetch(&finished, 1, __ATOMIC_SEQ_CST);
	lv_thread_exit(0);
}

static void test_threads(void)
{
	int me = lv_gettid();
	int t0 =
	    lv_thread_create(worker, stacks[0] + sizeof(stacks[0]), (void *)0);
	int t1 =
	    lv_thread_create(worker, stacks[1] + sizeof(stacks[1]), (void *)1);
	CHECK("thread_create", t0 > 0 && t1 > 0 && t0 != t1 && t0 != me);
	for (int spins = 0; finished < 2 && spins < 100000; spins++)
		lv_sleep(1);
	CHECK("thread_run",
	      finished == 2 && counters[0] == 1000 && counters[1] == 1000);
	CHECK("thread_bad_entry",
	      lv_thread_create((void (*)(void *))0xC0000000u, stacks[0] + 64,
			       0) == -ERR_FAULT);
	lv_proc_info_t info;
	int found = 0;
	for (int i = 0; lv_proc_info(i, &info) != -ERR_NOENT; i++)
		if (info.pid == lv_getpid())
			found = info.threads;
	CHECK("thread_exit_counted", found == 1);
}

enum { OP_ADD = 1, OP_ECHO, OP_STOP, OP_UNKNOWN = 99 };
static volatile int serve_stop, serve_done;
static uint8_t server_stack[16384] __attribute__((aligned(16)));

static int op_add(lv_msg_t *m, void *ctx)
{
	int32_t v[2];
	(void)ctx;
	if (m->h.size != sizeof(v))
		return -ERR_INVAL;
	memcpy(v, m->payload, sizeof(v));
	m->h.size = 0;
	return v[0] + v[1];
}

static int op_echo(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	return (int)m->h.size; /* the payload is already in place */
}

static int op_stop(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	m->h.size = 0;
	serve_stop = 1;
	return 0;
}

static const lv_op_t ops[] = {
    {OP_ADD, op_add}, {OP_ECHO, op_echo}, {OP_STOP, op_stop}};

static void server_main(void *arg)
{
	lv_serve((int)(uintptr_t)arg, ops, 3, NULL, &serve_stop);
	serve_done = 1;
	lv_thread_exit(0);
}

static void test_server_loop(void)
{
	int port = lv_port_create(), to = lv_port_make_send(port);
	lv_thread_create(server_main, server_stack + sizeof(server_stack),
			 (void *)(uintptr_t)port);
	int32_t v[2] = {40, 2};
	char echo[6];
	size_t n = 0;
	CHECK("serve_add",
	      lv_rpc(to, OP_ADD, v, sizeof(v), NULL, 0, NULL, 100) == 42);
	CHECK("serve_bad_request",
	      lv_rpc(to, OP_ADD, v, 3, NULL, 0, NULL, 100) == -ERR_INVAL);
	CHECK("serve_echo", lv_rpc(to, OP_ECHO, "hello", 6, echo, sizeof(echo),
				   &n, 100) == 6 &&
				n == 6 && strcmp(echo, "hello") == 0);
	CHECK("serve_unknown_op", lv_rpc(to, OP_UNKNOWN, NULL, 0, NULL, 0, NULL,
					 100) == -ERR_NOSYS);
	CHECK("serve_stop",
	      lv_rpc(to, OP_STOP, NULL, 0, NULL, 0, NULL, 100) == 0);
	for (int i = 0; !serve_done && i < 100; i++)
		lv_sleep(1);
	CHECK("serve_loop_ended", serve_done);
}

/* The cmdline call: the line as the kernel got it (tests/cases.py boots
 * systest with network options after initcfg= and panic=, bad ones among
 * them), -ERR_RANGE for a short buffer (nothing copied), -ERR_FAULT for a
 * bad one; and the network options read from it. */
#define SYSTEST_NETOPTS " ip=10.0.0.1/24 ip=10.0.0.1/33 gw=10.0.0.254x"
static void test_cmdline(void)
{
	static char line[LV_CMDLINE_MAX];
	int len = lv_cmdline(line, sizeof(line));
	CHECK(
	    "cmdline_read",
	    len > 0 && (size_t)len == strlen(line) &&
		strstr(line, "initcfg=systest.cfg panic=exit" SYSTEST_NETOPTS));
	char small[8];
	memset(small, 'x', sizeof(small));
	CHECK("cmdline_short",
	      len > 0 && lv_cmdline(small, sizeof(small)) == -ERR_RANGE &&
		  lv_cmdline(line, (unsigned)len) == -ERR_RANGE &&
		  lv_cmdline(line, 0) == -ERR_RANGE && small[0] == 'x');
	CHECK("cmdline_exact", lv_cmdline(line, (unsigned)len + 1) == len);
	CHECK("cmdline_badptr",
	      lv_cmdline((char *)0xC0100000u, LV_CMDLINE_MAX) == -ERR_FAULT &&
		  lv_cmdline(NULL, LV_CMDLINE_MAX) == -ERR_FAULT &&
		  lv_cmdline((char *)WINDOW, LV_CMDLINE_MAX) == -ERR_FAULT &&
		  lv_cmdline((char *)0xFFFFFFF0u, LV_CMDLINE_MAX) ==
		      -ERR_FAULT);
	lv_netopts_t o;
	CHECK("cmdline_netopts", lv_netopts_read(&o) == -ERR_INVAL &&
				     o.bad == (LV_NETOPT_IP | LV_NETOPT_GW) &&
				     o.given == 0);
}

static const usage_t usage = {
    "systest", "",
    "System calls from user space: both entries give the same answers, "
    "bad\nnumbers and pointers get errors, memory calls, threads. One line "
    "per\ncheck; exits with the failures.",
    "proc.systest"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	check_init("systest");
	test_entries();
	test_bad_pointers();
	test_memory();
	test_threads();
	test_server_loop();
	test_cmdline();
	return check_summary();
}
