/* ps: one line per process: pid, parent, state, placement (own space, group
 * member, resident), the group (the pid whose space it uses), threads,
 * handles, pages, ticks, priority/quantum, nucleus right, name. */
#include <stdio.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>

int main(void)
{
	lv_proc_info_t p;
	printf("  PID  PPID STATE  PLACE    GROUP THR HND PAGES  TICKS PRI/Q "
	       " N NAME\n");
	for (int i = 0;; i++) {
		int rc = lv_proc_info(i, &p);
		if (rc == -ERR_NOENT)
			break;
		if (rc < 0)
			continue;
		printf(
		    "%5d %5d %-6s %-8s %5d %3d %3d %5u %6lu %3d/%-2d %c %s\n",
		    (int)p.pid, (int)p.parent, lv_proc_state_name(p.state),
		    lv_placement_name(p.placement), (int)p.space,
		    (int)p.threads, (int)p.handles, (unsigned)p.pages,
		    (unsigned long)p.ticks_used, (int)p.priority,
		    (int)p.quantum, p.nucleus ? 'n' : '-', p.name);
	}
	return 0;
}
