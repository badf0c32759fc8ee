/* The checks of registering, looking up, listing and ownership. They build
 * on each other: "nstest.self" (this process's port) lives from
 * register_lookup to owner_delete, "nstest.owner" (the owner role) from
 * call_registrant to owner_exit_removed (events.c). */
#include <stdio.h>
#include <string.h>
#include <lavender/ns_proto.h>
#include <lavender/server.h>
#include "nstest.h"

#define PING 0x5E1Fu

int registrant_pid;
static int self_port; /* receive right registered as "nstest.self" */
static lv_msg_t msg;

/* Looks name up and compares its entry; closes the handle. */
static const char *entry_is(const char *name, const char *type,
			    const char *attrs, int owner)
{
	lv_ns_entry_t e;
	int h = lv_ns_lookup(name, &e);
	if (h <= 0)
		return check_why("lookup %s: %s", name, lv_strerror(h));
	lv_handle_close(h);
	if (strcmp(e.name, name) || strcmp(e.type, type) ||
	    strcmp(e.attrs, attrs) || e.owner != owner)
		return check_why("%s is '%s' '%s' '%s' owner %d", name, e.name,
				 e.type, e.attrs, (int)e.owner);
	return NULL;
}

const char *check_server_found(void)
{
	lv_ns_entry_t e;
	int ns = lv_ns_handle();
	if (ns <= 0 || lv_handle_info(ns) != LV_RIGHT_SEND)
		return check_why("lv_ns_handle gave %d", ns);
	int h = lv_ns_lookup("ns", &e);
	if (h <= 0)
		return check_why("lookup ns: %s", lv_strerror(h));
	int info = lv_handle_info(h);
	lv_handle_close(h);
	if (info != LV_RIGHT_SEND || strcmp(e.type, "server") || e.owner <= 0)
		return check_why("ns: handle info %d type '%s' owner %d", info,
				 e.type, (int)e.owner);
	return NULL;
}

const char *check_register_lookup(void)
{
	lv_ns_entry_t e;
	self_port = lv_port_create();
	int rc = lv_ns_register("nstest.self", "test", "k=v", self_port);
	if (rc != 0)
		return check_why("register: %s", lv_strerror(rc));
	int h = lv_ns_lookup("nstest.self", &e);
	if (h <= 0)
		return check_why("lookup: %s", lv_strerror(h));
	const char *bad = entry_is("nstest.self", "test", "k=v", lv_getpid());
	memset(&msg.h, 0, sizeof(msg.h));
	msg.h.op = PING;
	msg.h.size = 4;
	memcpy(msg.payload, "ping", 4);
	rc = lv_msg_send(h, &msg.h, LV_NO_WAIT);
	lv_handle_close(h);
	if (bad || rc != 0)
		return bad ? bad : check_why("send: %s", lv_strerror(rc));
	rc = lv_msg_receive(self_port, &msg.h, sizeof(msg), LV_NO_WAIT);
	if (rc != 4 || msg.h.op != PING || msg.h.sender != lv_getpid() ||
	    memcmp(msg.payload, "ping", 4) != 0)
		return check_why("own port got rc %d op 0x%x sender %d", rc,
				 (unsigned)msg.h.op, (int)msg.h.sender);
	return NULL;
}

const char *check_call_registrant(void)
{
	lv_ns_entry_t e;
	char echo[6];
	size_t n = 0;
	registrant_pid = spawn_role("owner nstest.owner owner");
	if (registrant_pid <= 0)
		return check_why("spawn: %s", lv_strerror(registrant_pid));
	int h = lookup_wait("nstest.owner", &e, SHORT);
	if (h <= 0)
		return check_why("lookup: %s", lv_strerror(h));
	int rc =
	    lv_rpc(h, OWNER_ECHO, "hello", 6, echo, sizeof(echo), &n, SHORT);
	lv_handle_close(h);
	if (e.owner != registrant_pid || strcmp(e.type, "owner") != 0)
		return check_why("entry owner %d type '%s', want %d 'owner'",
				 (int)e.owner, e.type, registrant_pid);
	if (rc != registrant_pid || n != 6 || strcmp(echo, "hello") != 0)
		return check_why("echo call gave %d (%u bytes), want pid %d",
				 rc, (unsigned)n, registrant_pid);
	return NULL;
}

const char *check_duplicate_refused(void)
{
	int p = lv_port_create();
	int mine = lv_ns_register("nstest.self", "dup", "", p);
	int theirs = lv_ns_register("nstest.owner", "dup", "", p);
	lv_handle_close(p);
	if (mine != -ERR_EXIST || theirs != -ERR_EXIST)
		return check_why("own name %d, other's name %d", mine, theirs);
	return entry_is("nstest.self", "test", "k=v", lv_getpid());
}

