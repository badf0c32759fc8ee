/* The checks inside one process: order, timeouts, full queues, dead ports,
 * stale handles and bad pointers. Each closes the ports it made. */
#include <string.h>
#include <lavender/clock.h>
#include "ipctest.h"

#define PAGE 4096u
#define MAP_AT 0x6E000000u   /* a free page for the straddling messages */
#define UNMAPPED 0x6F000000u /* never mapped */
#define KERNEL_ADDR 0xC0000000u
#define HDR ((uint32_t)sizeof(lv_msg_header_t))

static lv_msg_t out, in;

static uint64_t now(void)
{
	uint64_t t = 0;
	lv_ticks(&t, NULL);
	return t;
}

/* Sends a message of op and size with pattern(seq) to h. */
static int send_seq(int h, uint32_t op, uint32_t size, uint32_t seq,
		    uint32_t timeout)
{
	msg_set(&out.h, op, size);
	pattern_fill(out.payload, size, seq);
	return lv_msg_send(h, &out.h, timeout);
}

/* Runs body(port) on a fresh port, then closes the port. */
static const char *with_port(const char *(*body)(int))
{
	int p = lv_port_create();
	if (p <= 0)
		return check_why("port_create: %s", lv_strerror(p));
	const char *bad = body(p);
	lv_handle_close(p);
	return bad;
}

static const char *order_queued(int p)
{
	int pid = lv_getpid();
	for (uint32_t i = 0; i < 50; i++) {
		int rc = send_seq(p, 1000 + i, i * 7 % 97, i, LV_NO_WAIT);
		if (rc != 0)
			return check_why("send %u: %s", (unsigned)i,
					 lv_strerror(rc));
	}
	for (uint32_t i = 0; i < 50; i++) {
		int rc = lv_msg_receive(p, &in.h, sizeof(in), LV_NO_WAIT);
		const char *bad =
		    check_msg(&in, rc, 1000 + i, i * 7 % 97, i, pid);
		if (bad)
			return check_why("message %u: %s", (unsigned)i, bad);
	}
	int rc = lv_msg_receive(p, &in.h, sizeof(in), LV_NO_WAIT);
	return rc == -ERR_AGAIN ? NULL : check_why("51st receive gave %d", rc);
}

const char *check_order_queued(void) { return with_port(order_queued); }

/* The receiving thread of order_direct. */
static struct {
	int port;
	volatile int done;
	int count, rc, failed_at;
	uint32_t op, size;
	lv_msg_t buf;
} direct;

static void direct_receiver(void *arg)
{
	int pid = (int)(uintptr_t)arg;
	direct.failed_at = -1;
	for (uint32_t i = 0; i < 200; i++) {
		int rc = lv_msg_receive(direct.port, &direct.buf.h,
					sizeof(direct.buf), SHORT);
		if (check_msg(&direct.buf, rc, i, i * 5, i, pid)) {
			direct.failed_at = (int)i;
			direct.rc = rc;
			direct.op = direct.buf.h.op;
			direct.size = direct.buf.h.size;
			break;
		}
		direct.count++;
	}
	direct.done = 1;
	lv_thread_exit(0);
}

static const char *order_direct(int p)
{
	direct.port = p;
	int t = start_thread(direct_receiver, (void *)(uintptr_t)lv_getpid());
	if (t < 0)
		return check_why("thread_create: %s", lv_strerror(t));
	lv_sleep(2); /* the thread now waits in receive */
	for (uint32_t i = 0; i < 200; i++) {
		int rc = send_seq(p, i, i * 5, i, SHORT);
		if (rc != 0)
			return check_why("send %u: %s", (unsigned)i,
					 lv_strerror(rc));
	}
	if (!wait_flag(&direct.done, SHORT))
		return check_why("receiver still waiting after %d messages",
				 direct.count);
	if (direct.failed_at >= 0)
		return check_why("message %d: rc %d op %u size %u",
				 direct.failed_at, direct.rc,
				 (unsigned)direct.op, (unsigned)direct.size);
	return direct.count == 200 ? NULL
				   : check_why("%d received", direct.count);
}

const char *check_order_direct(void) { return with_port(order_direct); }

static const char *receive_timeout(int p)
{
	uint64_t t0 = now();
	int rc = lv_msg_receive(p, &in.h, sizeof(in), 10);
	uint64_t waited = now() - t0;
	if (rc != -ERR_TIMEDOUT)
		return check_why("timeout 10 gave %d", rc);
	if (waited < 10 || waited > 12)
		return check_why("timeout 10 took %u ticks", (unsigned)waited);
	rc = lv_msg_receive(p, &in.h, sizeof(in), LV_NO_WAIT);
	return rc == -ERR_AGAIN ? NULL : check_why("LV_NO_WAIT gave %d", rc);
}

const char *check_receive_timeout(void) { return with_port(receive_timeout); }

