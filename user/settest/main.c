/* Port sets and no-more-senders notices from user space (issue 11):
 * 200 ports in one set, each message with its port's label; a member's death
 * takes it out; a port in two sets, bad handles, sending to a set, moving or
 * closing a set; round robin between members; a receiver blocked on the set
 * served by another process; the last send right's notice, once.
 * "settest": one line "settest NAME: ok|FAIL why" per check, then the
 * summary; exits with the number of failures. "settest --help". */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "../lib/usage.h"

#define NPORTS 200
#define LABEL0 1000u

static lv_msg_t m;

static int send_word(int port, uint32_t op, uint32_t word)
{
	memset(&m.h, 0, sizeof(m.h));
	m.h.op = op;
	m.h.size = 4;
	memcpy(m.payload, &word, 4);
	return lv_msg_send(port, &m.h, LV_NO_WAIT);
}

static int recv(int handle, unsigned timeout)
{
	return lv_msg_receive(handle, &m.h, sizeof(m), timeout);
}

static uint32_t word(void)
{
	uint32_t w;
	memcpy(&w, m.payload, 4);
	return w;
}

static const char *labels_200(void)
{
	static int ports[NPORTS];
	int set = lv_portset_create(), rc;
	if (set < 0)
		return check_why("portset_create: %d", set);
	if (lv_handle_info(set) != LV_RIGHT_PORTSET)
		return "the set's handle is not a port set";
	for (int i = 0; i < NPORTS; i++) {
		ports[i] = lv_port_create();
		if (ports[i] < 0 ||
		    (rc = lv_portset_add(set, ports[i], LABEL0 + i)) != 0)
			return check_why("port %d: add gave %d", i, rc);
	}
	for (int i = NPORTS - 1; i >= 0; i--) /* queued before receiving */
		if (send_word(ports[i], 1, (uint32_t)i) != 0)
			return check_why("send to port %d failed", i);
	static uint8_t seen[NPORTS];
	for (int n = 0; n < NPORTS; n++) {
		if ((rc = recv(set, LV_NO_WAIT)) != 4)
			return check_why("receive %d gave %d", n, rc);
		uint32_t i = word();
		if (i >= NPORTS || m.h.label != LABEL0 + i || seen[i]++)
			return check_why("message of port %u came with label "
					 "%u",
					 (unsigned)i, (unsigned)m.h.label);
	}
	if ((rc = recv(set, LV_NO_WAIT)) != -ERR_AGAIN)
		return check_why("empty set gave %d", rc);
	/* A member's death: its queued message goes with it. */
	send_word(ports[7], 1, 7);
	send_word(ports[8], 1, 8);
	lv_handle_close(ports[7]);
	if ((rc = recv(set, LV_NO_WAIT)) != 4 || word() != 8)
		return check_why("after a member died: %d, word %u", rc,
				 (unsigned)word());
	if (lv_portset_remove(set, ports[7]) != -ERR_STALE)
		return "a dead member's handle was not stale";
	for (int i = 0; i < NPORTS; i++)
		lv_handle_close(ports[i]);
	lv_handle_close(set);
	return NULL;
}

