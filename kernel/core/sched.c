/* Scheduling mechanism (see sched.h). */
#include "core/sched.h"
#include "core/kmem.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"
#include "uapi/types.h"

#define NPRIO (LV_PRIO_MAX + 1)

static wait_queue_t run_queue[NPRIO];
static uint32_t ready_mask;  /* bit p: run_queue[p] not empty */
static thread_t boot_thread; /* the context kernel_main runs in */
thread_t *sched_running = &boot_thread;
static uint32_t *kernel_stack_slot; /* where the TSS keeps esp0 */
static int io_bitmap_live;  /* the TSS holds some process's I/O bitmap */
static uint32_t tls_loaded; /* base of the TLS segment now */
static thread_t *idle;
static thread_t *sleepers;  /* threads with a deadline, unsorted */
static thread_t *dead_list; /* stacks to free once off them */
static int need_resched;
/* The thread whose registers the FPU holds; NULL: nobody's (none yet, or a
 * dead thread's). Switching to any other user thread makes its next FPU
 * instruction trap (#NM, on_fpu_trap); kernel threads never use the FPU. */
static thread_t *fpu_owner;
static int next_tid = 1;
static int live_threads;

static void queue_push(wait_queue_t *q, thread_t *t)
{
	t->next = NULL;
	if (q->tail)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
}

static thread_t *queue_pop(wait_queue_t *q)
{
	thread_t *t = q->head;
	if (t) {
		q->head = t->next;
		if (!q->head)
			q->tail = NULL;
		t->next = NULL;
	}
	return t;
}

static inline __attribute__((always_inline)) void queue_remove(wait_queue_t *q,
							       thread_t *t)
{
	thread_t *prev = NULL;
	for (thread_t *i = q->head; i; prev = i, i = i->next) {
		if (i != t)
			continue;
		if (prev)
			prev->next = t->next;
		else
			q->head = t->next;
		if (q->tail == t)
			q->tail = prev;
		t->next = NULL;
		return;
	}
}

static void sleepers_remove(thread_t *t)
{
	for (thread_t **l = &sleepers; *l; l = &(*l)->sleep_next) {
		if (*l == t) {
			*l = t->sleep_next;
			t->sleep_next = NULL;
			return;
		}
	}
}

static void ready_push(thread_t *t)
{
	t->state = THREAD_READY;
	queue_push(&run_queue[t->priority], t);
	ready_mask |= 1u << t->priority;
}

/* A thread preempted before its quantum ran out goes back to the head of its
 * queue and keeps the rest of its quantum, so higher-priority wake-ups do not
 * turn the quanta of lower priorities into plain round robin. */
static inline __attribute__((always_inline)) void ready_push_front(thread_t *t)
{
	wait_queue_t *q = &run_queue[t->priority];
	t->state = THREAD_READY;
	t->next = q->head;
	q->head = t;
	if (!q->tail)
		q->tail = t;
	ready_mask |= 1u << t->priority;
}

static void ready_remove(thread_t *t)
{
	queue_remove(&run_queue[t->priority], t);
	if (!run_queue[t->priority].head)
		ready_mask &= ~(1u << t->priority);
}

static thread_t *ready_pop(void)
{
	if (!ready_mask)
		return idle;
	int p = 31 - __builtin_clz(ready_mask);
	thread_t *t = queue_pop(&run_queue[p]);
	if (!run_queue[p].head)
		ready_mask &= ~(1u << p);
	return t;
}

static void free_dead_stacks(void)
{
	while (dead_list && dead_list != sched_running) {
		thread_t *t = dead_list;
		dead_list = t->dead_next;
		if (t == fpu_owner) /* sched_kill_thread gave it up */
			panic("sched: freeing the FPU state of its owner, "
			      "tid %d",
			      t->tid);
		kfree(t->kstack);
		t->kstack = NULL;
		kfree(t->fpu_state);
		t->fpu_state = NULL;
		thread_unref(t);
	}
}

void thread_ref(thread_t *t) { t->refs++; }

void thread_unref(thread_t *t)
{
	if (--t->refs == 0)
		kfree(t);
}

/* Runs next in place of prev (prev's state is already set). */
static inline __attribute__((always_inline)) void switch_to(thread_t *prev,
							    thread_t *next)
{
	if (next->ticks_left <= 0)
		next->ticks_left = next->quantum;
	next->state = THREAD_RUNNING;
	if (next == prev)
		return;
	sched_running = next;
	*kernel_stack_slot = (uint32_t)next->kstack + KSTACK_SIZE;
	if (next->proc) {
		space_activate(next->proc->space); /* no-op for the same one */
		if (next->tls != tls_loaded) {
			nu_tls_load(next->tls);
			tls_loaded = next->tls;
		}
		/* Most threads have no I/O ports: then the TSS needs nothing.
		 */
		const uint8_t *io = next->proc->io_bitmap;
		if (io || io_bitmap_live) {
			nu_io_bitmap_load(io);
			io_bitmap_live = io != NULL;
		}
		/* No FPU work here: a thread that uses none (the IPC
		 * hand-off) costs nothing but this test. */
		if (next != fpu_owner)
			nu_fpu_trap_next_use();
	}
	nu_context_switch(&prev->saved_esp, next->saved_esp);
	if (dead_list)
		free_dead_stacks();
}

