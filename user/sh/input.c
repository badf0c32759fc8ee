/* Keyboard input of the shell and Ctrl-C; not line editing (line.c).
 *
 * At the prompt the main thread reads stdin itself. While a foreground
 * program runs the main thread is blocked in lv_wait, so Ctrl-C must reach
 * another thread, which kills the program:
 * - With the console server: while the program runs, the shell registers its
 *   interrupt port (lv_con_set_intr), so Ctrl-C arrives as an
 *   LV_CON_EVENT_INTR message at the interrupt thread and the shell reads no
 *   stdin: the program may read it. Afterwards it unregisters, so at the
 *   prompt Ctrl-C is a byte again and drops the line being edited.
 * - With the kernel's console (no console server, or it died): a read of
 *   stdin cannot be cancelled once it blocks, so from the first program on a
 *   reader thread owns stdin for good: it kills the program on the 0x03 byte
 *   and passes every other byte to the main thread through a port (typeahead
 *   for the next prompt). Programs then get no stdin.
 * Only the main thread uses stdio; the other threads use write() and system
 * calls (the console glue lets threads read and write at once). */
#include <stdint.h>
#include <unistd.h>
#include <lavender/console.h>
#include <lavender/syscall.h>
#include "sh.h"

#define CHUNK 64
#define STACK_SIZE 16384
#define OP_BYTES 1u	  /* reader -> main; payload: the bytes read */
#define OP_END 2u	  /* reader -> main: stdin ended or failed */
#define FG_INTERRUPTED -2 /* Ctrl-C came while SH_FG_STARTING */

typedef struct input_msg {
	lv_msg_header_t h;
	uint8_t payload[CHUNK];
} input_msg_t;

/* The pid Ctrl-C ends, 0, SH_FG_STARTING or FG_INTERRUPTED. All threads
 * change it, with atomic operations. */
static int foreground;

static int intr_port;	/* receive right: console server -> interrupt thread */
static int interrupted; /* the pid Ctrl-C ended last (0: none) */
static int bytes_port;	/* receive right: reader thread -> main thread; 0
			   while the main thread reads stdin itself */
static uint8_t intr_stack[STACK_SIZE] __attribute__((aligned(16)));
static uint8_t reader_stack[STACK_SIZE] __attribute__((aligned(16)));

/* Main thread: bytes read but not yet handed out. */
static input_msg_t in;
static unsigned in_pos, in_len;
static int in_ended;

/* Ctrl-C: ends the foreground program, or marks one being started so that
 * input_set_foreground ends it. Returns 0 when there is none (the byte then
 * goes to the line editor). */
static int interrupt_foreground(void)
{
	int pid = __atomic_load_n(&foreground, __ATOMIC_SEQ_CST);

	if (pid == 0)
		return 0;
	write(1, "^C\n", 3);
	if (pid == SH_FG_STARTING &&
	    __atomic_compare_exchange_n(&foreground, &pid, FG_INTERRUPTED, 0,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return 1;
	if (pid > 0) { /* was running, or its start ended meanwhile */
		__atomic_store_n(&interrupted, pid, __ATOMIC_SEQ_CST);
		lv_kill(pid);
	}
	return 1;
}

int input_interrupted(int pid)
{
	return __atomic_exchange_n(&interrupted, 0, __ATOMIC_SEQ_CST) == pid;
}

static void intr_thread(void *arg)
{
	static lv_msg_t msg; /* whole size: nothing stays stuck in the queue */

	(void)arg;
	for (;;) {
		int rc = lv_msg_receive(intr_port, &msg.h, sizeof(msg),
					LV_WAIT_FOREVER);
		if (rc < 0)
			lv_thread_exit(rc);
		if (msg.h.right > 0)
			lv_handle_close(msg.h.right);
		if (msg.h.op == LV_CON_EVENT_INTR)
			interrupt_foreground();
	}
}

/* Queues bytes for the main thread. While a program runs nobody reads them
 * and the queue may fill up: then drop rather than block, so a later Ctrl-C
 * is still seen. */
static void pass_on(uint32_t op, const uint8_t *buf, unsigned len)
{
	input_msg_t msg = {.h = {.op = op, .size = len}};
	int busy = __atomic_load_n(&foreground, __ATOMIC_SEQ_CST) != 0;

	for (unsigned i = 0; i < len; i++)
		msg.payload[i] = buf[i];
	lv_msg_send(bytes_port, &msg.h, busy ? LV_NO_WAIT : LV_WAIT_FOREVER);
}

static void reader_thread(void *arg)
{
	uint8_t buf[CHUNK], keep[CHUNK];
	int n;

	(void)arg;
	while ((n = read(0, buf, sizeof(buf))) > 0) {
		unsigned k = 0;
		for (int i = 0; i < n; i++)
			if (buf[i] != LV_CON_INTR_CHAR ||
			    !interrupt_foreground())
				keep[k++] = buf[i];
		if (k)
			pass_on(OP_BYTES, keep, k);
	}
	pass_on(OP_END, NULL, 0);
	lv_thread_exit(0);
}

/* Hands stdin to a reader thread for good. */
static int start_reader(void)
{
	int rc = lv_port_create();

	if (rc < 0)
		return rc;
	bytes_port = rc;
	rc = lv_thread_create(reader_thread,
			      reader_stack + sizeof(reader_stack), NULL);
	if (rc < 0) {
		lv_handle_close(bytes_port);
		bytes_port = 0;
	}
	return rc;
}

int input_start(void)
{
	int rc = lv_port_create();

	if (rc < 0)
		return rc;
	intr_port = rc;
	rc = lv_thread_create(intr_thread, intr_stack + sizeof(intr_stack),
			      NULL);
	if (rc < 0) {
		lv_handle_close(intr_port);
		intr_port = 0;
		return rc;
	}
	return 0;
}

/* Refills in from stdin or, once there is a reader thread, from it. */
static void refill(void)
{
	int rc;

	if (!bytes_port) {
		rc = read(0, in.payload, sizeof(in.payload));
	} else {
		rc = lv_msg_receive(bytes_port, &in.h, sizeof(in),
				    LV_WAIT_FOREVER);
		if (rc >= 0 && in.h.op == OP_END)
			rc = 0;
	}
	in_pos = 0;
	in_len = rc > 0 ? (unsigned)rc : 0;
	in_ended = rc <= 0;
}

int input_getc(void)
{
	while (in_pos == in_len) {
		if (in_ended)
			return -1;
		refill();
	}
	return in.payload[in_pos++];
}

void input_set_foreground(int pid)
{
	int old;

	if (pid == SH_FG_STARTING && !bytes_port &&
	    lv_con_set_intr(intr_port) < 0)
		start_reader(); /* no console server: the byte path */
	old = __atomic_exchange_n(&foreground, pid, __ATOMIC_SEQ_CST);
	if (old == FG_INTERRUPTED && pid > 0) {
		__atomic_store_n(&interrupted, pid, __ATOMIC_SEQ_CST);
		lv_kill(pid);
	}
	if (pid == 0 && !bytes_port)
		lv_con_set_intr(0);
}
