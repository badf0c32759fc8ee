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
	(void)argc, (void)argv;
	lv_proc_print_table();
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