/* Switches to the best ready thread. Interrupts disabled by the caller. */
static void schedule(void)
{
	thread_t *prev = sched_running;
	if (prev->state == THREAD_RUNNING && prev != idle) {
		if (prev->ticks_left > 0)
			ready_push_front(prev);
		else
			ready_push(prev);
	}
	thread_t *next = ready_pop();
	need_resched = 0;
	switch_to(prev, next);
}

static void idle_loop(void *arg)
{
	(void)arg;
	for (;;) {
		nu_irq_disable();
		if (ready_mask)
			schedule();
		nu_wait_for_interrupt();
	}
}

static void on_tick(uint64_t now)
{
	thread_t *t = sched_running;
	if (t) {
		t->ticks_used++;
		if (t->proc)
			t->proc->ticks_used++;
		if (t != idle && --t->ticks_left <= 0)
			need_resched = 1;
	}
	for (thread_t **l = &sleepers; *l;) {
		thread_t *s = *l;
		if (s->wake_tick > now) {
			l = &s->sleep_next;
			continue;
		}
		*l = s->sleep_next;
		s->sleep_next = NULL;
		if (s->waiting)
			queue_remove(s->waiting, s);
		s->waiting = NULL;
		s->wake_rc = -ERR_TIMEDOUT;
		ready_push(s);
		need_resched = 1;
	}
	if (ready_mask && sched_running == idle)
		need_resched = 1;
}

/* At the end of every trap: preempt a thread returning to user mode, or the
 * idle thread, when something better is waiting. */
static void on_trap_exit(trap_frame_t *frame)
{
	if (need_resched && (TRAP_FROM_USER(frame) || sched_running == idle))
		schedule();
}

_Static_assert(NU_FPU_STATE_ALIGN <= 16, "kmalloc aligns blocks to 16");

/* #NM: the running thread's first FPU or SSE instruction since it last owned
 * the FPU. Saves the owner's registers, loads this thread's (the clean state
 * at its first use) and lets the instruction run again. Only from user mode
 * (no kmalloc can be under way); the kernel's own use of the FPU is a bug:
 * reported, then a panic. */
static int on_fpu_trap(trap_frame_t *frame)
{
	thread_t *t = sched_running;
	if (!TRAP_FROM_USER(frame) || !t->proc)
		return 0;
	if (t == fpu_owner) { /* nobody else used it meanwhile */
		nu_fpu_allow();
		return 1;
	}
	const void *load = t->fpu_state;
	if (!load && !(t->fpu_state = kmalloc(NU_FPU_STATE_BYTES))) {
		kprintf("proc %s (pid %d): killed: no memory for its FPU "
			"state\n",
			t->proc->name, t->proc->pid);
		proc_exit(t->proc, PROC_STATUS_FAULT);
		return 1; /* not reached: the thread is gone */
	}
	nu_fpu_switch(fpu_owner ? fpu_owner->fpu_state : NULL, load);
	fpu_owner = t;
	return 1;
}

static thread_t *thread_alloc(int priority)
{
	thread_t *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	t->kstack = kmalloc(KSTACK_SIZE);
	if (!t->kstack) {
		kfree(t);
		return NULL;
	}
	t->tid = next_tid++;
	t->refs = 1;
	t->priority = priority;
	t->quantum = 5;
	t->state = THREAD_BLOCKED;
	live_threads++;
	return t;
}

thread_t *thread_create_user(proc_t *proc, uint32_t entry, uint32_t user_esp)
{
	thread_t *t = thread_alloc(proc->priority);
	if (!t)
		return NULL;
	t->proc = proc;
	t->quantum = proc->quantum;
	t->saved_esp =
	    nu_kstack_prepare_user((uint32_t)t->kstack + KSTACK_SIZE, entry,
				   user_esp, proc->space->resident);
	return t;
}

thread_t *thread_create_kernel_data(void (*kfn)(void *), const void *data,
				    size_t len, int priority)
{
	thread_t *t = thread_alloc(priority);
	if (!t)
		return NULL;
	uint32_t top = ((uint32_t)t->kstack + KSTACK_SIZE - len) & ~15u;
	memcpy((void *)top, data, len);
	t->saved_esp = nu_kstack_prepare_kernel(top, kfn, (void *)top);
	return t;
}

thread_t *thread_create_kernel(void (*kfn)(void *), void *arg, int priority)
{
	thread_t *t = thread_alloc(priority);
	if (!t)
		return NULL;
	t->saved_esp = nu_kstack_prepare_kernel(
	    (uint32_t)t->kstack + KSTACK_SIZE, kfn, arg);
	return t;
}

