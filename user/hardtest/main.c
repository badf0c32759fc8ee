/* Hostile cases against the kernel (issue 9), run as an ordinary program
 * without privileges: rights it lacks, watches that must not outlive their
 * watcher, receive-right cycles, a system call with a huge length, and a
 * 48 MiB .bss image. One line "hardtest NAME: ok|FAIL why" per check, then
 * the summary; exits with the number of failures. "hardtest --help". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "hardtest.h"
#include "../lib/usage.h"
#define BIG_LEN (8u << 20)
#define BIG_ADDR 0x40000000u

/* Snapshot of the kernel's memory (frames free or in the heap, heap bytes
 * in use) and our own pages. */
static void mem_now(uint32_t *frames, uint32_t *heap_used)
{
	lv_mem_info_t m;
	lv_proc_info_t me;
	lv_mem_info(&m);
	*frames = m.frames_free + m.kheap_mapped / 4096 +
		  (lv_proc_find(lv_getpid(), &me) == 0 ? me.pages : 0);
	*heap_used = m.kheap_used;
}

const char *hardtest_child(const char *image, const char *args, int handle,
			   int want)
{
	int status, pid = lv_spawn(image, args, 0, handle, 0);
	if (pid < 0)
		return check_why("spawn %s: %s", image, lv_strerror(pid));
	if (check_wait_exit(pid, CHILD_TICKS, &status) < 0)
		return check_why("%s hung", args);
	if (status != want)
		return check_why("%s ended with status %d, want %d", args,
				 status, want);
	return NULL;
}

/* Runs "hardtest ROLE" (or another image) as a child to its end. */
static const char *run_child(const char *image, const char *args, int handle)
{
	return hardtest_child(image, args, handle, 0);
}

static const char *no_rights(void)
{
	int rc;
	if ((rc = lv_sched_claim()) != -ERR_PERM)
		return check_why("sched_claim gave %d", rc);
	if ((rc = lv_sched_set(1, 1, 5)) != -ERR_PERM)
		return check_why("sched_set on init gave %d", rc);
	if ((rc = lv_sched_set(lv_getpid(), LV_PRIO_MAX, 5)) != -ERR_PERM)
		return check_why("raising own priority gave %d", rc);
	if ((rc = lv_sched_set(lv_getpid(), 8, 5)) != 0)
		return check_why("lowering own priority gave %d", rc);
	const unsigned flags[] = {LV_SPAWN_NUCLEUS, LV_SPAWN_SCHED,
				  LV_SPAWN_MODULE, LV_SPAWN_NET,
				  LV_SPAWN_RESIDENT};
	for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if ((rc = lv_spawn("hardtest", "hardtest idle", flags[i], 0,
				   0)) != -ERR_PERM)
			return check_why("spawn with flag 0x%x gave %d",
					 flags[i], rc);
	if ((rc = lv_halt(0)) != -ERR_PERM)
		return check_why("halt gave %d", rc);
	if ((rc = lv_ioport_grant(0x300, 8)) != -ERR_PERM)
		return check_why("ioport_grant gave %d", rc);
	if ((rc = lv_kill(1)) != -ERR_PERM)
		return check_why("kill 1 gave %d", rc);
	return NULL;
}

/* Child role: makes as many watches as allowed on the port at
 * LV_BOOT_HANDLE, then exits with them in place. */
static int role_watcher(void)
{
	int notify = lv_port_create(), n = 0, rc;
	while ((rc = lv_port_watch(LV_BOOT_HANDLE, notify, (unsigned)n)) == 0)
		n++;
	return rc == -ERR_NOSPC && n > 0 ? 0 : 1;
}

static const char *watches_die_with_watcher(void)
{
	uint32_t f0, h0, f1, h1;
	int port = lv_port_create();
	const char *why = run_child("hardtest", "hardtest watcher", port);
	if (why)
		return why;
	mem_now(&f0, &h0);
	for (int i = 0; i < 3 && !why; i++)
		why = run_child("hardtest", "hardtest watcher", port);
	lv_sleep(1); /* the last child's stack is freed by then */
	mem_now(&f1, &h1);
	lv_handle_close(port);
	if (why)
		return why;
	if (f0 != f1 || h0 != h1)
		return check_why("watchers gone, watched port alive: frames %u "
				 "-> %u, kernel heap %u -> %u bytes",
				 (unsigned)f0, (unsigned)f1, (unsigned)h0,
				 (unsigned)h1);
	return NULL;
}

