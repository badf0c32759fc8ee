/* A module's users that are not modules: its driver's sessions, which the
 * module tells the kernel (kmodule_users: the kernel's count, refs, and
 * the sessions' pids). rmmod refuses while there are any, naming their
 * processes (lsmod's used-by names them too);
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
#include <lavender/proc.h>
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

/* The pids of st's sessions (the first LV_MODULE_USERS_MAX), each
 * process once, into pids: how many. */
static int session_pids(const lv_module_stat_t *st,
			int pids[LV_MODULE_USERS_MAX])
{
	int n = 0;
	unsigned refs =
	    st->refs < LV_MODULE_USERS_MAX ? st->refs : LV_MODULE_USERS_MAX;
	for (unsigned k = 0; k < refs; k++) {
		int seen = 0;
		for (int i = 0; i < n; i++)
			seen |= pids[i] == st->users[k];
		if (!seen)
			pids[n++] = st->users[k];
	}
	return n;
}

/* Process pid's name ("pid N" once it has ended). */
static void proc_name(int pid, char *out, size_t len)
{
	lv_proc_info_t p;
	if (lv_proc_find(pid, &p) == 0 && p.name[0])
		snprintf(out, len, "%.*s", (int)sizeof(p.name), p.name);
	else
		snprintf(out, len, "pid %d", pid);
}

void users_sessions(const lv_module_stat_t *st, char *list, size_t len)
{
	int pids[LV_MODULE_USERS_MAX];
	char name[LV_NAME_MAX + 8];
	int n = session_pids(st, pids);
	for (int i = 0; i < n; i++) {
		proc_name(pids[i], name, sizeof(name));
		moddeps_append(list, len, name);
	}
}

/* "nicdump (pid 11), net (pid 5)": who holds st's sessions. */
static void holders(const lv_module_stat_t *st, char *out, size_t len)
{
	int pids[LV_MODULE_USERS_MAX];
	char name[LV_NAME_MAX + 8];
	size_t used = 0;
	int n = session_pids(st, pids);
	out[0] = '\0';
	for (int i = 0; i < n && used < len; i++) {
		proc_name(pids[i], name, sizeof(name));
		used +=
		    (size_t)snprintf(out + used, len - used, "%s%s (pid %d)",
				     i ? ", " : "", name, pids[i]);
	}
}

int users_driver(int pid, char *driver)
{
	static lv_ns_entry_t list[16];
	int n = lv_ns_list("", LV_NETDRV_TYPE, list, 16);
	for (int i = 0; i < n; i++)
		if (list[i].owner == pid) {
			memcpy(driver, list[i].name, LV_NS_NAME_MAX);
			driver[LV_NS_NAME_MAX - 1] = '\0';
			return 0;
		}
	return -ERR_NOENT;
}

/* Sends STOP to the "driver" entry the module's process owns, saying
 * why; its name into driver (LV_NS_NAME_MAX bytes). -ERR_NOENT when it
 * owns none. */
static int stop_driver(int pid, const char *module, const char *why,
		       char *driver)
{
	if (users_driver(pid, driver) < 0)
		return -ERR_NOENT;
	int h = lv_ns_lookup(driver, NULL);
	if (h < 0)
		return h;
	printf("lkmd: removing %s%s: STOP to its driver %s %s\n", module,
	       why[0] ? " by force" : "", driver,
	       why[0] ? why : "(its remove steps)");
	int rc = lv_rpc(h, LV_NETDRV_STOP, NULL, 0, NULL, 0, NULL, STOP_TICKS);
	lv_handle_close(h);
	return rc == -ERR_DEADPORT ? 0 : rc;
}

int users_check(const char *name, int force, char *msg, size_t len)
{
	lv_module_stat_t st;
	char who[LV_MODULE_USERS_MAX * (LV_NAME_MAX + 16)];
	char driver[LV_NS_NAME_MAX] = "";
	if (stat_of(name, &st) < 0)
		return 0;
	if (st.refs == 0 && st.state == LV_MODULE_LIVE) {
		int rc = stop_driver(st.pid, name, "", driver);
		if (rc < 0 && rc != -ERR_NOENT)
			printf(
			    "lkmd: %s: its driver refused STOP: %s; removing "
			    "it without its remove steps\n",
			    name, lv_strerror(rc));
		return 0;
	}
	if (st.refs == 0)
		return 0;
	holders(&st, who, sizeof(who));
	if (!force)
		return modlink_refuse(msg, len, -ERR_BUSY,
				      "module %s is in use by %u session%s: %s "
				      "(rmmod -f ends them)",
				      name, (unsigned)st.refs,
				      st.refs == 1 ? "" : "s", who);
	int rc = stop_driver(st.pid, name, "ends its sessions", driver);
	if (rc == -ERR_PERM)
		return modlink_refuse(
		    msg, len, rc,
		    "module %s: its driver's sessions (%s) could not be "
		    "ended: this lkmd restarted, so it may not STOP the "
		    "driver (drv down %s stops it)",
		    name, who, driver);
	if (rc < 0)
		return modlink_refuse(msg, len, rc,
				      "module %s: its driver's sessions (%s) "
				      "could not be ended: %s",
				      name, who, lv_strerror(rc));
	return 0;
}
