/* The name server from user space (needs servers/ns running): register and
 * lookup (the right reaches the registrant), listing by prefix and type,
 * ownership, duplicates, bad requests, hand-overs, subscriptions and their
 * events, entries removed when their port dies, slow and dead subscribers, no
 * rights leaked by the server.
 *
 * "nstest" runs every check: one line "nstest NAME: ok|FAIL why" each, then
 * "nstest: N passed, M failed"; exits with M. "nstest ROLE ARGS" runs one
 * of the helper roles the checks spawn (roles.c). "nstest restart" kills the
 * name server and checks what comes back (restart.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <lavender/proc.h>
#include "nstest.h"
#include "../lib/usage.h"

int spawn_role(const char *args)
{
	char line[128];
	snprintf(line, sizeof(line), IMAGE " %s", args);
	return lv_spawn(IMAGE, line, 0, 0, 0);
}

int lookup_wait(const char *name, lv_ns_entry_t *e, unsigned ticks)
{
	int rc = lv_ns_lookup(name, e);
	for (unsigned t = 0; rc == -ERR_NOENT && t < ticks; t++) {
		lv_sleep(1);
		rc = lv_ns_lookup(name, e);
	}
	return rc;
}

const char *expect_event(int port, uint32_t event, const char *name,
			 lv_ns_entry_t *e)
{
	static lv_msg_t m;
	for (;;) {
		int rc = lv_msg_receive(port, &m.h, sizeof(m), SHORT);
		if (rc < 0)
			return check_why("no event 0x%x about %s: %s",
					 (unsigned)event, name,
					 lv_strerror(rc));
		const lv_ns_entry_t *got = (const lv_ns_entry_t *)m.payload;
		if (rc != sizeof(*got) || m.h.sender <= 0 || m.h.right)
			return check_why("event rc %d sender %d right %d", rc,
					 (int)m.h.sender, (int)m.h.right);
		if (strcmp(got->name, name) != 0)
			continue;
		if (m.h.op != event)
			return check_why("event 0x%x about %s, want 0x%x",
					 (unsigned)m.h.op, name,
					 (unsigned)event);
		if (e)
			*e = *got;
		return NULL;
	}
}

static int run_all(void)
{
	check_run("server_found", check_server_found);
	check_run("register_lookup", check_register_lookup);
	check_run("call_registrant", check_call_registrant);
	check_run("duplicate_refused", check_duplicate_refused);
	check_run("bad_requests", check_bad_requests);
	check_run("list_prefix_type", check_list_prefix_type);
	check_run("list_many", check_list_many);
	check_run("nonowner_refused", check_nonowner_refused);
	check_run("owner_modify", check_owner_modify);
	check_run("subscribe_events", check_subscribe_events);
	check_run("owner_delete", check_owner_delete);
	check_run("owner_exit_removed", check_owner_exit_removed);
	check_run("owner_killed_removed", check_owner_killed_removed);
	check_run("lookup_removed", check_lookup_removed);
	check_run("slow_subscriber", check_slow_subscriber);
	check_run("dead_subscriber_dropped", check_dead_subscriber_dropped);
	check_run("handover", check_handover);
	check_run("server_rights_released", check_server_rights_released);
	check_run("export_flag", check_export_flag);
	check_run("remote_refusals", check_remote_refusals);
	check_run("remote_sizes", check_remote_sizes);
	check_run("remote_self", check_remote_self);
	return check_summary();
}

static const usage_t usage = {
    "nstest", "",
    "The name server: register and lookup, listing, ownership, bad\nrequests, "
    "subscriptions and their events, entries of dead ports, the\nexport flag. "
    "Needs itself as a boot module (its helpers). One line\nper check; exits "
    "with the failures. \"nstest remote\" (proc.ns_remote,\nthe network "
    "right): name@node lookups forwarded to a stand-in net.",
    "proc.ns"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	check_init("nstest");
	if (argc < 2)
		return run_all();
	if (strcmp(argv[1], "owner") == 0 && argc > 3)
		return role_owner(argv[2], argv[3]);
	if (strcmp(argv[1], "other") == 0 && argc > 2)
		return role_other(argv[2]);
	if (strcmp(argv[1], "restart") == 0)
		return run_restart();
	if (strcmp(argv[1], "watchflood") == 0)
		return role_watchflood();
	if (strcmp(argv[1], "remote") == 0)
		return run_remote();
	if (strcmp(argv[1], "netstub") == 0)
		return role_netstub();
	usage_error(&usage,
		    "%s: unknown role (known: owner NAME TYPE, other NAME, "
		    "restart, watchflood, remote, netstub)",
		    argv[1]);
}
