/* A module's users that are not modules: its driver's sessions, which the
 * module tells the kernel (kmodule_users: the kernel's count, refs, and
 * the sessions' pids). rmmod refuses while there are any, naming the pids;
 * rmmod -f first ends them as the driver's remove step (1) does: lkmd, the
 * module's installer, sends its driver STOP (receivers told GONE). A live
 * module without sessions that registered a "driver" entry gets the same
 * STOP before plain rmmod removes it, so its remove steps run (a STOP
 * refused -- a restarted lkmd is not the installer -- leaves removal to
 * the kernel: the module's exit stops the chip). */
#include <stdio.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "lkmd.h"

#define STOP_TICKS 300 /* the driver's remove steps */

/* The kernel's record of module name into *st: 0 or -ERR_NOENT. */
static int stat_of(const char *name, lv_module_stat_t *st)
{
	for (int i = 0;; i++) {
		int rc = lv_module_info(i, st);
		if (rc == -ERR_NOENT)
			return rc;
		if (rc == 0 && strcmp(st->name, name) == 0)
			return 0;
	}
}

/* "7, 12" for the first n pids of st (n <= LV_MODULE_USERS_MAX). */
static void pid_list(const lv_module_stat_t *st, char *out, size_t len)
{
	size_t used = 0;
	unsigned n =
	    st->refs < LV_MODULE_USERS_MAX ? st->refs : LV_MODULE_USERS_MAX;
	out[0] = '\0';
	for (unsigned k = 0; k < n && used < len; k++)
		used += (size_t)snprintf(out + used, len - used, "%s%d",
					 k ? ", " : "", (int)st->users[k]);
}

/* Sends STOP to the "driver" entry the module's process owns, saying
 * why: -ERR_NOENT when it owns none. */
static int stop_driver(int pid, const char *module, const char *why)
{
	static lv_ns_entry_t list[16];
	int n = lv_ns_list("", LV_NETDRV_TYPE, list, 16);
	for (int i = 0; i < n; i++) {
		if (list[i].owner != pid)
			continue;
		int h = lv_ns_lookup(list[i].name, NULL);
		if (h < 0)
			return h;
		printf("lkmd: removing %s%s: STOP to its driver %s %s\n",
		       module, why[0] ? " by force" : "", list[i].name,
		       why[0] ? why : "(its remove steps)");
		int rc = lv_rpc(h, LV_NETDRV_STOP, NULL, 0, NULL, 0, NULL,
				STOP_TICKS);
		lv_handle_close(h);
		return rc == -ERR_DEADPORT ? 0 : rc;
	}
	return -ERR_NOENT;
}

int users_check(const char *name, int force, char *msg, size_t len)
{
	lv_module_stat_t st;
	char pids[LV_MODULE_USERS_MAX * 8];
	if (stat_of(name, &st) < 0)
		return 0;
	if (st.refs == 0 && st.state == LV_MODULE_LIVE) {
		int rc = stop_driver(st.pid, name, "");
		if (rc < 0 && rc != -ERR_NOENT)
			printf(
			    "lkmd: %s: its driver refused STOP: %s; removing "
			    "it without its remove steps\n",
			    name, lv_strerror(rc));
		return 0;
	}
	if (st.refs == 0)
		return 0;
	pid_list(&st, pids, sizeof(pids));
	if (!force)
		return modlink_refuse(msg, len, -ERR_BUSY,
				      "module %s is in use by %u session%s of "
				      "pids %s (rmmod -f ends them)",
				      name, (unsigned)st.refs,
				      st.refs == 1 ? "" : "s", pids);
	int rc = stop_driver(st.pid, name, "ends its sessions");
	if (rc < 0)
		return modlink_refuse(msg, len, rc,
				      "module %s: its driver's sessions (pids "
				      "%s) could not be ended: %s",
				      name, pids, lv_strerror(rc));
	return 0;
}
