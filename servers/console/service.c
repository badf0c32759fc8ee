/* The console server's loop (see service.h): receive, dispatch on the
 * operation, answer in the same trap that receives the next request, unless
 * the handler kept the reply right. Printing is done here. */
#include <lavender/syscall.h>
#include "service.h"
#include "uart.h"

/* WRITE: prints the payload; the count. Blocks the server while the UART
 * takes the bytes (polled). */
static int con_write_srv(con_server_t *s, lv_msg_t *msg)
{
	(void)s;
	uart_write(msg->payload, msg->h.size);
	return (int)msg->h.size;
}

static int dispatch(con_server_t *s, lv_msg_t *msg)
{
	/* Only SET_INTR takes a right; any other sent along is dropped. */
	if (msg->h.op != CON_SET_INTR && msg->h.right > 0) {
		lv_handle_close(msg->h.right);
		msg->h.right = 0;
	}
	switch (msg->h.op) {
	case CON_WRITE: return con_write_srv(s, msg);
	case CON_READ: return con_read_srv(s, msg);
	case CON_SET_INTR: return con_set_intr_srv(s, msg);
	case LV_OP_IRQ: return con_irq_srv(s, msg);
	}
	return -ERR_NOSYS;
}

int con_serve(con_server_t *s)
{
	static lv_msg_t msg;
	int reply = 0;

	con_input_take_over(s); /* what was typed before the line was ours */
	for (;;) {
		int rc = lv_msg_reply_receive(reply, s->port, &msg.h,
					      sizeof(msg), LV_WAIT_FOREVER);
		if (rc < 0)
			return rc;
		int status = dispatch(s, &msg);
		reply = status == CON_REPLY_KEPT ? 0 : msg.h.reply;
		msg.h = (lv_msg_header_t){.op = (uint32_t)status};
	}
}
