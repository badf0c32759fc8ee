/* Looking processes up in the kernel's table (lv_proc_info by slot). */
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include <stdio.h>

int lv_proc_find(int pid, lv_proc_info_t *out)
{
	for (int i = 0;; i++) {
		int rc = lv_proc_info(i, out);
		if (rc == 0 && out->pid == pid)
			return 0;
		if (rc < 0 && rc != -ERR_SRCH) /* -ERR_NOENT: past the end */
			return -ERR_SRCH;
	}
}

int lv_proc_alive(int pid)
{
	lv_proc_info_t p;
	return lv_proc_find(pid, &p) == 0 && p.state != LV_PROC_ZOMBIE;
}

const char *lv_proc_state_name(int state)
{
	switch (state) {
	case LV_PROC_RUNNING: return "run";
	case LV_PROC_BLOCKED: return "wait";
	case LV_PROC_ZOMBIE: return "zombie";
	}
	return "?";
}

const char *lv_placement_name(int placement)
{
	switch (placement) {
	case LV_PLACE_OWN: return "own";
	case LV_PLACE_GROUP: return "group";
	case LV_PLACE_RESIDENT: return "resident";
	case LV_PLACE_KERNEL: return "kernel";
	}
	return "?";
}

void lv_proc_print_table(void)
{
	lv_proc_info_t p;
	printf("  PID  PPID STATE  PLACE    GROUP THR HND    RSS    VSZ  TICKS "
	       "PRI/Q  N NAME\n");
	for (int i = 0;; i++) {
		int rc = lv_proc_info(i, &p);
		if (rc == -ERR_NOENT)
			break;
		if (rc < 0)
			continue;
		printf("%5d %5d %-6s %-8s %5d %3d %3d %6u %6u %6lu %3d/%-2d "
		       "%c %s\n",
		       (int)p.pid, (int)p.parent, lv_proc_state_name(p.state),
		       lv_placement_name(p.placement), (int)p.space,
		       (int)p.threads, (int)p.handles, (unsigned)p.pages * 4,
		       (unsigned)p.reserved_pages * 4,
		       (unsigned long)p.ticks_used, (int)p.priority,
		       (int)p.quantum, p.rights & LV_PRIV_NUCLEUS ? 'n' : '-',
		       p.name);
	}
}

void lv_proc_print_memory(void)
{
	lv_proc_info_t p;
	printf("  PID    RSS    VSZ NAME (KiB: resident, reserved)\n");
	for (int i = 0;; i++) {
		int rc = lv_proc_info(i, &p);
		if (rc == -ERR_NOENT)
			break;
		if (rc < 0 || p.state == LV_PROC_ZOMBIE)
			continue;
		printf("%5d %6u %6u %s\n", (int)p.pid, (unsigned)p.pages * 4,
		       (unsigned)p.reserved_pages * 4, p.name);
	}
}
