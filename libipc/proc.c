/* Looking processes up in the kernel's table (lv_proc_info by slot). */
#include <lavender/proc.h>
#include <lavender/syscall.h>

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
	}
	return "?";
}
