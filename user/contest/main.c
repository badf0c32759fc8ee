/* The console server from a client's side, driven by the harness typing on
 * the serial line (tests/cases_console.py): a line read through stdin,
 * Ctrl-C as an interrupt message, two readers served in order, bad requests
 * refused, 8 KiB written in one go, lines read to end of file (Ctrl-D).
 * "contest fallback" checks instead that stdin and stdout still work through
 * the kernel with no console server. Prints "contest NAME: ok|FAIL ..." per
 * check, then "contest: N passed, M failed"; exits with M. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <lavender/console_proto.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include <lavender/thread.h>
#include "../lib/check.h"
#include "../lib/usage.h"

#define FIND_TICKS 500	 /* the console server registers at boot */
#define EVENT_TICKS 1000 /* the harness types within this */
#define BULK_LINES 128
#define BULK_LINE_LEN 64 /* "\n" included: 8 KiB in all */

/* The console server's right, waiting for it to register; or the error. */
static int find_console(void)
{
	int rc = -ERR_NOENT;
	for (int t = 0; t < FIND_TICKS && rc < 0; t += 5) {
		rc = lv_con_connect();
		if (rc < 0)
			lv_sleep(5);
	}
	return rc;
}

/* Reads a line from stdin into line (without the "\n"); 0 or -1. */
static int read_line(char *line, size_t size)
{
	if (!fgets(line, (int)size, stdin))
		return -1;
	size_t n = strlen(line);
	if (n == 0 || line[n - 1] != '\n')
		return -1;
	line[n - 1] = '\0';
	return 0;
}

static void test_line_and_interrupt(int console_pid)
{
	char line[64] = "";
	static lv_msg_t ev;
	CHECK("read_line", read_line(line, sizeof(line)) == 0 &&
			       strcmp(line, "hello console") == 0);
	int port = lv_port_create();
	/* Registered before the got-line: the harness then types Ctrl-C. */
	CHECK("set_intr", port > 0 && lv_con_set_intr(port) == 0);
	printf("contest: got [%s]\n", line);
	int rc = lv_msg_receive(port, &ev.h, sizeof(ev), EVENT_TICKS);
	lv_con_intr_t what = {0};
	memcpy(&what, ev.payload, sizeof(what));
	CHECK("intr_event",
	      rc == (int)sizeof(what) && ev.h.op == LV_CON_EVENT_INTR &&
		  ev.h.sender == console_pid && what.ch == LV_CON_INTR_CHAR);
	if (rc >= 0)
		printf("contest: interrupted\n");
	CHECK("set_intr_bad_handle", lv_con_set_intr(0x7777) < 0);
	CHECK("set_intr_off", lv_con_set_intr(0) == 0);
	lv_handle_close(port);
}

static uint8_t reader_stack[16384] __attribute__((aligned(16)));
static volatile int reader_done;
static char reader_got[4];

static void first_reader(void *arg)
{
	(void)arg;
	int rc = lv_con_read(reader_got, 1); /* one byte: the second is B's */
	reader_done = rc == 1 ? 1 : -1;
	lv_thread_exit(0);
}

/* Thread A asks first for one byte, then the main thread B for more; the
 * harness types "12\n": A must get "1", B "2\n" (and no Ctrl-C byte). */
static void test_readers_in_order(void)
{
	char got[16];
	size_t n = 0;
	int t = lv_thread_create(first_reader,
				 reader_stack + sizeof(reader_stack), NULL);
	lv_sleep(20); /* A's request reaches the server first */
	printf("contest: two readers waiting\n");
	while (t > 0 && n < sizeof(got) - 1 && (!n || got[n - 1] != '\n')) {
		int rc = lv_con_read(got + n, sizeof(got) - 1 - n);
		if (rc <= 0)
			break;
		n += (size_t)rc;
	}
	got[n] = '\0';
	for (int i = 0; i < EVENT_TICKS && !reader_done; i++)
		lv_sleep(1);
	CHECK("readers_in_order", t > 0 && reader_done == 1 &&
				      reader_got[0] == '1' &&
				      strcmp(got, "2\n") == 0);
}

static void test_bad_requests(int h)
{
	msg_con_read_t zero = {.max = 0}, big = {.max = CON_DATA_MAX + 1};
	uint32_t line = 4;
	CHECK("unknown_op", lv_rpc(h, 0x434F00FFu, NULL, 0, NULL, 0, NULL,
				   100) == -ERR_NOSYS);
	CHECK("read_max_zero", lv_rpc(h, CON_READ, &zero, sizeof(zero), NULL, 0,
				      NULL, 100) == -ERR_INVAL);
	CHECK("read_max_too_big", lv_rpc(h, CON_READ, &big, sizeof(big), NULL,
					 0, NULL, 100) == -ERR_INVAL);
	CHECK("read_bad_size",
	      lv_rpc(h, CON_READ, &zero, 3, NULL, 0, NULL, 100) == -ERR_INVAL);
	CHECK("irq_spoof_refused", lv_rpc(h, LV_OP_IRQ, &line, sizeof(line),
					  NULL, 0, NULL, 100) == -ERR_NOSYS);
	CHECK("empty_write",
	      lv_rpc(h, CON_WRITE, NULL, 0, NULL, 0, NULL, 100) == 0);
}

static char bulk[BULK_LINES * BULK_LINE_LEN + 1];

