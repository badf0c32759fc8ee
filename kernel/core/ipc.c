/* IPC operations (see ipc.h). A message goes straight into the buffer of a
 * receiver blocked on the port (one copy, and the receiver runs next);
 * otherwise it is copied into a kernel buffer on the port's queue. A call
 * leaves a send-once reply right naming the calling thread in the server's
 * handle table; the reply is copied straight into the caller's buffer. */
#include "core/ipc.h"
#include "core/ipc_internal.h"
#include "core/kmem.h"
#include "core/port.h"
#include "core/portset.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

#define HDR ((uint32_t)sizeof(lv_msg_header_t))

static uint64_t deadline_of(uint32_t timeout)
{
	return timeout == LV_WAIT_FOREVER ? 0 : nu_ticks() + timeout;
}

/* Touches every page of [va, va+n) so that a later copy from it cannot
 * fault: a fault during delivery is then the receiver's. */
static int probe_readable(uint32_t va, uint32_t n)
{
	if (!user_range_ok(va, n))
		return -ERR_FAULT;
	uint32_t word;
	for (uint32_t a = va & ~3u; a < va + n; a = (a & PAGE_MASK) + PAGE_SIZE)
		if (nu_probe_read32((const uint32_t *)a, &word) < 0)
			return -ERR_FAULT;
	return 0;
}

int ipc_lookup(int h, handle_slot_t **slot)
{
	return handle_lookup(proc_current(), h, slot);
}

/* The port that handle h may send to (a send or receive right). */
int ipc_send_target(int h, port_t **port)
{
	handle_slot_t *s;
	int rc = ipc_lookup(h, &s);
	if (rc < 0)
		return rc;
	if (s->right.type != LV_RIGHT_SEND && s->right.type != LV_RIGHT_RECEIVE)
		return -ERR_PERM;
	*port = s->right.port;
	return 0;
}

/* The port of handle, which must be the caller's own receive right: the
 * kernel's notices (sender 0, trusted by servers) go only where the asker
 * receives, so nobody can forge one into another's port. */
int ipc_own_port(int handle, port_t **port)
{
	handle_slot_t *s;
	int rc = ipc_lookup(handle, &s);
	if (rc < 0)
		return rc;
	if (s->right.type != LV_RIGHT_RECEIVE)
		return -ERR_PERM;
	*port = s->right.port;
	return 0;
}

int ipc_act_for(int identity)
{
	if (identity < LV_REMOTE_ID_MIN || identity > 0)
		return -ERR_INVAL;
	sched_current()->act_for = identity;
	return 0;
}

int ipc_sender_self(void)
{
	int id = sched_current()->act_for;
	return id ? id : proc_current()->pid;
}

/* Reads and checks a message header at umsg; probes its payload. */
static int read_message(uint32_t umsg, lv_msg_header_t *h)
{
	if (!user_range_ok(umsg, HDR) || copyin(h, umsg, HDR) < 0)
		return -ERR_FAULT;
	if (h->size > LV_MSG_PAYLOAD_MAX)
		return -ERR_RANGE;
	if (h->right_mode > LV_RIGHT_MOVE)
		return -ERR_INVAL;
	h->label = h->cookie = 0; /* the kernel's to fill in */
	return probe_readable(umsg + HDR, h->size);
}

/* The right a message will carry, checked but not yet taken. */
static int carried_right(const lv_msg_header_t *h, right_t *out)
{
	handle_slot_t *s;
	memset(out, 0, sizeof(*out));
	if (h->right_mode == LV_RIGHT_NONE)
		return 0;
	int rc = ipc_lookup(h->right, &s);
	if (rc < 0)
		return rc;
	switch (h->right_mode) {
	case LV_RIGHT_COPY_SEND:
		if (s->right.type != LV_RIGHT_SEND)
			return -ERR_PERM;
		break;
	case LV_RIGHT_MAKE_SEND:
		if (s->right.type != LV_RIGHT_RECEIVE)
			return -ERR_PERM;
		break;
	case LV_RIGHT_MOVE:
		if (s->right.type == LV_RIGHT_PORTSET)
			return -ERR_INVAL; /* a set stays with its receiver */
		*out = s->right;
		return 0;
	}
	out->type = LV_RIGHT_SEND;
	out->port = s->right.port;
	return 0;
}

