/* Subscriptions to name-table changes and the events sent for them. Sending
 * never blocks the server: a subscriber whose queue is full loses the event;
 * one whose port died is dropped. */
#ifndef NS_NOTIFY_H
#define NS_NOTIFY_H
#include <stdint.h>
#include "pure_table.h"

#define NS_SUBS_MAX 32 /* in all; LV_NS_SUBS_PER_CLIENT a process */
/* Port-watch cookies with this bit name subscribers; the others are table
 * entry ids (at most NS_TABLE_ID_MAX). */
#define NS_COOKIE_SUB 0x80000000u

/* Where death notices go: the server's receive right. */
void ns_notify_init(int server_port);

/* Subscribes the send right handle (taken over on success) of process owner
 * to events about entries of type ("" for all). -ERR_NOSPC: no free slot, or
 * owner holds LV_NS_SUBS_PER_CLIENT already; or the error of watching the
 * port. */
int ns_notify_add(int handle, const char *type, int owner);

/* Sends event (LV_NS_EVENT_*) about r to every subscriber of r's type or of
 * old_type (may be NULL: a type change reaches both sides). */
void ns_notify_event(uint32_t event, const ns_rec_t *r, const char *old_type);

/* The port of the subscriber of cookie (NS_COOKIE_SUB set) died: drop it. */
void ns_notify_dead(uint32_t cookie);

#endif
