/* "nstest restart": the name server killed and restarted by init (needs
 * -n, to kill it and to try sysport_set; tests/configs/ns_restart.cfg).
 * What this process registered comes back by itself, exported as it was
 * (libipc's replay, run by the server loop of a thread here; fs exported
 * too), deleted and closed names do not,
 * the subscription is made again and told, files and new names work, and a
 * second restart recovers too. The kernel's sysport_watch and sysport_set
 * refusals and its watch limit are checked first. */
#include <stdio.h>
#include <string.h>
#include <lavender/server.h>
#include <lavender/thread.h>
#include "nstest.h"

#define OP_PID 1 /* the kept port's one operation: status = its pid */
#define COOKIE 77u
#define WATCHES_MAX 256 /* a process's watches (core/limits.h) */

static int kept;   /* receive right registered as "nstest.kept" */
static int events; /* receive right of the subscription to all events */
static int notice; /* receive right of this test's own sysport watch */

static int pid_srv(lv_msg_t *msg, void *ctx)
{
	(void)ctx;
	msg->h.size = 0;
	return lv_getpid();
}

static const lv_op_t kept_ops[] = {{OP_PID, pid_srv}};

/* The server loop the replay runs in (libipc adopts its notices). */
static void loop(void *arg)
{
	(void)arg;
	lv_serve(kept, kept_ops, 1, NULL, NULL);
}

/* Calls OP_PID through a looked-up right to name: the loop's pid, or
 * -ERR_*. Answered only after a replay running in the loop has ended. */
static int call_kept(void)
{
	int h = lv_ns_lookup("nstest.kept", NULL);
	if (h < 0)
		return h;
	int rc = lv_rpc(h, OP_PID, NULL, 0, NULL, 0, NULL, SHORT);
	lv_handle_close(h);
	return rc;
}

/* Registers, modifies, deletes and closes names, subscribes, starts the
 * loop; NULL when all of it worked. */
static const char *setup(void)
{
	int gone = lv_port_create(), closed = lv_port_create();
	kept = lv_port_create();
	events = lv_port_create();
	notice = lv_port_create();
	if (kept < 0 || events < 0 || notice < 0 || gone < 0 || closed < 0)
		return "cannot make ports";
	int rc[6] = {
	    lv_ns_register("nstest.kept", "keep", "a=1", kept),
	    lv_ns_modify_flags("nstest.kept", NULL, "a=2", LV_NS_EXPORT),
	    lv_ns_register("nstest.gone", "keep", "", gone),
	    lv_ns_delete("nstest.gone"),
	    lv_ns_register("nstest.closed", "keep", "", closed),
	    lv_ns_subscribe("", events),
	};
	for (int i = 0; i < 6; i++)
		if (rc[i] != 0)
			return check_why("setup step %d: %s", i,
					 lv_strerror(rc[i]));
	lv_handle_close(closed); /* its port dies: the name goes */
	if (lv_thread_start(loop, NULL, 0) < 0)
		return "cannot start the loop thread";
	int pid = call_kept();
	return pid == lv_getpid()
		   ? NULL
		   : check_why("the loop answered %s", lv_strerror(pid));
}

static const char *check_refusals(void)
{
	int bad_which = lv_sysport_watch(LV_SYSPORT_COUNT, notice, 0);
	int send_right = lv_sysport_watch(LV_SYSPORT_NS, LV_NS_HANDLE, 0);
	int bad_handle = lv_sysport_watch(LV_SYSPORT_NS, 0x7ff, 0);
	int taken = lv_sysport_set(LV_SYSPORT_NS, kept);
	if (bad_which != -ERR_INVAL || send_right != -ERR_PERM ||
	    bad_handle >= 0 || taken != -ERR_BUSY)
		return check_why("which %d, send right %d, bad handle %d, "
				 "set over a live name server %d",
				 bad_which, send_right, bad_handle, taken);
	return NULL;
}

/* The watch-flood role ("nstest watchflood"): sysport watches until the
 * kernel refuses; exits 0 when that came after WATCHES_MAX with
 * -ERR_NOSPC. Its watches go with it (then the restarts below would walk
 * freed records if they did not). */
int role_watchflood(void)
{
	int port = lv_port_create();
	int n = 0, rc = 0;
	while (port > 0 && n <= WATCHES_MAX &&
	       (rc = lv_sysport_watch(LV_SYSPORT_NS, port, (unsigned)n)) == 0)
		n++;
	printf("nstest watchflood: %d watches, then %s\n", n, lv_strerror(rc));
	return n == WATCHES_MAX && rc == -ERR_NOSPC ? 0 : 1;
}

static const char *check_watch_limit(void)
{
	int status = -1;
	lv_mem_info_t before, after;
	lv_mem_info(&before);
	int pid = spawn_role("watchflood");
	int rc = pid < 0 ? pid : check_wait_exit(pid, SHORT, &status);
	lv_mem_info(&after);
	if (rc < 0 || status != 0)
		return check_why("watchflood: %s, status %d", lv_strerror(rc),
				 status);
	if (after.kheap_used != before.kheap_used)
		return check_why("kernel heap %u bytes before, %u after",
				 (unsigned)before.kheap_used,
				 (unsigned)after.kheap_used);
	return NULL;
}

