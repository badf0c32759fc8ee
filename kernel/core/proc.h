/* Processes: an address space, its threads, a parent, an exit status. A
 * process ends when its last thread ends or when it is killed; it then stays
 * a zombie until its parent waits for it (children of an ended parent pass to
 * pid 1). A fixed table of PROC_MAX slots. */
#ifndef LAVENDER_CORE_PROC_H
#define LAVENDER_CORE_PROC_H
#include "core/sched.h"
#include "core/space.h"
#include "uapi/types.h"

#define PROC_MAX 64

/* Exit statuses given by the kernel rather than by the process. */
#define PROC_STATUS_KILLED 137
#define PROC_STATUS_FAULT 139

struct proc {
	int pid; /* 0: free slot */
	char name[LV_NAME_MAX];
	proc_t *parent;
	space_t *space;	 /* NULL once ended */
	unsigned rights; /* LV_PRIV_* (uapi/types.h) */
	int slot;	 /* its place in its space (system/placement.c) */
	/* Where it may map memory, and what it leaves behind when it ends
	 * while others still use its space (a group member's slot and
	 * stack): [map_lo, map_hi), [own_lo, own_hi), [stack_lo, stack_hi). */
	uint32_t map_lo, map_hi, own_lo, own_hi, stack_lo, stack_hi;
	uint8_t *io_bitmap; /* NU_IO_BITMAP_BYTES, NULL: no ports */
	thread_t *threads;
	int nthreads;
	int zombie;
	int exit_code;
	int priority, quantum; /* given to its new threads */
	uint64_t ticks_used;
	/* the process's threads waiting for children */
	wait_queue_t child_exit;
	struct handle_slot *handles; /* handles_cap slots; core/port.c */
	uint32_t handles_cap, handles_max;
	uint32_t handle_hint; /* no free handle slot below it (0: none known) */
	/* What it holds of the kernel, against core/limits.h. */
	struct port *ports; /* live ports it owns (port.h) */
	uint32_t nports;
	uint32_t queued_bytes; /* kernel bytes queued on its ports */
	struct port_watch *watches;
	uint32_t nwatches;
	uint32_t mem_pages; /* user pages it mapped (image, stack, mem_map) */
	struct port *child_port; /* LV_OP_CHILD_EXIT of its children, or NULL */
};

/* A new process with no threads, child of parent, in space (the process
 * takes over the caller's reference), with up to handles_max handles (0:
 * LV_HANDLES_DEFAULT; -ERR_INVAL past LV_HANDLES_LIMIT). */
int proc_create(const char *name, proc_t *parent, space_t *space,
		uint32_t handles_max, proc_t **out);
/* Adds t (made by thread_create_user for p) to p and makes it runnable. */
void proc_add_thread(proc_t *p, thread_t *t);
/* The running thread's process; NULL in kernel threads. */
static inline proc_t *proc_current(void) { return sched_running->proc; }
proc_t *proc_find(int pid);
proc_t *proc_slot(int index); /* NULL outside 0..PROC_MAX-1 */
/* Ends the current thread; the last one ends the process with code. */
void proc_thread_exit(int code) __attribute__((noreturn));
/* Ends process p with code (threads killed, space freed, parent told). If p
 * is the caller's process this does not return. */
void proc_exit(proc_t *p, int code);
/* Waits for child pid (-1: any) of the current process; *status gets its
 * code. Returns its pid, -ERR_SRCH when there is no such child. */
int proc_wait(int pid, int *status);
/* Adds a hook called as every process ends, before its handles and memory
 * go: the system layer releases what it handed out (IRQ lines, the policy).
 * At most 8; called in the order added. */
void proc_add_release_hook(void (*hook)(proc_t *p));
/* Announces p's children's ends on port (NULL: stop) as LV_OP_CHILD_EXIT;
 * takes a reference. */
int proc_child_notify(proc_t *p, struct port *port);
/* Called when pid 1 ends (system layer decides what the machine does). */
void proc_set_init_exit_hook(void (*hook)(int code));

#endif
