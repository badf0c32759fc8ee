/* Ports, rights and handle tables (see port.h). */
#include "core/port.h"
#include "core/ipc.h"
#include "core/kmem.h"
#include "core/limits.h"
#include "core/portset.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

_Static_assert(LV_HANDLES_LIMIT == 1u << HANDLE_INDEX_BITS,
	       "handle index bits");
#define HANDLES_FIRST_CAP 64u

/* Links p into owner's list and account. */
static void owner_link(port_t *p, proc_t *owner)
{
	p->owner = owner;
	p->owner_prev = NULL;
	p->owner_next = owner->ports;
	if (owner->ports)
		owner->ports->owner_prev = p;
	owner->ports = p;
	owner->nports++;
	owner->queued_bytes += p->queued_bytes;
}

static void owner_unlink(port_t *p)
{
	proc_t *o = p->owner;
	if (!o)
		return;
	if (p->owner_prev)
		p->owner_prev->owner_next = p->owner_next;
	else
		o->ports = p->owner_next;
	if (p->owner_next)
		p->owner_next->owner_prev = p->owner_prev;
	o->nports--;
	o->queued_bytes -= p->queued_bytes;
	p->owner = NULL;
	p->owner_next = p->owner_prev = NULL;
}

int port_alloc(proc_t *owner, port_t **out)
{
	if (owner->nports >= LIMIT_PORTS)
		return -ERR_NOSPC;
	port_t *p = kzalloc(sizeof(*p));
	if (!p)
		return -ERR_NOMEM;
	p->alive = 1;
	p->holder_pid = owner->pid;
	owner_link(p, owner);
	*out = p;
	return 0;
}

int port_held_by(const port_t *p, int pid)
{
	return pid > 0 && p->holder_pid == pid;
}

void port_receive_right_leaves(port_t *p)
{
	p->holder_pid = 0;
	sched_wake_all(&p->receivers, -ERR_STALE);
	kmsg_t *keep = NULL, **tail = &keep, *m;
	while ((m = port_dequeue(p))) {
		if (m->sender_pid ==
		    0) { /* a notice for the holder that left */
			kmsg_free(m);
			continue;
		}
		*tail = m;
		tail = &m->next;
	}
	while ((m = keep)) { /* the others, back in their order */
		keep = m->next;
		port_enqueue(p, m, 0);
	}
}

void port_set_owner(port_t *p, proc_t *owner)
{
	p->holder_pid = owner->pid;
	if (port_is_dead(p) || p->owner == owner)
		return;
	owner_unlink(p);
	owner_link(p, owner);
}

void port_kill_owned(proc_t *owner)
{
	while (owner->ports)
		port_kill(owner->ports); /* unlinks it */
}

/* Wakes the senders of every port of o: its queued-bytes budget has room
 * again (a sender may wait on any of them). */
static void wake_budget_waiters(proc_t *o)
{
	for (port_t *q = o->ports; q; q = q->owner_next)
		sched_wake_all(&q->senders, 0);
}

int port_transit_refused(const port_t *dest, const right_t *r)
{
	if (r->type != LV_RIGHT_RECEIVE)
		return 0;
	return r->port == dest || dest->carrier || r->port->carrying;
}

int port_enqueue(port_t *p, kmsg_t *m, int check)
{
	proc_t *o = p->owner;
	/* The transit rule: a receive right may not sit in its own port's
	 * queue, in the queue of a port that is itself in transit, nor carry
	 * a queue that holds receive rights. Transit nests once at most, so
	 * no cycle can form. Every queued message passes here. */
	if (port_transit_refused(p, &m->carried))
		return -ERR_LOOP;
	if (check && o && o->queued_bytes + m->cost > LIMIT_QUEUED_BYTES)
		return -ERR_AGAIN;
	m->next = NULL;
	if (p->tail)
		p->tail->next = m;
	else
		p->head = m;
	p->tail = m;
	p->queued++;
	p->queued_bytes += m->cost;
	if (o)
		o->queued_bytes += m->cost;
	if (m->carried.type == LV_RIGHT_RECEIVE) {
		m->carried.port->carrier = p;
		p->carrying++;
	}
	portset_note_message(p);
	return 0;
}

