/* The checks across processes. rights_transfer sets up the world the next
 * two use: port M (main's, where helpers report), the broker, the server and
 * main's send rights to both. */
#include <stdio.h>
#include <string.h>
#include "ipctest.h"

#define SEED 0x5EEDu
#define RESIDENT_LO 0xB0000000u
#define RESIDENT_HI 0xC0000000u

static struct {
	int m;	     /* receive right of main's port */
	int broker;  /* pid */
	int b;	     /* send right to the broker */
	int server;  /* pid */
	int s;	     /* send right to the server, got from the broker */
	int started; /* server_started succeeded */
} w;

static lv_msg_t msg;

/* One ECHO call through h to the process sender; checks the answer. */
static const char *echo(int h, uint32_t seq, uint32_t size, int sender)
{
	msg_set(&msg.h, OP_ECHO, size);
	pattern_fill(msg.payload, size, seq);
	int rc = lv_msg_call(h, &msg.h, sizeof(msg), SHORT);
	if (rc < 0)
		return check_why("call: %s", lv_strerror(rc));
	if ((uint32_t)rc != size || msg.h.op != 0 || msg.h.sender != sender)
		return check_why("reply size %d op %d sender %d", rc,
				 (int)msg.h.op, (int)msg.h.sender);
	if (!pattern_ok(msg.payload, size, seq, 1))
		return check_why("reply payload of %u bytes wrong",
				 (unsigned)size);
	return NULL;
}

/* A call of op with no payload through h; returns the reply's status. */
static int call_op(int h, uint32_t op)
{
	msg_set(&msg.h, op, 0);
	int rc = lv_msg_call(h, &msg.h, sizeof(msg), SHORT);
	return rc < 0 ? rc : (int)msg.h.op;
}

/* Receives on M the HELLO of process pid; *right: the right it carried. */
static const char *hello_from(int pid, uint32_t size, int *right)
{
	int rc = lv_msg_receive(w.m, &msg.h, sizeof(msg), SHORT);
	if (rc < 0)
		return check_why("no hello: %s", lv_strerror(rc));
	if (msg.h.op != OP_HELLO || msg.h.sender != pid || (uint32_t)rc != size)
		return check_why("hello op %u sender %d size %d, want pid %d",
				 (unsigned)msg.h.op, (int)msg.h.sender, rc,
				 pid);
	*right = msg.h.right;
	if (*right && lv_handle_info(*right) != LV_RIGHT_SEND)
		return check_why("hello carried handle %d holding %d", *right,
				 lv_handle_info(*right));
	return NULL;
}

/* Asks the broker for the server's right until the server registered. */
static const char *lookup_server(void)
{
	for (int tries = 0; tries < SHORT; tries++) {
		int rc = call_op(w.b, OP_LOOKUP);
		if (rc == 0)
			break;
		if (rc != -ERR_NOENT)
			return check_why("LOOKUP gave %d", rc);
		lv_sleep(1);
	}
	w.s = msg.h.right;
	if (msg.h.sender != w.broker || w.s <= 0 ||
	    msg.h.right_mode != LV_RIGHT_COPY_SEND)
		return check_why("LOOKUP reply: sender %d right %d mode %u",
				 (int)msg.h.sender, w.s,
				 (unsigned)msg.h.right_mode);
	if (lv_handle_info(w.s) != LV_RIGHT_SEND)
		return check_why("LOOKUP gave handle %d holding %d", w.s,
				 lv_handle_info(w.s));
	return NULL;
}

const char *check_rights_transfer(void)
{
	w.m = lv_port_create();
	if (w.m <= 0)
		return check_why("port_create: %s", lv_strerror(w.m));
	w.broker = lv_spawn(IMAGE, IMAGE " broker", 0, w.m, 0);
	if (w.broker <= 0)
		return check_why("spawn broker: %s", lv_strerror(w.broker));
	const char *bad = hello_from(w.broker, 0, &w.b);
	if (bad)
		return check_why("broker: %s", bad);
	if (w.b <= 0)
		return "the broker's hello carried no right";
	w.server = lv_spawn(IMAGE, IMAGE " server", 0, w.b, 0);
	if (w.server <= 0)
		return check_why("spawn server: %s", lv_strerror(w.server));
	bad = lookup_server();
	if (!bad)
		bad = echo(w.s, 1, 5, w.server);
	w.started = !bad;
	return bad;
}

const char *check_roundtrips(void)
{
	if (!w.started)
		return "no server (rights_transfer failed)";
	int answered = 0;
	for (uint32_t i = 0; i < 10000; i++) {
		uint32_t size = i * 97u % 1025u;
		const char *bad = echo(w.s, i, size, w.server);
		if (bad)
			return check_why("call %u (%u bytes): %s", (unsigned)i,
					 (unsigned)size, bad);
		answered++;
	}
	return answered == 10000 ? NULL : check_why("%d answered", answered);
}

