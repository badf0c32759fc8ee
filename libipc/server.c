/* The server loop: endpoints on a port set, dispatch, the rule for carried
 * rights, lv_serve and lv_rpc (see lavender/server.h). Deferred replies and
 * outgoing calls are in server_calls.c, timers in server_timers.c. */
#include <lavender/server.h>
#include <lavender/syscall.h>
#include <stdlib.h>
#include <string.h>
#include "ns_keep.h"
#include "server_impl.h"

static lv_server_t *current;

lv_server_t *lv_server_current(void) { return current; }

lv_server_t *lv_server_new(void)
{
	lv_server_t *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->msg = malloc(sizeof(lv_msg_t));
	s->set = lv_portset_create();
	s->reply = lv_port_create();
	if (!s->msg || s->set < 0 || s->reply < 0 ||
	    lv_portset_add(s->set, s->reply, 0) < 0) {
		if (s->set > 0)
			lv_handle_close(s->set);
		if (s->reply > 0)
			lv_handle_close(s->reply);
		free(s->msg);
		free(s);
		return NULL;
	}
	return s;
}

int lv_server_add(lv_server_t *s, int port, const lv_op_t *ops, size_t nops,
		  void *ctx, lv_kernel_fn_t on_kernel)
{
	int k = 0;
	while (k < s->neps && s->eps[k].port)
		k++;
	if (k == s->neps) {
		lv_endpoint_t *grown =
		    realloc(s->eps, (size_t)(s->neps + 8) * sizeof(*grown));
		if (!grown)
			return -ERR_NOMEM;
		memset(grown + s->neps, 0, 8 * sizeof(*grown));
		s->eps = grown;
		s->neps += 8;
	}
	int rc = lv_portset_add(s->set, port, (unsigned)k + 1);
	if (rc < 0)
		return rc;
	s->eps[k] = (lv_endpoint_t){port, ops, nops, ctx, on_kernel};
	return k + 1;
}

int lv_server_remove(lv_server_t *s, int port)
{
	for (int k = 0; k < s->neps; k++) {
		if (s->eps[k].port != port)
			continue;
		memset(&s->eps[k], 0, sizeof(s->eps[k]));
		return lv_portset_remove(s->set, port);
	}
	return -ERR_NOENT;
}

void lv_server_on_kernel(lv_server_t *s, lv_kernel_fn_t fn, void *ctx)
{
	s->on_kernel = fn;
	s->kernel_ctx = ctx;
}

void lv_server_stop(lv_server_t *s) { s->stop = 1; }

static const lv_op_t *find_op(const lv_endpoint_t *ep, uint32_t op)
{
	for (size_t i = 0; i < ep->nops; i++)
		if (ep->ops[i].op == op || ep->ops[i].op == LV_SERVER_ANY_OP)
			return &ep->ops[i];
	return NULL;
}

/* Runs the request in s->msg on endpoint ep; returns the reply handle to
 * answer with (0: none: no reply right, or deferred). */
static int dispatch(lv_server_t *s, const lv_endpoint_t *ep)
{
	lv_msg_t *msg = s->msg;
	int reply = msg->h.reply > 0 ? msg->h.reply : 0;
	lv_kernel_fn_t hook = ep->on_kernel ? ep->on_kernel : s->on_kernel;
	if (msg->h.sender == 0 && msg->h.op >= 0xFFFF0000u && !reply && hook) {
		hook(msg, ep->on_kernel ? ep->ctx : s->kernel_ctx);
		return 0; /* without a hook: the op table's (lv_serve's way) */
	}
	const lv_op_t *op = find_op(ep, msg->h.op);
	int carried = msg->h.right; /* the handler may take it */
	msg->h.right_mode = LV_RIGHT_NONE;
	int status = -ERR_NOSYS;
	s->current_reply = reply;
	if (op)
		status = op->fn(msg, ep->ctx); /* sets the reply's size */
	else
		msg->h.size = 0;
	s->current_reply = 0;
	if (msg->h.right_mode == LV_RIGHT_NONE) {
		if (carried && msg->h.right == carried)
			lv_handle_close(carried); /* not taken */
		msg->h.right = 0;
	}
	if (status == LV_DEFERRED)
		return 0;
	msg->h.op = (uint32_t)status;
	msg->h.label = msg->h.cookie = 0;
	return reply;
}

int lv_server_run(lv_server_t *s)
{
	int reply = 0;
	lv_server_t *outer = current;
	current = s;
	s->stop = 0;
	for (;;) {
		ns_keep_adopt(s); /* a restarted name server's notices */
		unsigned timeout = lv_server_run_timers(s);
		if (s->stop || (s->stop_ext && *s->stop_ext)) {
			if (reply)
				lv_msg_reply(reply, &s->msg->h);
			current = outer;
			return 0;
		}
		int rc = lv_msg_reply_receive(reply, s->set, &s->msg->h,
					      sizeof(lv_msg_t), timeout);
		reply = 0;
		if (rc == -ERR_TIMEDOUT || rc == -ERR_AGAIN)
			continue; /* a timer is due (timeout 0 is LV_NO_WAIT) */
		if (rc < 0) {
			current = outer;
			return rc;
		}
		uint32_t label = s->msg->h.label;
		if (label == 0) {
			lv_server_answer_arrived(s, s->msg);
			continue;
		}
		if (label > (uint32_t)s->neps || !s->eps[label - 1].port)
			continue; /* an endpoint removed meanwhile */
		reply = dispatch(s, &s->eps[label - 1]);
	}
}

void lv_server_free(lv_server_t *s)
{
	ns_keep_release(s);
	for (int t = 0; t < LV_SERVER_DEFERRED_MAX; t++)
		if (s->deferred[t]) /* the callers hear -ERR_DEADPORT */
			lv_handle_close(s->deferred[t]);
	lv_handle_close(s->set);
	lv_handle_close(s->reply);
	free(s->eps);
	free(s->heap);
	free(s->msg);
	free(s);
}

int lv_serve(int port, const lv_op_t *ops, size_t nops, void *ctx,
	     volatile int *stop)
{
	lv_server_t *s = lv_server_new();
	if (!s)
		return -ERR_NOMEM;
	int rc = lv_server_add(s, port, ops, nops, ctx, NULL);
	if (rc > 0) {
		s->stop_ext = stop;
		rc = lv_server_run(s);
		lv_server_remove(s, port);
	}
	lv_server_free(s);
	return rc;
}

int lv_rpc(int handle, uint32_t op, const void *req, size_t len, void *reply,
	   size_t reply_max, size_t *reply_len, unsigned timeout)
{
	lv_msg_t msg; /* on the caller's stack: safe from any thread */
	if (len > LV_MSG_PAYLOAD_MAX)
		return -ERR_RANGE;
	msg.h = (lv_msg_header_t){.op = op, .size = (uint32_t)len};
	if (len)
		memcpy(msg.payload, req, len);
	int rc = lv_msg_call(handle, &msg.h, sizeof(msg), timeout);
	if (rc < 0)
		return rc;
	size_t n = msg.h.size < reply_max ? msg.h.size : reply_max;
	if (reply && n)
		memcpy(reply, msg.payload, n);
	if (reply_len)
		*reply_len = n;
	return (int)msg.h.op;
}
