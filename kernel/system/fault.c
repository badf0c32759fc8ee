/* A CPU exception in user mode ends only the faulting process: it is
 * reported on the console and the process exits with PROC_STATUS_FAULT.
 * First, a page fault on a reserved page that is not there yet is served:
 * the page is backed with zeros and the process goes on (demand paging). */
#include "core/kproc.h"
#include "core/proc.h"
#include "core/space.h"
#include "nucleus/nucleus.h"
#include "system/fault.h"
#include "uapi/errors.h"

static void report_kill(proc_t *p, const trap_frame_t *f, const char *what)
{
	kprintf("proc %s (pid %d): killed: %s at eip 0x%08x", p->name, p->pid,
		what, f->eip);
}

/* A user page fault: 1 if served (the process goes on), else reported and
 * the process ended. */
static int on_page_fault(proc_t *p, trap_frame_t *f)
{
	uint32_t addr = nu_fault_address();
	int rc = -ERR_FAULT;
	if (!(f->error & 1)) { /* not present */
		space_t *s = space_of_address(addr);
		rc = s && s == p->space ? space_fault_in(s, addr, f->error & 2)
					: -ERR_FAULT;
		if (rc == 0)
			return 1;
	}
	if (rc == -ERR_NOMEM) {
		report_kill(p, f, "out of memory");
		kprintf(" (no frame left for address 0x%08x)\n", addr);
	} else if (space_is_stack_overflow(p->space, addr, f->user_esp)) {
		report_kill(p, f, "stack overflow");
		kprintf(" address 0x%08x esp 0x%08x\n", addr, f->user_esp);
	} else {
		kprintf("proc %s (pid %d): killed: exception 14 (%s) at eip "
			"0x%08x address 0x%08x\n",
			p->name, p->pid, nu_trap_name(14), f->eip, addr);
	}
	proc_exit(p, PROC_STATUS_FAULT);
	return 1; /* not reached: the process's thread is gone */
}

/* A fault in kernel mode: in a thread of a module's kernel-side process
 * (not in an interrupt handler, which may have interrupted it) it is the
 * module's: reported in full (the backtrace names the module's functions)
 * and that process ends, which makes the module dead; the kernel goes on.
 * Anything else is the kernel's own: 0, report and panic. */
static int on_kernel_exception(trap_frame_t *f)
{
	proc_t *p = kproc_current();
	if (!p || nu_in_irq())
		return 0;
	kprintf("proc %s (pid %d): killed: exception %u (%s) in kernel mode at "
		"eip 0x%08x\n",
		p->name, p->pid, f->vector, nu_trap_name(f->vector), f->eip);
	nu_trap_report(f);
	proc_exit(p, PROC_STATUS_FAULT);
	return 1; /* not reached: the process's thread is gone */
}

static int on_exception(trap_frame_t *f)
{
	if (!TRAP_FROM_USER(f))
		return on_kernel_exception(f);
	proc_t *p = proc_current();
	if (f->vector == 14)
		return on_page_fault(p, f);
	kprintf("proc %s (pid %d): killed: exception %u (%s) at eip 0x%08x\n",
		p->name, p->pid, f->vector, nu_trap_name(f->vector), f->eip);
	proc_exit(p, PROC_STATUS_FAULT);
	return 1; /* not reached: the process's thread is gone */
}

void fault_init(void)
{
	/* Not 2 (NMI: not ours), 7 (#NM: the scheduler's FPU switching), 8
	 * (double fault: a task gate). #MF (16) and #XM (19) end the process
	 * whose x87 or SSE instruction faulted. */
	for (unsigned v = 0; v < 32; v++)
		if (v != 2 && v != 7 && v != 8)
			nu_trap_set_handler(v, on_exception);
	nu_trap_set_fault_resolver(space_resolve_fault);
}
