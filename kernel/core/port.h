/* Ports, handles and rights (the objects of IPC; the operations are in
 * ipc.h). A port has one receiver process and a queue of kernel-buffered
 * messages; processes name it through handles in their own table. A port dies
 * when its receive right is closed or its receiver ends: queued messages are
 * dropped, blocked senders get -ERR_DEADPORT, watchers get LV_OP_PORT_DEAD.
 * All functions expect interrupts disabled (the IPC calls take care). */
#ifndef LAVENDER_CORE_PORT_H
#define LAVENDER_CORE_PORT_H
#include <stdint.h>
#include "core/proc.h"
#include "core/sched.h"
#include "uapi/errors.h"
#include "uapi/ipc.h"

typedef struct port port_t;
typedef struct kmsg kmsg_t;

/* A watch belongs to the process that made it (its watcher): it is counted
 * there, and goes when the watched port dies (after the notice) or when the
 * watcher ends, whichever comes first. */
typedef struct port_watch {
	port_t *watched;
	port_t *notify; /* gets LV_OP_PORT_DEAD with cookie */
	uint32_t cookie;
	proc_t *watcher;
	struct port_watch *next;	 /* in watched->watches */
	struct port_watch *watcher_next; /* in watcher->watches */
} port_watch_t;

/* A port is owned by the process that last held its receive right in its
 * handle table (its creator, until the right is delivered elsewhere): it is
 * counted there (ports, queued bytes) and dies when the owner ends, even while
 * its receive right travels in a queued message. A receive right in a queued
 * message leaves its port "in transit" (carrier: the port whose queue holds
 * it); transit nests one level at most, so rights can never form a cycle
 * through queues (ipc.c refuses such a send with -ERR_LOOP). */
struct port {
	int alive; /* 0 once its receive right is gone */
	int refs;  /* handles, queued rights, watches pointing here */
	kmsg_t *head, *tail;
	uint32_t queued;
	uint32_t queued_bytes; /* kernel bytes of its queue, charged to owner */
	wait_queue_t receivers; /* threads blocked in receive */
	wait_queue_t senders;	/* threads blocked on a full queue */
	port_watch_t *watches;
	proc_t *owner;			 /* NULL once dead */
	port_t *owner_next, *owner_prev; /* in owner->ports */
	port_t *carrier;		 /* in transit on carrier's queue */
	uint32_t carrying;		 /* receive rights in its queue */
	/* Port sets (core/portset.c): a set is a port with is_set and no
	 * queue of its own; receiving on it takes the next message of any
	 * member, with the member's label in the header. */
	int is_set;
	port_t *set;			 /* member: the set it is in, or NULL */
	uint32_t label;			 /* member: its messages carry it */
	port_t *member_next;		 /* member: in set->members */
	port_t *ready_next;		 /* member: in its set's ready list */
	int on_ready;			 /* member: on that list */
	port_t *members;		 /* set */
	port_t *ready_head, *ready_tail; /* set: members with messages */
	/* No-more-senders: SEND rights to it anywhere (handles, messages);
	 * when the count falls to 0, nms_notify gets LV_OP_NO_SENDERS once. */
	uint32_t send_rights;
	port_t *nms_notify;
	uint32_t nms_cookie;
	int nms_asker; /* pid that armed it: its port must still be its own */
	/* pid whose handle table holds the receive right; 0 while it travels.
	 * The kernel's notices reach a port only while it is held by the
	 * process that asked for them (they cannot follow a moved right). */
	int holder_pid;
};

/* A right as it sits in a handle or travels in a message. */
typedef struct right {
	uint8_t type;	   /* enum lv_right, 0 for none */
	port_t *port;	   /* RECEIVE, SEND */
	thread_t *caller;  /* REPLY: the thread waiting for the reply */
	uint32_t call_seq; /* REPLY: which call of that thread (or cookie) */
	int asker;	   /* REPLY to a port: the requester's pid */
} right_t;

typedef struct handle_slot {
	uint32_t generation;
	right_t right;
} handle_slot_t;

/* Kernel-buffered message (when no receiver was waiting). */
struct kmsg {
	kmsg_t *next;
	uint32_t cost; /* kernel bytes it takes, charged to the port's owner */
	lv_msg_header_t h; /* op, size, right_mode as sent */
	int sender_pid;
	right_t carried; /* the right travelling with it */
	right_t reply;	 /* the reply right of a call */
	uint8_t payload[];
};

/* A new port owned by owner: alive, refs 0. -ERR_NOSPC past the owner's
 * LIMIT_PORTS, -ERR_NOMEM. */
int port_alloc(proc_t *owner, port_t **out);
/* The receive right of p now sits in owner's handle table: p (and its queued
 * bytes) move to owner's account; it may go over the limits this way. */
