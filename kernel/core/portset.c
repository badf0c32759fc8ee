/* Port sets (see portset.h). */
#include "core/portset.h"
#include "uapi/errors.h"

static void ready_append(port_t *set, port_t *p)
{
	p->ready_next = NULL;
	p->on_ready = 1;
	if (set->ready_tail)
		set->ready_tail->ready_next = p;
	else
		set->ready_head = p;
	set->ready_tail = p;
}

static void ready_remove(port_t *set, port_t *p)
{
	port_t *prev = NULL;
	for (port_t *q = set->ready_head; q; prev = q, q = q->ready_next) {
		if (q != p)
			continue;
		if (prev)
			prev->ready_next = q->ready_next;
		else
			set->ready_head = q->ready_next;
		if (set->ready_tail == q)
			set->ready_tail = prev;
		break;
	}
	p->ready_next = NULL;
	p->on_ready = 0;
}

int portset_add(port_t *set, port_t *p, uint32_t label)
{
	if (!set->is_set || p->is_set || port_is_dead(set) || port_is_dead(p))
		return -ERR_INVAL;
	if (p->set)
		return -ERR_BUSY;
	p->set = set;
	p->label = label;
	p->member_next = set->members;
	set->members = p;
	if (p->head)
		portset_note_message(p);
	return 0;
}

void portset_leave(port_t *p)
{
	port_t *set = p->set;
	if (!set)
		return;
	if (p->on_ready)
		ready_remove(set, p);
	for (port_t **l = &set->members; *l; l = &(*l)->member_next) {
		if (*l == p) {
			*l = p->member_next;
			break;
		}
	}
	p->set = NULL;
	p->member_next = NULL;
	p->label = 0;
}

int portset_remove(port_t *set, port_t *p)
{
	if (p->set != set)
		return -ERR_NOENT;
	portset_leave(p);
	return 0;
}

void portset_dissolve(port_t *set)
{
	while (set->members)
		portset_leave(set->members);
}

void portset_note_message(port_t *p)
{
	port_t *set = p->set;
	if (!set)
		return;
	if (!p->on_ready)
		ready_append(set, p);
	sched_wake_one(&set->receivers, 0);
}

port_t *portset_next_ready(port_t *set)
{
	while (set->ready_head && !set->ready_head->head)
		ready_remove(set, set->ready_head);
	return set->ready_head;
}

void portset_taken(port_t *p)
{
	port_t *set = p->set;
	if (!set || !p->on_ready)
		return;
	ready_remove(set, p);
	if (p->head)
		ready_append(set, p);
}

thread_t *portset_waiter(port_t *p)
{
	return p->set ? sched_first_waiter(&p->set->receivers) : NULL;
}

int port_has_message(port_t *p)
{
	return p->is_set ? portset_next_ready(p) != NULL : p->head != NULL;
}