/* Takes the carried right for good: the point of no return of a send. */
static void commit_right(const lv_msg_header_t *h, const right_t *r)
{
	if (h->right_mode == LV_RIGHT_MOVE) {
		handle_clear(proc_current(), h->right);
		if (r->type == LV_RIGHT_RECEIVE) {
			portset_leave(r->port); /* not the new holder's set */
			port_receive_right_leaves(r->port);
		}
	} else if (r->type)
		right_retain(r);
}

/* Puts r into p's table; the handle, or 0 when there is no room: then the
 * right is dropped (a reply right's caller hears -ERR_DEADPORT) and the
 * receiver sees no handle, never an error code in its place. */
static int32_t install(proc_t *p, right_t *r)
{
	if (!r->type)
		return 0;
	int h = handle_install(p, r);
	if (h < 0)
		right_release(r); /* no room: the right is dropped */
	else if (r->type == LV_RIGHT_RECEIVE)
		port_set_owner(r->port, p);
	memset(r, 0, sizeof(*r));
	return h < 0 ? 0 : h;
}

/* Removes and releases a right install() put into p's table. */
static void uninstall(proc_t *p, int32_t h)
{
	handle_slot_t *s;
	if (h <= 0 || handle_lookup(p, h, &s) < 0)
		return;
	right_t r = s->right;
	handle_clear(p, h);
	right_release(&r);
}

/* Writes a message into t's registered buffer: the payload from src (a user
 * address of the current space, or kernel memory), then the header with the
 * rights installed as handles of t's process. Consumes carried and reply.
 * Returns the payload size, or -ERR_FAULT if t's buffer is bad (the rights
 * are then released). The caller has checked that the payload fits. */
static int deliver(thread_t *t, const lv_msg_header_t *h, const void *src,
		   int src_is_user, right_t *carried, right_t *reply,
		   int sender, uint32_t label)
{
	space_t *dst = t->proc->space;
	lv_msg_header_t out = {.op = h->op,
			       .size = h->size,
			       .right_mode = carried->type ? h->right_mode : 0,
			       .sender = sender,
			       .label = label,
			       .cookie = h->cookie};
	int rc = h->size ? space_copy_to(dst, t->ipc_buf + HDR, src, h->size,
					 src_is_user)
			 : 0;
	if (rc < 0) { /* -ERR_FAULT, or -ERR_NOMEM: no frame for the page */
		right_release(carried);
		right_release(reply);
		return rc;
	}
	out.right = install(t->proc, carried);
	out.reply = install(t->proc, reply);
	if (space_copy_to(dst, t->ipc_buf, &out, HDR, 0) < 0) {
		/* Nobody can learn the handles: take the rights back. */
		uninstall(t->proc, out.right);
		uninstall(t->proc, out.reply);
		return -ERR_FAULT;
	}
	return (int)h->size;
}

/* A thread blocked in receive on port, or on the set it is in. */
static thread_t *waiting_receiver(port_t *port)
{
	thread_t *r = sched_first_waiter(&port->receivers);
	return r ? r : portset_waiter(port);
}

/* Sends the message at umsg (header h already read) to port. On success the
 * carried and reply rights belong to the message; on failure the caller
 * still owns reply. If the message went straight into a blocked receiver's
 * buffer, *to and *to_rc name that receiver and its result: the caller wakes
 * it (or hands the processor to it). */
