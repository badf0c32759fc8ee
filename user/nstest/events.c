/* The checks of subscriptions: events for register, modify and delete, type
 * filters, entries removed when their port dies (owner exits or is killed),
 * a subscriber that never reads, subscribers whose ports died; and the
 * rights the server holds, which must all be released again. */
#include <stdio.h>
#include <string.h>
#include <lavender/ns_proto.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include "nstest.h"

#define KILLED_STATUS 137 /* what wait reports for a killed process */

static int watcher; /* subscribed to type "owner" from owner_exit_removed */
static lv_msg_t msg;

/* The next event on port, whatever it is; -ERR_AGAIN when none. */
static int next_event(int port, uint32_t *op, lv_ns_entry_t *e)
{
	int rc = lv_msg_receive(port, &msg.h, sizeof(msg), LV_NO_WAIT);
	if (rc == (int)sizeof(*e)) {
		*op = msg.h.op;
		memcpy(e, msg.payload, sizeof(*e));
	}
	return rc;
}

/* Events on the filtered port: exactly these, in order, then nothing. */
static const char *filtered_events(int port)
{
	static const struct {
		uint32_t op;
		const char *name;
	} want[] = {{LV_NS_EVENT_REGISTER, "nstest.ev"},
		    {LV_NS_EVENT_MODIFY, "nstest.ev"},
		    {LV_NS_EVENT_MODIFY, "nstest.zz"},
		    {LV_NS_EVENT_DELETE, "nstest.ev"},
		    {LV_NS_EVENT_DELETE, "nstest.zz"}};
	lv_ns_entry_t e;
	uint32_t op = 0;
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int rc = next_event(port, &op, &e);
		if (rc != (int)sizeof(e) || op != want[i].op ||
		    strcmp(e.name, want[i].name) != 0)
			return check_why("filtered event %u: rc %d op 0x%x %s",
					 i, rc, (unsigned)op,
					 rc > 0 ? e.name : "");
	}
	int rc = next_event(port, &op, &e);
	return rc == -ERR_AGAIN ? NULL
				: check_why("extra filtered event, rc %d", rc);
}

/* Registers, modifies and deletes while all and evt (type "evt") listen. */
static const char *events_seen(int all, int evt, int p)
{
	lv_ns_entry_t e;
	int rc = lv_ns_register("nstest.ev", "evt", "a=1", p);
	const char *bad =
	    rc ? check_why("register: %s", lv_strerror(rc)) : NULL;
	if (!bad)
		bad = expect_event(all, LV_NS_EVENT_REGISTER, "nstest.ev", &e);
	if (!bad && (strcmp(e.type, "evt") || strcmp(e.attrs, "a=1") ||
		     e.owner != lv_getpid()))
		bad = check_why("REGISTER event entry '%s' '%s' owner %d",
				e.type, e.attrs, (int)e.owner);
	if (!bad && (rc = lv_ns_modify("nstest.ev", NULL, "a=2")) != 0)
		bad = check_why("modify: %s", lv_strerror(rc));
	if (!bad)
		bad = expect_event(all, LV_NS_EVENT_MODIFY, "nstest.ev", &e);
	if (!bad && strcmp(e.attrs, "a=2") != 0)
		bad = check_why("MODIFY event attrs '%s'", e.attrs);
	if (!bad && (rc = lv_ns_register("nstest.zz", "zzz", "", p)) != 0)
		bad = check_why("register zz: %s", lv_strerror(rc));
	if (!bad)
		bad =
		    expect_event(all, LV_NS_EVENT_REGISTER, "nstest.zz", NULL);
	if (!bad && (rc = lv_ns_modify("nstest.zz", "evt", NULL)) != 0)
		bad = check_why("modify zz: %s", lv_strerror(rc));
	int d1 = lv_ns_delete("nstest.ev"), d2 = lv_ns_delete("nstest.zz");
	if (!bad && (d1 || d2))
		bad = check_why("deletes %d %d", d1, d2);
	if (!bad)
		bad = expect_event(all, LV_NS_EVENT_DELETE, "nstest.ev", NULL);
	if (!bad)
		bad = expect_event(all, LV_NS_EVENT_DELETE, "nstest.zz", NULL);
	return bad ? bad : filtered_events(evt);
}