/* The blocked sender of queue_full. */
static struct {
	int send;
	volatile int done;
	int rc;
	lv_msg_t buf;
} blocked;

static void blocked_sender(void *arg)
{
	(void)arg;
	msg_set(&blocked.buf.h, 65, 0);
	blocked.rc = lv_msg_send(blocked.send, &blocked.buf.h, LV_WAIT_FOREVER);
	blocked.done = 1;
	lv_thread_exit(0);
}

/* Fills the queue of p through s; the next sends fail or time out. */
static const char *fill_queue(int s)
{
	for (uint32_t i = 0; i < LV_PORT_QUEUE_MAX; i++) {
		int rc = send_seq(s, i, 8, i, LV_NO_WAIT);
		if (rc != 0)
			return check_why("send %u: %s", (unsigned)i,
					 lv_strerror(rc));
	}
	int rc = send_seq(s, 64, 8, 64, LV_NO_WAIT);
	if (rc != -ERR_AGAIN)
		return check_why("65th send gave %d", rc);
	uint64_t t0 = now();
	rc = send_seq(s, 64, 8, 64, 5);
	uint64_t waited = now() - t0;
	if (rc != -ERR_TIMEDOUT || waited < 5 || waited > 7)
		return check_why("send with timeout 5 gave %d after %u ticks",
				 rc, (unsigned)waited);
	return NULL;
}

const char *check_queue_full(void)
{
	int p = lv_port_create(), s = lv_port_make_send(p);
	if (p <= 0 || s <= 0)
		return check_why("port %d send %d", p, s);
	const char *bad = fill_queue(s);
	if (!bad) {
		blocked.send = s;
		int t = start_thread(blocked_sender, NULL);
		lv_sleep(5);
		if (t < 0 || blocked.done)
			bad = check_why(
			    "thread %d: send returned %d, not blocked", t,
			    blocked.rc);
	}
	int rc = lv_handle_close(p);
	if (!bad && rc != 0)
		bad =
		    check_why("closing the receive right: %s", lv_strerror(rc));
	if (!bad && !wait_flag(&blocked.done, SHORT))
		bad = "blocked sender not woken by the port's death";
	if (!bad && blocked.rc != -ERR_DEADPORT)
		bad = check_why("blocked sender got %d", blocked.rc);
	lv_handle_close(s);
	return bad;
}

const char *check_dead_port(void)
{
	int p = lv_port_create(), s = lv_port_make_send(p);
	if (p <= 0 || s <= 0)
		return check_why("port %d send %d", p, s);
	if (lv_handle_info(s) != LV_RIGHT_SEND)
		return check_why("send right's info %d", lv_handle_info(s));
	int closed = lv_handle_close(p);
	int sent = send_seq(s, 1, 4, 1, LV_NO_WAIT);
	msg_set(&out.h, 2, 4);
	int called = lv_msg_call(s, &out.h, sizeof(out), SHORT);
	lv_handle_close(s);
	if (closed != 0 || sent != -ERR_DEADPORT || called != -ERR_DEADPORT)
		return check_why("close %d, send %d, call %d", closed, sent,
				 called);
	return NULL;
}

static const char *stale_uses(int h)
{
	int s = send_seq(h, 1, 0, 0, LV_NO_WAIT);
	int r = lv_msg_receive(h, &in.h, sizeof(in), LV_NO_WAIT);
	int c = lv_handle_close(h);
	int i = lv_handle_info(h);
	if (s != -ERR_STALE || r != -ERR_STALE || c != -ERR_STALE ||
	    i != -ERR_STALE)
		return check_why(
		    "handle %d: send %d receive %d close %d info %d", h, s, r,
		    c, i);
	return NULL;
}

static const char *bad_numbers(void)
{
	for (int h = 0; h >= -5; h -= 5) {
		int s = send_seq(h, 1, 0, 0, LV_NO_WAIT);
		int r = lv_msg_receive(h, &in.h, sizeof(in), LV_NO_WAIT);
		int c = lv_handle_close(h);
		if (s != -ERR_BADF || r != -ERR_BADF || c != -ERR_BADF)
			return check_why(
			    "handle %d: send %d receive %d close %d", h, s, r,
			    c);
	}
	return NULL;
}

const char *check_stale_handle(void)
{
	int p = lv_port_create();
	if (p <= 0 || lv_handle_close(p) != 0)
		return check_why("port %d could not be closed", p);
	const char *bad = stale_uses(p);
	if (bad)
		return bad;
	int q = lv_port_create();
	if (q <= 0 || q == p)
		return check_why("new port got handle %d (old %d)", q, p);
	bad = stale_uses(p);
	int rc = send_seq(q, 1, 0, 0, LV_NO_WAIT);
	lv_handle_close(q);
	if (!bad && rc != 0)
		bad = check_why("send to the new port: %s", lv_strerror(rc));
	return bad ? bad : bad_numbers();
}