static const char *bad_handles(void)
{
	int set = lv_portset_create(), set2 = lv_portset_create();
	int p = lv_port_create(), rc;
	int s = lv_port_make_send(p);
	struct {
		const char *what;
		int rc, want;
	} cases[] = {
	    {"add twice (same set)",
	     (lv_portset_add(set, p, 1), lv_portset_add(set, p, 2)), -ERR_BUSY},
	    {"add to a second set", lv_portset_add(set2, p, 3), -ERR_BUSY},
	    {"a port as the set", lv_portset_add(p, lv_port_create(), 1),
	     -ERR_INVAL},
	    {"a set as a member", lv_portset_add(set, set2, 1), -ERR_PERM},
	    {"a send right as a member", lv_portset_add(set, s, 1), -ERR_PERM},
	    {"handle 0", lv_portset_add(0, p, 1), -ERR_BADF},
	    {"a negative handle", lv_portset_add(set, -5, 1), -ERR_BADF},
	    {"remove a non-member", lv_portset_remove(set2, p), -ERR_NOENT},
	    {"send to a set", send_word(set, 1, 1), -ERR_PERM},
	    {"make_send of a set", lv_port_make_send(set), -ERR_PERM},
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cases[i].rc != cases[i].want)
			return check_why("%s: %d, want %d", cases[i].what,
					 cases[i].rc, cases[i].want);
	/* Moving a set in a message is refused; nothing changes. */
	memset(&m.h, 0, sizeof(m.h));
	m.h.right = set;
	m.h.right_mode = LV_RIGHT_MOVE;
	if ((rc = lv_msg_send(p, &m.h, LV_NO_WAIT)) != -ERR_INVAL)
		return check_why("moving a set gave %d", rc);
	if (lv_handle_info(set) != LV_RIGHT_PORTSET)
		return "the refused move lost the set";
	/* Closing a set: the member leaves it and may join another. */
	lv_handle_close(set);
	if (lv_portset_add(set, p, 1) != -ERR_STALE)
		return "a closed set's handle is not stale";
	if ((rc = lv_portset_add(set2, p, 9)) != 0)
		return check_why("member of a closed set cannot join: %d", rc);
	/* Moving a member's receive right takes it out of the set. */
	int carrier = lv_port_create();
	memset(&m.h, 0, sizeof(m.h));
	m.h.right = p;
	m.h.right_mode = LV_RIGHT_MOVE;
	if ((rc = lv_msg_send(carrier, &m.h, LV_NO_WAIT)) != 0)
		return check_why("moving a member: %d", rc);
	if ((rc = recv(carrier, LV_NO_WAIT)) != 0 || m.h.right <= 0)
		return check_why("receiving the moved member: %d", rc);
	if ((rc = lv_portset_add(set2, m.h.right, 4)) != 0)
		return check_why("moved member still in its set: %d", rc);
	lv_handle_close(set2);
	lv_handle_close(carrier);
	lv_handle_close(s);
	return NULL;
}

static const char *round_robin(void)
{
	int set = lv_portset_create(), a = lv_port_create();
	int b = lv_port_create();
	lv_portset_add(set, a, 'A');
	lv_portset_add(set, b, 'B');
	for (int i = 0; i < 3; i++)
		send_word(a, 1, (uint32_t)i);
	for (int i = 0; i < 3; i++)
		send_word(b, 1, (uint32_t)i);
	char order[7] = "";
	for (int i = 0; i < 6; i++) {
		if (recv(set, LV_NO_WAIT) != 4)
			return "a message is missing";
		order[i] = (char)m.h.label;
	}
	lv_handle_close(set);
	lv_handle_close(a);
	lv_handle_close(b);
	return strcmp(order, "ABABAB") == 0
		   ? NULL
		   : check_why("order %s, want ABABAB", order);
}

/* Child role: sends word 42 to the port at LV_BOOT_HANDLE. */
static int role_sender(void)
{
	return send_word(LV_BOOT_HANDLE, 2, 42) == 0 ? 0 : 1;
}

static const char *blocked_receiver(void)
{
	int set = lv_portset_create(), p = lv_port_create(), status;
	lv_portset_add(set, p, 555);
	int pid = lv_spawn("settest", "settest sender", 0, p, 0);
	if (pid < 0)
		return "cannot spawn";
	int rc = recv(set, 1000); /* blocks until the child sends */
	lv_wait(pid, &status);
	lv_handle_close(set);
	lv_handle_close(p);
	if (rc != 4 || word() != 42 || m.h.label != 555 || m.h.sender != pid)
		return check_why("got %d, word %u, label %u, sender %d", rc,
				 (unsigned)word(), (unsigned)m.h.label,
				 (int)m.h.sender);
	return NULL;
}

