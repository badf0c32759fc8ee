/* Exported entries and name@node lookups. In every run: the export flag
 * (register, modify, list, lookup), and what fails without a protocol
 * server (nstest has no network right there: NS_LOOKUP_EXPORTED refused).
 * "nstest remote" (started with the network right, the name and file
 * servers running: ns_remote.cfg): lookups of exported entries as the
 * protocol server makes them; an impostor "net" not asked; then a
 * stand-in net (netstub.c) to which the name server forwards name@node
 * lookups -- the right relayed, net's errors passed on, the name server
 * serving others while one waits, no right kept; and lv_ns_rlist. */
#include <stdio.h>
#include <string.h>
#include <lavender/net_proto.h>
#include <lavender/ns_proto.h>
#include <lavender/server.h>
#include <lavender/thread.h>
#include "nstest.h"

/* Whether name's entry has flags (looked up and listed alike). */
static const char *flags_are(const char *name, uint32_t flags)
{
	lv_ns_entry_t e, listed[2];
	int h = lv_ns_lookup(name, &e);
	if (h < 0)
		return check_why("lookup %s: %s", name, lv_strerror(h));
	lv_handle_close(h);
	int n = lv_ns_list(name, "", listed, 2);
	if (e.flags != flags || n != 1 || listed[0].flags != flags)
		return check_why("%s: flags 0x%x, listed %d with 0x%x, want "
				 "0x%x",
				 name, (unsigned)e.flags, n,
				 n > 0 ? (unsigned)listed[0].flags : 0u,
				 (unsigned)flags);
	return NULL;
}

const char *check_export_flag(void)
{
	int p = lv_port_create();
	int reg = lv_ns_register_flags("nstest.exp", "t", "", p, LV_NS_EXPORT);
	int plain = lv_ns_register("nstest.plain", "t", "", p);
	int bad = lv_ns_register_flags("nstest.bad", "t", "", p, 0x2u);
	const char *why =
	    reg || plain || bad != -ERR_INVAL
		? check_why("register %d plain %d bad flag %d", reg, plain, bad)
		: NULL;
	if (!why)
		why = flags_are("nstest.exp", LV_NS_EXPORT);
	if (!why)
		why = flags_are("nstest.plain", 0);
	/* A modify keeps the flags; a modify of the flags sets them. */
	int mod = why ? 0 : lv_ns_modify("nstest.exp", NULL, "a=1");
	if (!why && mod == 0)
		why = flags_are("nstest.exp", LV_NS_EXPORT);
	int clear = why ? 0 : lv_ns_modify_flags("nstest.exp", NULL, NULL, 0);
	if (!why && clear == 0)
		why = flags_are("nstest.exp", 0);
	int set =
	    why ? 0
		: lv_ns_modify_flags("nstest.plain", "t2", NULL, LV_NS_EXPORT);
	if (!why && set == 0)
		why = flags_are("nstest.plain", LV_NS_EXPORT);
	if (!why && (mod || clear || set))
		why = check_why("modify %d clear %d set %d", mod, clear, set);
	/* Raw: an unknown flag is refused by the server too. */
	msg_ns_register_t reg_raw = {.name = "nstest.raw", .flags = 0x4u};
	msg_ns_modify_t mod_raw = {.name = "nstest.plain",
				   .flags = NS_MODIFY_FLAGS,
				   .entry_flags = 0x8u};
	int raw_reg = lv_rpc(lv_ns_handle(), NS_REGISTER, &reg_raw,
			     sizeof(reg_raw), NULL, 0, NULL, SHORT);
	int raw_mod = lv_rpc(lv_ns_handle(), NS_MODIFY, &mod_raw,
			     sizeof(mod_raw), NULL, 0, NULL, SHORT);
	if (!why && (raw_reg != -ERR_INVAL || raw_mod != -ERR_INVAL))
		why = check_why("raw: register flag %d, modify flag %d",
				raw_reg, raw_mod);
	if (!why)
		why = flags_are("nstest.plain", LV_NS_EXPORT);
	lv_ns_delete("nstest.exp");
	lv_ns_delete("nstest.plain");
	lv_handle_close(p);
	return why;
}