/* The thread whose call the server holds. */
static struct {
	volatile int started, done;
	int rc;
	lv_msg_t buf;
} held;

static void holding_caller(void *arg)
{
	(void)arg;
	msg_set(&held.buf.h, OP_HOLD, 0);
	held.started = 1;
	held.rc =
	    lv_msg_call(w.s, &held.buf.h, sizeof(held.buf), LV_WAIT_FOREVER);
	held.done = 1;
	lv_thread_exit(0);
}

/* Kills the server while it holds a call; checks what everyone sees. */
static const char *kill_holder(void)
{
	while (lv_msg_receive(w.m, &msg.h, sizeof(msg), LV_NO_WAIT) >= 0)
		; /* M must be empty for the death notice */
	int rc = lv_port_watch(w.s, w.m, SEED);
	if (rc != 0)
		return check_why("port_watch: %s", lv_strerror(rc));
	int status = -1;
	rc = lv_kill(w.server);
	int waited = lv_wait(w.server, &status);
	w.started = 0;
	if (rc != 0 || waited != w.server || status != 137)
		return check_why("kill %d, wait %d status %d", rc, waited,
				 status);
	if (!wait_flag(&held.done, SHORT) || held.rc != -ERR_DEADPORT)
		return check_why("held call returned %d (done %d)", held.rc,
				 held.done);
	return NULL;
}

static const char *death_notice(void)
{
	uint32_t cookie = 0;
	int rc = lv_msg_receive(w.m, &msg.h, sizeof(msg), 50);
	if (rc == 4)
		memcpy(&cookie, msg.payload, 4);
	if (rc != 4 || msg.h.op != LV_OP_PORT_DEAD || cookie != SEED ||
	    msg.h.sender != 0)
		return check_why("notice rc %d op 0x%x cookie 0x%x sender %d",
				 rc, (unsigned)msg.h.op, (unsigned)cookie,
				 (int)msg.h.sender);
	msg_set(&msg.h, OP_ECHO, 0);
	rc = lv_msg_call(w.s, &msg.h, sizeof(msg), SHORT);
	return rc == -ERR_DEADPORT ? NULL
				   : check_why("call after death: %d", rc);
}

/* Tells the broker to quit and reaps it. */
static const char *stop_broker(void)
{
	int status = -1;
	int rc = call_op(w.b, OP_QUIT);
	int waited = check_wait_exit(w.broker, SHORT, &status);
	if (rc != 0 || waited != w.broker || status != 0)
		return check_why("broker QUIT %d, wait %d status %d", rc,
				 waited, status);
	return NULL;
}

const char *check_reply_right_dies(void)
{
	if (!w.started)
		return "no server (rights_transfer failed)";
	int t = start_thread(holding_caller, NULL);
	if (t < 0)
		return check_why("thread_create: %s", lv_strerror(t));
	if (!wait_flag(&held.started, SHORT))
		return "holding thread did not start";
	lv_sleep(10); /* the server now holds the call */
	if (held.done)
		return check_why("HOLD call returned %d", held.rc);
	const char *bad = kill_holder();
	if (!bad)
		bad = death_notice();
	const char *quit = stop_broker();
	return bad ? bad : quit;
}

const char *check_nucleus_denied(void)
{
	int status = -1;
	int pid = lv_spawn(IMAGE, IMAGE " nonucleus", 0, 0, 0);
	if (pid <= 0)
		return check_why("spawn: %s", lv_strerror(pid));
	int waited = check_wait_exit(pid, SHORT, &status);
	if (waited != pid || status != 0)
		return check_why("nonucleus: wait %d status %d", waited,
				 status);
	int rc = lv_ioport_grant(0x300, 32);
	return rc == 0 ? NULL
		       : check_why("ioport_grant with the right: %d", rc);
}

static volatile uint8_t shared_buf[256]; /* the member writes here */

/* The member's conversation: hello (a call), the buffer's address in the
 * reply, then "done". *their_main: the member's address of main. */
static const char *member_talk(int pid, uint32_t *their_main)
{
	int right = 0, me = lv_getpid();
	lv_proc_info_t info = {0};
	const char *bad = hello_from(pid, 4, &right);
	if (bad)
		return bad;
	int reply = msg.h.reply;
	memcpy(their_main, msg.payload, 4);
	if (lv_proc_find(pid, &info) != 0 || info.parent != me)
		return check_why("proc_info of member: parent %d", info.parent);
	uint32_t addr = (uint32_t)(uintptr_t)shared_buf;
	msg_set(&msg.h, 0, 4);
	memcpy(msg.payload, &addr, 4);
	int rc = lv_msg_reply(reply, &msg.h);
	if (rc != 0)
		return check_why("reply to the member: %s", lv_strerror(rc));
	rc = lv_msg_receive(w.m, &msg.h, sizeof(msg), SHORT);
	if (rc != 0 || msg.h.op != OP_DONE || msg.h.sender != pid)
		return check_why("done: rc %d op %u sender %d", rc,
				 (unsigned)msg.h.op, (int)msg.h.sender);
	for (int i = 0; i < 256; i++)
		if (shared_buf[i] != (uint8_t)(i ^ 0xA5))
			return check_why("shared byte %d is 0x%02x", i,
					 shared_buf[i]);
	return NULL;
}