static int send_right(int to, int right, unsigned mode)
{
	lv_msg_header_t h;
	memset(&h, 0, sizeof(h));
	h.right = right;
	h.right_mode = mode;
	return lv_msg_send(to, &h, LV_NO_WAIT);
}

static const char *receive_right_cycles(void)
{
	int a = lv_port_create(), b = lv_port_create(), c = lv_port_create();
	int rc;
	if ((rc = send_right(a, a, LV_RIGHT_MOVE)) != -ERR_LOOP)
		return check_why("own receive right into own queue: %d", rc);
	if (lv_handle_info(a) != LV_RIGHT_RECEIVE)
		return "refused send lost the right";
	if ((rc = send_right(a, b, LV_RIGHT_MOVE)) != 0) /* b in transit */
		return check_why("b into a: %d", rc);
	int sb = lv_port_make_send(a); /* a's queue carries b */
	if ((rc = send_right(c, a, LV_RIGHT_MOVE)) != -ERR_LOOP)
		return check_why("a (carrying b) into c: %d", rc);
	lv_handle_close(sb);
	/* a port in transit accepts no receive right (no nesting) */
	int d = lv_port_create();
	if ((rc = send_right(c, c, LV_RIGHT_MOVE)) != -ERR_LOOP)
		return check_why("c into c: %d", rc);
	if ((rc = send_right(d, c, LV_RIGHT_MOVE)) != 0)
		return check_why("c into d: %d", rc);
	lv_handle_close(a);
	lv_handle_close(d);
	return NULL;
}

/* Child role: builds the deepest transit the kernel allows, then exits:
 * every port and message must be reclaimed. */
static int role_transit(void)
{
	for (int i = 0; i < 32; i++) {
		int outer = lv_port_create(), inner = lv_port_create();
		static lv_msg_t m;
		memset(&m.h, 0, sizeof(m.h));
		m.h.size = 2048;
		for (int j = 0; j < 8; j++)
			lv_msg_send(inner, &m.h, LV_NO_WAIT);
		if (send_right(outer, inner, LV_RIGHT_MOVE) != 0)
			return 1;
	}
	return 0;
}

/* Runs image/args as a child runs times (after warmup runs not counted):
 * NULL if each ended with status 0 and memory came back exactly. */
static const char *memory_back(const char *image, const char *args, int warmup,
			       int runs)
{
	uint32_t f0, h0, f1, h1;
	const char *why = NULL;
	for (int i = 0; i < warmup && !why; i++)
		why = run_child(image, args, 0);
	mem_now(&f0, &h0);
	for (int i = 0; i < runs && !why; i++)
		why = run_child(image, args, 0);
	lv_sleep(1); /* the last child's stack is freed by then */
	mem_now(&f1, &h1);
	if (why)
		return why;
	if (f0 != f1 || h0 != h1)
		return check_why("frames %u -> %u, kernel heap %u -> %u bytes",
				 (unsigned)f0, (unsigned)f1, (unsigned)h0,
				 (unsigned)h1);
	return NULL;
}

static const char *transit_reclaimed(void)
{
	return memory_back("hardtest", "hardtest transit", 1, 3);
}

