/* Kernel-side processes (see kproc.h): their creation, their kernel
 * threads, and the IPC calls with kernel buffers exported to modules. */
#include "core/kproc.h"
#include "core/ipc.h"
#include "core/kmem.h"
#include "core/limits.h"
#include "core/module.h"
#include "nucleus/layout.h"
#include "nucleus/nucleus.h"
#include "lib/export.h"
#include "lib/fmt.h"
#include "uapi/errors.h"

static void (*setup_hook)(proc_t *p);
static proc_t *calling; /* the module whose init or exit runs now */

void kproc_set_setup_hook(void (*hook)(proc_t *p)) { setup_hook = hook; }

/* The process's own port, its receive right at KPROC_PORT. */
static int main_port(proc_t *p)
{
	port_t *port;
	uint32_t f = nu_irq_save();
	int rc = port_alloc(p, &port);
	if (rc == 0) {
		right_t r = {.type = LV_RIGHT_RECEIVE, .port = port};
		port_ref(port);
		handle_install_at(p, KPROC_PORT, &r);
	}
	nu_irq_restore(f);
	return rc;
}

int kproc_create(const char *name, proc_t **out)
{
	char pname[LV_NAME_MAX];
	fmt_snprintf(pname, sizeof(pname), "[%s]", name);
	/* Its buffers live in the kernel heap (its threads' stacks) and in
	 * its module's image. */
	space_t *s = space_create_kernel(KHEAP_BASE, MODULE_AREA_LIMIT);
	if (!s)
		return -ERR_NOMEM;
	int rc = proc_create(pname, NULL, s, 0, out);
	if (rc < 0) {
		space_put(s);
		return rc;
	}
	s->creator = (*out)->pid;
	rc = main_port(*out);
	if (rc < 0) {
		proc_exit(*out, 0);
		return rc;
	}
	if (setup_hook)
		setup_hook(*out);
	return 0;
}

int kproc_is(const proc_t *p) { return p && p->space && p->space->kernel; }

proc_t *kproc_current(void)
{
	proc_t *p = sched_current()->proc;
	return kproc_is(p) ? p : NULL;
}

proc_t *kproc_caller(void)
{
	proc_t *p = kproc_current();
	return p ? p : calling;
}

void kproc_set_calling(proc_t *p) { calling = p; }

typedef struct kstart {
	void (*fn)(void *arg);
	void *arg;
} kstart_t;

/* v: the kstart_t at the top of the thread's own stack. */
static void kthread_main(void *v)
{
	kstart_t s = *(kstart_t *)v;
	s.fn(s.arg);
	proc_thread_exit(0);
}

int kthread_start(void (*fn)(void *arg), void *arg)
{
	proc_t *p = kproc_caller();
	if (!p || p->zombie)
		return -ERR_PERM;
	if (p->nthreads >= LIMIT_THREADS)
		return -ERR_AGAIN;
	/* On the thread's stack, not the heap: a thread ended before it ran
	 * (its module removed at once) leaves nothing behind. */
	kstart_t s = {fn, arg};
	thread_t *t =
	    thread_create_kernel_data(kthread_main, &s, sizeof(s), p->priority);
	if (!t)
		return -ERR_NOMEM;
	t->proc = p;
	t->quantum = p->quantum;
	uint32_t f = nu_irq_save();
	proc_add_thread(p, t);
	nu_irq_restore(f);
	return 0;
}
LV_EXPORT(kthread_start);

int kproc_pid(void)
{
	proc_t *p = kproc_caller();
	return p ? p->pid : 0;
}
LV_EXPORT(kproc_pid);

int kproc_may_control(int pid)
{
	proc_t *me = kproc_caller(), *p = proc_find(pid);
	if (!me || !p || p->zombie)
		return 0;
	return pid == 1 || pid == module_starter(me) ||
	       (p->rights & LV_PRIV_NUCLEUS);
}
LV_EXPORT(kproc_may_control);

int kproc_has_right(int pid, unsigned right)
{
	proc_t *p = proc_find(pid);
	return right && p && !p->zombie && (p->rights & right) == right;
}
LV_EXPORT(kproc_has_right);

/* Runs an IPC operation for a kernel-side thread, interrupts off as the
 * system calls run (atomic against interrupt handlers). */
#define KIPC(call)                                                             \
	do {                                                                   \
		if (!kproc_current())                                          \
			return -ERR_PERM;                                      \
		uint32_t f_ = nu_irq_save();                                   \
		int rc_ = (call);                                              \
		nu_irq_restore(f_);                                            \
		return rc_;                                                    \
	} while (0)

int kipc_port_create(void) { KIPC(ipc_port_create()); }
LV_EXPORT(kipc_port_create);

int kipc_port_make_send(int handle) { KIPC(ipc_port_make_send(handle)); }
LV_EXPORT(kipc_port_make_send);

int kipc_handle_close(int handle) { KIPC(ipc_handle_close(handle)); }
LV_EXPORT(kipc_handle_close);

int kipc_handle_info(int handle) { KIPC(ipc_handle_info(handle)); }
LV_EXPORT(kipc_handle_info);

int kipc_port_watch(int handle, int notify, uint32_t cookie)
{
	KIPC(ipc_port_watch(handle, notify, cookie));
}
LV_EXPORT(kipc_port_watch);

int kipc_send(int handle, lv_msg_header_t *msg, uint32_t timeout)
{
	KIPC(ipc_send(handle, (uint32_t)msg, timeout));
}
LV_EXPORT(kipc_send);

int kipc_receive(int handle, lv_msg_header_t *buf, uint32_t size,
		 uint32_t timeout)
{
	KIPC(ipc_receive(handle, (uint32_t)buf, size, timeout));
}
LV_EXPORT(kipc_receive);

int kipc_call(int handle, lv_msg_header_t *buf, uint32_t size, uint32_t timeout)
{
	KIPC(ipc_call(handle, (uint32_t)buf, size, timeout));
}
LV_EXPORT(kipc_call);

int kipc_reply(int reply, lv_msg_header_t *msg)
{
	KIPC(ipc_reply(reply, (uint32_t)msg));
}
LV_EXPORT(kipc_reply);

int kipc_reply_receive(int reply, int handle, lv_msg_header_t *buf,
		       uint32_t size, uint32_t timeout)
{
	KIPC(ipc_reply_receive(reply, handle, (uint32_t)buf, size, timeout));
}
LV_EXPORT(kipc_reply_receive);
