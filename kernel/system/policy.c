/* Default scheduling policy and its hand-over (see policy.h). The mechanism
 * (core/sched.c) only runs the highest priority first, round robin with
 * per-thread quanta; everything here is choice. */
#include "system/policy.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"

static int holder_pid; /* 0: the kernel's default policy decides */

void policy_place_new(proc_t *p)
{
	p->priority = POLICY_DEFAULT_PRIORITY;
	p->quantum = POLICY_DEFAULT_QUANTUM;
}

static int holder_alive(void)
{
	proc_t *h = proc_find(holder_pid);
	return h && !h->zombie;
}

/* The holder ended: the default policy takes back every process, so what a
 * policy server set does not outlive it. */
static void on_proc_end(proc_t *p)
{
	if (p->pid != holder_pid)
		return;
	holder_pid = 0;
	for (int i = 0; i < PROC_MAX; i++) {
		proc_t *q = proc_slot(i);
		if (!q->pid || q->zombie || q == p)
			continue;
		q->priority = POLICY_DEFAULT_PRIORITY;
		q->quantum = POLICY_DEFAULT_QUANTUM;
		for (thread_t *t = q->threads; t; t = t->proc_next)
			sched_set_params(t, q->priority, q->quantum);
	}
	kprintf("policy: holder pid %d ended; default policy restored\n",
		p->pid);
}

void policy_init(void) { proc_add_release_hook(on_proc_end); }

int policy_claim(proc_t *caller)
{
	if (holder_pid && holder_pid != caller->pid && holder_alive())
		return -ERR_BUSY;
	holder_pid = caller->pid;
	return 0;
}

int policy_set(proc_t *caller, proc_t *target, int priority, int quantum)
{
	if (priority < 1 || priority > LV_PRIO_MAX || quantum < 1 ||
	    quantum > LV_QUANTUM_MAX)
		return -ERR_INVAL;
	int is_holder = holder_pid == caller->pid;
	if (!is_holder && (target != caller || priority > target->priority))
		return -ERR_PERM;
	if (target->zombie)
		return -ERR_SRCH;
	target->priority = priority;
	target->quantum = quantum;
	for (thread_t *t = target->threads; t; t = t->proc_next)
		sched_set_params(t, priority, quantum);
	return 0;
}