/* Requests the client library would refuse, sent raw to the server. */
static const char *raw_requests(void)
{
	int ns = lv_ns_handle();
	msg_ns_lookup_t look;
	msg_ns_modify_t mod = {.name = "nstest.self", .flags = 0x8};
	msg_ns_register_t reg = {.name = "nstest.raw"};
	memset(look.name, 'a', sizeof(look.name));
	int size = lv_rpc(ns, NS_LOOKUP, "x", 2, NULL, 0, NULL, SHORT);
	int unterminated =
	    lv_rpc(ns, NS_LOOKUP, &look, sizeof(look), NULL, 0, NULL, SHORT);
	int unknown = lv_rpc(ns, 0x4E5301FFu, NULL, 0, NULL, 0, NULL, SHORT);
	int flags =
	    lv_rpc(ns, NS_MODIFY, &mod, sizeof(mod), NULL, 0, NULL, SHORT);
	int no_right =
	    lv_rpc(ns, NS_REGISTER, &reg, sizeof(reg), NULL, 0, NULL, SHORT);
	if (size != -ERR_INVAL || unterminated != -ERR_NAMETOOLONG ||
	    unknown != -ERR_NOSYS || flags != -ERR_INVAL ||
	    no_right != -ERR_INVAL)
		return check_why(
		    "raw: size %d unterminated %d unknown op %d flags %d"
		    " no right %d",
		    size, unterminated, unknown, flags, no_right);
	/* A process cannot pass for the kernel's death notices. */
	for (uint32_t cookie = 0; cookie < 64; cookie++) {
		int rc = lv_rpc(ns, LV_OP_PORT_DEAD, &cookie, sizeof(cookie),
				NULL, 0, NULL, SHORT);
		if (rc != -ERR_PERM)
			return check_why("forged death notice %u gave %d",
					 (unsigned)cookie, rc);
	}
	return entry_is("nstest.self", "test", "k=v", lv_getpid());
}

