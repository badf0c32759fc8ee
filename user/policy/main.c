/* The scheduling-policy program: claims the policy, runs two CPU-bound spins
 * (A and B) over one wall-clock window at the same priority with A given four
 * times B's quantum, and checks the share follows: "policy TICKS" exits 0 if
 * both ran and A's ticks_used >= 2 x B's, else 1. (A higher priority would
 * starve B outright: the mechanism is strict priority.) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <lavender/clock.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

#define DEFAULT_TICKS 200
#define POLL_TICKS 2
#define DEFAULT_QUANTUM 10
#define GRACE_SECONDS 10 /* past the window before giving up on the spins */

/* What the last scan saw of one spin. */
struct spin {
	int pid;
	uint64_t ticks_used;
	int ended; /* a zombie, or gone from the table */
};

/* Ticks since boot (0 if the clock cannot be read). */
static uint64_t now_ticks(uint32_t *hz)
{
	uint64_t t = 0;
	lv_ticks(&t, hz);
	return t;
}

static void observe(struct spin *s)
{
	lv_proc_info_t info;

	if (s->ended)
		return;
	if (lv_proc_find(s->pid, &info) < 0) {
		s->ended = 1;
		return;
	}
	s->ticks_used = info.ticks_used;
	s->ended = info.state == LV_PROC_ZOMBIE;
}

static int start_spin(const char *name, unsigned long ticks,
		      unsigned long start)
{
	char args[64];
	int pid;

	snprintf(args, sizeof(args), "spin %s %lu %lu", name, ticks, start);
	pid = lv_spawn("spin", args, LV_SPAWN_DEFAULT, 0, 0);
	if (pid < 0)
		printf("policy: cannot start spin %s: %s\n", name,
		       lv_strerror(pid));
	return pid;
}

/* Polls both spins until they end, keeping the last ticks_used seen (read
 * before wait: a reaped process leaves the table). */
static int watch(struct spin *a, struct spin *b, uint64_t deadline)
{
	while (!a->ended || !b->ended) {
		if (now_ticks(NULL) > deadline)
			return -ERR_TIMEDOUT;
		lv_sleep(POLL_TICKS);
		observe(a);
		observe(b);
	}
	return 0;
}

static const usage_t usage = {
    "policy", "TICKS",
    "Claims the scheduling policy (needs init's -s) and runs two spins "
    "for\nTICKS ticks, one with four times the other's quantum; exits 0 when "
    "that\none got at least twice the ticks.",
    "proc.policy"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	unsigned long ticks = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
	struct spin a = {0}, b = {0};
	lv_proc_info_t self;
	int rc, prio, quantum, quantum_a, status;
	uint32_t hz = 100;
	uint64_t start;

	if (ticks == 0)
		ticks = DEFAULT_TICKS;
	rc = lv_sched_claim();
	if (rc < 0) {
		printf("policy: sched_claim: %s\n", lv_strerror(rc));
		return 1;
	}
	/* Defaults from our own entry; we outrank both spins while we set
	 * them up and poll. */
	prio = LV_PRIO_MAX / 2;
	quantum = DEFAULT_QUANTUM;
	if (lv_proc_find(lv_getpid(), &self) == 0) {
		prio = self.priority;
		quantum = self.quantum > 0 ? self.quantum : DEFAULT_QUANTUM;
	}
	if (prio > LV_PRIO_MAX - 2)
		prio = LV_PRIO_MAX - 2;
	if (prio < 1)
		prio = 1;
	lv_sched_set(lv_getpid(), LV_PRIO_MAX, quantum);

	start = now_ticks(&hz);
	a.pid = start_spin("A", ticks, (unsigned long)start);
	b.pid = start_spin("B", ticks, (unsigned long)start);
	if (a.pid < 0 || b.pid < 0)
		goto out_kill;
	quantum_a = quantum * 4 < LV_QUANTUM_MAX ? quantum * 4 : LV_QUANTUM_MAX;
	rc = lv_sched_set(b.pid, prio, quantum);
	if (rc == 0)
		rc = lv_sched_set(a.pid, prio, quantum_a);
	if (rc < 0) {
		printf("policy: sched_set: %s\n", lv_strerror(rc));
		goto out_kill;
	}
	printf("policy: A pid %d priority %d quantum %d, B pid %d priority %d "
	       "quantum %d, %lu ticks\n",
	       a.pid, prio, quantum_a, b.pid, prio, quantum, ticks);
	rc = watch(&a, &b, start + ticks + (uint64_t)GRACE_SECONDS * hz);
	if (rc < 0) {
		printf("policy: spins did not end: %s\n", lv_strerror(rc));
		goto out_kill;
	}
	lv_wait(a.pid, &status);
	lv_wait(b.pid, &status);
	printf("policy: A ticks=%lu B ticks=%lu\n", (unsigned long)a.ticks_used,
	       (unsigned long)b.ticks_used);
	/* What a policy server sets must not outlive it: init's priority
	 * comes back to the default when we end (the suite checks with ps). */
	rc = lv_sched_set(1, 3, 2);
	printf("policy: set init to 3/2: %s\n",
	       rc < 0 ? lv_strerror(rc) : "ok");
	return rc == 0 && b.ticks_used > 0 && a.ticks_used >= 2 * b.ticks_used
		   ? 0
		   : 1;

out_kill:
	if (a.pid > 0 && lv_kill(a.pid) == 0)
		lv_wait(a.pid, &status);
	if (b.pid > 0 && lv_kill(b.pid) == 0)
		lv_wait(b.pid, &status);
	return 1;
}