kmsg_t *port_dequeue(port_t *p)
{
	kmsg_t *m = p->head;
	if (!m)
		return NULL;
	p->head = m->next;
	if (!p->head)
		p->tail = NULL;
	p->queued--;
	p->queued_bytes -= m->cost;
	proc_t *o = p->owner;
	if (o) {
		int was_full = o->queued_bytes > LIMIT_QUEUED_BYTES -
						     LV_MSG_PAYLOAD_MAX -
						     sizeof(kmsg_t);
		o->queued_bytes -= m->cost;
		if (was_full)
			wake_budget_waiters(o);
	}
	if (m->carried.type == LV_RIGHT_RECEIVE) {
		m->carried.port->carrier = NULL;
		p->carrying--;
	}
	m->next = NULL;
	return m;
}

void port_ref(port_t *p) { p->refs++; }

void port_unref(port_t *p)
{
	if (--p->refs > 0)
		return;
	if (!port_is_dead(p))
		panic("port %p: last reference gone while alive", (void *)p);
	kfree(p);
}

int port_is_dead(const port_t *p) { return !p->alive; }

void kmsg_free(kmsg_t *m)
{
	right_release(&m->carried);
	right_release(&m->reply);
	kfree(m);
}

/* Unlinks w from its watcher and frees it (already off the port's list). */
static void watch_free(port_watch_t *w)
{
	port_watch_t **l = &w->watcher->watches;
	while (*l != w)
		l = &(*l)->watcher_next;
	*l = w->watcher_next;
	w->watcher->nwatches--;
	port_unref(w->notify);
	kfree(w);
}

static void notify_dead(const port_watch_t *w)
{
	/* A dead, full or moved notify port: the notice is dropped. */
	uint32_t cookie = w->cookie;
	if (port_held_by(w->notify, w->watcher->pid))
		ipc_kernel_notice(w->notify, LV_OP_PORT_DEAD, &cookie,
				  sizeof(cookie));
}

void port_kill(port_t *p)
{
	if (port_is_dead(p))
		return;
	p->alive = 0;
	owner_unlink(p);
	portset_leave(p);
	if (p->is_set) /* wakes its receivers below */
		portset_dissolve(p);
	if (p->nms_notify) {
		port_unref(p->nms_notify);
		p->nms_notify = NULL;
	}
	port_ref(p); /* keep p while its queue releases rights to itself */
	kmsg_t *m;
	while ((m = port_dequeue(p)))
		kmsg_free(m);
	sched_wake_all(&p->receivers, -ERR_DEADPORT);
	sched_wake_all(&p->senders, -ERR_DEADPORT);
	while (p->watches) {
		port_watch_t *w = p->watches;
		p->watches = w->next;
		notify_dead(w);
		watch_free(w);
	}
	port_unref(p);
}

int port_watch(port_t *p, port_t *notify, uint32_t cookie, proc_t *watcher)
{
	if (port_is_dead(p))
		return -ERR_DEADPORT; /* said now, not by a notice: no record */
	if (watcher->nwatches >= LIMIT_WATCHES)
		return -ERR_NOSPC;
	port_watch_t *w = kzalloc(sizeof(*w));
	if (!w)
		return -ERR_NOMEM;
	w->watched = p;
	w->notify = notify;
	w->cookie = cookie;
	w->watcher = watcher;
	w->next = p->watches;
	p->watches = w;
	w->watcher_next = watcher->watches;
	watcher->watches = w;
	watcher->nwatches++;
	port_ref(notify);
	return 0;
}

void port_unwatch_all(proc_t *watcher)
{
	while (watcher->watches) {
		port_watch_t *w = watcher->watches;
		port_watch_t **l = &w->watched->watches;
		while (*l != w)
			l = &(*l)->next;
		*l = w->next;
		watch_free(w);
	}
}

void right_retain(const right_t *r)
{
	if (r->port)
		port_ref(r->port);
	if (r->type == LV_RIGHT_SEND)
		r->port->send_rights++;
}

/* The last send right to p went: its armed notice, once. */
static void no_more_senders(port_t *p)
{
	port_t *notify = p->nms_notify;
	uint32_t cookie = p->nms_cookie;
	p->nms_notify = NULL;
	if (port_held_by(notify, p->nms_asker))
		ipc_kernel_notice(notify, LV_OP_NO_SENDERS, &cookie,
				  sizeof(cookie));
	port_unref(notify);
}

int port_arm_no_senders(port_t *p, port_t *notify, uint32_t cookie, int asker)
{
	if (p->nms_notify) {
		port_unref(p->nms_notify);
		p->nms_notify = NULL;
	}
	if (!p->send_rights)
		return 1; /* none now: said here, no notice (nothing to count)
			   */
	port_ref(notify);
	p->nms_notify = notify;
	p->nms_cookie = cookie;
	p->nms_asker = asker;
	return 0;
}