const char *check_bad_requests(void)
{
	char n32[33], t16[17], a64[65];
	memset(n32, 'n', 32), n32[32] = '\0';
	memset(t16, 't', 16), t16[16] = '\0';
	memset(a64, 'a', 64), a64[64] = '\0';
	int p = lv_port_create();
	int r[] = {
	    lv_ns_register(n32, "", "", p),
	    lv_ns_register("x", t16, "", p),
	    lv_ns_register("x", "", a64, p),
	    lv_ns_register("", "", "", p),
	    lv_ns_register("a b", "", "", p),
	    lv_ns_register("x@n", "", "", p),
	    lv_ns_register(NULL, "", "", p),
	    lv_ns_register("x", "", "", 0),
	    lv_ns_lookup("nstest.none", NULL),
	    lv_ns_delete("nstest.none"),
	    lv_ns_modify("nstest.none", "t", ""),
	    lv_ns_lookup(n32, NULL),
	};
	int want[] = {-ERR_NAMETOOLONG, -ERR_NAMETOOLONG, -ERR_NAMETOOLONG,
		      -ERR_INVAL,	-ERR_INVAL,	  -ERR_INVAL,
		      -ERR_INVAL,	-ERR_BADF,	  -ERR_NOENT,
		      -ERR_NOENT,	-ERR_NOENT,	  -ERR_NAMETOOLONG};
	lv_handle_close(p);
	for (unsigned i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (r[i] != want[i])
			return check_why("request %u gave %d, want %d", i, r[i],
					 want[i]);
	int left = lv_ns_list("nstest.", NULL, NULL, 0);
	if (left != 2)
		return check_why("%d nstest.* entries after refusals, want 2",
				 left);
	return raw_requests();
}

/* Compares the names of n entries with the space-separated list want. */
static const char *names_are(const lv_ns_entry_t *e, int n, const char *want)
{
	static char got[1024];
	got[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(got, " ");
		strncat(got, e[i].name, sizeof(got) - strlen(got) - 1);
	}
	return strcmp(got, want) == 0
		   ? NULL
		   : check_why("listed '%s', want '%s'", got, want);
}

static const char *list_three(void)
{
	lv_ns_entry_t out[8];
	int n = lv_ns_list("nstest.l.", NULL, out, 8);
	const char *bad = names_are(out, n, "nstest.l.a nstest.l.b nstest.l.c");
	if (!bad) {
		n = lv_ns_list("nstest.l.", "tb", out, 8);
		bad = names_are(out, n, "nstest.l.b nstest.l.c");
	}
	if (!bad) {
		n = lv_ns_list("nstest.l.", "", out, 2);
		bad = names_are(out, n, "nstest.l.a nstest.l.b");
	}
	if (!bad && (n = lv_ns_list("nstest.l.", "", NULL, 0)) != 3)
		bad = check_why("count gave %d", n);
	if (!bad && (n = lv_ns_list("nstest.l.x", NULL, out, 8)) != 0)
		bad = check_why("prefix nstest.l.x gave %d", n);
	if (bad)
		return bad;
	n = lv_ns_list("", "server", out, 8);
	int found_ns = 0;
	for (int i = 0; i < n; i++) {
		found_ns |= strcmp(out[i].name, "ns") == 0;
		if (strcmp(out[i].type, "server") != 0)
			return check_why("type server listed %s", out[i].name);
	}
	return found_ns ? NULL : check_why("ns not among %d servers", n);
}

const char *check_list_prefix_type(void)
{
	static const char *add[][2] = {
	    {"nstest.l.b", "tb"}, {"nstest.l.a", "ta"}, {"nstest.l.c", "tb"}};
	int p = lv_port_create(), s = lv_port_make_send(p);
	const char *bad = NULL;
	for (int i = 0; i < 3 && !bad; i++) {
		int rc = lv_ns_register(add[i][0], add[i][1], "", s);
		if (rc != 0)
			bad = check_why("register %s: %s", add[i][0],
					lv_strerror(rc));
	}
	if (!bad)
		bad = list_three();
	for (int i = 0; i < 3; i++) {
		int rc = lv_ns_delete(add[i][0]);
		if (!bad && rc != 0)
			bad = check_why("delete %s: %s", add[i][0],
					lv_strerror(rc));
	}
	lv_handle_close(s);
	lv_handle_close(p);
	return bad;
}

#define MANY 60 /* more than one LIST reply holds (NS_LIST_BATCH) */

static const char *list_many(void)
{
	static lv_ns_entry_t out[64];
	char want[MANY * 14] = "";
	int n = lv_ns_list("nstest.m.", NULL, out, 64);
	if (n != MANY)
		return check_why("listed %d of %d", n, MANY);
	for (int i = 0; i < MANY; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "%snstest.m.%02d", i ? " " : "", i);
	if (names_are(out, n, want))
		return "the 60 entries come out wrong or out of order";
	n = lv_ns_list("", "many", out, 40);
	if (n != 40 || strcmp(out[39].name, "nstest.m.39") != 0)
		return check_why("max 40 gave %d", n);
	return NULL;
}

const char *check_list_many(void)
{
	char name[LV_NS_NAME_MAX];
	int p = lv_port_create();
	const char *bad = NULL;
	for (int i = 0; i < MANY && !bad; i++) {
		snprintf(name, sizeof(name), "nstest.m.%02d", i);
		int rc = lv_ns_register(name, "many", "", p);
		if (rc != 0)
			bad =
			    check_why("register %s: %s", name, lv_strerror(rc));
	}
	if (!bad)
		bad = list_many();
	for (int i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "nstest.m.%02d", i);
		lv_ns_delete(name);
	}
	int left = lv_ns_list("nstest.m.", NULL, NULL, 0);
	lv_handle_close(p);
	return bad    ? bad
	       : left ? check_why("%d left after deletes", left)
		      : NULL;
}

const char *check_nonowner_refused(void)
{
	int status = -1;
	int pid = spawn_role("other nstest.self");
	if (pid <= 0)
		return check_why("spawn: %s", lv_strerror(pid));
	int rc = check_wait_exit(pid, SHORT, &status);
	if (rc != pid || status != OTHER_OK)
		return check_why("other: wait %d status %d", rc, status);
	return entry_is("nstest.self", "test", "k=v", lv_getpid());
}

const char *check_owner_modify(void)
{
	int rc = lv_ns_modify("nstest.self", "test2", "k=w");
	const char *bad = rc ? check_why("modify: %s", lv_strerror(rc)) : NULL;
	if (!bad)
		bad = entry_is("nstest.self", "test2", "k=w", lv_getpid());
	if (!bad && (rc = lv_ns_modify("nstest.self", NULL, "k=x")) != 0)
		bad = check_why("modify attrs only: %s", lv_strerror(rc));
	if (!bad)
		bad = entry_is("nstest.self", "test2", "k=x", lv_getpid());
	if (!bad && (rc = lv_ns_modify("nstest.self", "test", NULL)) != 0)
		bad = check_why("modify type only: %s", lv_strerror(rc));
	if (!bad)
		bad = entry_is("nstest.self", "test", "k=x", lv_getpid());
	return bad;
}

const char *check_owner_delete(void)
{
	int rc = lv_ns_delete("nstest.self");
	int look = lv_ns_lookup("nstest.self", NULL);
	int again = lv_ns_delete("nstest.self");
	lv_handle_close(self_port);
	if (rc != 0 || look != -ERR_NOENT || again != -ERR_NOENT)
		return check_why("delete %d, lookup %d, delete again %d", rc,
				 look, again);
	return NULL;
}
