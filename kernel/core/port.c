/* Ports, rights and handle tables (see port.h). */
#include "core/port.h"
#include "core/ipc.h"
#include "core/kmem.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

_Static_assert(LV_HANDLES_MAX == 1u << HANDLE_INDEX_BITS, "handle index bits");

port_t *port_alloc(void)
{
	port_t *p = kzalloc(sizeof(*p));
	if (p)
		p->alive = 1;
	return p;
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

static void notify_dead(port_t *notify, uint32_t cookie)
{
	/* A dead or full-memory notify port: the notice is dropped. */
	ipc_kernel_send(notify, LV_OP_PORT_DEAD, &cookie, sizeof(cookie));
}

void port_kill(port_t *p)
{
	if (port_is_dead(p))
		return;
	p->alive = 0;
	port_ref(p); /* keep p while its queue releases rights to itself */
	while (p->head) {
		kmsg_t *m = p->head;
		p->head = m->next;
		kmsg_free(m);
	}
	p->tail = NULL;
	p->queued = 0;
	sched_wake_all(&p->receivers, -ERR_DEADPORT);
	sched_wake_all(&p->senders, -ERR_DEADPORT);
	while (p->watches) {
		port_watch_t *w = p->watches;
		p->watches = w->next;
		notify_dead(w->notify, w->cookie);
		port_unref(w->notify);
		kfree(w);
	}
	port_unref(p);
}

int port_watch(port_t *p, port_t *notify, uint32_t cookie)
{
	if (port_is_dead(p)) {
		notify_dead(notify, cookie);
		return 0;
	}
	port_watch_t *w = kzalloc(sizeof(*w));
	if (!w)
		return -ERR_NOMEM;
	w->notify = notify;
	w->cookie = cookie;
	w->next = p->watches;
	p->watches = w;
	port_ref(notify);
	return 0;
}

void right_retain(const right_t *r)
{
	if (r->port)
		port_ref(r->port);
}

void right_release(right_t *r)
{
	switch (r->type) {
	case LV_RIGHT_RECEIVE:
		port_kill(r->port);
		port_unref(r->port);
		break;
	case LV_RIGHT_SEND: port_unref(r->port); break;
	case LV_RIGHT_REPLY:
		ipc_abort_reply(r->caller, r->call_seq);
		thread_unref(r->caller);
		break;
	}
	memset(r, 0, sizeof(*r));
}

int handles_init(proc_t *p)
{
	p->handles = kzalloc(LV_HANDLES_MAX * sizeof(handle_slot_t));
	return p->handles ? 0 : -ERR_NOMEM;
}

void handles_destroy(proc_t *p)
{
	if (!p->handles)
		return;
	/* Receive rights first, so that rights to our own ports that other
	 * slots hold find them already dead. */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = 1; i < LV_HANDLES_MAX; i++) {
			right_t *r = &p->handles[i].right;
			if (r->type &&
			    (pass == 1 || r->type == LV_RIGHT_RECEIVE))
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
	if (h <= 0 || index == 0 || !p->handles)
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