static int send_to_port(port_t *port, const lv_msg_header_t *h, uint32_t umsg,
			right_t *carried, right_t *reply, uint32_t timeout,
			uint64_t deadline, thread_t **to, int *to_rc)
{
	int sender = ipc_sender_self(); /* a remote identity, or the pid */
	*to = NULL;
	for (;;) {
		if (port_is_dead(port))
			return -ERR_DEADPORT;
		/* A receive right may not travel to its own port (the rest of
		 * the transit rule is port_enqueue's, port.h). */
		if (carried->type == LV_RIGHT_RECEIVE && carried->port == port)
			return -ERR_LOOP;
		thread_t *r = waiting_receiver(port);
		if (r && h->size > r->ipc_size - HDR) {
			sched_wake_thread(r, -ERR_RANGE); /* it stays queued */
			r = NULL;
		}
		if (r) {
			commit_right(h, carried);
			*to_rc = deliver(r, h, (const void *)(umsg + HDR), 1,
					 carried, reply, sender, port->label);
			*to = r;
			return 0;
		}
		if (port->queued < LV_PORT_QUEUE_MAX) {
			kmsg_t *m = kzalloc(sizeof(*m) + h->size);
			if (!m)
				return -ERR_NOMEM;
			if (copyin(m->payload, umsg + HDR, h->size) < 0) {
				kfree(m);
				return -ERR_FAULT;
			}
			m->cost = (uint32_t)sizeof(*m) + h->size;
			m->h = *h;
			m->sender_pid = sender;
			m->carried = *carried;
			m->reply = *reply;
			int rc = port_enqueue(port, m, 1);
			if (rc == 0) {
				commit_right(h, carried);
				sched_wake_one(&port->receivers, 0);
				return 0;
			}
			kfree(m);
			if (rc != -ERR_AGAIN) /* -ERR_LOOP */
				return rc;
			/* -ERR_AGAIN: the owner's queued bytes are used up */
		}
		if (timeout == LV_NO_WAIT)
			return -ERR_AGAIN;
		port_ref(port); /* the sender's handle may go while we wait */
		int rc = sched_block(&port->senders, deadline);
		int dead = port_is_dead(port);
		port_unref(port);
		if (rc < 0)
			return rc;
		if (dead)
			return -ERR_DEADPORT;
		/* The right to carry is read again from the sender's handle: it
		 * may have been closed, moved or replaced meanwhile. */
		rc = carried_right(h, carried);
		if (rc < 0)
			return rc;
	}
}

int ipc_post(port_t *port, const lv_msg_header_t *h, const void *src,
	     int src_is_user, right_t *carried, int sender, int bound)
{
	right_t no_reply = {0};
	if (port_is_dead(port)) {
		right_release(carried);
		return -ERR_DEADPORT;
	}
	thread_t *r = waiting_receiver(port);
	if (r && h->size <= r->ipc_size - HDR) {
		int rc = deliver(r, h, src, src_is_user, carried, &no_reply,
				 sender, port->label);
		sched_wake_thread(r, rc);
		return 0;
	}
	kmsg_t *m = kzalloc(sizeof(*m) + h->size);
	if (!m) {
		right_release(carried);
		return -ERR_NOMEM;
	}
	if (src_is_user ? copyin(m->payload, (uint32_t)src, h->size) < 0
			: (memcpy(m->payload, src, h->size), 0)) {
		kfree(m);
		right_release(carried);
		return -ERR_FAULT;
	}
	m->h = *h;
	m->sender_pid = sender;
	m->carried = *carried;
	m->cost = (uint32_t)sizeof(*m) + h->size;
	int rc = bound == IPC_POST_QUEUE && port->queued >= LV_PORT_QUEUE_MAX
		     ? -ERR_AGAIN
		     : port_enqueue(port, m, bound != IPC_POST_UNBOUNDED);
	if (rc < 0) { /* -ERR_LOOP, or -ERR_AGAIN: over the bounds, dropped */
		kfree(m);
		right_release(carried);
		return rc;
	}
	memset(carried, 0, sizeof(*carried));
	if (r)
		sched_wake_thread(r, -ERR_RANGE); /* its buffer is too small */
	return 0;
}

