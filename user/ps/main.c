/* ps: one line per process: pid, parent, state, placement (own space, group
 * member, resident), the group (the pid whose space it uses), threads,
 * handles, pages, ticks, priority/quantum, nucleus right, name. */
#include <stdio.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>

int main(void)
{
	lv_proc_print_table();
	return 0;
}
