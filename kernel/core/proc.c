/* The process table and process life cycle (see proc.h). */
#include "core/proc.h"
#include "core/kmem.h"
#include "core/ipc.h"
#include "core/port.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

static proc_t table[PROC_MAX];
static int next_pid = 1;
static void (*init_exit_hook)(int code);
#define RELEASE_HOOKS 8
static void (*release_hooks[RELEASE_HOOKS])(proc_t *p);

void proc_add_release_hook(void (*hook)(proc_t *p))
{
	for (int i = 0; i < RELEASE_HOOKS; i++) {
		if (!release_hooks[i]) {
			release_hooks[i] = hook;
			return;
		}
	}
	panic("proc: more than %d release hooks", RELEASE_HOOKS);
}

void proc_set_init_exit_hook(void (*hook)(int code)) { init_exit_hook = hook; }

int proc_create(const char *name, proc_t *parent, space_t *space,
		uint32_t handles_max, proc_t **out)
{
	proc_t *p = NULL;
	for (int i = 0; i < PROC_MAX && !p; i++)
		if (!table[i].pid)
			p = &table[i];
	if (!p)
		return -ERR_AGAIN;
	memset(p, 0, sizeof(*p));
	int rc = handles_init(p, handles_max);
	if (rc < 0)
		return rc;
	p->space = space;
	p->pid = next_pid++;
	strlcpy(p->name, name, sizeof(p->name));
	p->parent = parent;
	p->priority = 16;
	p->quantum = 5;
	*out = p;
	return 0;
}

void proc_add_thread(proc_t *p, thread_t *t)
{
	t->proc_next = p->threads;
	p->threads = t;
	p->nthreads++;
	sched_make_ready(t);
}

proc_t *proc_find(int pid)
{
	for (int i = 0; i < PROC_MAX; i++)
		if (pid > 0 && table[i].pid == pid)
			return &table[i];
	return NULL;
}

proc_t *proc_slot(int index)
{
	return index >= 0 && index < PROC_MAX ? &table[index] : NULL;
}

static void unlink_thread(proc_t *p, thread_t *t)
{
	for (thread_t **l = &p->threads; *l; l = &(*l)->proc_next) {
		if (*l == t) {
			*l = t->proc_next;
			p->nthreads--;
			return;
		}
	}
}

/* Tells parent's child port (if it asked) that child ended. */
static void announce_exit(proc_t *parent, const proc_t *child)
{
	if (!parent->child_port)
		return;
	lv_child_exit_t e = {child->pid, child->exit_code};
	if (port_held_by(parent->child_port, parent->pid))
		ipc_kernel_notice(parent->child_port, LV_OP_CHILD_EXIT, &e,
				  sizeof(e));
}

int proc_child_notify(proc_t *p, port_t *port)
{
	if (p->child_port)
		port_unref(p->child_port);
	p->child_port = port;
	if (port)
		port_ref(port);
	return 0;
}

/* Children of p go to pid 1 (or nobody, if p is pid 1). */
static void reparent_children(proc_t *p)
{
	proc_t *init = proc_find(1);
	for (int i = 0; i < PROC_MAX; i++) {
		if (table[i].pid && table[i].parent == p) {
			table[i].parent = init != p ? init : NULL;
			if (table[i].zombie && table[i].parent) {
				sched_wake_all(&table[i].parent->child_exit, 0);
				announce_exit(table[i].parent, &table[i]);
			}
		}
	}
}

void proc_exit(proc_t *p, int code)
{
	uint32_t f = nu_irq_save();
	if (p->zombie) {
		nu_irq_restore(f);
		return;
	}
	thread_t *self = sched_current();
	int suicide = self->proc == p;
	p->zombie = 1;
	p->exit_code = code;
	while (p->threads) {
		thread_t *t = p->threads;
		unlink_thread(p, t);
		if (t != self)
			sched_kill_thread(t);
	}
	for (int i = 0; i < RELEASE_HOOKS && release_hooks[i]; i++)
		release_hooks[i](p);
	port_unwatch_all(p);
	handles_destroy(p);
	port_kill_owned(p);	  /* those whose receive right is in transit */
	if (p->space->refs > 1) { /* the group goes on: free what was ours */
		space_release(p->space, p->own_lo, p->own_hi);
		space_release(p->space, p->stack_lo, p->stack_hi);
	}
	space_put(p->space);
	p->space = NULL;
	if (p->io_bitmap) {
		/* Its address may come back as another process's bitmap. */
		nu_io_bitmap_invalidate();
		kfree(p->io_bitmap);
		p->io_bitmap = NULL;
	}
	reparent_children(p);
	if (p->child_port) {
		port_unref(p->child_port);
		p->child_port = NULL;
	}
	sched_wake_all(&p->child_exit, -ERR_SRCH); /* its own waiters: gone */
	if (p->parent) {
		sched_wake_all(&p->parent->child_exit, 0);
		announce_exit(p->parent, p);
	} else if (p->pid != 1)
		p->pid = 0; /* nobody will wait: free the slot now */
	if (p->pid == 1 && init_exit_hook)
		init_exit_hook(code);
	if (suicide)
		sched_kill_thread(self);
	nu_irq_restore(f);
}

void proc_thread_exit(int code)
{
	thread_t *self = sched_current();
	proc_t *p = self->proc;
	nu_irq_disable();
	if (p->nthreads <= 1) {
		proc_exit(p, code);
	} else {
		unlink_thread(p, self);
		sched_kill_thread(self);
	}
	panic("proc_thread_exit: a dead thread ran on");
}

int proc_wait(int pid, int *status)
{
	proc_t *me = proc_current();
	for (;;) {
		int children = 0;
		for (int i = 0; i < PROC_MAX; i++) {
			proc_t *c = &table[i];
			if (!c->pid || c->parent != me ||
			    (pid != -1 && c->pid != pid))
				continue;
			children++;
			if (!c->zombie)
				continue;
			int found = c->pid;
			*status = c->exit_code;
			c->pid = 0;
			return found;
		}
		if (!children)
			return -ERR_SRCH;
		sched_block(&me->child_exit, 0);
	}
}
