/* Threads and the scheduling mechanism: priority run queues (0 lowest ..
 * LV_PRIO_MAX), round robin within a priority with per-thread quanta, blocking
 * on wait queues with optional deadlines, sleeping, preemption at the end of
 * traps; lazy switching of the x87/SSE registers. What priority and quantum
 * a thread gets is policy (system layer).
 * The kernel is not preemptible: a thread in the kernel runs until it blocks,
 * yields or returns to user mode. All functions here run with interrupts
 * disabled inside; callers need not disable them. */
#ifndef LAVENDER_CORE_SCHED_H
#define LAVENDER_CORE_SCHED_H
#include <stddef.h>
#include <stdint.h>
#include "nucleus/trapframe.h"

#define KSTACK_SIZE 8192u

typedef struct thread thread_t;
typedef struct proc proc_t;

typedef struct wait_queue {
	thread_t *head, *tail;
} wait_queue_t;

enum thread_state {
	THREAD_READY = 1,
	THREAD_RUNNING,
	THREAD_BLOCKED,
	THREAD_DEAD,
};

struct thread {
	int tid;
	proc_t *proc;	 /* NULL for kernel threads */
	uint8_t *kstack; /* KSTACK_SIZE bytes from kmalloc */
	uint32_t saved_esp;
	int state;
	int priority, quantum, ticks_left;
	uint64_t ticks_used;
	uint64_t wake_tick;    /* deadline while blocked, 0 for none */
	wait_queue_t *waiting; /* the queue it blocks on, if any */
	int wake_rc;	       /* what sched_block returns */
	thread_t *next;	       /* link in a run queue or wait queue */
	thread_t *sleep_next;  /* link in the deadline list */
	thread_t *proc_next;   /* link in proc->threads */
	thread_t *dead_next;   /* link in the list of stacks to free */
	int refs;	       /* 1 while alive, +1 per reply right naming it */
	/* x87/SSE registers while another thread's are loaded: kmalloc'd
	 * (NU_FPU_STATE_BYTES) at its first FPU instruction, NULL before;
	 * freed with its stack. */
	void *fpu_state;
	/* IPC (core/ipc.c): where a message or reply for this thread goes */
	uint32_t ipc_buf, ipc_size; /* user buffer: header + payload */
	uint32_t call_seq;	    /* number of its current call */
	int awaiting_reply;	    /* blocked in a call, reply not yet in */
	/* The remote identity its messages carry as sender (act_for), in
	 * [LV_REMOTE_ID_MIN, -1]; 0: its process's pid. Not for replies. */
	int act_for;
	int fault_nomem; /* a checked copy failed for want of a frame */
	uint32_t tls;	 /* user address of its thread-local block (0: none) */
};

void sched_init(void); /* makes the idle thread */
/* Leaves the boot stack for the first ready thread; never returns. */
void sched_start(void) __attribute__((noreturn));

/* A new thread, not yet runnable. entry_user != 0: enters user mode at
 * entry_user with user_esp (proc must be set); otherwise runs kfn(arg). */
thread_t *thread_create_user(proc_t *proc, uint32_t entry, uint32_t user_esp);
thread_t *thread_create_kernel(void (*kfn)(void *), void *arg, int priority);
/* The same, with len bytes of data copied to the top of the thread's own
 * kernel stack, their address the argument: the data lives and dies with
 * the thread (nothing to free if it never runs). */
thread_t *thread_create_kernel_data(void (*kfn)(void *), const void *data,
				    size_t len, int priority);

/* The running thread (never NULL); written only by sched.c. */
extern thread_t *sched_running;
static inline thread_t *sched_current(void) { return sched_running; }
void sched_make_ready(thread_t *t);
/* Blocks the current thread on q (may be NULL: deadline only) until woken or
 * the tick count reaches deadline (0: none). Returns the waker's rc, or
 * -ERR_TIMEDOUT. */
int sched_block(wait_queue_t *q, uint64_t deadline);
/* Wakes the first (or every) waiter of q, making sched_block return rc.
 * Return: how many were woken. */
int sched_wake_one(wait_queue_t *q, int rc);
int sched_wake_all(wait_queue_t *q, int rc);
void sched_yield(void);
/* The calling thread's thread-local block is at user address base. */
void sched_set_tls(uint32_t base);
/* Makes t never run again and unlinks it from every queue. If t is the
 * current thread this does not return. The stack is freed later. */
void sched_kill_thread(thread_t *t);
/* Sets t's scheduling parameters; takes effect at its next slice. */
void sched_set_params(thread_t *t, int priority, int quantum);
/* The first thread blocked on q, or NULL (it stays there). */
thread_t *sched_first_waiter(wait_queue_t *q);
/* Wakes next (blocked) with next_rc and blocks the current thread on q (may
 * be NULL) until deadline, running next at once unless a ready thread has a
 * higher priority: the IPC hand-off, without a trip through the run queue.
 * Returns what sched_block would. Interrupts must be off (IPC runs so). */
int sched_handoff(thread_t *next, int next_rc, wait_queue_t *q,
		  uint64_t deadline);
/* Wakes one particular blocked thread with rc and puts it at the head of its
 * run queue: the IPC hand-off, so a message's receiver runs next. */
void sched_wake_thread(thread_t *t, int rc);
/* Thread structures outlive their stacks while reply rights name them. */
void thread_ref(thread_t *t);
void thread_unref(thread_t *t);
int sched_thread_count(void);

#endif
