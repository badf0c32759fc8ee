/* Console input (see service.h): bytes from the UART go to the ring, Ctrl-C
 * to the registered interrupt port instead; waiting READs are answered
 * oldest first as bytes arrive. A reader's bytes leave the ring only once
 * its reply was delivered, so a reader that gave up loses nothing. Nothing
 * typed is dropped either: while the ring is full the UART is not read and
 * its receive interrupt is off (flow control), until a READ makes room. */
#include <string.h>
#include <lavender/syscall.h>
#include "service.h"
#include "uart.h"

/* Bytes taken per interrupt at most: a UART that always says "data ready"
 * (none there) must not hold the server. */
#define DRAIN_MAX 4096

static uint8_t answer[CON_DATA_MAX];

static int right_gone(int rc)
{
	return rc == -ERR_DEADPORT || rc == -ERR_STALE || rc == -ERR_BADF;
}

/* Tells the interrupt port; 0, or -ERR_NOENT when no port takes it (none
 * registered, or it just died and the registration ends). */
static int send_intr(con_server_t *s, uint8_t c)
{
	struct {
		lv_msg_header_t h;
		lv_con_intr_t ev;
	} m = {.h = {.op = LV_CON_EVENT_INTR, .size = sizeof(m.ev)},
	       .ev = {.ch = c}};
	if (!s->intr)
		return -ERR_NOENT;
	int rc = lv_msg_send(s->intr, &m.h, LV_NO_WAIT);
	if (right_gone(rc)) {
		lv_handle_close(s->intr);
		s->intr = 0;
		return -ERR_NOENT;
	}
	return 0; /* sent, or lost to a full queue */
}

static void take_byte(con_server_t *s, uint8_t c)
{
	if (c == LV_CON_INTR_CHAR && send_intr(s, c) == 0)
		return;
	con_ring_put(&s->input, c); /* the callers keep room for it */
}

static int ring_full(const con_server_t *s)
{
	return con_ring_count(&s->input) == CON_RING_SIZE;
}

/* Answers waiting readers while there is input. Each answered or vanished
 * reader leaves the queue; its deferred reply is used up either way. */
static void answer_readers(con_server_t *s)
{
	con_reader_t *r;
	while ((r = con_readq_first(&s->readers)) &&
	       con_ring_count(&s->input)) {
		uint32_t n = con_ring_peek(&s->input, answer, r->max);
		if (lv_server_answer(s->loop, r->reply, (int)n, answer, n) == 0)
			con_ring_consume(&s->input, n);
		con_readq_pop(&s->readers);
	}
}

void con_input_take_over(con_server_t *s)
{
	uint8_t buf[128];
	int n;
	while ((n = lv_console_read(buf, sizeof(buf))) > 0)
		for (int i = 0; i < n; i++)
			take_byte(s, buf[i]);
	con_input_poll(s);
}

void con_input_poll(con_server_t *s)
{
	int c;
	for (int i = 0;
	     i < DRAIN_MAX && !ring_full(s) && (c = uart_getc()) >= 0; i++)
		take_byte(s, (uint8_t)c);
	answer_readers(s);
	if (ring_full(s) && !s->rx_paused) {
		uart_rx_pause();
		s->rx_paused = 1;
	} else if (!ring_full(s) && s->rx_paused) {
		s->rx_paused = 0;
		uart_rx_resume();
		con_input_poll(s); /* what waited in the UART */
	}
}

/* LV_OP_IRQ (the loop's kernel hook: from the kernel only): the line stays
 * masked until the ack. */
void con_irq(const lv_msg_t *msg, void *ctx)
{
	if (msg->h.op != LV_OP_IRQ)
		return;
	con_input_poll(ctx);
	lv_irq_ack(UART_IRQ);
}

/* con_readq_prune's test: does the caller of reply still wait? */
static int reader_waits(int reply, void *ctx)
{
	con_server_t *s = ctx;
	return lv_server_deferred_alive(s->loop, reply) == 1;
}

/* READ: queues the reader behind those waiting and answers what can be. */
int con_read_srv(lv_msg_t *msg, void *ctx)
{
	con_server_t *s = ctx;
	msg_con_read_t req;
	uint32_t size = msg->h.size;
	msg->h.size = 0;
	if (size != sizeof(req) || !msg->h.reply)
		return -ERR_INVAL;
	memcpy(&req, msg->payload, sizeof(req));
	if (req.max == 0 || req.max > CON_DATA_MAX)
		return -ERR_INVAL;
	int token = lv_server_defer(s->loop);
	if (token < 0)
		return token;
	int rc = con_readq_push(&s->readers, token, req.max, msg->h.sender);
	if (rc < 0) {
		/* Full: first drop the readers whose callers gave up (checked
		 * only here, off the common path), then ask again. */
		con_readq_prune(&s->readers, reader_waits, s);
		rc = con_readq_push(&s->readers, token, req.max, msg->h.sender);
	}
	if (rc < 0) { /* the queue, or this client's share, is full */
		lv_server_answer(s->loop, token, rc, NULL, 0);
		return LV_DEFERRED;
	}
	con_input_poll(s); /* answers it if input waits; makes room */
	return LV_DEFERRED;
}

/* SET_INTR: the carried send right replaces the registered one (none:
 * the registration ends). */
int con_set_intr_srv(lv_msg_t *msg, void *ctx)
{
	con_server_t *s = ctx;
	int right = msg->h.right;
	msg->h.size = 0;
	msg->h.right = 0; /* kept (or closed below) */
	if (right > 0 && lv_handle_info(right) != LV_RIGHT_SEND) {
		lv_handle_close(right);
		return -ERR_INVAL;
	}
	if (s->intr)
		lv_handle_close(s->intr);
	s->intr = right > 0 ? right : 0;
	return 0;
}