/* What a name@node lookup says with no protocol server, whatever forms;
 * a plain name with '@' is never local; and NS_LOOKUP_EXPORTED refused
 * without the network right. */
const char *check_remote_refusals(void)
{
	static const char *const bad[] = {"echo@", "@beta", "@", "a@b@c",
					  "a@@b"};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = lv_ns_lookup(bad[i], NULL);
		if (rc != -ERR_INVAL)
			return check_why("%s: %s", bad[i], lv_strerror(rc));
	}
	int none = lv_ns_lookup("echo@beta", NULL);
	int exported = lv_ns_lookup_exported("ns", NULL);
	if (none != -ERR_NETDOWN || exported != -ERR_PERM)
		return check_why("echo@beta: %s; exported lookup without the "
				 "right: %s",
				 lv_strerror(none), lv_strerror(exported));
	if (strstr(lv_ns_remote_strerror(-ERR_NOSYS), "remote IPC") == NULL)
		return check_why("NOSYS says %s",
				 lv_ns_remote_strerror(-ERR_NOSYS));
	/* no net: says so; a dead port with no remote lookup made is the
	 * server's end, not net's */
	const char *down = lv_ns_remote_strerror(none);
	const char *dead = lv_ns_call_strerror(-ERR_DEADPORT);
	if (!strstr(down, "network server (net) is not running") ||
	    strncmp(dead, "the server ended", 16) != 0)
		return check_why("no net says %s; a dead port says %s", down,
				 dead);
	return NULL;
}

/* name@node of any name (31 bytes) at any node (63 bytes) is a lookup: it
 * reaches the protocol server (none here: -ERR_NETDOWN); one byte more of
 * either is refused, and the sentence names the limits. The sizes of the
 * wire: a lookup of the old size, an unterminated node, a node that is
 * none. */
const char *check_remote_sizes(void)
{
	char s[LV_NS_NAME_MAX + LV_NS_NODE_MAX + 2];
	static const struct {
		int name, node, want;
	} cases[] = {
	    {31, 4, -ERR_NETDOWN},     {31, 63, -ERR_NETDOWN},
	    {32, 4, -ERR_NAMETOOLONG}, {5, 64, -ERR_NAMETOOLONG},
	    {26, 5, -ERR_NETDOWN}, /* 32 bytes in all: refused before */
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(s, 'n', (size_t)cases[i].name);
		s[cases[i].name] = '@';
		memset(s + cases[i].name + 1, 'b', (size_t)cases[i].node);
		s[cases[i].name + 1 + cases[i].node] = '\0';
		int rc = lv_ns_lookup(s, NULL);
		if (rc != cases[i].want)
			return check_why("name %d bytes @ node %d: %s, want %s",
					 cases[i].name, cases[i].node,
					 lv_strerror(rc),
					 lv_strerror(cases[i].want));
	}
	const char *said = lv_ns_remote_strerror(-ERR_NAMETOOLONG);
	if (!strstr(said, "31 bytes") || !strstr(said, "63"))
		return check_why("too long says: %s", said);
	int ns = lv_ns_handle();
	msg_ns_lookup_t look;
	memset(&look, 0, sizeof(look));
	strcpy(look.name, "ns");
	int old =
	    lv_rpc(ns, NS_LOOKUP, &look, LV_NS_NAME_MAX, NULL, 0, NULL, SHORT);
	memset(look.node, 'b', sizeof(look.node));
	int unterminated =
	    lv_rpc(ns, NS_LOOKUP, &look, sizeof(look), NULL, 0, NULL, SHORT);
	strcpy(look.node, "be ta");
	int spaced =
	    lv_rpc(ns, NS_LOOKUP, &look, sizeof(look), NULL, 0, NULL, SHORT);
	int colon = lv_ns_lookup("ns@be:ta", NULL);
	if (old != -ERR_INVAL || unterminated != -ERR_NAMETOOLONG ||
	    spaced != -ERR_INVAL || colon != -ERR_INVAL)
		return check_why("raw: 32-byte lookup %s, node unterminated "
				 "%s, \"be ta\" %s; ns@be:ta %s",
				 lv_strerror(old), lv_strerror(unterminated),
				 lv_strerror(spaced), lv_strerror(colon));
	return NULL;
}

