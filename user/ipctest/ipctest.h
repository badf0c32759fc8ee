/* Shared parts of ipctest (see main.c): the protocol of its helper roles, the
 * check runner and small helpers. */
#ifndef IPCTEST_H
#define IPCTEST_H
#include <stdint.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "../lib/check.h"

#define IMAGE "ipctest"
#define SHORT 500 /* ticks: bound of every wait that should succeed */

/* Operations between the roles. Replies carry a status in op: 0 or -ERR_*. */
enum {
	OP_HELLO = 1,	 /* helper -> main: here I am (payload, right vary) */
	OP_REGISTER = 2, /* server -> broker call, carrying a send right */
	OP_LOOKUP = 3, /* -> broker call; reply carries the registered right */
	OP_QUIT = 4,   /* call: reply 0, then exit 0 */
	OP_ECHO = 5,   /* call: reply with every payload byte + 1 */
	OP_HOLD = 6,   /* call: the server keeps the reply right for ever */
	OP_DONE = 7,   /* member -> main: pattern written */
};

#define MEMBER_STATUS 7 /* the exit status of the member role */

/* Clears h and sets op and payload size. */
void msg_set(lv_msg_header_t *h, uint32_t op, uint32_t size);
/* Payload contents derived from seq, and their check (each byte + add). */
void pattern_fill(uint8_t *p, uint32_t size, uint32_t seq);
int pattern_ok(const uint8_t *p, uint32_t size, uint32_t seq, uint8_t add);
/* Checks a receive result: rc, size, op, sender and pattern(seq). */
const char *check_msg(const lv_msg_t *m, int rc, uint32_t op, uint32_t size,
		      uint32_t seq, int sender);

/* Starts fn(arg) as a thread of this process on a stack of its own; returns
 * the thread id or -ERR_NOMEM when the stacks are used up. */
int start_thread(void (*fn)(void *), void *arg);
/* Sleeps tick by tick until *flag is set; 1 if it was within ticks. */
int wait_flag(volatile int *flag, unsigned ticks);

int main(int argc, char **argv);

/* The checks (local.c: one process; procs.c: several). */
const char *check_order_queued(void);
const char *check_order_direct(void);
const char *check_receive_timeout(void);
const char *check_queue_full(void);
const char *check_dead_port(void);
const char *check_stale_handle(void);
const char *check_bad_pointers(void);
const char *check_range_direct(void);
const char *check_rights_transfer(void);
const char *check_roundtrips(void);
const char *check_reply_right_dies(void);
const char *check_nucleus_denied(void);
const char *check_group_member_exit(void);
const char *check_group_slot_reuse(void);
const char *check_resident(void);

/* Helper roles (roles.c): each returns the process's exit status. */
int role_broker(void);
int role_server(void);
int role_member(void);
int role_resident(void);
int role_touch(const char *addr);
int role_nonucleus(void);

#endif
