/* Module requests of the control port (LV_INITCTL_MODULE_LOAD and UNLOAD):
 * forwarded to the module loader init started, whose answer goes back to
 * the administrator as it came. init checks that the "lkmd" entry belongs
 * to its own child of that name (the one its configuration gave the module
 * right), so no other process that registers the name gets the request;
 * lkmd in turn serves LOAD and UNLOAD only from init. The request waits as
 * a deferred reply and the forward is an lv_server_call, so init's loop
 * never blocks on the loader. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/initctl_proto.h>
#include <lavender/lkmd_proto.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include <lavender/fs.h>
#include "init.h"

void modules_result(int status, const lv_msg_t *msg, msg_lkmd_result_t *r)
{
	memset(r, 0, sizeof(*r));
	if (msg && msg->h.size == sizeof(*r))
		memcpy(r, msg->payload, sizeof(*r));
	else if (status == -ERR_TIMEDOUT)
		snprintf(r->message, sizeof(r->message),
			 "the module loader (lkmd) did not answer within %u "
			 "ms",
			 LV_INITCTL_MODULE_WAIT_MS);
	else if (status == -ERR_DEADPORT)
		snprintf(r->message, sizeof(r->message),
			 "the module loader (lkmd) ended before it answered");
}

/* The loader's answer: passed on to the deferred request (arg: its
 * token) with the loader's status and reply. */
static void answered(lv_server_t *s, int status, const lv_msg_t *msg, void *arg)
{
	msg_lkmd_result_t r;
	modules_result(status, msg, &r);
	lv_server_answer(s, (int)(intptr_t)arg, status, &r, sizeof(r));
}

/* The port of the loader init started: its "lkmd" entry, owned by init's
 * child lkmd. A send right (> 0), or -ERR_SRCH with r's message. */
static int loader(msg_lkmd_result_t *r)
{
	int port = init_child_port(LV_LKMD_NAME, "module loader");
	int pid = init_child_pid(LV_LKMD_NAME);
	if (port >= 0)
		return port;
	if (pid)
		snprintf(r->message, sizeof(r->message),
			 "the module loader (pid %d) is not serving as \"%s\" "
			 "yet: try again",
			 pid, LV_LKMD_NAME);
	else
		snprintf(r->message, sizeof(r->message),
			 "no module loader: init runs none (boot.cfg: restart "
			 "-m lkmd)");
	return -ERR_SRCH;
}

int modules_call(uint32_t op, void *req, size_t len, lv_answer_fn_t fn,
		 void *arg, msg_lkmd_result_t *r)
{
	memset(r, 0, sizeof(*r));
	if (op == LV_LKMD_LOAD) /* the file server lkmd may trust: init's */
		((msg_lkmd_load_t *)req)->fs_pid = init_child_pid(LV_FS_NAME);
	int port = loader(r);
	if (port < 0)
		return port;
	int rc = lv_server_call(init_loop(), port, op, req, len,
				init_ms_to_ticks(LV_INITCTL_MODULE_WAIT_MS), fn,
				arg);
	lv_handle_close(port);
	if (rc < 0)
		snprintf(r->message, sizeof(r->message),
			 "cannot reach the module loader (lkmd): %s",
			 lv_strerror(rc));
	return rc;
}

/* Forwards the request in m (exactly len bytes) as op to the loader. */
static int forward(lv_msg_t *m, size_t len, uint32_t op)
{
	uint8_t req[sizeof(msg_lkmd_load_t)];
	msg_lkmd_result_t *r = (void *)m->payload;
	if (m->h.size != len || len > sizeof(req)) {
		m->h.size = 0;
		return -ERR_INVAL;
	}
	memcpy(req, m->payload, len);
	m->h.size = sizeof(*r);
	int token = lv_server_defer(init_loop());
	if (token < 0)
		return token;
	int rc =
	    modules_call(op, req, len, answered, (void *)(intptr_t)token, r);
	if (rc < 0)
		lv_server_answer(init_loop(), token, rc, r, sizeof(*r));
	return LV_DEFERRED;
}

int modules_load(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	return forward(m, sizeof(msg_lkmd_load_t), LV_LKMD_LOAD);
}

int modules_unload(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	return forward(m, sizeof(msg_lkmd_unload_t), LV_LKMD_UNLOAD);
}