/* name@NODE where NODE is this node plainly ("localhost", 127.0.0.0/8,
 * its own name) is answered by the name server itself, without a
 * protocol server (none runs here): the exported entry and its own right;
 * a hidden one is not found, as from another node. */
const char *check_remote_self(void)
{
	char own[LV_NAME_MAX], name[80];
	static const char long_name[] = "nstest.a-31-byte-exported-names";
	_Static_assert(sizeof(long_name) == LV_NS_NAME_MAX, "31 bytes");
	lv_ns_entry_t e;
	int p = lv_port_create();
	int reg = lv_ns_register_flags(long_name, "t", "", p, LV_NS_EXPORT);
	int hid = lv_ns_register("nstest.hid", "t", "", p);
	int got = lv_node_name(own, sizeof(own));
	const char *why =
	    reg || hid || got < 0
		? check_why("register %d, %d; node name %d", reg, hid, got)
		: NULL;
	const char *nodes[] = {"localhost", "127.0.0.1", "127.1.2.3", own};
	for (unsigned i = 0; !why && i < 4; i++) {
		snprintf(name, sizeof(name), "%s@%s", long_name, nodes[i]);
		int h = lv_ns_lookup(name, &e);
		snprintf(name, sizeof(name), "nstest.hid@%s", nodes[i]);
		int hidden = lv_ns_lookup(name, NULL);
		if (h <= 0 || e.owner != lv_getpid() ||
		    strcmp(e.name, long_name) != 0 || hidden != -ERR_NOENT)
			why = check_why("@%s: %s (owner %d), hidden %s",
					nodes[i], lv_strerror(h), (int)e.owner,
					lv_strerror(hidden));
		if (h > 0)
			lv_handle_close(h);
	}
	/* 127.0.0.1 is self; 128.0.0.1 is another node (no net: asked) */
	int other = why ? 0 : lv_ns_lookup("nstest.hid@128.0.0.1", NULL);
	if (!why && other != -ERR_NETDOWN)
		why = check_why("@128.0.0.1: %s", lv_strerror(other));
	lv_ns_delete(long_name);
	lv_ns_delete("nstest.hid");
	lv_handle_close(p);
	return why;
}

/* ---- "nstest remote" (the network right) ---- */

static int events; /* receive right: a subscription to every entry */
static int stub;   /* send right to the stand-in's port */
static int ns_pid;

static const char *check_exported_lookup(void)
{
	lv_ns_entry_t e;
	int p = lv_port_create();
	int reg =
	    lv_ns_register_flags("nstest.exp", "t", "x=1", p, LV_NS_EXPORT);
	int hid = lv_ns_register("nstest.hid", "t", "", p);
	if (reg || hid)
		return check_why("register %d, %d", reg, hid);
	const char *why = NULL;
	int h = lv_ns_lookup_exported("nstest.exp", &e);
	if (h <= 0 || e.owner != lv_getpid() || e.flags != LV_NS_EXPORT ||
	    strcmp(e.attrs, "x=1") != 0)
		why =
		    check_why("nstest.exp: %s, owner %d flags 0x%x",
			      lv_strerror(h), (int)e.owner, (unsigned)e.flags);
	else
		lv_handle_close(h);
	int hidden = lv_ns_lookup_exported("nstest.hid", NULL);
	int missing = lv_ns_lookup_exported("nstest.none", NULL);
	int at = lv_ns_lookup_exported("fs@beta", NULL); /* never remote */
	if (!why &&
	    (hidden != -ERR_NOENT || missing != -ERR_NOENT || at != -ERR_INVAL))
		why = check_why("not exported: %s, missing: %s, fs@beta: %s",
				lv_strerror(hidden), lv_strerror(missing),
				lv_strerror(at));
	/* The file server exports itself (the remote-file demo). */
	h = why ? 0 : lv_ns_lookup_exported("fs", &e);
	if (!why && (h <= 0 || e.flags != LV_NS_EXPORT))
		why = check_why("fs: %s, flags 0x%x", lv_strerror(h),
				(unsigned)e.flags);
	if (h > 0)
		lv_handle_close(h);
	lv_ns_delete("nstest.exp");
	lv_ns_delete("nstest.hid");
	lv_handle_close(p);
	return why;
}