const char *check_subscribe_events(void)
{
	int all = lv_port_create(), evt = lv_port_create();
	int p = lv_port_create();
	int rc_all = lv_ns_subscribe("", all);
	int rc_evt = lv_ns_subscribe("evt", evt);
	const char *bad = rc_all || rc_evt
			      ? check_why("subscribe %d %d", rc_all, rc_evt)
			      : events_seen(all, evt, p);
	lv_handle_close(p);
	lv_handle_close(evt);
	lv_handle_close(all);
	return bad;
}

/* Waits for the DELETE of name on the watcher; then it must be gone. */
static const char *gone(const char *name)
{
	const char *bad = expect_event(watcher, LV_NS_EVENT_DELETE, name, NULL);
	if (bad)
		return bad;
	int rc = lv_ns_lookup(name, NULL);
	return rc == -ERR_NOENT ? NULL
				: check_why("lookup after death: %d", rc);
}

const char *check_owner_exit_removed(void)
{
	int status = -1;
	watcher = lv_port_create();
	int rc = lv_ns_subscribe("owner", watcher);
	if (rc != 0)
		return check_why("subscribe: %s", lv_strerror(rc));
	if (registrant_pid <= 0)
		return "no owner (call_registrant failed)";
	int h = lv_ns_lookup("nstest.owner", NULL);
	int quit =
	    h > 0 ? lv_rpc(h, OWNER_QUIT, NULL, 0, NULL, 0, NULL, SHORT) : h;
	lv_handle_close(h);
	int waited = check_wait_exit(registrant_pid, SHORT, &status);
	if (quit != 0 || waited != registrant_pid || status != 0)
		return check_why("quit %d, wait %d status %d", quit, waited,
				 status);
	return gone("nstest.owner");
}

const char *check_owner_killed_removed(void)
{
	lv_ns_entry_t e;
	int status = -1;
	int pid = spawn_role("owner nstest.killed owner");
	if (pid <= 0)
		return check_why("spawn: %s", lv_strerror(pid));
	const char *bad =
	    expect_event(watcher, LV_NS_EVENT_REGISTER, "nstest.killed", &e);
	if (!bad && e.owner != pid)
		bad = check_why("registered by %d, want %d", (int)e.owner, pid);
	int killed = lv_kill(pid);
	int waited = lv_wait(pid, &status);
	if (bad)
		return bad;
	if (killed != 0 || waited != pid || status != KILLED_STATUS)
		return check_why("kill %d, wait %d status %d", killed, waited,
				 status);
	return gone("nstest.killed");
}

const char *check_lookup_removed(void)
{
	static const char *names[] = {"nstest.self", "nstest.owner",
				      "nstest.killed", "nstest.ev"};
	lv_ns_entry_t e;
	lv_handle_close(watcher);
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int rc = lv_ns_lookup(names[i], &e);
		if (rc != -ERR_NOENT)
			return check_why("lookup %s gave %d", names[i], rc);
	}
	int left = lv_ns_list("nstest.", NULL, NULL, 0);
	return left == 0 ? NULL : check_why("%d nstest.* entries left", left);
}

#define SLOW_PAIRS 40 /* register + delete: more events than a queue holds */

const char *check_slow_subscriber(void)
{
	char name[LV_NS_NAME_MAX];
	int slow = lv_port_create(), p = lv_port_create(), queued = 0;
	int rc = lv_ns_subscribe("slow", slow);
	const char *bad =
	    rc ? check_why("subscribe: %s", lv_strerror(rc)) : NULL;
	uint64_t t0 = 0, t1 = 0;
	lv_time_t t;
	lv_time(&t);
	t0 = t.ticks;
	for (int i = 0; i < SLOW_PAIRS && !bad; i++) {
		snprintf(name, sizeof(name), "nstest.s.%02d", i);
		int r = lv_ns_register(name, "slow", "", p);
		int d = lv_ns_delete(name);
		if (r || d)
			bad =
			    check_why("%s: register %d delete %d", name, r, d);
	}
	lv_time(&t);
	t1 = t.ticks;
	while (lv_msg_receive(slow, &msg.h, sizeof(msg), LV_NO_WAIT) >= 0)
		queued++;
	lv_handle_close(slow);
	lv_handle_close(p);
	if (!bad && t1 - t0 > SHORT / 5)
		bad = check_why("%d calls took %u ticks", 2 * SLOW_PAIRS,
				(unsigned)(t1 - t0));
	if (!bad && queued != LV_PORT_QUEUE_MAX)
		bad = check_why("%d events queued, want %u", queued,
				LV_PORT_QUEUE_MAX);
	return bad;
}