void sched_init(void)
{
	kernel_stack_slot = nu_kernel_stack_slot();
	idle = thread_create_kernel(idle_loop, NULL, 0);
	if (!idle)
		panic("sched: no memory for the idle thread");
	idle->state = THREAD_READY;
	nu_timer_set_handler(on_tick);
	nu_trap_set_exit_hook(on_trap_exit);
	nu_trap_set_handler(7, on_fpu_trap);
}

void sched_start(void)
{
	nu_irq_disable();
	boot_thread.state = THREAD_DEAD;
	sched_running = &boot_thread;
	schedule();
	panic("sched_start: returned to the boot stack");
}

void sched_make_ready(thread_t *t)
{
	uint32_t f = nu_irq_save();
	if (t->state != THREAD_READY && t->state != THREAD_RUNNING &&
	    t->state != THREAD_DEAD) {
		ready_push(t);
		if (t->priority > sched_running->priority ||
		    sched_running == idle)
			need_resched = 1;
	}
	nu_irq_restore(f);
}

/* Marks the current thread blocked on q (may be NULL) until deadline. */
static inline __attribute__((always_inline)) void
block_current(wait_queue_t *q, uint64_t deadline)
{
	thread_t *t = sched_running;
	t->state = THREAD_BLOCKED;
	t->wake_rc = 0;
	t->waiting = q;
	if (q)
		queue_push(q, t);
	t->wake_tick = deadline;
	if (deadline) {
		t->sleep_next = sleepers;
		sleepers = t;
	}
}

/* Takes a blocked thread off its wait queue and deadline list. */
static inline __attribute__((always_inline)) void unblock(thread_t *t, int rc)
{
	if (t->waiting)
		queue_remove(t->waiting, t);
	t->waiting = NULL;
	if (t->wake_tick)
		sleepers_remove(t);
	t->wake_rc = rc;
}

int sched_handoff(thread_t *next, int next_rc, wait_queue_t *q,
		  uint64_t deadline)
{
	thread_t *self = sched_running;
	if (next->state != THREAD_BLOCKED)
		return sched_block(q, deadline);
	unblock(next, next_rc);
	block_current(q, deadline);
	int better =
	    ready_mask && 31 - __builtin_clz(ready_mask) > next->priority;
	if (better) {
		ready_push_front(next);
		schedule();
	} else {
		need_resched = 0;
		switch_to(self, next);
	}
	return self->wake_rc;
}

int sched_block(wait_queue_t *q, uint64_t deadline)
{
	uint32_t f = nu_irq_save();
	thread_t *t = sched_running;
	block_current(q, deadline);
	schedule();
	int rc = t->wake_rc;
	nu_irq_restore(f);
	return rc;
}

static int wake(wait_queue_t *q, int rc, int all)
{
	uint32_t f = nu_irq_save();
	int n = 0;
	thread_t *t;
	while ((all || n == 0) && (t = queue_pop(q)) != NULL) {
		t->waiting = NULL;
		if (t->wake_tick)
			sleepers_remove(t);
		t->wake_rc = rc;
		ready_push(t);
		if (t->priority >= sched_running->priority ||
		    sched_running == idle)
			need_resched = 1;
		n++;
	}
	nu_irq_restore(f);
	return n;
}

int sched_wake_one(wait_queue_t *q, int rc) { return wake(q, rc, 0); }
int sched_wake_all(wait_queue_t *q, int rc) { return wake(q, rc, 1); }

void sched_set_tls(uint32_t base)
{
	uint32_t f = nu_irq_save();
	sched_running->tls = base;
	nu_tls_load(base);
	tls_loaded = base;
	nu_irq_restore(f);
}

void sched_yield(void)
{
	uint32_t f = nu_irq_save();
	sched_running->ticks_left = 0;
	schedule();
	nu_irq_restore(f);
}

void sched_kill_thread(thread_t *t)
{
	uint32_t f = nu_irq_save();
	if (t->state == THREAD_DEAD) {
		nu_irq_restore(f);
		return;
	}
	if (t->state == THREAD_READY)
		ready_remove(t);
	unblock(t, 0);
	if (t == fpu_owner) /* its registers are nobody's: never saved */
		fpu_owner = NULL;
	t->state = THREAD_DEAD;
	live_threads--;
	t->dead_next = dead_list;
	dead_list = t;
	if (t == sched_running)
		schedule(); /* does not come back: t is dead */
	nu_irq_restore(f);
}

void sched_set_params(thread_t *t, int priority, int quantum)
{
	uint32_t f = nu_irq_save();
	if (t->state == THREAD_READY) {
		ready_remove(t);
		t->priority = priority;
		ready_push(t);
	} else {
		t->priority = priority;
	}
	t->quantum = quantum;
	nu_irq_restore(f);
}

int sched_thread_count(void) { return live_threads; }

thread_t *sched_first_waiter(wait_queue_t *q) { return q->head; }

void sched_wake_thread(thread_t *t, int rc)
{
	uint32_t f = nu_irq_save();
	if (t->state == THREAD_BLOCKED) {
		unblock(t, rc);
		ready_push_front(t);
		if (t->priority >= sched_running->priority ||
		    sched_running == idle)
			need_resched = 1;
	}
	nu_irq_restore(f);
}