/* Messages whose header or payload runs off the end of a mapped page. */
static const char *straddling(int p)
{
	if (lv_mem_map((void *)MAP_AT, PAGE, LV_MAP_WRITE) != 0)
		return "mem_map failed";
	const char *bad = NULL;
	uint32_t offs[2] = {PAGE - 16, PAGE - HDR - 16};
	for (int k = 0; k < 2 && !bad; k++) {
		lv_msg_header_t *h = (lv_msg_header_t *)(MAP_AT + offs[k]);
		if (k == 1)
			msg_set(h, 1,
				64); /* the header fits, the payload not */
		int rc = lv_msg_send(p, h, LV_NO_WAIT);
		if (rc != -ERR_FAULT)
			bad = check_why("header at page end - %u: send gave %d",
					(unsigned)(PAGE - offs[k]), rc);
	}
	lv_mem_unmap((void *)MAP_AT, PAGE);
	return bad;
}

static const char *bad_sends(int p)
{
	int k = lv_msg_send(p, (const lv_msg_header_t *)KERNEL_ADDR, 0);
	int u = lv_msg_send(p, (const lv_msg_header_t *)UNMAPPED, 0);
	msg_set(&out.h, 1, LV_MSG_PAYLOAD_MAX + 1);
	int big = lv_msg_send(p, &out.h, LV_NO_WAIT);
	int s = lv_port_make_send(p);
	int call = lv_msg_call(s, (lv_msg_header_t *)KERNEL_ADDR, PAGE, 10);
	lv_handle_close(s);
	if (k != -ERR_FAULT || u != -ERR_FAULT || big != -ERR_RANGE ||
	    call != -ERR_FAULT)
		return check_why("send kernel %d unmapped %d too big %d; call "
				 "kernel %d",
				 k, u, big, call);
	return straddling(p);
}

static const char *bad_receives(int p)
{
	int null = lv_msg_receive(p, NULL, sizeof(in), LV_NO_WAIT);
	int small = lv_msg_receive(p, &in.h, HDR - 1, LV_NO_WAIT);
	if (null != -ERR_FAULT || small != -ERR_FAULT)
		return check_why("receive into NULL %d, size 31 %d", null,
				 small);
	int rc = lv_msg_receive(p, &in.h, sizeof(in), LV_NO_WAIT);
	if (rc != -ERR_AGAIN)
		return check_why("a failed send left a message (%d)", rc);
	return NULL;
}

/* A queued message too big for the buffer stays queued, intact. */
static const char *too_big_queued(int p)
{
	int rc = send_seq(p, 9, 100, 9, LV_NO_WAIT);
	if (rc != 0)
		return check_why("send: %s", lv_strerror(rc));
	rc = lv_msg_receive(p, &in.h, HDR + 50, LV_NO_WAIT);
	if (rc != -ERR_RANGE)
		return check_why("100 bytes into a 50-byte buffer gave %d", rc);
	rc = lv_msg_receive(p, &in.h, sizeof(in), LV_NO_WAIT);
	const char *bad = check_msg(&in, rc, 9, 100, 9, lv_getpid());
	return bad ? check_why("after -ERR_RANGE: %s", bad) : NULL;
}

static const char *bad_pointers(int p)
{
	const char *bad = bad_sends(p);
	if (!bad)
		bad = bad_receives(p);
	return bad ? bad : too_big_queued(p);
}

const char *check_bad_pointers(void) { return with_port(bad_pointers); }

/* A receiver blocked with a small buffer gets -ERR_RANGE; the message
 * stays queued. */
static struct {
	int port;
	volatile int done;
	int rc;
	lv_msg_t buf;
} small;

static void small_receiver(void *arg)
{
	(void)arg;
	small.rc = lv_msg_receive(small.port, &small.buf.h, HDR + 16, SHORT);
	small.done = 1;
	lv_thread_exit(0);
}

static const char *range_direct(int p)
{
	small.port = p;
	int t = start_thread(small_receiver, NULL);
	if (t < 0)
		return check_why("thread_create: %s", lv_strerror(t));
	lv_sleep(2);
	int rc = send_seq(p, 11, 100, 11, LV_NO_WAIT);
	if (rc != 0)
		return check_why("send: %s", lv_strerror(rc));
	if (!wait_flag(&small.done, SHORT) || small.rc != -ERR_RANGE)
		return check_why("blocked receiver got %d (done %d)", small.rc,
				 small.done);
	rc = lv_msg_receive(p, &in.h, sizeof(in), LV_NO_WAIT);
	const char *bad = check_msg(&in, rc, 11, 100, 11, lv_getpid());
	return bad ? check_why("after -ERR_RANGE: %s", bad) : NULL;
}

const char *check_range_direct(void) { return with_port(range_direct); }