/* An impostor "net" (the owner role: no network right) is not asked:
 * a forward to it would come back -ERR_NOSYS from its loop. */
static const char *check_impostor_refused(void)
{
	int status = -1;
	int none = lv_ns_lookup("echo@beta", NULL);
	int pid = spawn_role("owner " LV_NET_NAME " " LV_NET_TYPE);
	if (pid < 0)
		return check_why("spawn: %s", lv_strerror(pid));
	const char *why =
	    expect_event(events, LV_NS_EVENT_REGISTER, LV_NET_NAME, NULL);
	int rc = why ? 0 : lv_ns_lookup("echo@beta", NULL);
	int h = lv_ns_lookup(LV_NET_NAME, NULL);
	int quit =
	    h > 0 ? lv_rpc(h, OWNER_QUIT, NULL, 0, NULL, 0, NULL, SHORT) : h;
	if (h > 0)
		lv_handle_close(h);
	if (!why)
		why =
		    expect_event(events, LV_NS_EVENT_DELETE, LV_NET_NAME, NULL);
	check_wait_exit(pid, SHORT, &status);
	if (!why && (none != -ERR_NETDOWN || rc != -ERR_NETDOWN || quit))
		why = check_why("no net: %s; impostor: %s; quit %d",
				lv_strerror(none), lv_strerror(rc), quit);
	return why;
}

/* What the stand-in was asked last, and how many lookups in all. */
static int stub_asked(stub_last_t *last)
{
	size_t len = 0;
	int n =
	    lv_rpc(stub, STUB_LAST, NULL, 0, last, sizeof(*last), &len, SHORT);
	return n >= 0 && len != sizeof(*last) ? -ERR_IO : n;
}

static const char *check_forward_relays(void)
{
	lv_ns_entry_t e;
	stub_last_t last;
	int before = stub_asked(&last);
	int h = lv_ns_lookup("echo@beta", &e);
	if (h <= 0)
		return check_why("echo@beta: %s", lv_strerror(h));
	int magic = lv_rpc(h, PROXY_ECHO, NULL, 0, NULL, 0, NULL, SHORT);
	lv_handle_close(h);
	int after = stub_asked(&last);
	if (magic != STUB_MAGIC || strcmp(e.name, "echo") != 0 ||
	    strcmp(e.attrs, "node=beta") != 0 || e.owner != STUB_OWNER ||
	    e.flags != LV_NS_EXPORT)
		return check_why("proxy answered %d; entry %s owner %d attrs "
				 "%s flags 0x%x",
				 magic, e.name, (int)e.owner, e.attrs,
				 (unsigned)e.flags);
	if (after != before + 1 || strcmp(last.name, "echo") != 0 ||
	    strcmp(last.node, "beta") != 0 || last.sender != ns_pid)
		return check_why("stand-in asked %d times (was %d): %s at %s "
				 "by pid %d (ns: %d)",
				 after, before, last.name, last.node,
				 (int)last.sender, ns_pid);
	return NULL;
}

/* A name of 31 bytes at a node of 63 reaches net whole. */
static const char *check_forward_full_size(void)
{
	char name[LV_NS_NAME_MAX], node[LV_NS_NODE_MAX];
	char s[sizeof(name) + sizeof(node)];
	stub_last_t last;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(node, 'b', sizeof(node) - 1);
	node[sizeof(node) - 1] = '\0';
	snprintf(s, sizeof(s), "%s@%s", name, node);
	lv_ns_entry_t e;
	int h = lv_ns_lookup(s, &e);
	int asked = stub_asked(&last);
	if (h > 0)
		lv_handle_close(h);
	if (h <= 0 || asked < 0 || strcmp(last.name, name) != 0 ||
	    strcmp(last.node, node) != 0 || strcmp(e.name, name) != 0)
		return check_why("%s: %s; net was asked %s at %s", s,
				 lv_strerror(h), last.name, last.node);
	return NULL;
}