#define SUBS_TRY 64 /* more than the server takes */

/* Subscribes new ports until refused; returns how many it made. */
static int subscribe_all(int *ports, int *last_rc)
{
	int n = 0;
	*last_rc = 0;
	while (n < SUBS_TRY && *last_rc == 0) {
		ports[n] = lv_port_create();
		*last_rc = lv_ns_subscribe("none", ports[n]);
		if (*last_rc == 0)
			n++;
		else
			lv_handle_close(ports[n]);
	}
	return n;
}

static void close_all(const int *ports, int n)
{
	for (int i = 0; i < n; i++)
		lv_handle_close(ports[i]);
}

const char *check_dead_subscriber_dropped(void)
{
	int ports[SUBS_TRY], rc, again_rc;
	int n = subscribe_all(ports, &rc);
	close_all(ports, n); /* the server hears of each death */
	/* One process gets its share, not the whole table. */
	if (n != LV_NS_SUBS_PER_CLIENT || rc != -ERR_NOSPC)
		return check_why("%d subscriptions, then %d; want %d, then "
				 "-ERR_NOSPC",
				 n, rc, LV_NS_SUBS_PER_CLIENT);
	int again = subscribe_all(ports, &again_rc);
	close_all(ports, again);
	if (again != n || again_rc != -ERR_NOSPC)
		return check_why(
		    "%d subscriptions after the deaths (then %d), want "
		    "%d",
		    again, again_rc, n);
	return NULL;
}

/* The name server's handle count (its pid is the owner of "ns"). */
int server_handles(void)
{
	lv_ns_entry_t e;
	lv_proc_info_t info;
	int h = lv_ns_lookup("ns", &e);
	if (h <= 0)
		return h;
	lv_handle_close(h);
	int rc = lv_proc_find(e.owner, &info);
	return rc < 0 ? rc : info.handles;
}

/* A call of op with payload (len bytes) carrying a send right to port;
 * closes any right the reply brings. Returns the status. */
static int call_with_right(uint32_t op, const void *payload, uint32_t len,
			   int port)
{
	memset(&msg.h, 0, sizeof(msg.h));
	msg.h.op = op;
	msg.h.size = len;
	msg.h.right = port;
	msg.h.right_mode = LV_RIGHT_MAKE_SEND;
	memcpy(msg.payload, payload, len);
	int rc = lv_msg_call(lv_ns_handle(), &msg.h, sizeof(msg), SHORT);
	if (rc >= 0 && msg.h.right > 0)
		lv_handle_close(msg.h.right);
	return rc < 0 ? rc : (int)msg.h.op;
}

/* Requests that carry rights the server must not keep, and entries and
 * subscriptions that come and go: its handle count ends where it began. */
const char *check_server_rights_released(void)
{
	msg_ns_lookup_t look = {.name = "ns"};
	char name[LV_NS_NAME_MAX];
	int before = server_handles(), p = lv_port_create();
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "nstest.r.%02d", i);
		int dup = lv_ns_register("ns", "dup", "", p);
		int look_rc =
		    call_with_right(NS_LOOKUP, &look, sizeof(look), p);
		int odd = call_with_right(0x4E5301FFu, NULL, 0, p);
		int reg = lv_ns_register(name, "r", "", p);
		/* Past its share a subscription is refused, and the
		 * right it carried is not kept either. */
		int sub = lv_ns_subscribe("r", p);
		int sub_want = i < LV_NS_SUBS_PER_CLIENT ? 0 : -ERR_NOSPC;
		int del = lv_ns_delete(name);
		if (dup != -ERR_EXIST || look_rc != 0 || odd != -ERR_NOSYS ||
		    reg != 0 || sub != sub_want || del != 0)
			return check_why(
			    "round %d: dup %d lookup %d unknown %d "
			    "register %d subscribe %d delete %d",
			    i, dup, look_rc, odd, reg, sub, del);
	}
	lv_handle_close(p); /* ends the subscriptions */
	int after = server_handles();
	if (before <= 0 || after != before)
		return check_why("server handles %d before, %d after", before,
				 after);
	return NULL;
}