static const char *no_senders_once(void)
{
	int p = lv_port_create(), notify = lv_port_create(), rc, status;
	int s1 = lv_port_make_send(p), s2 = lv_port_make_send(p);
	if ((rc = lv_port_no_senders(p, notify, 77)) != 0)
		return check_why("port_no_senders: %d", rc);
	if (lv_port_no_senders(s1, notify, 1) != -ERR_PERM)
		return "a send right could ask for the notice";
	lv_handle_close(s1);
	if (recv(notify, LV_NO_WAIT) != -ERR_AGAIN)
		return "notice while a send right remained";
	/* The last one travels to a child that ends with it. */
	int pid = lv_spawn("settest", "settest idle", 0, s2, 0);
	lv_handle_close(s2);
	if (recv(notify, LV_NO_WAIT) != -ERR_AGAIN)
		return "notice while the child held a send right";
	lv_wait(pid, &status);
	rc = recv(notify, LV_NO_WAIT);
	if (rc != 4 || m.h.op != LV_OP_NO_SENDERS || word() != 77)
		return check_why("notice: %d, op 0x%x, cookie %u", rc,
				 (unsigned)m.h.op, (unsigned)word());
	int s3 = lv_port_make_send(p);
	lv_handle_close(s3);
	if (recv(notify, LV_NO_WAIT) != -ERR_AGAIN)
		return "a second notice without asking again";
	/* None now: said by the call, and no notice (nothing to count). */
	if ((rc = lv_port_no_senders(p, notify, 78)) != 1)
		return check_why("armed without senders: %d, want 1", rc);
	for (int i = 0; i < 10000; i++)
		lv_port_no_senders(p, notify, 79);
	if (recv(notify, LV_NO_WAIT) != -ERR_AGAIN)
		return "a notice queued when armed without senders";
	lv_handle_close(p);
	lv_handle_close(notify);
	return NULL;
}

/* Child role: makes send rights until the table is full; exits with how
 * many it made / 10 (the status is a byte). */
static int role_handles(void)
{
	int port = lv_port_create(), n = 1, rc;
	while ((rc = lv_port_make_send(port)) > 0)
		n++;
	return rc == -ERR_NOSPC ? n / 10 : 255;
}

/* Runs role_handles in a child spawned with handles_max; its status. */
static int handles_child(unsigned handles_max)
{
	lv_spawn_t req = {.name = "settest",
			  .args = "settest handles",
			  .handles_max = handles_max};
	int status, pid = lv_spawn_ex(&req);
	if (pid < 0)
		return pid;
	lv_wait(pid, &status);
	return status;
}

static const char *handles_settable(void)
{
	int dflt = handles_child(0), big = handles_child(2000);
	int over = handles_child(LV_HANDLES_LIMIT + 1);
	int under = handles_child(LV_HANDLES_MIN - 1);
	if (under != -ERR_INVAL)
		return check_why("a table of %u handles: %d",
				 LV_HANDLES_MIN - 1, under);
	/* Handles 1 and 2 are reserved (name server, boot right). */
	if (dflt != (int)(LV_HANDLES_DEFAULT - LV_FIRST_HANDLE) / 10)
		return check_why("default table held %d0-ish handles", dflt);
	if (big != (2000 - LV_FIRST_HANDLE) / 10)
		return check_why("a 2000-handle table held %d0-ish", big);
	if (over != -ERR_INVAL)
		return check_why("past the limit: %d", over);
	return NULL;
}

/* Child role: hands the parent its port, fills its handle table, then
 * receives the parent's call (which carries a right): with no room, the
 * right and the reply right are dropped and the header shows no handle (0),
 * never an error code. Exits 0 then. */
static int role_fulltable(void)
{
	int port = lv_port_create();
	memset(&m.h, 0, sizeof(m.h));
	m.h.right = port;
	m.h.right_mode = LV_RIGHT_MAKE_SEND;
	if (lv_msg_send(LV_BOOT_HANDLE, &m.h, LV_WAIT_FOREVER) < 0)
		return 2;
	while (lv_port_make_send(port) > 0)
		;
	int rc = recv(port, LV_WAIT_FOREVER);
	return rc == 0 && m.h.right == 0 && m.h.reply == 0 ? 0 : 3;
}

static const char *full_table_drops(void)
{
	int back = lv_port_create(), status, rc;
	lv_spawn_t req = {.name = "settest",
			  .args = "settest fulltable",
			  .handle = back,
			  .handles_max = LV_HANDLES_MIN};
	int pid = lv_spawn_ex(&req);
	if (pid < 0 || recv(back, 1000) < 0 || m.h.right <= 0)
		return "no port from the child";
	int child = m.h.right;
	memset(&m.h, 0, sizeof(m.h));
	m.h.right = back;
	m.h.right_mode = LV_RIGHT_MAKE_SEND;
	rc = lv_msg_call(child, &m.h, sizeof(m), 1000);
	lv_wait(pid, &status);
	lv_handle_close(child);
	lv_handle_close(back);
	if (rc != -ERR_DEADPORT)
		return check_why("the call got %d, want %d", rc, -ERR_DEADPORT);
	return status == 0
		   ? NULL
		   : check_why("the child saw handles (status %d)", status);
}

