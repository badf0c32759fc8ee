/* The server loop's deferred replies and outgoing calls (see server.h). A
 * deferred token is a slot index; an outgoing call's cookie is its slot
 * index with a generation above it, so a late answer to a call that timed
 * out (and whose slot was reused) is recognised and dropped. */
#include <lavender/server.h>
#include <lavender/syscall.h>
#include <string.h>
#include "server_impl.h"

int lv_server_defer(lv_server_t *s)
{
	if (!s->current_reply)
		return -ERR_INVAL; /* not in a handler, or no reply right */
	for (int t = 0; t < LV_SERVER_DEFERRED_MAX; t++) {
		if (s->deferred[t])
			continue;
		s->deferred[t] = s->current_reply;
		s->current_reply = 0; /* the loop must not answer it */
		s->ndeferred++;
		return t;
	}
	return -ERR_NOSPC;
}

int lv_server_deferred_alive(lv_server_t *s, int token)
{
	if (token < 0 || token >= LV_SERVER_DEFERRED_MAX || !s->deferred[token])
		return -ERR_BADF;
	if (lv_handle_info(s->deferred[token]) >= 0)
		return 1;
	lv_handle_close(s->deferred[token]);
	s->deferred[token] = 0;
	s->ndeferred--;
	return 0;
}

int lv_server_answer(lv_server_t *s, int token, int status, const void *data,
		     size_t len)
{
	return lv_server_answer_right(s, token, status, data, len, 0,
				      LV_RIGHT_NONE);
}

int lv_server_answer_right(lv_server_t *s, int token, int status,
			   const void *data, size_t len, int right,
			   uint32_t mode)
{
	if (token < 0 || token >= LV_SERVER_DEFERRED_MAX || !s->deferred[token])
		return -ERR_BADF;
	if (len > LV_MSG_PAYLOAD_MAX)
		return -ERR_RANGE;
	lv_msg_t answer; /* not the loop's buffer: a handler may be using it */
	answer.h = (lv_msg_header_t){.op = (uint32_t)status,
				     .size = (uint32_t)len,
				     .right = right,
				     .right_mode = mode};
	if (len)
		memcpy(answer.payload, data, len);
	int reply = s->deferred[token];
	s->deferred[token] = 0;
	s->ndeferred--;
	int rc = lv_msg_reply(reply, &answer.h);
	if (rc < 0 && rc != -ERR_DEADPORT)
		lv_handle_close(reply); /* used up either way */
	return rc == -ERR_RANGE ? -ERR_DEADPORT : rc;
}

int lv_server_deferred(const lv_server_t *s) { return s->ndeferred; }

#define SLOT_BITS 6
_Static_assert(LV_SERVER_CALLS_MAX == 1 << SLOT_BITS, "cookie layout");

static void call_timed_out(lv_server_t *s, int id, void *arg)
{
	(void)id;
	lv_pending_t *p = arg;
	lv_answer_fn_t fn = p->fn;
	void *fn_arg = p->arg;
	p->gen = 0; /* a late answer finds no call */
	fn(s, -ERR_TIMEDOUT, NULL, fn_arg);
}

int lv_server_call(lv_server_t *s, int handle, uint32_t op, const void *req,
		   size_t len, unsigned timeout, lv_answer_fn_t fn, void *arg)
{
	return lv_server_call_right(s, handle, op, req, len, 0, LV_RIGHT_NONE,
				    timeout, fn, arg);
}

int lv_server_call_right(lv_server_t *s, int handle, uint32_t op,
			 const void *req, size_t len, int right, uint32_t mode,
			 unsigned timeout, lv_answer_fn_t fn, void *arg)
{
	int slot = 0;
	while (slot < LV_SERVER_CALLS_MAX && s->calls[slot].gen)
		slot++;
	if (slot == LV_SERVER_CALLS_MAX)
		return -ERR_NOSPC;
	if (len > LV_MSG_PAYLOAD_MAX)
		return -ERR_RANGE;
	if (timeout == 0 || timeout == LV_WAIT_FOREVER)
		return -ERR_INVAL; /* an answer always has a deadline */
	lv_msg_t msg;
	msg.h =
	    (lv_msg_header_t){.op = op,
			      .size = (uint32_t)len,
			      .right = right > 0 ? right : 0,
			      .right_mode = right > 0 ? mode : LV_RIGHT_NONE};
	if (len)
		memcpy(msg.payload, req, len);
	uint32_t gen = ++s->call_gen & ((1u << (32 - SLOT_BITS)) - 1);
	if (!gen)
		gen = s->call_gen = 1;
	lv_pending_t *p = &s->calls[slot];
	*p = (lv_pending_t){gen, fn, arg, 0};
	p->timer = lv_server_timer(s, timeout, 0, call_timed_out, p);
	int rc = p->timer < 0
		     ? p->timer
		     : lv_msg_send_request(handle, &msg.h, s->reply,
					   gen << SLOT_BITS | (uint32_t)slot,
					   LV_NO_WAIT);
	if (rc < 0) {
		if (p->timer > 0)
			lv_server_cancel(s, p->timer);
		p->gen = 0;
	}
	return rc;
}

void lv_server_answer_arrived(lv_server_t *s, const lv_msg_t *msg)
{
	uint32_t slot = msg->h.cookie & (LV_SERVER_CALLS_MAX - 1);
	lv_pending_t *p = &s->calls[slot];
	if (!p->gen || p->gen != msg->h.cookie >> SLOT_BITS) {
		if (msg->h.right) /* a late answer: drop what it carries */
			lv_handle_close(msg->h.right);
		return;
	}
	lv_server_cancel(s, p->timer);
	lv_answer_fn_t fn = p->fn;
	void *arg = p->arg;
	p->gen = 0;
	fn(s, (int)msg->h.op, msg, arg);
}