static const char *check_forward_errors(void)
{
	stub_last_t last;
	struct {
		const char *name;
		int want;
	} cases[] = {
	    {"missing@beta", -ERR_NOENT},
	    {"echo@nowhere", -ERR_HOSTUNREACH},
	    {"old@beta", -ERR_NOSYS},
	    {"bad@beta", -ERR_IO},
	};
	int asked = stub_asked(&last);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = lv_ns_lookup(cases[i].name, NULL);
		if (rc != cases[i].want)
			return check_why("%s: %s, want %s", cases[i].name,
					 lv_strerror(rc),
					 lv_strerror(cases[i].want));
	}
	/* Not forwarded: a plain name (local only), a malformed one. */
	int plain = lv_ns_lookup("echo", NULL);
	int half = lv_ns_lookup("echo@", NULL);
	int now = stub_asked(&last);
	if (plain != -ERR_NOENT || half != -ERR_INVAL || now != asked + 4)
		return check_why("echo: %s; echo@: %s; asked %d, want %d",
				 lv_strerror(plain), lv_strerror(half), now,
				 asked + 4);
	return NULL;
}

/* The slow lookup's thread: its result goes to the tester's port. */
static int slow_port;
static void slow_lookup(void *arg)
{
	(void)arg;
	lv_ns_entry_t e;
	lv_msg_header_t m = {.op = 0};
	int h = lv_ns_lookup("slow@beta", &e);
	if (h > 0) {
		int magic =
		    lv_rpc(h, PROXY_ECHO, NULL, 0, NULL, 0, NULL, SHORT);
		lv_handle_close(h);
		h = magic == STUB_MAGIC && strcmp(e.name, "slow") == 0
			? 1
			: -ERR_IO;
	}
	m.op = (uint32_t)h;
	lv_msg_send(slow_port, &m, SHORT);
}

/* While the stand-in holds a lookup, the name server answers others; the
 * held one then completes with its right. */
static const char *check_forward_does_not_block(void)
{
	lv_msg_t m;
	lv_ns_entry_t e[4];
	int port = lv_port_create();
	slow_port = port < 0 ? port : lv_port_make_send(port);
	if (slow_port < 0 || lv_thread_start(slow_lookup, NULL, 0) < 0)
		return "cannot start the slow lookup";
	/* Answered once the slow lookup waits in the stand-in. */
	int pending = lv_rpc(stub, STUB_PENDING, NULL, 0, NULL, 0, NULL, SHORT);
	int h = lv_ns_lookup("ns", NULL);
	int listed = lv_ns_list("", "", e, 4);
	int relay = lv_ns_lookup("echo@beta", NULL);
	int early = lv_msg_receive(port, &m.h, sizeof(m), LV_NO_WAIT);
	if (h > 0)
		lv_handle_close(h);
	if (relay > 0)
		lv_handle_close(relay);
	int released =
	    lv_rpc(stub, STUB_RELEASE, NULL, 0, NULL, 0, NULL, SHORT);
	int got = lv_msg_receive(port, &m.h, sizeof(m), SHORT);
	lv_handle_close(slow_port);
	lv_handle_close(port);
	if (pending || h <= 0 || listed <= 0 || relay <= 0 ||
	    early != -ERR_AGAIN)
		return check_why("while one waits: pending %d, ns %s, list "
				 "%d, echo@beta %s, the slow one done %d",
				 pending, lv_strerror(h), listed,
				 lv_strerror(relay), early);
	if (released || got < 0 || (int)m.h.op != 1)
		return check_why("release %d; the slow lookup: %d, %s",
				 released, got, lv_strerror((int)m.h.op));
	return NULL;
}

