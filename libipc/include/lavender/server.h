/* The server loop and the matching client call: a server names its
 * operations in a table; lv_serve receives a request, runs the handler of its
 * operation, and answers in the same trap that receives the next request
 * (reply-and-receive). An unknown operation is answered -ERR_NOSYS.
 * Replies carry the handler's result in the header's op field. */
#ifndef LAVENDER_SERVER_H
#define LAVENDER_SERVER_H
#include <stddef.h>
#include <stdint.h>
#include "uapi/ipc.h"

/* Handles one request in msg: on entry msg->h.size is the request payload's
 * size and msg->h.right the handle of the right the request carried (0:
 * none; msg->h.right_mode is cleared). The handler writes the reply payload
 * into msg->payload and sets msg->h.size to its size (0 for none); it may put
 * a right into msg->h.right / right_mode to send with the reply (then the
 * carried right is the handler's to keep or close). Otherwise a handler that
 * keeps the carried right sets msg->h.right to 0, else lv_serve closes it.
 * Returns the status (0, a count, or -ERR_*) the caller gets. */
typedef int (*lv_op_fn_t)(lv_msg_t *msg, void *ctx);

typedef struct lv_op {
	uint32_t op;
	lv_op_fn_t fn;
} lv_op_t;

/* Serves port for ever with the nops operations of ops, or until a handler
 * sets *stop (may be NULL) non-zero: the request that set it is still
 * answered. Returns 0 then, or the receive error that ended the loop.
 * Requests sent without a reply right are handled and not answered. */
int lv_serve(int port, const lv_op_t *ops, size_t nops, void *ctx,
	     volatile int *stop);

/* Calls op on the port of handle with the request payload req (len bytes);
 * copies up to reply_max reply bytes to reply (may be NULL) and stores their
 * count in *reply_len (may be NULL). Returns the server's status, or the
 * IPC error (-ERR_DEADPORT, -ERR_TIMEDOUT, ...). */
int lv_rpc(int handle, uint32_t op, const void *req, size_t len, void *reply,
	   size_t reply_max, size_t *reply_len, unsigned timeout);

#endif