static const char *child_exit_notice(void)
{
	int n = lv_port_create(), rc, status;
	lv_child_exit_t e;
	if ((rc = lv_child_notify(n)) != 0)
		return check_why("child_notify: %d", rc);
	int pid = lv_spawn("settest", "settest exit7", 0, 0, 0);
	rc = recv(n, 1000);
	memcpy(&e, m.payload, sizeof(e));
	if (rc != sizeof(e) || m.h.op != LV_OP_CHILD_EXIT || e.pid != pid ||
	    e.status != 7 || m.h.sender != 0)
		return check_why("notice %d op 0x%x pid %d status %d", rc,
				 (unsigned)m.h.op, (int)e.pid, (int)e.status);
	if (lv_wait(pid, &status) != pid || status != 7)
		return "wait did not reap the announced child";
	lv_child_notify(0);
	pid = lv_spawn("settest", "settest exit7", 0, 0, 0);
	lv_wait(pid, &status);
	if (recv(n, LV_NO_WAIT) != -ERR_AGAIN)
		return "a notice after child_notify(0)";
	if (lv_child_notify(12345) != -ERR_STALE &&
	    lv_child_notify(12345) != -ERR_BADF)
		return "a bad handle was taken";
	lv_handle_close(n);
	return NULL;
}

static const char *request_reply(void)
{
	int p = lv_port_create(), back = lv_port_create(), rc;
	memset(&m.h, 0, sizeof(m.h));
	m.h.op = 9;
	m.h.cookie = 1234; /* the sender's own: the kernel clears it */
	if ((rc = lv_msg_send_request(p, &m.h, back, 5, LV_NO_WAIT)) != 0)
		return check_why("send_request: %d", rc);
	if (recv(p, LV_NO_WAIT) != 0 || m.h.reply <= 0 || m.h.op != 9 ||
	    m.h.cookie != 0)
		return "the request came without a reply right";
	int reply = m.h.reply;
	memset(&m.h, 0, sizeof(m.h));
	m.h.op = 3;
	m.h.size = 4;
	memcpy(m.payload, "ansr", 4);
	if ((rc = lv_msg_reply(reply, &m.h)) != 0)
		return check_why("reply: %d", rc);
	rc = recv(back, LV_NO_WAIT);
	if (rc != 4 || m.h.op != 3 || m.h.cookie != 5 ||
	    memcmp(m.payload, "ansr", 4) != 0)
		return check_why("answer: %d op %u cookie %u", rc,
				 (unsigned)m.h.op, (unsigned)m.h.cookie);
	/* A reply right dropped unanswered: the kernel says so, once. */
	memset(&m.h, 0, sizeof(m.h));
	lv_msg_send_request(p, &m.h, back, 6, LV_NO_WAIT);
	recv(p, LV_NO_WAIT);
	lv_handle_close(m.h.reply);
	rc = recv(back, LV_NO_WAIT);
	if (rc != 0 || m.h.op != (uint32_t)-ERR_DEADPORT || m.h.cookie != 6)
		return check_why("dropped: %d op %d cookie %u", rc, (int)m.h.op,
				 (unsigned)m.h.cookie);
	if (recv(back, LV_NO_WAIT) != -ERR_AGAIN)
		return "two answers to one request";
	/* Requests still queued when their port dies answer too. */
	memset(&m.h, 0, sizeof(m.h));
	lv_msg_send_request(p, &m.h, back, 7, LV_NO_WAIT);
	lv_handle_close(p);
	rc = recv(back, LV_NO_WAIT);
	if (rc != 0 || m.h.op != (uint32_t)-ERR_DEADPORT || m.h.cookie != 7)
		return check_why("port died: %d op %d cookie %u", rc,
				 (int)m.h.op, (unsigned)m.h.cookie);
	lv_handle_close(back);
	return NULL;
}