static const char *check_rlist(void)
{
	lv_ns_entry_t e[LV_NS_RLIST_MAX];
	stub_last_t last;
	int all = lv_ns_rlist("beta", "", e, LV_NS_RLIST_MAX);
	if (all != 2 || strcmp(e[0].name, "echo") != 0 ||
	    strcmp(e[1].name, "echo2") != 0 || e[1].flags != LV_NS_EXPORT)
		return check_why("beta: %d (%s)", all,
				 all > 0 ? e[0].name : lv_strerror(all));
	int some = lv_ns_rlist("10.0.0.2", "echo2", e, LV_NS_RLIST_MAX);
	int asked = stub_asked(&last);
	int one = lv_ns_rlist("beta", "", e, 1);
	int count = lv_ns_rlist("beta", "", NULL, 0);
	int nowhere = lv_ns_rlist("nowhere", "", e, 1);
	int empty = lv_ns_rlist("", "", e, 1);
	if (some != 1 || asked < 0 || strcmp(last.node, "10.0.0.2") != 0 ||
	    strcmp(last.name, "echo2") != 0 || one != 1 || count != 2 ||
	    nowhere != -ERR_HOSTUNREACH || empty != -ERR_INVAL)
		return check_why("prefix %d (asked %s at %s), max 1: %d, "
				 "count %d, nowhere %s, no node %s",
				 some, last.name, last.node, one, count,
				 lv_strerror(nowhere), lv_strerror(empty));
	return NULL;
}

/* Forwards leave the name server no right (the proxies' are moved on). */
static const char *check_forward_rights_released(void)
{
	int before = server_handles();
	for (int i = 0; i < 10; i++) {
		int h = lv_ns_lookup("echo@beta", NULL);
		int no = lv_ns_lookup("missing@beta", NULL);
		if (h <= 0 || no != -ERR_NOENT)
			return check_why("round %d: %s, %s", i, lv_strerror(h),
					 lv_strerror(no));
		lv_handle_close(h);
	}
	int after = server_handles();
	if (before <= 0 || after != before)
		return check_why("server handles %d before, %d after", before,
				 after);
	return NULL;
}

/* Starts the stand-in with the network right; NULL once it serves. */
static const char *start_stub(int *pid)
{
	*pid = lv_spawn(IMAGE, IMAGE " netstub", LV_SPAWN_NET, 0, 0);
	if (*pid < 0)
		return check_why("spawn: %s", lv_strerror(*pid));
	const char *why =
	    expect_event(events, LV_NS_EVENT_REGISTER, LV_NET_NAME, NULL);
	stub = why ? 0 : lv_ns_lookup(LV_NET_NAME, NULL);
	return why	   ? why
	       : stub <= 0 ? check_why("net: %s", lv_strerror(stub))
			   : NULL;
}

int run_remote(void)
{
	lv_ns_entry_t e;
	int status = -1, pid = 0;
	int h = lv_ns_lookup("ns", &e);
	ns_pid = h > 0 ? e.owner : 0;
	if (h > 0)
		lv_handle_close(h);
	events = lv_port_create();
	int rc = events < 0 ? events : lv_ns_subscribe("", events);
	check_report("remote_setup", rc == 0 && ns_pid > 0,
		     rc ? lv_strerror(rc) : "no ns entry");
	check_run("exported_lookup", check_exported_lookup);
	check_run("impostor_refused", check_impostor_refused);
	const char *why = start_stub(&pid);
	check_report("stub_started", !why, why);
	if (!why) {
		check_run("forward_relays", check_forward_relays);
		check_run("forward_errors", check_forward_errors);
		check_run("forward_full_size", check_forward_full_size);
		check_run("forward_does_not_block",
			  check_forward_does_not_block);
		check_run("rlist", check_rlist);
		check_run("forward_rights_released",
			  check_forward_rights_released);
		lv_rpc(stub, STUB_QUIT, NULL, 0, NULL, 0, NULL, SHORT);
	}
	if (pid > 0)
		check_wait_exit(pid, SHORT, &status);
	check_report("stub_ended", status == 0, check_why("status %d", status));
	return check_summary();
}
