/* A CPU exception in user mode ends only the faulting process: it is
 * reported on the console and the process exits with PROC_STATUS_FAULT. */
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "system/fault.h"

static int on_exception(trap_frame_t *f)
{
	if (!TRAP_FROM_USER(f))
		return 0; /* the kernel's own fault: report and panic */
	proc_t *p = proc_current();
	kprintf("proc %s (pid %d): killed: exception %u (%s) at eip 0x%08x",
		p->name, p->pid, f->vector, nu_trap_name(f->vector), f->eip);
	if (f->vector == 14) {
		kprintf(" address 0x%08x", nu_fault_address());
	}
	kprintf("\n");
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
}
