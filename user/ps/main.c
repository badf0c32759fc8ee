/* ps: one line per process: pid, parent, state, placement (own space, group
 * member, resident, kernel: a module's process), the group (the pid whose space
 * it uses), threads, handles, pages, ticks, priority/quantum, nucleus right,
 * name. */
#include <stdio.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

static const usage_t usage = {
    "ps", "",
    "Lists the processes, one line each: pid, parent, state, placement (own\n"
    "space, group member, resident, kernel: a module), group, threads,\n"
    "handles, pages (resident and reserved), ticks, priority/quantum,\n"
    "nucleus right (n), name. The\n"
    "shell's built-in ps prints the same; /bin/ps is the program.",
    NULL};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	lv_proc_print_table();
	return 0;
}