static uint32_t my_pages(void)
{
	lv_proc_info_t info = {0};
	lv_proc_find(lv_getpid(), &info);
	return info.pages;
}

/* Pages of our space before the last member came and after it ended. */
static uint32_t pages_before, pages_after;

/* Spawns a member into our own space and runs its conversation. */
static const char *member_round(void)
{
	uint32_t their_main = 0;
	int status = -1;
	pages_before = pages_after = my_pages();
	memset((void *)shared_buf, 0, sizeof(shared_buf));
	int pid =
	    lv_spawn(IMAGE, IMAGE " member", LV_SPAWN_GROUP, w.m, lv_getpid());
	if (pid <= 0)
		return check_why("spawn member: %s", lv_strerror(pid));
	const char *bad = member_talk(pid, &their_main);
	int waited = check_wait_exit(pid, SHORT, &status);
	pages_after = my_pages();
	if (bad)
		return bad;
	if (waited != pid || status != MEMBER_STATUS)
		return check_why("member: wait %d status %d", waited, status);
	if (their_main == (uint32_t)(uintptr_t)main)
		return check_why("the member's main is at 0x%08x like ours",
				 (unsigned)their_main);
	return NULL;
}

/* One message through a fresh port of our own. */
static const char *still_works(void)
{
	int p = lv_port_create();
	msg_set(&msg.h, 77, 8);
	pattern_fill(msg.payload, 8, 77);
	int rc = lv_msg_send(p, &msg.h, LV_NO_WAIT);
	if (rc == 0)
		rc = lv_msg_receive(p, &msg.h, sizeof(msg), LV_NO_WAIT);
	lv_handle_close(p);
	const char *bad = check_msg(&msg, rc, 77, 8, 77, lv_getpid());
	return bad ? check_why("after the member: %s", bad) : NULL;
}

const char *check_group_member_exit(void)
{
	if (w.m <= 0)
		return "no port M";
	const char *bad = member_round();
	return bad ? bad : still_works();
}

/* A member's end unmaps its image and stack from the group's space, so its
 * slot can take the next member. */
const char *check_group_slot_reuse(void)
{
	if (w.m <= 0)
		return "no port M";
	uint32_t before = pages_before, after = pages_after;
	const char *bad = member_round();
	if (after != before)
		return check_why(
		    "our space kept %u pages of the ended member (%u "
		    "before it, %u after); second member: %s",
		    (unsigned)(after - before), (unsigned)before,
		    (unsigned)after, bad ? bad : "ok");
	return bad ? check_why("second member: %s", bad) : NULL;
}

/* The ordinary process touching the resident's variable must be killed. */
static const char *touch(uint32_t addr)
{
	char args[48];
	int status = -1;
	snprintf(args, sizeof(args), IMAGE " touch 0x%08x", (unsigned)addr);
	int pid = lv_spawn(IMAGE, args, 0, 0, 0);
	if (pid <= 0)
		return check_why("spawn touch: %s", lv_strerror(pid));
	int waited = check_wait_exit(pid, SHORT, &status);
	if (waited != pid || status != 139)
		return check_why("touch: wait %d status %d", waited, status);
	return NULL;
}

static const char *use_resident(int pid, int r)
{
	uint32_t addr;
	memcpy(&addr, msg.payload, 4);
	if (addr < RESIDENT_LO || addr >= RESIDENT_HI)
		return check_why("resident variable at 0x%08x", (unsigned)addr);
	for (uint32_t i = 0; i < 100; i++) {
		const char *bad = echo(r, i, i * 10u, pid);
		if (bad)
			return check_why("call %u: %s", (unsigned)i, bad);
	}
	return touch(addr);
}

const char *check_resident(void)
{
	int r = 0, status = -1;
	if (w.m <= 0)
		return "no port M";
	int pid = lv_spawn(IMAGE, IMAGE " resident", LV_SPAWN_RESIDENT, w.m, 0);
	if (pid <= 0)
		return check_why("spawn resident: %s", lv_strerror(pid));
	const char *bad = hello_from(pid, 4, &r);
	if (!bad && r <= 0)
		bad = "the resident's hello carried no right";
	if (!bad)
		bad = use_resident(pid, r);
	int rc = r > 0 ? call_op(r, OP_QUIT) : -1;
	int waited = check_wait_exit(pid, SHORT, &status);
	if (!bad && (rc != 0 || waited != pid || status != 0))
		bad = check_why("resident QUIT %d, wait %d status %d", rc,
				waited, status);
	return bad;
}
