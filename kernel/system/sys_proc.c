/* System calls about processes and threads (requests and replies are
 * documented in uapi/syscalls.h). */
#include "core/kmem.h"
#include "core/limits.h"
#include "core/proc.h"
#include "core/port.h"
#include "nucleus/nucleus.h"
#include "system/policy.h"
#include "system/placement.h"
#include "system/spawn.h"
#include "system/syscall.h"
#include "lib/string.h"
#include "uapi/errors.h"

int sys_exit(const uint32_t *a)
{
	proc_exit(proc_current(), (int)a[0]);
	return -ERR_SRCH; /* not reached */
}

int sys_getpid(const uint32_t *a)
{
	(void)a;
	return proc_current()->pid;
}

int sys_gettid(const uint32_t *a)
{
	(void)a;
	return sched_current()->tid;
}

int sys_thread_create(const uint32_t *a)
{
	proc_t *p = proc_current();
	uint32_t entry = a[0], stack = a[1], arg = a[2];
	if (entry >= USER_LIMIT || stack >= USER_LIMIT || stack < 8)
		return -ERR_FAULT;
	if (p->nthreads >= LIMIT_THREADS)
		return -ERR_AGAIN;
	uint32_t frame[2] = {0, arg}; /* return address, then the argument */
	stack = (stack & ~15u) - 8;
	if (copyout(stack, frame, sizeof(frame)) < 0)
		return -ERR_FAULT;
	thread_t *t = thread_create_user(p, entry, stack);
	if (!t)
		return -ERR_NOMEM;
	proc_add_thread(p, t);
	return t->tid;
}

int sys_thread_exit(const uint32_t *a) { proc_thread_exit((int)a[0]); }

int sys_thread_exit_free(const uint32_t *a)
{
	proc_t *p = proc_current();
	uint32_t lo = a[1], len = a[2], owned;
	if (lo % PAGE_SIZE == 0 && len % PAGE_SIZE == 0 && len &&
	    lo >= p->map_lo && lo < p->map_hi && len <= p->map_hi - lo) {
		uint32_t f = nu_irq_save();
		space_unmap(p->space, lo, len, p->pid, &owned);
		p->mem_pages -= owned < p->mem_pages ? owned : p->mem_pages;
		nu_irq_restore(f);
	}
	proc_thread_exit((int)a[0]);
}

/* Checks the spawn flags and the group against the caller's rights. */
static int spawn_check(proc_t *me, unsigned flags, int group_pid,
		       proc_t **group)
{
	*group = NULL;
	if (flags & ~LV_SPAWN_FLAGS)
		return -ERR_INVAL;
	if ((flags & LV_SPAWN_GROUP) && (flags & LV_SPAWN_RESIDENT))
		return -ERR_INVAL;
	/* Rights are handed on only by their holders; resident servers run
	 * in ring 1: only for holders of the nucleus right. */
	if (spawn_rights(flags) & ~me->rights)
		return -ERR_PERM;
	if ((flags & LV_SPAWN_RESIDENT) && !(me->rights & LV_PRIV_NUCLEUS))
		return -ERR_PERM;
	if (!(flags & LV_SPAWN_GROUP))
		return 0;
	proc_t *g = proc_find(group_pid);
	if (!g || g->zombie)
		return -ERR_SRCH;
	if (g != me && g->parent != me && g->space != me->space)
		return -ERR_PERM;
	if (g->space->resident)
		return -ERR_INVAL;
	*group = g;
	return 0;
}

/* -ERR_AGAIN when me has LIMIT_CHILDREN children (zombies count until
 * waited for), or holds no privilege and only the reserved slots are free. */
static int process_room(const proc_t *me)
{
	int children = 0, free_slots = 0;
	for (int i = 0; i < PROC_MAX; i++) {
		const proc_t *q = proc_slot(i);
		if (!q->pid)
			free_slots++;
		else if (q->parent == me)
			children++;
	}
	if (children >= LIMIT_CHILDREN)
		return -ERR_AGAIN;
	if (!me->rights && free_slots <= LIMIT_PROC_RESERVED)
		return -ERR_AGAIN;
	return 0;
}

/* The common part of spawn and spawn_ex once the strings are copied in:
 * checks flags, group, limits and the right to pass, then starts it. */
static int spawn_checked(spawn_req_t *req, int handle, int group_pid)
{
	proc_t *me = proc_current();
	int rc = spawn_check(me, req->flags, group_pid, &req->group);
	if (rc == 0)
		rc = process_room(me);
	if (rc < 0)
		return rc;
	uint32_t f = nu_irq_save();
	if (handle != 0) {
		handle_slot_t *s;
		rc = handle_lookup(me, handle, &s);
		if (rc == 0 && s->right.type != LV_RIGHT_SEND &&
		    s->right.type != LV_RIGHT_RECEIVE)
			rc = -ERR_PERM;
		if (rc == 0)
			req->boot_right = &s->right;
	}
	if (rc == 0)
		rc = spawn_image(req);
	nu_irq_restore(f);
	return rc;
}

static int copyin_args(char *args, uint32_t user_args)
{
	int rc = copyin_str(args, user_args, SPAWN_ARGS_MAX);
	return rc == -ERR_NAMETOOLONG ? -ERR_2BIG : rc;
}

int sys_spawn(const uint32_t *a)
{
	char image[LV_NAME_MAX], args[SPAWN_ARGS_MAX];
	spawn_req_t req = {.image = image,
			   .args = args,
			   .parent = proc_current(),
			   .flags = a[2]};
	int rc = copyin_str(image, a[0], sizeof(image));
	if (rc >= 0)
		rc = copyin_args(args, a[1]);
	return rc < 0 ? rc : spawn_checked(&req, (int)a[3], (int)a[4]);
}