void right_release(right_t *r)
{
	switch (r->type) {
	case LV_RIGHT_RECEIVE:
	case LV_RIGHT_PORTSET:
		port_kill(r->port);
		port_unref(r->port);
		break;
	case LV_RIGHT_SEND:
		if (--r->port->send_rights == 0 && r->port->nms_notify &&
		    !port_is_dead(r->port))
			no_more_senders(r->port);
		port_unref(r->port);
		break;
	case LV_RIGHT_REPLY:
		if (r->caller) {
			ipc_abort_reply(r->caller, r->call_seq);
			thread_unref(r->caller);
		} else { /* a request's: its reply port hears the end */
			lv_msg_header_t h = {.op = (uint32_t)-ERR_DEADPORT,
					     .cookie = r->call_seq};
			right_t none = {0};
			if (port_held_by(r->port, r->asker))
				ipc_post(r->port, &h, NULL, 0, &none, 0,
					 IPC_POST_BUDGET);
			port_unref(r->port);
		}
		break;
	}
	memset(r, 0, sizeof(*r));
}

int handles_init(proc_t *p, uint32_t max)
{
	if (max > LV_HANDLES_LIMIT || (max && max < LV_HANDLES_MIN))
		return -ERR_INVAL;
	p->handles_max = max ? max : LV_HANDLES_DEFAULT;
	p->handles_cap = HANDLES_FIRST_CAP < p->handles_max ? HANDLES_FIRST_CAP
							    : p->handles_max;
	p->handles = kzalloc(p->handles_cap * sizeof(handle_slot_t));
	return p->handles ? 0 : -ERR_NOMEM;
}

int handles_grow(proc_t *p)
{
	if (p->handles_cap >= p->handles_max)
		return -ERR_NOSPC;
	uint32_t cap = p->handles_cap * 2 < p->handles_max ? p->handles_cap * 2
							   : p->handles_max;
	handle_slot_t *t = kzalloc(cap * sizeof(handle_slot_t));
	if (!t)
		return -ERR_NOMEM;
	memcpy(t, p->handles, p->handles_cap * sizeof(handle_slot_t));
	kfree(p->handles);
	p->handles = t;
	p->handles_cap = cap;
	return 0;
}

void handles_destroy(proc_t *p)
{
	if (!p->handles)
		return;
	/* Receive rights first, so that rights to our own ports that other
	 * slots hold find them already dead. */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = 1; i < p->handles_cap; i++) {
			right_t *r = &p->handles[i].right;
			if (r->type &&
			    (pass == 1 || r->type == LV_RIGHT_RECEIVE ||
			     r->type == LV_RIGHT_PORTSET))
				right_release(r);
		}
	}
	kfree(p->handles);
	p->handles = NULL;
}

int handle_install_at(proc_t *p, uint32_t slot, const right_t *r)
{
	handle_slot_t *s = &p->handles[slot];
	if (slot == 0 || slot >= LV_FIRST_HANDLE || s->right.type)
		return -ERR_BUSY;
	s->right = *r;
	return (int)(((s->generation & HANDLE_GEN_MASK) << HANDLE_INDEX_BITS) |
		     slot);
}

int handle_lookup(proc_t *p, int h, handle_slot_t **slot)
{
	uint32_t index = (uint32_t)h & HANDLE_INDEX_MASK;
	if (h <= 0 || index == 0 || !p->handles || index >= p->handles_cap)
		return -ERR_BADF;
	handle_slot_t *s = &p->handles[index];
	if ((s->generation & HANDLE_GEN_MASK) !=
		(uint32_t)h >> HANDLE_INDEX_BITS ||
	    !s->right.type)
		return -ERR_STALE;
	*slot = s;
	return 0;
}

void handle_clear(proc_t *p, int h)
{
	handle_slot_t *s = &p->handles[(uint32_t)h & HANDLE_INDEX_MASK];
	/* Field by field: a struct initialiser becomes a string store. */
	s->right.type = 0;
	s->right.port = NULL;
	s->right.caller = NULL;
	s->right.call_seq = 0;
	if (((uint32_t)h & HANDLE_INDEX_MASK) < p->handle_hint)
		p->handle_hint = (uint32_t)h & HANDLE_INDEX_MASK;
	s->generation++;
}
