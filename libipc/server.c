/* The server loop and client call (see lavender/server.h). */
#include <lavender/server.h>
#include <lavender/syscall.h>
#include <string.h>

static const lv_op_t *find_op(const lv_op_t *ops, size_t nops, uint32_t op)
{
	for (size_t i = 0; i < nops; i++)
		if (ops[i].op == op)
			return &ops[i];
	return NULL;
}

int lv_serve(int port, const lv_op_t *ops, size_t nops, void *ctx,
	     volatile int *stop)
{
	static lv_msg_t msg; /* one server loop per program */
	int reply = 0;
	for (;;) {
		int rc = lv_msg_reply_receive(reply, port, &msg.h, sizeof(msg),
					      LV_WAIT_FOREVER);
		if (rc < 0)
			return rc;
		reply = msg.h.reply;
		const lv_op_t *op = find_op(ops, nops, msg.h.op);
		int carried = msg.h.right; /* the handler may take it */
		msg.h.right_mode = LV_RIGHT_NONE;
		int status = -ERR_NOSYS;
		if (op)
			status = op->fn(&msg, ctx); /* sets the reply's size */
		else
			msg.h.size = 0;
		if (msg.h.right_mode == LV_RIGHT_NONE) {
			if (carried && msg.h.right == carried)
				lv_handle_close(carried); /* not taken */
			msg.h.right = 0;
		}
		msg.h.op = (uint32_t)status;
		if (stop && *stop) {
			if (reply)
				lv_msg_reply(reply, &msg.h);
			return 0;
		}
	}
}

int lv_rpc(int handle, uint32_t op, const void *req, size_t len, void *reply,
	   size_t reply_max, size_t *reply_len, unsigned timeout)
{
	static lv_msg_t msg;
	if (len > LV_MSG_PAYLOAD_MAX)
		return -ERR_RANGE;
	msg.h = (lv_msg_header_t){.op = op, .size = (uint32_t)len};
	if (len)
		memcpy(msg.payload, req, len);
	int rc = lv_msg_call(handle, &msg.h, sizeof(msg), timeout);
	if (rc < 0)
		return rc;
	size_t n = msg.h.size < reply_max ? msg.h.size : reply_max;
	if (reply && n)
		memcpy(reply, msg.payload, n);
	if (reply_len)
		*reply_len = n;
	return (int)msg.h.op;
}