int sys_spawn_ex(const uint32_t *a)
{
	lv_spawn_t u;
	char name[LV_NAME_MAX], args[SPAWN_ARGS_MAX];
	int rc = copyin(&u, a[0], sizeof(u));
	if (rc < 0)
		return rc;
	spawn_req_t req = {.image = name,
			   .args = args,
			   .parent = proc_current(),
			   .flags = u.flags,
			   .stack_size = u.stack_size,
			   .handles_max = u.handles_max};
	rc = copyin_str(name, (uint32_t)u.name, sizeof(name));
	if (rc >= 0)
		rc = copyin_args(args, (uint32_t)u.args);
	if (rc < 0)
		return rc;
	uint8_t *elf = NULL;
	if (u.elf) {
		if (u.elf_len == 0 || u.elf_len > SPAWN_ELF_MAX)
			return -ERR_2BIG;
		elf = kmalloc(u.elf_len);
		if (!elf)
			return -ERR_NOMEM;
		rc = copyin(elf, (uint32_t)u.elf, u.elf_len);
		req.elf = elf;
		req.elf_len = u.elf_len;
	}
	if (rc >= 0)
		rc = spawn_checked(&req, u.handle, u.group);
	kfree(elf);
	return rc;
}

int sys_wait(const uint32_t *a)
{
	int status = 0;
	int pid = (int)a[0];
	if (pid < -1 || pid == 0)
		return -ERR_INVAL;
	int rc = proc_wait(pid, &status);
	if (rc > 0 && a[1] && copyout(a[1], &status, sizeof(status)) < 0)
		return -ERR_FAULT; /* the child is reaped all the same */
	return rc;
}

int sys_kill(const uint32_t *a)
{
	proc_t *me = proc_current(), *p = proc_find((int)a[0]);
	if (!p || p->zombie)
		return -ERR_SRCH;
	if (p->pid == 1 && me != p)
		return -ERR_PERM; /* as Unix: nobody ends init (the node) */
	/* Its parent, itself, init, or a holder of the nucleus right (the
	 * administrator's shell) may end a process. */
	if (p->parent != me && me->pid != 1 && p != me &&
	    !(me->rights & LV_PRIV_NUCLEUS))
		return -ERR_PERM;
	kprintf("proc %s (pid %d): killed by pid %d\n", p->name, p->pid,
		me->pid);
	proc_exit(p, PROC_STATUS_KILLED);
	return 0;
}

int sys_proc_info(const uint32_t *a)
{
	proc_t *p = proc_slot((int)a[0]);
	if (!p)
		return -ERR_NOENT;
	if (!p->pid)
		return -ERR_SRCH;
	lv_proc_info_t info;
	memset(&info, 0, sizeof(info));
	info.pid = p->pid;
	info.parent = p->parent ? p->parent->pid : 0;
	info.state = p->zombie ? LV_PROC_ZOMBIE : LV_PROC_RUNNING;
	if (!p->zombie) {
		int runnable = 0;
		for (thread_t *t = p->threads; t; t = t->proc_next)
			runnable |= t->state != THREAD_BLOCKED;
		if (!runnable)
			info.state = LV_PROC_BLOCKED;
	}
	info.threads = p->nthreads;
	info.priority = p->priority;
	info.quantum = p->quantum;
	info.ticks_used = p->ticks_used;
	info.pages = p->space ? space_resident_pages(p->space, p->pid) : 0;
	info.reserved_pages = p->mem_pages;
	info.exit_code = p->exit_code;
	info.rights = p->rights;
	if (p->space) {
		info.space = p->space->creator;
		info.placement = p->space->kernel     ? LV_PLACE_KERNEL
				 : p->space->resident ? LV_PLACE_RESIDENT
				 : p->space->creator != p->pid ? LV_PLACE_GROUP
							       : LV_PLACE_OWN;
	}
	for (uint32_t i = 1; p->handles && i < p->handles_cap; i++)
		info.handles += p->handles[i].right.type != 0;
	strlcpy(info.name, p->name, sizeof(info.name));
	return copyout(a[1], &info, sizeof(info));
}

int sys_sched_claim(const uint32_t *a)
{
	(void)a;
	return policy_claim(proc_current());
}

int sys_sched_set(const uint32_t *a)
{
	proc_t *target = proc_find((int)a[0]);
	if (!target)
		return -ERR_SRCH;
	return policy_set(proc_current(), target, (int)a[1], (int)a[2]);
}

int sys_child_notify(const uint32_t *a)
{
	proc_t *me = proc_current();
	handle_slot_t *s;
	int rc = 0;
	uint32_t f = nu_irq_save();
	if (a[0] == 0) {
		proc_child_notify(me, NULL);
	} else {
		rc = handle_lookup(me, (int)a[0], &s);
		if (rc == 0 && s->right.type != LV_RIGHT_RECEIVE)
			rc = -ERR_PERM; /* notices only to the caller's own port
					 */
		if (rc == 0)
			proc_child_notify(me, s->right.port);
	}
	nu_irq_restore(f);
	return rc;
}

int sys_thread_set_tls(const uint32_t *a)
{
	if (a[0] && !user_range_ok(a[0], PAGE_SIZE))
		return -ERR_FAULT;
	sched_set_tls(a[0]);
	return 0;
}
