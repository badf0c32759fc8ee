/* The IPC fast path: a call to a server already waiting in receive, and a
 * server's reply-and-receive to a caller waiting for that reply, when no
 * right travels (besides the reply right), nothing is queued, and the other
 * side's buffer is reachable from here (same space or resident area). Then
 * the message is copied once and the processor handed straight over. Anything
 * else, including any fault, returns 0 having changed nothing: the general
 * path (ipc.c) then does the work and reports errors. */
#include "core/ipc.h"
#include "core/port.h"
#include "core/portset.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"

#define HDR ((uint32_t)sizeof(lv_msg_header_t))
_Static_assert(sizeof(lv_msg_header_t) == 32, "headers copy as 32 bytes");

/* 1 if t's registered buffer can be written with a plain checked copy. */
static int reachable(const thread_t *t)
{
	const space_t *s = t->proc->space;
	return s->resident || s->pd == nu_pd_current();
}

/* Reads the header of the message in the buffer [umsg, umsg+size), which
 * the caller checked lies in its memory; 0 if it can take the fast path. */
static int fast_header(uint32_t umsg, uint32_t size, lv_msg_header_t *h)
{
	if (nu_copy32_checked_inline(h, (const void *)umsg) < 0)
		return -1;
	if (h->right_mode != LV_RIGHT_NONE || h->size > LV_MSG_PAYLOAD_MAX ||
	    h->size > size - HDR)
		return -1;
	return 0;
}

/* Copies the payload at umsg into t's buffer (checked to fit). */
static int copy_payload(const thread_t *t, uint32_t umsg, uint32_t size)
{
	return size ? nu_copy_checked_inline((void *)(t->ipc_buf + HDR),
					     (const void *)(umsg + HDR), size)
		    : 0;
}

/* The header the receiver sees. Field by field: a whole-struct initialiser
 * becomes a string store, a loop under emulation. */
static inline void fill_header(lv_msg_header_t *out, const lv_msg_header_t *h,
			       int sender, int reply, uint32_t label)
{
	out->op = h->op;
	out->size = h->size;
	out->right = 0;
	out->right_mode = LV_RIGHT_NONE;
	out->reply = reply;
	out->sender = sender;
	out->label = label;
	out->cookie = 0;
}

static uint64_t deadline_of(uint32_t timeout)
{
	return timeout == LV_WAIT_FOREVER ? 0 : nu_ticks() + timeout;
}

int ipc_fast_call(int handle, uint32_t ubuf, uint32_t size, uint32_t timeout,
		  int *rc)
{
	proc_t *me = proc_current();
	thread_t *self = sched_current();
	handle_slot_t *s;
	lv_msg_header_t h;
	if (handle_lookup(me, handle, &s) < 0 ||
	    (s->right.type != LV_RIGHT_SEND &&
	     s->right.type != LV_RIGHT_RECEIVE) ||
	    size < HDR || !user_range_ok(ubuf, size) ||
	    fast_header(ubuf, size, &h))
		return 0;
	port_t *port = s->right.port;
	thread_t *r = sched_first_waiter(&port->receivers);
	if (!r) /* a server waits on the set its port is in */
		r = portset_waiter(port);
	if (!r || !reachable(r) || h.size > r->ipc_size - HDR ||
	    copy_payload(r, ubuf, h.size) < 0)
		return 0;
	right_t reply = {.type = LV_RIGHT_REPLY,
			 .caller = self,
			 .call_seq = self->call_seq + 1};
	lv_msg_header_t out;
	fill_header(&out, &h, ipc_sender_self(),
		    handle_install(r->proc, &reply), port->label);
	if (out.reply < 0)
		return 0;
	if (nu_copy32_checked_inline((void *)r->ipc_buf, &out) < 0) {
		handle_clear(r->proc, out.reply);
		return 0;
	}
	/* Committed: from here on this is the call. */
	self->call_seq++;
	thread_ref(self);
	self->ipc_buf = ubuf;
	self->ipc_size = size;
	self->awaiting_reply = 1;
	*rc = sched_handoff(r, (int)h.size, NULL, deadline_of(timeout));
	self->awaiting_reply = 0;
	return 1;
}

int ipc_fast_reply_receive(int reply, int handle, uint32_t ubuf, uint32_t size,
			   uint32_t timeout, int *rc)
{
	proc_t *me = proc_current();
	handle_slot_t *rs, *ps;
	lv_msg_header_t h;
	if (!reply || handle_lookup(me, reply, &rs) < 0 ||
	    rs->right.type != LV_RIGHT_REPLY ||
	    handle_lookup(me, handle, &ps) < 0 ||
	    (ps->right.type != LV_RIGHT_RECEIVE &&
	     ps->right.type != LV_RIGHT_PORTSET) ||
	    port_has_message(ps->right.port) || size < HDR ||
	    !user_range_ok(ubuf, size) || fast_header(ubuf, size, &h))
		return 0;
	thread_t *c = rs->right.caller;
	if (!c || !c->awaiting_reply || c->call_seq != rs->right.call_seq ||
	    c->state != THREAD_BLOCKED || !reachable(c) ||
	    h.size > c->ipc_size - HDR || copy_payload(c, ubuf, h.size) < 0)
		return 0;
	lv_msg_header_t out;
	fill_header(&out, &h, me->pid, 0, 0);
	if (nu_copy32_checked_inline((void *)c->ipc_buf, &out) < 0)
		return 0;
	/* Committed: the reply is delivered; now wait for the next request. */
	handle_clear(me, reply);
	c->awaiting_reply = 0;
	thread_unref(c); /* it holds its own reference while it waits */
	thread_t *self = sched_current();
	self->ipc_buf = ubuf;
	self->ipc_size = size;
	*rc = sched_handoff(c, (int)h.size, &ps->right.port->receivers,
			    deadline_of(timeout));
	return 1;
}