int ipc_kernel_send(port_t *port, uint32_t op, const void *payload,
		    uint32_t size)
{
	/* Past every bound: an IRQ line sends one at a time (masked until
	 * acknowledged), and a dropped one would leave it masked for good. */
	lv_msg_header_t h = {.op = op, .size = size};
	right_t none = {0};
	return ipc_post(port, &h, payload, 0, &none, 0, IPC_POST_UNBOUNDED);
}

int ipc_kernel_notice(port_t *port, uint32_t op, const void *payload,
		      uint32_t size)
{
	lv_msg_header_t h = {.op = op, .size = size};
	right_t none = {0};
	return ipc_post(port, &h, payload, 0, &none, 0, IPC_POST_BUDGET);
}

/* Puts a right the caller now owns into its table; released if no room. */
int ipc_install_new(right_t *r)
{
	int h = handle_install(proc_current(), r);
	if (h < 0)
		right_release(r);
	return h;
}

int ipc_port_create(void)
{
	port_t *p;
	int rc = port_alloc(proc_current(), &p);
	if (rc < 0)
		return rc;
	right_t r = {.type = LV_RIGHT_RECEIVE, .port = p};
	port_ref(p);
	return ipc_install_new(&r);
}

int ipc_port_make_send(int handle)
{
	handle_slot_t *s;
	int rc = ipc_lookup(handle, &s);
	if (rc < 0)
		return rc;
	if (s->right.type != LV_RIGHT_RECEIVE && s->right.type != LV_RIGHT_SEND)
		return -ERR_PERM;
	right_t r = {.type = LV_RIGHT_SEND, .port = s->right.port};
	right_retain(&r);
	return ipc_install_new(&r);
}

int ipc_handle_close(int handle)
{
	handle_slot_t *s;
	int rc = ipc_lookup(handle, &s);
	if (rc < 0)
		return rc;
	right_t r = s->right;
	handle_clear(proc_current(), handle);
	right_release(&r);
	return 0;
}

int ipc_handle_info(int handle)
{
	handle_slot_t *s;
	int rc = ipc_lookup(handle, &s);
	if (rc < 0)
		return rc;
	if (s->right.type == LV_RIGHT_REPLY) {
		/* A reply right nobody waits for any more: its caller gave up
		 * or ended, or the requester let its reply port go. */
		thread_t *c = s->right.caller;
		if (c &&
		    !(c->awaiting_reply && c->call_seq == s->right.call_seq &&
		      c->state == THREAD_BLOCKED))
			return -ERR_DEADPORT;
		if (!c && !port_held_by(s->right.port, s->right.asker))
			return -ERR_DEADPORT;
	}
	return s->right.type;
}

int ipc_send(int handle, uint32_t umsg, uint32_t timeout)
{
	port_t *port;
	lv_msg_header_t h;
	right_t carried, none = {0};
	thread_t *to;
	int to_rc;
	int rc = ipc_send_target(handle, &port);
	if (rc == 0)
		rc = read_message(umsg, &h);
	if (rc == 0)
		rc = carried_right(&h, &carried);
	if (rc == 0)
		rc = send_to_port(port, &h, umsg, &carried, &none, timeout,
				  deadline_of(timeout), &to, &to_rc);
	if (rc == 0 && to)
		sched_wake_thread(to, to_rc);
	return rc;
}

/* 1 if the right in s can be received on: a port's or a set's. */
static int receivable(const handle_slot_t *s)
{
	return s->right.type == LV_RIGHT_RECEIVE ||
	       s->right.type == LV_RIGHT_PORTSET;
}

