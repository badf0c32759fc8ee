/* Port sets (as Mach has them): a process makes a set (a port with is_set),
 * adds ports it holds the receive right of, each with a label it chooses,
 * and receives from the set: the next message of any member, in the order
 * members got them (round robin between members), its header carrying the
 * member's label. A port is in at most one set; it leaves when it dies,
 * when its receive right moves to another process, or on request. A set
 * cannot be sent to and cannot travel in a message; closing it dissolves
 * it (its members live on). Interrupts disabled, as for port.h. */
#ifndef LAVENDER_CORE_PORTSET_H
#define LAVENDER_CORE_PORTSET_H
#include "core/port.h"

/* -ERR_INVAL if set is not a set or p is one, -ERR_BUSY if p is in a set. */
int portset_add(port_t *set, port_t *p, uint32_t label);
/* -ERR_NOENT if p is not a member of set. */
int portset_remove(port_t *set, port_t *p);
/* p leaves its set, if any (it dies or its receive right moves). */
void portset_leave(port_t *p);
/* Every member leaves set (it dies). */
void portset_dissolve(port_t *set);
/* p got a queued message: it goes on its set's ready list and a thread
 * waiting on the set is woken to take it. */
void portset_note_message(port_t *p);
/* The member of set whose first message is the next to receive, or NULL;
 * members found empty leave the ready list. */
port_t *portset_next_ready(port_t *set);
/* After a message was taken from member p: p moves to the back of the
 * ready list if it has more, else leaves it (round robin). */
void portset_taken(port_t *p);
/* The first thread blocked in receive on p's set, or NULL. */
thread_t *portset_waiter(port_t *p);
/* 1 if a receive on p (a set or a port) would find a message. */
int port_has_message(port_t *p);

#endif