/* Kills the name server; waits for the kernel's notice that a new one
 * took the system port. */
static const char *restart_ns(void)
{
	static lv_msg_t m;
	lv_ns_entry_t e;
	int h = lv_ns_lookup("ns", &e);
	if (h < 0)
		return check_why("no ns entry: %s", lv_strerror(h));
	lv_handle_close(h);
	int rc = lv_sysport_watch(LV_SYSPORT_NS, notice, COOKIE);
	if (rc == 0)
		rc = lv_kill(e.owner);
	if (rc < 0)
		return check_why("watch or kill of pid %d: %s", (int)e.owner,
				 lv_strerror(rc));
	rc = lv_msg_receive(notice, &m.h, sizeof(m), SHORT);
	uint32_t cookie = 0;
	memcpy(&cookie, m.payload, sizeof(cookie));
	if (rc != sizeof(cookie) || m.h.op != LV_OP_SYSPORT_SET ||
	    m.h.sender != 0 || cookie != COOKIE)
		return check_why("notice rc %d op 0x%x sender %d cookie %u", rc,
				 (unsigned)m.h.op, (int)m.h.sender,
				 (unsigned)cookie);
	h = lv_ns_lookup("ns", &e);
	if (h < 0)
		return check_why("no new ns entry: %s", lv_strerror(h));
	lv_handle_close(h);
	return NULL;
}

/* Waits (through a subscription of its own, on the new server) until name
 * is registered; *e gets its entry. */
static const char *await_name(int port, const char *name, lv_ns_entry_t *e)
{
	int h = lv_ns_lookup(name, e);
	if (h > 0) {
		lv_handle_close(h);
		return NULL;
	}
	return expect_event(port, LV_NS_EVENT_REGISTER, name, e);
}

static const char *check_names_back(void)
{
	lv_ns_entry_t e, fs;
	int fresh = lv_port_create();
	int rc = fresh < 0 ? fresh : lv_ns_subscribe("", fresh);
	if (rc < 0)
		return check_why("subscribe: %s", lv_strerror(rc));
	const char *why = await_name(fresh, "fs", &fs);
	if (!why && fs.flags != LV_NS_EXPORT)
		why = check_why("fs came back with flags 0x%x",
				(unsigned)fs.flags);
	if (!why)
		why = await_name(fresh, "nstest.kept", &e);
	lv_handle_close(fresh);
	if (why)
		return why;
	if (e.owner != lv_getpid() || strcmp(e.type, "keep") != 0 ||
	    strcmp(e.attrs, "a=2") != 0 || e.flags != LV_NS_EXPORT)
		return check_why("nstest.kept: owner %d type %s attrs %s "
				 "flags 0x%x",
				 (int)e.owner, e.type, e.attrs,
				 (unsigned)e.flags);
	rc = call_kept();
	return rc == lv_getpid() ? NULL
				 : check_why("call through the new entry: %s",
					     lv_strerror(rc));
}

static const char *check_removed_not_back(void)
{
	/* check_names_back's call ended after the whole replay */
	int gone = lv_ns_lookup("nstest.gone", NULL);
	int closed = lv_ns_lookup("nstest.closed", NULL);
	if (gone != -ERR_NOENT || closed != -ERR_NOENT)
		return check_why("deleted: %s, closed: %s", lv_strerror(gone),
				 lv_strerror(closed));
	return NULL;
}

static const char *check_subscription_told(void)
{
	const char *why = expect_event(events, LV_NS_EVENT_RESTART, "", NULL);
	if (why)
		return why;
	int rc = lv_ns_register("nstest.after", "keep", "", kept);
	if (rc != 0)
		return check_why("a new name: %s", lv_strerror(rc));
	return expect_event(events, LV_NS_EVENT_REGISTER, "nstest.after", NULL);
}

static const char *check_files(void)
{
	char line[64] = "";
	FILE *f = fopen("/etc/motd", "r");
	if (!f)
		return "cannot open /etc/motd";
	int ok = fgets(line, sizeof(line), f) &&
		 strncmp(line, "Welcome to Lavender", 19) == 0;
	fclose(f);
	return ok ? NULL : check_why("/etc/motd starts %s", line);
}

static const char *check_second_restart(void)
{
	const char *why = restart_ns();
	if (!why)
		why = check_names_back();
	int h = why ? 0 : lv_ns_lookup("nstest.after", NULL);
	if (h > 0)
		lv_handle_close(h);
	else if (!why)
		why = check_why("nstest.after: %s", lv_strerror(h));
	return why;
}

int run_restart(void)
{
	const char *why = setup();
	check_report("restart_setup", !why, why);
	if (why)
		return check_summary();
	check_run("sysport_refusals", check_refusals);
	check_run("watch_limit", check_watch_limit);
	why = restart_ns();
	check_report("ns_restarted", !why, why);
	if (!why) {
		check_run("names_back", check_names_back);
		check_run("removed_not_back", check_removed_not_back);
		check_run("subscription_told", check_subscription_told);
		check_run("files_again", check_files);
		check_run("second_restart", check_second_restart);
	}
	return check_summary();
}
