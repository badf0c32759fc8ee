/* The one server loop, and the matching client call.
 *
 * A server (lv_server_t) receives on a port set: each port it serves is an
 * endpoint with its own table of operations and context, named by the
 * label the set gives its messages. One thread runs the loop: receive,
 * dispatch on the operation, answer in the same trap that receives the next
 * request (reply-and-receive). Around that:
 * - deferred replies: a handler may keep the reply right (lv_server_defer)
 *   and return LV_DEFERRED; anything in the server answers later with
 *   lv_server_answer. At most LV_SERVER_DEFERRED_MAX at once.
 * - timers: one-shot and periodic, in ticks, run by the loop's thread in
 *   deadline order (equal deadlines in the order armed); the loop's receive
 *   waits until the next deadline. Periodic timers keep their schedule (the
 *   next deadline is the last one plus the period: no drift); a callback
 *   that outlasts its period makes the next firings come at once until the
 *   schedule is caught up.
 * - outgoing calls (lv_server_call): a request whose answer comes back to
 *   the loop as a message matched to the request (msg_send_request), so two
 *   servers that call each other cannot deadlock; a timeout per call.
 * - kernel messages (port death, no-more-senders, IRQs, child exits: sender
 *   0, op LV_OP_*) go to the endpoint's kernel hook, or the server's.
 * - one rule for rights: a right carried in a request that the handler did
 *   not take (msg->h.right left as it came) is closed.
 * - a restarted name server: the first loop to run after the process
 *   registered a name or subscribed takes the kernel's notice and registers
 *   them again (see "Restarts" in lavender/ns.h).
 * Not thread-safe: one loop per server, its handlers and callbacks run in
 * its thread. Errors are -ERR_* (uapi/errors.h). */
#ifndef LAVENDER_SERVER_H
#define LAVENDER_SERVER_H
#include <stddef.h>
#include <stdint.h>
#include "uapi/errors.h"
#include "uapi/ipc.h"

/* Handles one request in msg: on entry msg->h.size is the request payload's
 * size and msg->h.right the handle of the right the request carried (0:
 * none; msg->h.right_mode is cleared). The handler writes the reply payload
 * into msg->payload and sets msg->h.size to its size (0 for none); it may put
 * a right into msg->h.right / right_mode to send with the reply (then the
 * carried right is the handler's to keep or close). Otherwise a handler that
 * keeps the carried right sets msg->h.right to 0, else the loop closes it.
 * Returns the status (0, a count, or -ERR_*) the caller gets, or
 * LV_DEFERRED after lv_server_defer. */
typedef int (*lv_op_fn_t)(lv_msg_t *msg, void *ctx);

#define LV_DEFERRED (-100000) /* handler status: the reply was kept */
/* An lv_op_t whose op is LV_SERVER_ANY_OP takes every request whose op no
 * entry before it names (kernel notices go to the kernel hook first): for
 * a port that forwards whatever comes, such as a proxy. */
#define LV_SERVER_ANY_OP 0xFFFEFFFFu
#define LV_SERVER_DEFERRED_MAX 256
/* Outgoing calls awaiting their answer: no more than the server's reply
 * port can hold answers (LV_PORT_QUEUE_MAX), so none is dropped for want of
 * room there. */
#define LV_SERVER_CALLS_MAX 64

typedef struct lv_op {
	uint32_t op;
	lv_op_fn_t fn;
} lv_op_t;

typedef struct lv_server lv_server_t;

/* A kernel message (sender 0: LV_OP_PORT_DEAD, LV_OP_NO_SENDERS, LV_OP_IRQ,
 * LV_OP_CHILD_EXIT) that came in on an endpoint. */
typedef void (*lv_kernel_fn_t)(const lv_msg_t *msg, void *ctx);
/* A timer fired (id as lv_server_timer gave it). */
typedef void (*lv_timer_fn_t)(lv_server_t *s, int id, void *arg);
/* The answer to an outgoing call: status (the server's, or -ERR_TIMEDOUT,
 * -ERR_DEADPORT), the answer's payload (NULL on a local error). */
typedef void (*lv_answer_fn_t)(lv_server_t *s, int status, const lv_msg_t *msg,
			       void *arg);

/* A new server (its port set and its reply port made); NULL when out of
 * memory or handles. */
lv_server_t *lv_server_new(void);
/* Serves port (a receive right the caller keeps owning) with ops; kernel
 * messages arriving there go to on_kernel (NULL: the server's hook; with
 * neither, to ops like any request: its handler checks the sender, 0).
 * Returns the endpoint's label (> 0), or -ERR_*. */
int lv_server_add(lv_server_t *s, int port, const lv_op_t *ops, size_t nops,
		  void *ctx, lv_kernel_fn_t on_kernel);
/* Stops serving port (it leaves the set; the caller still holds it). */
int lv_server_remove(lv_server_t *s, int port);
/* The hook for kernel messages of endpoints that have none. */
void lv_server_on_kernel(lv_server_t *s, lv_kernel_fn_t fn, void *ctx);

