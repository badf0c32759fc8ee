/* The console server's state and request handlers on the one server loop
 * (lavender/server.h): service.c has the operations and prints, input.c
 * takes typed bytes to readers and Ctrl-C to the registered port. One
 * thread owns all of it. */
#ifndef CONSOLE_SERVICE_H
#define CONSOLE_SERVICE_H
#include <stdint.h>
#include <lavender/console_proto.h>
#include <lavender/server.h>
#include "pure_readq.h"
#include "pure_ring.h"

typedef struct con_server {
	struct lv_server *loop; /* the server loop serving port */
	int port;		/* receive right: requests and LV_OP_IRQ */
	int intr;		/* send right for LV_CON_EVENT_INTR; 0: none */
	con_ring_t input;	/* typed, not yet read */
	con_readq_t readers;	/* waiting READs: only while input is empty */
	int rx_paused;		/* input full: the UART's receive interrupt is
				 * off, bytes wait in the UART (QEMU holds back
				 * the rest) until a READ makes room */
} con_server_t;

/* Serves s->port for ever; returns only the receive error that ends it. */
int con_serve(con_server_t *s);

/* The handlers (lv_op_fn_t, ctx: the con_server_t): each returns the status
 * the caller gets (0, a count or -ERR_*), or LV_DEFERRED (a READ that
 * waits for input). */
int con_read_srv(lv_msg_t *msg, void *ctx);
int con_set_intr_srv(lv_msg_t *msg, void *ctx);
/* LV_OP_IRQ, through the loop's kernel hook. */
void con_irq(const lv_msg_t *msg, void *ctx);

/* Takes what the UART holds into s->input (or to the interrupt port) and
 * answers waiting readers: on each interrupt. */
void con_input_poll(con_server_t *s);
/* At start, with the line (IRQ 4) ours and the name registered: first the
 * bytes the kernel buffered before we took the line (lv_console_read gives
 * them to the line's holder without waiting), then what the UART holds
 * (newer), then as con_input_poll. The kernel's own readers are told to
 * come to us (-ERR_BUSY). */
void con_input_take_over(con_server_t *s);

#endif