int ipc_send_request(int handle, uint32_t umsg, int reply_port, uint32_t cookie,
		     uint32_t timeout)
{
	port_t *port, *back;
	lv_msg_header_t h;
	right_t carried;
	thread_t *to;
	int to_rc;
	int rc = ipc_send_target(handle, &port);
	if (rc == 0)
		rc = ipc_own_port(reply_port, &back);
	if (rc == 0)
		rc = read_message(umsg, &h);
	if (rc == 0)
		rc = carried_right(&h, &carried);
	if (rc < 0)
		return rc;
	/* A send-once right naming a port: the answer comes back there as a
	 * message with cookie (or -ERR_DEADPORT if the right is dropped). */
	right_t reply = {.type = LV_RIGHT_REPLY,
			 .port = back,
			 .call_seq = cookie,
			 .asker = proc_current()->pid};
	port_ref(back);
	rc = send_to_port(port, &h, umsg, &carried, &reply, timeout,
			  deadline_of(timeout), &to, &to_rc);
	if (rc < 0) {
		port_unref(back); /* the right was never made */
		return rc;
	}
	if (to)
		sched_wake_thread(to, to_rc);
	return 0;
}

int ipc_receive(int handle, uint32_t ubuf, uint32_t size, uint32_t timeout)
{
	handle_slot_t *s;
	int rc = ipc_lookup(handle, &s);
	if (rc < 0)
		return rc;
	if (!receivable(s))
		return -ERR_PERM;
	if (size < HDR || !user_range_ok(ubuf, size))
		return -ERR_FAULT;
	port_t *port = s->right.port;
	thread_t *self = sched_current();
	self->ipc_buf = ubuf;
	self->ipc_size = size;
	port_t *from = port->is_set ? portset_next_ready(port) : port;
	kmsg_t *m = from ? from->head : NULL;
	if (m) {
		if (m->h.size > size - HDR)
			return -ERR_RANGE;
		port_dequeue(from);
		portset_taken(from);
		rc = deliver(self, &m->h, m->payload, 0, &m->carried, &m->reply,
			     m->sender_pid, from->label);
		kfree(m);
		sched_wake_one(&from->senders, 0);
		return rc;
	}
	if (timeout == LV_NO_WAIT)
		return -ERR_AGAIN;
	return sched_block(&port->receivers, deadline_of(timeout));
}

int ipc_call(int handle, uint32_t ubuf, uint32_t size, uint32_t timeout)
{
	port_t *port;
	lv_msg_header_t h;
	right_t carried;
	thread_t *self = sched_current();
	int rc;
	if (ipc_fast_call(handle, ubuf, size, timeout, &rc))
		return rc;
	rc = ipc_send_target(handle, &port);
	if (rc == 0 && (size < HDR || !user_range_ok(ubuf, size)))
		rc = -ERR_FAULT;
	if (rc == 0)
		rc = read_message(ubuf, &h);
	if (rc == 0)
		rc = carried_right(&h, &carried);
	if (rc < 0)
		return rc;
	right_t reply = {.type = LV_RIGHT_REPLY,
			 .caller = self,
			 .call_seq = ++self->call_seq};
	thread_ref(self);
	self->ipc_buf = ubuf;
	self->ipc_size = size;
	self->awaiting_reply = 1;
	thread_t *to;
	int to_rc;
	/* One deadline for the whole call: sending and the reply. */
	uint64_t deadline = deadline_of(timeout);
	rc = send_to_port(port, &h, ubuf, &carried, &reply, timeout, deadline,
			  &to, &to_rc);
	if (rc < 0) {
		self->awaiting_reply = 0;
		thread_unref(self);
		return rc;
	}
	if (!self->awaiting_reply) { /* the request's delivery dropped the right
				      */
		if (to)
			sched_wake_thread(to, to_rc);
		return -ERR_DEADPORT;
	}
	rc = to ? sched_handoff(to, to_rc, NULL, deadline)
		: sched_block(NULL, deadline);
	self->awaiting_reply = 0;
	return rc;
}

void ipc_abort_reply(thread_t *caller, uint32_t seq)
{
	if (!caller->awaiting_reply || caller->call_seq != seq)
		return;
	caller->awaiting_reply = 0;
	sched_wake_thread(caller, -ERR_DEADPORT);
}

/* Answers the call behind reply with the message at umsg, without waking
 * the caller: *to and *to_rc say whom to wake with what (NULL: nobody). */