/* Fills the caller's queued-bytes budget with messages on ports of its
 * own (64 a port): big ones, then empty ones to the last byte. Returns how
 * many ports it used (in ports[]). */
static int fill_budget(int *ports, int max)
{
	int n = 0;
	for (uint32_t size = LV_MSG_PAYLOAD_MAX;; size = 0) {
		memset(&m.h, 0, sizeof(m.h));
		m.h.size = size;
		while (n < max) {
			ports[n] = lv_port_create();
			int sent = 0;
			while (lv_msg_send(ports[n], &m.h, LV_NO_WAIT) == 0)
				sent++;
			n++;
			if (sent < (int)LV_PORT_QUEUE_MAX)
				break; /* the budget, not the queue, said no */
		}
		if (size == 0 || n == max)
			return n;
	}
}

/* The kernel's notices keep within the receiver's queued bytes: past them
 * a notice is dropped, so nobody makes the kernel hold them without end. */
static const char *notices_bounded(void)
{
	int ports[16], status, rc;
	int n = lv_port_create();
	lv_child_notify(n);
	int used = fill_budget(ports, 16);
	for (int i = 0; i < 5; i++) {
		int pid = lv_spawn("settest", "settest exit7", 0, 0, 0);
		lv_wait(pid, &status);
	}
	if ((rc = recv(n, LV_NO_WAIT)) != -ERR_AGAIN)
		return check_why("a notice past the budget: %d", rc);
	for (int i = 0; i < used; i++)
		lv_handle_close(ports[i]); /* the budget comes back */
	int pid = lv_spawn("settest", "settest exit7", 0, 0, 0);
	lv_wait(pid, &status);
	lv_child_exit_t e;
	rc = recv(n, LV_NO_WAIT);
	memcpy(&e, m.payload, sizeof(e));
	if (rc != sizeof(e) || e.pid != pid)
		return check_why("no notice once there was room: %d", rc);
	lv_child_notify(0);
	lv_handle_close(n);
	return NULL;
}

/* Answers to requests keep within the reply port's 64 messages: past
 * them the answer is dropped and the replier told -ERR_AGAIN. */
static const char *answers_bounded(void)
{
	int p = lv_port_create(), back = lv_port_create(), rc;
	memset(&m.h, 0, sizeof(m.h));
	while (lv_msg_send(back, &m.h, LV_NO_WAIT) == 0)
		;
	lv_msg_send_request(p, &m.h, back, 9, LV_NO_WAIT);
	if (recv(p, LV_NO_WAIT) != 0 || m.h.reply <= 0)
		return "no request";
	int reply = m.h.reply;
	memset(&m.h, 0, sizeof(m.h));
	if ((rc = lv_msg_reply(reply, &m.h)) != -ERR_AGAIN)
		return check_why("an answer past 64 messages: %d", rc);
	int queued = 0;
	while (recv(back, LV_NO_WAIT) >= 0)
		queued++;
	lv_handle_close(p);
	lv_handle_close(back);
	return queued == (int)LV_PORT_QUEUE_MAX
		   ? NULL
		   : check_why("%d messages on the reply port", queued);
}

static const usage_t usage = {
    "settest", "",
    "Port sets, labels and no-more-senders notices, checked from user\nspace. "
    "One line per check; exits with the failures.",
    "proc.settest"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "sender") == 0)
		return role_sender();
	if (argc >= 2 && strcmp(argv[1], "idle") == 0)
		return 0;
	if (argc >= 2 && strcmp(argv[1], "handles") == 0)
		return role_handles();
	if (argc >= 2 && strcmp(argv[1], "exit7") == 0)
		return 7;
	if (argc >= 2 && strcmp(argv[1], "fulltable") == 0)
		return role_fulltable();
	check_init("settest");
	check_run("labels_200", labels_200);
	check_run("bad_handles", bad_handles);
	check_run("round_robin", round_robin);
	check_run("blocked_receiver", blocked_receiver);
	check_run("no_senders_once", no_senders_once);
	check_run("handles_settable", handles_settable);
	check_run("child_exit_notice", child_exit_notice);
	check_run("request_reply", request_reply);
	check_run("notices_bounded", notices_bounded);
	check_run("answers_bounded", answers_bounded);
	check_run("full_table_drops", full_table_drops);
	return check_summary();
}
