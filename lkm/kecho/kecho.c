/* A test module for a module's identity (proc.kproc, user/modtest kproc):
 * its thread registers "kecho" (type "test") and serves requests on its
 * process's own port with kernel buffers. Per wake-up it handles one
 * request: bounded work. Not a driver. Requests (status in the reply's
 * op):
 *   KECHO_ECHO  payload echoed back.
 *   KECHO_WHO   reply {sender pid it saw, its own pid, what kipc_port_create
 *               returned in init (-ERR_PERM: not from init)}.
 *   KECHO_SEND  carries a send right: sends "kecho" there without waiting.
 *   KECHO_QUIT  answers, then its thread returns: the process ends and the
 *               module is dead (status 0).
 * A restarted name server (LV_OP_SYSPORT_SET from the kernel, sender 0,
 * asked with ksysport_watch) gets "kecho" registered again. */
#include "lavender/kernel.h"
#include "lavender/kns.h"
#include "lavender/module.h"
#include "kecho_proto.h"

static int init_kipc_rc = 1;
/* Room for the largest message: one that does not fit would stay queued
 * and every receive would fail with -ERR_RANGE. Only the thread uses it. */
static lv_msg_t msg;

/* Answers the request in msg; 1 when the thread should end. */
static int handle(void)
{
	int quit = 0;
	uint32_t op = msg.h.op;
	if (op == KECHO_WHO) {
		kecho_who_t who = {msg.h.sender, kproc_pid(), init_kipc_rc};
		memcpy(msg.payload, &who, sizeof(who));
		msg.h.size = sizeof(who);
		msg.h.op = 0;
	} else if (op == KECHO_SEND && msg.h.right > 0) {
		lv_msg_header_t *out = (lv_msg_header_t *)msg.payload;
		memset(out, 0, sizeof(*out) + 8);
		out->op = KECHO_HELLO;
		out->size = 5;
		memcpy(out + 1, "kecho", 5);
		msg.h.op = (uint32_t)kipc_send(msg.h.right, out, LV_NO_WAIT);
		kipc_handle_close(msg.h.right);
		msg.h.size = 0;
	} else if (op == KECHO_ECHO) {
		msg.h.op = 0; /* the payload goes back as it came */
	} else {
		quit = op == KECHO_QUIT;
		msg.h.op = quit ? 0 : (uint32_t)-ERR_NOSYS;
		msg.h.size = 0;
	}
	msg.h.right = 0;
	msg.h.right_mode = LV_RIGHT_NONE;
	return quit;
}

static void kecho_main(void *arg)
{
	(void)arg;
	/* The watch first: a name server that ends while it registers us is
	 * then seen, and its successor takes the name (below). */
	ksysport_watch(LV_SYSPORT_NS, KPROC_PORT, 0);
	int rc = kns_register("kecho", "test", "", KPROC_PORT);
	kprintf("kecho: registered as pid %d: %d\n", kproc_pid(), rc);
	if (rc < 0 && rc != -ERR_DEADPORT && rc != -ERR_STALE)
		return;
	int reply = 0;
	for (;;) {
		rc = kipc_reply_receive(reply, KPROC_PORT, &msg.h, sizeof(msg),
					LV_WAIT_FOREVER);
		reply = 0;
		if (rc < 0)
			continue; /* a caller that gave up: serve the next */
		if (msg.h.sender == 0 && msg.h.op == LV_OP_SYSPORT_SET) {
			rc = kns_register("kecho", "test", "", KPROC_PORT);
			kprintf("kecho: name server restarted: registered "
				"again: %s\n",
				err_str(rc));
			ksysport_watch(LV_SYSPORT_NS, KPROC_PORT, 0);
			continue;
		}
		if (msg.h.sender == 0)
			continue; /* no other kernel notice is asked for */
		reply = msg.h.reply;
		if (handle())
			break;
	}
	kipc_reply(reply, &msg.h);
	kprintf("kecho: quitting\n");
}

static int kecho_init(void)
{
	init_kipc_rc = kipc_port_create(); /* refused: init is no thread */
	return kthread_start(kecho_main, NULL);
}

LV_MODULE(.name = "kecho", .version = "1.0",
	  .description = "test: serves echo requests from its own process",
	  .init = kecho_init);