static int reply_deliver(int reply, uint32_t umsg, thread_t **to, int *to_rc)
{
	handle_slot_t *s;
	lv_msg_header_t h;
	right_t carried, none = {0};
	*to = NULL;
	int rc = ipc_lookup(reply, &s);
	if (rc < 0)
		return rc;
	if (s->right.type != LV_RIGHT_REPLY)
		return -ERR_PERM;
	rc = read_message(umsg, &h);
	if (rc == 0)
		rc = carried_right(&h, &carried);
	if (rc < 0)
		return rc;
	thread_t *c = s->right.caller;
	uint32_t seq = s->right.call_seq;
	if (!c) { /* the reply of a request: a message to its reply port */
		port_t *to_port = s->right.port;
		if (port_transit_refused(to_port, &carried))
			return -ERR_LOOP; /* nothing taken: the reply may retry
					   */
		if (!port_held_by(to_port, s->right.asker)) {
			/* The requester let its reply port go: nobody asked. */
			handle_clear(proc_current(), reply);
			port_unref(to_port);
			return -ERR_DEADPORT;
		}
		handle_clear(proc_current(), reply);
		h.cookie = seq;
		commit_right(&h, &carried);
		rc = ipc_post(to_port, &h, (const void *)(umsg + HDR), 1,
			      &carried, proc_current()->pid, IPC_POST_QUEUE);
		port_unref(to_port);
		return rc;
	}
	handle_clear(proc_current(), reply); /* used up, whatever follows */
	int waiting = c->awaiting_reply && c->call_seq == seq &&
		      c->state == THREAD_BLOCKED;
	thread_unref(c); /* a waiting caller holds its own reference */
	if (!waiting)
		return -ERR_DEADPORT; /* the caller gave up or ended */
	c->awaiting_reply = 0;
	*to = c;
	if (h.size > c->ipc_size - HDR) {
		*to_rc = -ERR_RANGE;
		return -ERR_RANGE;
	}
	commit_right(&h, &carried);
	*to_rc = deliver(c, &h, (const void *)(umsg + HDR), 1, &carried, &none,
			 proc_current()->pid, 0);
	return 0;
}

int ipc_reply(int reply, uint32_t umsg)
{
	thread_t *to;
	int to_rc, rc = reply_deliver(reply, umsg, &to, &to_rc);
	if (to)
		sched_wake_thread(to, to_rc);
	return rc;
}

int ipc_reply_receive(int reply, int handle, uint32_t ubuf, uint32_t size,
		      uint32_t timeout)
{
	thread_t *to = NULL;
	int to_rc = 0, fast_rc;
	if (ipc_fast_reply_receive(reply, handle, ubuf, size, timeout,
				   &fast_rc))
		return fast_rc;
	if (reply) {
		int rc = reply_deliver(reply, ubuf, &to, &to_rc);
		/* A caller that gave up, or whose buffer is too small, does not
		 * stop the server; its own mistakes do. */
		if (rc < 0 && rc != -ERR_DEADPORT && rc != -ERR_RANGE) {
			if (to)
				sched_wake_thread(to, to_rc);
			return rc;
		}
	}
	handle_slot_t *s;
	int rc = ipc_lookup(handle, &s);
	if (rc == 0 && !receivable(s))
		rc = -ERR_PERM;
	if (rc == 0 && (size < HDR || !user_range_ok(ubuf, size)))
		rc = -ERR_FAULT;
	port_t *port = rc == 0 ? s->right.port : NULL;
	if (!to || rc < 0 || port_has_message(port) || timeout == LV_NO_WAIT) {
		/* Nothing to hand off to, or a message is already waiting. */
		if (to)
			sched_wake_thread(to, to_rc);
		return rc < 0 ? rc : ipc_receive(handle, ubuf, size, timeout);
	}
	/* The server loop's usual case: the caller runs next, and we wait. */
	thread_t *self = sched_current();
	self->ipc_buf = ubuf;
	self->ipc_size = size;
	return sched_handoff(to, to_rc, &port->receivers, deadline_of(timeout));
}
