/* The default scheduling policy, and the hand-over of policy to a user-level
 * policy server: the first process to claim the policy may set priority and
 * quantum of any process; without a claim, a process may only lower its own
 * priority. */
#ifndef LAVENDER_SYSTEM_POLICY_H
#define LAVENDER_SYSTEM_POLICY_H
#include "core/proc.h"

#define POLICY_DEFAULT_PRIORITY 16
#define POLICY_DEFAULT_QUANTUM 5 /* ticks: 50 ms at 100 Hz */

/* Gives a new process the policy's priority and quantum. */
void policy_place_new(proc_t *p);
/* caller wants priority/quantum for target: checks rights and ranges, then
 * applies to every thread of target. 0 or -ERR_PERM / -ERR_INVAL. */
int policy_set(proc_t *caller, proc_t *target, int priority, int quantum);
/* Restores the default policy when the holder ends. */
void policy_init(void);
/* Needs the scheduler right (the dispatcher checks it). -ERR_BUSY if another
 * living process holds the policy. */
int policy_claim(proc_t *caller);

#endif
