/* The server loop's state, shared by libipc/server*.c (not an API). */
#ifndef LIBIPC_SERVER_IMPL_H
#define LIBIPC_SERVER_IMPL_H
#include <lavender/server.h>
#include <stdint.h>

typedef struct lv_endpoint {
	int port; /* 0: free */
	const lv_op_t *ops;
	size_t nops;
	void *ctx;
	lv_kernel_fn_t on_kernel;
} lv_endpoint_t;

typedef struct lv_timer {
	uint64_t deadline; /* tick */
	uint32_t seq;	   /* arming order, for equal deadlines */
	int id;
	unsigned period;
	lv_timer_fn_t fn;
	void *arg;
} lv_timer_t;

typedef struct lv_pending {
	uint32_t gen; /* 0: free; the cookie's high bits */
	lv_answer_fn_t fn;
	void *arg;
	int timer; /* its timeout's timer id */
} lv_pending_t;

struct lv_server {
	int set;   /* the port set it receives on */
	int reply; /* its own port for answers to outgoing calls (label 0) */
	lv_endpoint_t *eps; /* label k is eps[k - 1] */
	int neps;
	lv_kernel_fn_t on_kernel;
	void *kernel_ctx;
	int stop;
	volatile int *stop_ext; /* lv_serve's flag, or NULL */
	lv_msg_t *msg;		/* the loop's buffer */
	/* deferred replies: kept reply handles, 0 = free */
	int deferred[LV_SERVER_DEFERRED_MAX];
	uint32_t deferred_gen[LV_SERVER_DEFERRED_MAX];
	int ndeferred;
	int current_reply; /* of the request being handled (0: none) */
	/* timers: a binary heap by (deadline, seq) */
	lv_timer_t *heap;
	int ntimers, cap_timers;
	uint32_t timer_seq;
	int next_timer_id;
	/* outgoing calls */
	lv_pending_t calls[LV_SERVER_CALLS_MAX];
	uint32_t call_gen;
};

/* Ticks now (the clock: lv_time). */
uint64_t lv_server_now(void);
/* Runs the timers due at now (in order); returns the ticks to the next one
 * (LV_WAIT_FOREVER if none). */
unsigned lv_server_run_timers(lv_server_t *s);
/* An answer to an outgoing call arrived (label 0). */
void lv_server_answer_arrived(lv_server_t *s, const lv_msg_t *msg);

#endif