static const char *console_write_bounded(void)
{
	if (lv_mem_map((void *)BIG_ADDR, BIG_LEN, LV_MAP_WRITE) < 0)
		return "cannot map 8 MiB";
	memset((void *)BIG_ADDR, '.', BIG_LEN);
	uint64_t t0 = (uint64_t)lv_uptime();
	int rc = lv_console_write((const void *)BIG_ADDR, BIG_LEN);
	uint64_t t1 = (uint64_t)lv_uptime();
	lv_console_write("\n", 1);
	lv_mem_unmap((void *)BIG_ADDR, BIG_LEN);
	if (rc <= 0 || (unsigned)rc > 4096)
		return check_why("8 MiB console_write returned %d, want a "
				 "short count of at most 4096",
				 rc);
	if (t1 - t0 > 100)
		return check_why("one call took %u ticks", (unsigned)(t1 - t0));
	return NULL;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Calls over the whole user window cost about what a small one does: the
 * kernel skips what has no page table instead of walking 700,000 pages with
 * interrupts off. Ratios of cycles in one run (TCG or KVM alike). */
static const char *huge_ranges_bounded(void)
{
	const uint32_t lo = 0x01000000u, hi = 0xAF000000u;
	if (lv_mem_map((void *)BIG_ADDR, 4096, LV_MAP_WRITE) < 0)
		return "cannot map a page";
	uint64_t t0 = rdtsc();
	for (int i = 0; i < 10; i++)
		lv_mem_protect((void *)BIG_ADDR, 4096, LV_MAP_WRITE);
	uint64_t small = (rdtsc() - t0) / 10;
	t0 = rdtsc();
	int rp = lv_mem_protect((void *)lo, hi - lo, 0);
	uint64_t protect = rdtsc() - t0;
	t0 = rdtsc();
	int ru = lv_mem_unmap((void *)lo, hi - lo);
	uint64_t unmap = rdtsc() - t0;
	if (rp != -ERR_NOENT || ru != -ERR_NOENT)
		return check_why("protect %d, unmap %d over holes", rp, ru);
	/* All or nothing: the one page in the window is still there. */
	if (lv_mem_map((void *)BIG_ADDR, 4096, LV_MAP_WRITE) != -ERR_EXIST)
		return "a refused unmap took the page";
	lv_mem_unmap((void *)BIG_ADDR, 4096);
	printf("hardtest: small call %lu cycles, whole-window protect %lu, "
	       "unmap %lu\n",
	       (unsigned long)small, (unsigned long)protect,
	       (unsigned long)unmap);
	if (protect > 200 * small || unmap > 200 * small)
		return check_why("whole window: protect %lu, unmap %lu "
				 "cycles, a page %lu",
				 (unsigned long)protect, (unsigned long)unmap,
				 (unsigned long)small);
	return NULL;
}

static const char *big_bss(void)
{
	return memory_back("bigbss", "bigbss", 0, 1);
}

static const usage_t usage = {
    "hardtest", "",
    "Hostile cases against the kernel, run without privileges: rights "
    "it\nlacks, watches, receive-right cycles, a huge console_write, a 48 "
    "MiB\n.bss. One line per check, then the summary; exits with the failures.",
    "proc.hardtest"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "watcher") == 0)
		return role_watcher();
	if (argc >= 2 && strcmp(argv[1], "transit") == 0)
		return role_transit();
	if (argc >= 2 && strcmp(argv[1], "idle") == 0)
		return 0;
	if (argc >= 2 && strcmp(argv[1], "ldt") == 0)
		return hardtest_role_ldt();
	if (argc >= 2 && strcmp(argv[1], "mover") == 0)
		return hardtest_role_mover();
	if (argc >= 2 && strcmp(argv[1], "recvmover") == 0)
		return hardtest_role_recvmover();
	if (argc >= 2 && strcmp(argv[1], "noticeholder") == 0)
		return hardtest_role_noticeholder();
	check_init("hardtest");
	check_run("no_rights", no_rights);
	check_run("watches_die_with_watcher", watches_die_with_watcher);
	check_run("receive_right_cycles", receive_right_cycles);
	check_run("transit_reclaimed", transit_reclaimed);
	check_run("console_write_bounded", console_write_bounded);
	check_run("huge_ranges_bounded", huge_ranges_bounded);
	check_run("big_bss", big_bss);
	check_run("ldt_refused", ldt_refused);
	check_run("stale_move_refused", stale_move_refused);
	check_run("notices_own_port_only", notices_own_port_only);
	check_run("dead_watch_refused", dead_watch_refused);
	check_run("page_tables_freed", page_tables_freed);
	check_run("notices_stay_with_asker", notices_stay_with_asker);
	check_run("receiver_left_behind", receiver_left_behind);
	return check_summary();
}