/* Line i: "contest bulk NNN " then letters from i on, then "\n". */
static void make_bulk(void)
{
	for (int i = 0; i < BULK_LINES; i++) {
		char *l = bulk + i * BULK_LINE_LEN;
		int n = snprintf(l, BULK_LINE_LEN, "contest bulk %03d ", i);
		for (int j = n; j < BULK_LINE_LEN - 1; j++)
			l[j] = (char)('a' + (i + j) % 26);
		l[BULK_LINE_LEN - 1] = '\n';
	}
}

static void test_bulk(void)
{
	make_bulk();
	fflush(stdout);
	int n = (int)write(1, bulk, BULK_LINES * BULK_LINE_LEN);
	printf("contest: bulk done\n");
	CHECK("bulk_write", n == BULK_LINES * BULK_LINE_LEN);
}

/* One CON_READ of 1 byte that gives up after ticks: its status. */
static int read_with_timeout(int h, unsigned ticks)
{
	lv_msg_t m;
	msg_con_read_t req = {.max = 1};
	m.h = (lv_msg_header_t){.op = CON_READ, .size = sizeof(req)};
	memcpy(m.payload, &req, sizeof(req));
	int rc = lv_msg_call(h, &m.h, sizeof(m), ticks);
	return rc < 0 ? rc : (int)m.h.op;
}

#define ABANDONED 40	/* more than the server's 16 places */
#define SHARE_THREADS 5 /* one more than a client's 4 places */
#define SHARE_TICKS 150 /* the sharers wait this long, then give up */

static int share_console, share_results;

/* A reader thread: reads with a timeout and sends its status home. */
static void share_reader(void *arg)
{
	(void)arg;
	lv_msg_header_t h = {.op = 0, .size = 0};
	h.op = (uint32_t)read_with_timeout(share_console, SHARE_TICKS);
	lv_msg_send(share_results, &h, LV_WAIT_FOREVER);
}

/* Readers that gave up leave no trace in the server (before: the 17th read
 * got -ERR_BUSY until a key came, and the shell took that for the end of
 * its input); one process's live readers take at most 4 places. Runs
 * before "contest: ready": nobody types meanwhile. */
static void test_reader_table(int h)
{
	int timed_out = 0;
	for (int i = 0; i < ABANDONED; i++)
		timed_out += read_with_timeout(h, 1) == -ERR_TIMEDOUT;
	CHECK("abandoned_readers_dropped", timed_out == ABANDONED);

	int port = lv_port_create();
	share_console = h;
	share_results = port < 0 ? port : lv_port_make_send(port);
	int started = 0, nospc = 0, waited = 0;
	for (int i = 0; i < SHARE_THREADS && share_results > 0; i++)
		started += lv_thread_start(share_reader, NULL, 0) > 0;
	for (int i = 0; i < started; i++) {
		lv_msg_t m;
		if (lv_msg_receive(port, &m.h, sizeof(m), LV_WAIT_FOREVER) < 0)
			break;
		nospc += (int)m.h.op == -ERR_NOSPC;
		waited += (int)m.h.op == -ERR_TIMEDOUT;
	}
	CHECK("reader_share_per_client",
	      started == SHARE_THREADS && nospc == 1 && waited == 4);
	if (port > 0)
		lv_handle_close(port);
}

/* With no console server: stdout and stdin through the kernel. */
static int fallback(void)
{
	char line[64] = "";
	CHECK("no_console_server", lv_con_connect() == -ERR_NOENT);
	printf("contest: ready\n");
	CHECK("fallback_read_line", read_line(line, sizeof(line)) == 0 &&
					strcmp(line, "via the kernel") == 0);
	printf("contest: got [%s]\n", line);
	return check_summary();
}

static const usage_t usage = {
    "contest", "[fallback]",
    "The console server from a client's side: a line typed on the "
    "console\nread through stdin, Ctrl-C as an event, two readers in order, "
    "bad\nrequests refused, 8 KiB in one write (the harness types the "
    "input).\nfallback: stdin and stdout through the kernel with no console "
    "server.\nOne line per check, then the summary; exits with the failures.",
    "proc.console, proc.console_fallback"};

/* stdin's canonical mode (user/lib/pure_linedisc.h): lines the harness
 * ends with CR and LF, one with an erase, then Ctrl-D: end of file. */
static void test_end_of_file(void)
{
	char line[64];
	int lines = 0, erased = 0;
	printf("contest: reading to end of file\n");
	while (fgets(line, sizeof(line), stdin)) {
		lines++;
		erased += strcmp(line, "erased\n") == 0;
	}
	CHECK("end_of_file", feof(stdin) && lines == 3 && erased == 1);
	printf("contest: end of file after %d lines\n", lines);
	clearerr(stdin);
}

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	lv_ns_entry_t e;
	check_init("contest");
	if (argc > 1 && strcmp(argv[1], "fallback") == 0)
		return fallback();
	int h = find_console();
	memset(&e, 0, sizeof(e));
	int right = lv_ns_lookup(LV_CON_NAME, &e);
	if (right > 0)
		lv_handle_close(right);
	CHECK("console_found", h > 0);
	CHECK("console_entry",
	      right > 0 && e.owner > 0 && strcmp(e.type, LV_CON_NAME) == 0);
	test_reader_table(h);
	printf("contest: ready\n");
	test_line_and_interrupt(e.owner);
	test_readers_in_order();
	test_bad_requests(h);
	test_bulk();
	test_end_of_file();
	return check_summary();
}