/* Closes the server's set and reply port (deferred callers hear
 * -ERR_DEADPORT) and frees it; endpoints' ports stay the caller's. */
void lv_server_free(lv_server_t *s);
/* Runs the loop until lv_server_stop (then the request being handled is
 * still answered and 0 is returned) or a receive error (returned). */
int lv_server_run(lv_server_t *s);
void lv_server_stop(lv_server_t *s);

/* In a handler: keeps the reply right of the request being handled and
 * returns a token to answer it with (>= 0), or -ERR_NOSPC when
 * LV_SERVER_DEFERRED_MAX are kept already. The handler then returns
 * LV_DEFERRED. */
int lv_server_defer(lv_server_t *s);
/* Answers a deferred request with status and len bytes of payload. 0, or
 * -ERR_DEADPORT if the caller gave up or ended (nothing leaks either way),
 * -ERR_AGAIN if the caller's reply port (a request's) was full: the answer
 * is lost and the caller's timeout fires, -ERR_BADF for an unknown or used
 * token. The token is used up whatever the result. Only the loop's thread
 * may call it (as every lv_server_* call). */
int lv_server_answer(lv_server_t *s, int token, int status, const void *data,
		     size_t len);
/* The same, carrying the right at handle right (mode: enum lv_right_mode;
 * LV_RIGHT_MOVE passes it on). When the answer fails the right stays the
 * server's (to close or keep). */
int lv_server_answer_right(lv_server_t *s, int token, int status,
			   const void *data, size_t len, int right,
			   uint32_t mode);
/* Whether the caller of a deferred request still waits: 1, or 0 when it
 * gave up (timed out) or ended -- the token is then used up (nothing kept
 * for it); -ERR_BADF for an unknown token. Lets a server drop the waiters
 * nobody waits for before it refuses new ones. */
int lv_server_deferred_alive(lv_server_t *s, int token);
/* How many deferred replies are kept now. */
int lv_server_deferred(const lv_server_t *s);

/* Arms a timer: fn(s, id, arg) runs in the loop's thread once after ticks
 * (period 0), or every period ticks from then on. Returns its id (> 0) or
 * -ERR_NOMEM. */
int lv_server_timer(lv_server_t *s, unsigned ticks, unsigned period,
		    lv_timer_fn_t fn, void *arg);
/* The same at an absolute tick (lv_server_now_ticks' clock). */
int lv_server_timer_at(lv_server_t *s, uint64_t deadline, unsigned period,
		       lv_timer_fn_t fn, void *arg);
/* Cancels a timer; -ERR_NOENT if it is not armed (fired one-shot). */
int lv_server_cancel(lv_server_t *s, int id);

/* Sends request op (len bytes of req) to the port of handle without
 * blocking the loop: fn(s, status, answer, arg) runs in the loop when the
 * answer comes, or with -ERR_TIMEDOUT after timeout ticks (1 or more; a late
 * answer is dropped), or -ERR_DEADPORT. 0 when sent; -ERR_NOSPC past
 * LV_SERVER_CALLS_MAX, -ERR_INVAL for a timeout of 0 or LV_WAIT_FOREVER,
 * -ERR_AGAIN when the target's queue is full (it never waits for room),
 * -ERR_DEADPORT, -ERR_BADF and the other errors of the send, with no
 * callback then. */
int lv_server_call(lv_server_t *s, int handle, uint32_t op, const void *req,
		   size_t len, unsigned timeout, lv_answer_fn_t fn, void *arg);
/* lv_server_call carrying the right at handle right (mode: enum
 * lv_right_mode; 0: none). When the send fails the right stays the
 * caller's. A right the answer carries is fn's: msg->h.right (fn takes it
 * or closes it). */
int lv_server_call_right(lv_server_t *s, int handle, uint32_t op,
			 const void *req, size_t len, int right, uint32_t mode,
			 unsigned timeout, lv_answer_fn_t fn, void *arg);

/* The tick count timers are measured in (the clock's). */
uint64_t lv_server_now_ticks(void);
/* The server whose loop runs in this process's loop thread right now (for
 * handlers that need it), or NULL. */
lv_server_t *lv_server_current(void);

/* The loop for one port: serves port with ops until a handler sets *stop
 * (may be NULL) non-zero, answering that request first; returns 0 then, or
 * the receive error that ended it. Requests sent without a reply right are
 * handled and not answered. Built on lv_server_t. */
int lv_serve(int port, const lv_op_t *ops, size_t nops, void *ctx,
	     volatile int *stop);

/* Calls op on the port of handle with the request payload req (len bytes);
 * copies up to reply_max reply bytes to reply (may be NULL) and stores their
 * count in *reply_len (may be NULL). Returns the server's status, or the
 * IPC error (-ERR_DEADPORT, -ERR_TIMEDOUT, ...). timeout: ticks for the
 * whole call, send and answer. Safe from several threads at once (the
 * message is on the caller's stack). */
int lv_rpc(int handle, uint32_t op, const void *req, size_t len, void *reply,
	   size_t reply_max, size_t *reply_len, unsigned timeout);

#endif
