/* Built-ins about processes: ps (the table, as user/ps prints it) and ports
 * (handles in use per process, with the names each registered in the name
 * server: the ports it serves). The kernel offers no way to list another
 * process's handles one by one, so counts are what there is. */
#include <stdio.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "sh.h"

#define ENTRIES_MAX 64

int builtin_ps(int argc, char **argv)
{
	lv_proc_info_t p;

	(void)argc, (void)argv;
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

/* The names of entries owned by pid, separated by spaces, into buf. */
static void owned_names(const lv_ns_entry_t *e, int n, int pid, char *buf,
			size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && len + 1 < size; i++)
		if (e[i].owner == pid)
			len +=
			    snprintf(buf + len, size - len, "%s%.*s",
				     len ? " " : "", LV_NS_NAME_MAX, e[i].name);
}

int builtin_ports(int argc, char **argv)
{
	static lv_ns_entry_t entries[ENTRIES_MAX];
	char names[128];
	lv_proc_info_t p;
	int n = names_fetch(entries, ENTRIES_MAX);

	(void)argc, (void)argv;
	if (n < 0)
		printf("ports: no names: %s\n", lv_strerror(n));
	printf("  PID HANDLES NAME             REGISTERED\n");
	for (int i = 0;; i++) {
		int rc = lv_proc_info(i, &p);
		if (rc == -ERR_NOENT)
			break;
		if (rc < 0)
			continue;
		owned_names(entries, n, p.pid, names, sizeof(names));
		printf("%5d %7d %-16s %s\n", (int)p.pid, (int)p.handles, p.name,
		       names);
	}
	return 0;
}