void port_set_owner(port_t *p, proc_t *owner);
/* p's receive right leaves its holder in a message: threads blocked on it
 * wake with -ERR_STALE, and the kernel's notices queued for the holder go
 * (the next holder must not read them as its own). */
void port_receive_right_leaves(port_t *p);
/* 1 if the kernel's notices asked for by pid may be put on p. */
int port_held_by(const port_t *p, int pid);
/* Kills every port owner still owns (it is ending). */
void port_kill_owned(proc_t *owner);
/* 1 if r (a receive right) may not be queued on dest: the transit rule. */
int port_transit_refused(const port_t *dest, const right_t *r);
/* Queues m (cost set) on p, charging p's owner; with check, -ERR_AGAIN when
 * the owner's LIMIT_QUEUED_BYTES would be passed (the kernel's own notices do
 * not check). A receive right m carries puts its port in transit; -ERR_LOOP
 * if that would break the transit rule (above). Nothing changes on error. */
int port_enqueue(port_t *p, kmsg_t *m, int check);
/* Takes the first message off p's queue (NULL if empty), uncharging. */
kmsg_t *port_dequeue(port_t *p);
void port_ref(port_t *p);
void port_unref(port_t *p); /* frees a dead port at zero */
int port_is_dead(const port_t *p);
/* Kills p: drops its queue (releasing rights in it), wakes receivers and
 * senders with -ERR_DEADPORT, notifies watchers. */
void port_kill(port_t *p);
/* Arms the no-more-senders notice of p: notify gets LV_OP_NO_SENDERS with
 * cookie when the last send right to p is gone, once; arming again replaces
 * the earlier request. Returns 1 (nothing armed, no notice) when p has no
 * send right now, else 0. */
int port_arm_no_senders(port_t *p, port_t *notify, uint32_t cookie, int asker);
/* watcher asks for LV_OP_PORT_DEAD with cookie on notify (the watcher's
 * own port) when p dies. -ERR_DEADPORT if it is dead already (no notice),
 * -ERR_NOSPC past the watcher's LIMIT_WATCHES. */
int port_watch(port_t *p, port_t *notify, uint32_t cookie, proc_t *watcher);
/* Drops every watch watcher made (it is ending). */
void port_unwatch_all(proc_t *watcher);
void kmsg_free(kmsg_t *m); /* releases the rights it carries */

/* Rights: taking a reference for a copy, releasing one. */
void right_retain(const right_t *r);
/* Releases r: a RECEIVE right kills its port; a REPLY right wakes its
 * caller with -ERR_DEADPORT. */
void right_release(right_t *r);

/* Handle tables (one per process; slot 0 is never used): p->handles_cap
 * slots now, grown on demand up to p->handles_max (LV_HANDLES_DEFAULT, or
 * what the spawner asked for, at most LV_HANDLES_LIMIT). Growing moves the
 * table: a slot pointer from handle_lookup is good until the next install
 * into the same process. */
int handles_init(proc_t *p, uint32_t max);
void handles_destroy(proc_t *p); /* releases every right */
/* Makes room for more handles; -ERR_NOSPC at p->handles_max, -ERR_NOMEM. */
int handles_grow(proc_t *p);
#define HANDLE_INDEX_BITS 12
#define HANDLE_INDEX_MASK ((1u << HANDLE_INDEX_BITS) - 1)
#define HANDLE_GEN_MASK 0x7FFFFu /* keeps handles positive */

/* Puts r into a free slot of p's table; returns the handle or -ERR_NOSPC.
 * Inline: the IPC fast path installs a reply right on every call. The search
 * starts at p->handle_hint, below which no slot is free. */
static inline int handle_install(proc_t *p, const right_t *r)
{
	uint32_t i =
	    p->handle_hint > LV_FIRST_HANDLE ? p->handle_hint : LV_FIRST_HANDLE;
	for (;; i++) {
		if (i >= p->handles_cap) {
			int rc = handles_grow(p);
			if (rc < 0)
				return rc;
		}
		handle_slot_t *s = &p->handles[i];
		if (s->right.type)
			continue;
		s->right = *r;
		p->handle_hint = i + 1; /* no free slot below i+1 */
		return (int)(((s->generation & HANDLE_GEN_MASK)
			      << HANDLE_INDEX_BITS) |
			     i);
	}
}
/* Puts r at reserved slot (LV_NS_HANDLE, LV_BOOT_HANDLE) of a new process's
 * table; returns the handle. The slot must be empty. */
int handle_install_at(proc_t *p, uint32_t slot, const right_t *r);
/* The slot for handle h of p: -ERR_BADF for a bad number, -ERR_STALE for a
 * closed or reused one. */
int handle_lookup(proc_t *p, int h, handle_slot_t **slot);
/* Empties the slot and bumps its generation (the right is not released). */
void handle_clear(proc_t *p, int h);

#endif
