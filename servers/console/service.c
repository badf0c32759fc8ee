/* The console server's operations on the one server loop (see service.h).
 * Printing is done here. */
#include <lavender/syscall.h>
#include "service.h"
#include "uart.h"

/* WRITE: prints the payload; the count. Blocks the server while the UART
 * takes the bytes (polled). */
static int con_write_srv(lv_msg_t *msg, void *ctx)
{
	(void)ctx;
	uint32_t n = msg->h.size;
	uart_write(msg->payload, n);
	msg->h.size = 0;
	return (int)n;
}

/* Only SET_INTR takes a right: the loop closes any other sent along. */
static const lv_op_t con_ops[] = {
    {CON_WRITE, con_write_srv},
    {CON_READ, con_read_srv},
    {CON_SET_INTR, con_set_intr_srv},
};

int con_serve(con_server_t *s)
{
	s->loop = lv_server_new();
	if (!s->loop)
		return -ERR_NOMEM;
	int rc =
	    lv_server_add(s->loop, s->port, con_ops,
			  sizeof(con_ops) / sizeof(con_ops[0]), s, con_irq);
	if (rc < 0)
		return rc;
	con_input_take_over(s); /* what was typed before the line was ours */
	return lv_server_run(s->loop);
}
