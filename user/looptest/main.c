/* The one server loop (lavender/server.h) under test (issue 11):
 *   deferred_reverse   a server defers 50 requests and answers them in
 *                      reverse order; each answer matches its request
 *   deferred_dead      a deferred caller is killed: the answer fails with
 *                      -ERR_DEADPORT and the server keeps nothing
 *   timers_order       1,000 one-shot timers at random deadlines fire in
 *                      deadline order (equal ones in arming order), once,
 *                      never early
 *   periodic_no_drift  a periodic timer keeps its schedule while requests
 *                      stream in
 *   mutual_calls       two servers call each other 1,000 times each at
 *                      once: no deadlock, every answer matched
 * "looptest": one result line each, then the summary. "looptest --help". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "../lib/usage.h"

#define OP_ECHO 1    /* answers the word + 1 */
#define OP_DEFER 2   /* kept; answered when OP_RELEASE comes */
#define OP_RELEASE 3 /* answers every kept request, newest first */
#define OP_PEER 4    /* carries the other server's send right */
#define CALLS 1000
#define DEFERS 50
#define WINDOW 4
#define WAIT_TICKS 6000

static uint32_t word_of(const lv_msg_t *m)
{
	uint32_t w = 0;
	if (m && m->h.size >= 4)
		memcpy(&w, m->payload, 4);
	return w;
}

static int put_word(lv_msg_t *m, uint32_t w)
{
	memcpy(m->payload, &w, 4);
	m->h.size = 4;
	return 0;
}

/* ---- the service the children run ---- */
static struct {
	lv_server_t *s;
	int kept[DEFERS * 2];
	uint32_t kept_word[DEFERS * 2];
	int nkept;
	int peer; /* the other server (mutual_calls) */
	uint32_t sent, answered, served, bad;
} svc;

static int op_echo(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	svc.served++;
	return put_word(m, word_of(m) + 1);
}

static int op_defer(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	int t = lv_server_defer(svc.s);
	if (t < 0 || svc.nkept == DEFERS * 2)
		return t < 0 ? t : -ERR_NOSPC;
	svc.kept[svc.nkept] = t;
	svc.kept_word[svc.nkept++] = word_of(m);
	return LV_DEFERRED;
}

/* Answers every kept request, newest first; the reply says how many
 * answers failed with -ERR_DEADPORT and how many replies are still kept. */
static int op_release(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	uint32_t dead = 0;
	while (svc.nkept) {
		svc.nkept--;
		uint32_t w = svc.kept_word[svc.nkept];
		int rc = lv_server_answer(svc.s, svc.kept[svc.nkept], 0, &w, 4);
		dead += rc == -ERR_DEADPORT;
	}
	put_word(m, dead);
	memcpy(m->payload + 4, &(uint32_t){(uint32_t)lv_server_deferred(svc.s)},
	       4);
	m->h.size = 8;
	return 0;
}

static void mutual_next(lv_server_t *s);

static void answered(lv_server_t *s, int status, const lv_msg_t *m, void *arg)
{
	uint32_t sent_word = (uint32_t)(uintptr_t)arg;
	if (status != 0 || word_of(m) != sent_word + 1)
		svc.bad++;
	svc.answered++;
	mutual_next(s);
}

static void mutual_next(lv_server_t *s)
{
	while (svc.peer && svc.sent < CALLS &&
	       svc.sent - svc.answered < WINDOW) {
		uint32_t w = svc.sent * 7 + 3;
		if (lv_server_call(s, svc.peer, OP_ECHO, &w, 4, WAIT_TICKS,
				   answered, (void *)(uintptr_t)w) < 0) {
			svc.bad++;
			return;
		}
		svc.sent++;
	}
	if (svc.answered == CALLS && svc.served == CALLS)
		lv_server_stop(s);
}

static int op_peer(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	svc.peer = m->h.right;
	m->h.right = 0; /* kept */
	mutual_next(svc.s);
	m->h.size = 0;
	return 0;
}

/* After every request: the mutual servers stop once both directions are
 * done (checked in op_echo's wake too). */
static int op_echo_mutual(lv_msg_t *m, void *ctx)
{
	int rc = op_echo(m, ctx);
	if (svc.answered == CALLS && svc.served == CALLS)
		lv_server_stop(svc.s);
	return rc;
}

static const lv_op_t svc_ops[] = {
    {OP_ECHO, op_echo_mutual},
    {OP_DEFER, op_defer},
    {OP_RELEASE, op_release},
    {OP_PEER, op_peer},
};

/* Child role "server": serves a new port, whose send right it gives the
 * parent through LV_BOOT_HANDLE; in mutual mode ends when both directions
 * are done, with status 0 if every answer matched. */
static int role_server(void)
{
	lv_msg_header_t h = {0};
	int port = lv_port_create();
	svc.s = lv_server_new();
	if (port < 0 || !svc.s ||
	    lv_server_add(svc.s, port, svc_ops, 4, NULL, NULL) < 0)
		return 2;
	h.right = port;
	h.right_mode = LV_RIGHT_MAKE_SEND;
	if (lv_msg_send(LV_BOOT_HANDLE, &h, LV_WAIT_FOREVER) < 0)
		return 3;
	int rc = lv_server_run(svc.s);
	if (rc < 0)
		return 4;
	return svc.bad == 0 && svc.answered == CALLS ? 0 : 5;
}

/* ---- the parent's checks ---- */
/* Starts a server child; *service gets a send right to its port. */
static int start_server(int *service)
{
	static lv_msg_t m;
	int back = lv_port_create();
	int pid = lv_spawn("looptest", "looptest server", 0, back, 0);
	if (pid < 0)
		return pid;
	int rc = lv_msg_receive(back, &m.h, sizeof(m), WAIT_TICKS);
	lv_handle_close(back);
	*service = m.h.right;
	return rc < 0 ? rc : pid;
}

static struct {
	int order[DEFERS], n;
	uint32_t bad;
} got;

static void deferred_answer(lv_server_t *s, int status, const lv_msg_t *m,
			    void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg;
	if (status != 0 || word_of(m) != id)
		got.bad++;
	if (got.n < DEFERS)
		got.order[got.n++] = (int)id;
	if (got.n == DEFERS)
		lv_server_stop(s);
}

static void release_when_kept(lv_server_t *s, int id, void *arg)
{
	(void)id;
	int service = *(int *)arg;
	uint32_t none = 0;
	/* Every request is in by now (the server handles them in order, the
	 * release comes after them on the same port). */
	if (lv_server_call(s, service, OP_RELEASE, &none, 4, WAIT_TICKS,
			   deferred_answer, (void *)(uintptr_t)0xFFFF) < 0)
		got.bad++;
}

static const char *deferred_reverse(void)
{
	int service, status;
	int pid = start_server(&service);
	lv_server_t *s = lv_server_new();
	if (pid < 0 || !s)
		return "cannot start the server";
	for (uint32_t i = 0; i < DEFERS; i++)
		if (lv_server_call(s, service, OP_DEFER, &i, 4, WAIT_TICKS,
				   deferred_answer, (void *)(uintptr_t)i) < 0)
			return "cannot send a request";
	lv_server_timer(s, 0, 0, release_when_kept, &service);
	lv_server_run(s);
	lv_server_free(s);
	lv_kill(pid);
	lv_wait(pid, &status);
	if (got.bad)
		return check_why("%u answers did not match", (unsigned)got.bad);
	for (int k = 0; k < DEFERS; k++)
		if (got.order[k] != DEFERS - 1 - k)
			return check_why("answer %d was for request %d", k,
					 got.order[k]);
	return NULL;
}

/* Child role "caller": calls OP_DEFER on LV_BOOT_HANDLE and waits. */
static int role_caller(void)
{
	uint32_t w = 1;
	return lv_rpc(LV_BOOT_HANDLE, OP_DEFER, &w, 4, NULL, 0, NULL,
		      LV_WAIT_FOREVER) == 0
		   ? 0
		   : 1;
}

static const char *deferred_dead(void)
{
	int service, status;
	lv_proc_info_t before, after;
	int pid = start_server(&service);
	if (pid < 0)
		return "cannot start the server";
	lv_proc_find(pid, &before);
	int caller = lv_spawn("looptest", "looptest caller", 0, service, 0);
	/* The caller's request is kept once the server holds its reply
	 * right: one handle more. */
	for (int i = 0; i < WAIT_TICKS; i++) {
		lv_proc_find(pid, &after);
		if (after.handles > before.handles)
			break;
		lv_yield();
	}
	lv_kill(caller);
	lv_wait(caller, &status);
	uint32_t res[2];
	size_t n;
	int rc = lv_rpc(service, OP_RELEASE, NULL, 0, res, sizeof(res), &n,
			WAIT_TICKS);
	lv_proc_find(pid, &after);
	lv_kill(pid);
	lv_wait(pid, &status);
	if (rc != 0 || n != 8)
		return check_why("release: %d", rc);
	if (res[0] != 1 || res[1] != 0)
		return check_why("%u answers failed dead, %u kept", res[0],
				 res[1]);
	if (after.handles != before.handles)
		return check_why("server handles %d -> %d", (int)before.handles,
				 (int)after.handles);
	return NULL;
}

#define TIMERS 1000
static struct {
	uint64_t deadline[TIMERS + 1], fired_at[TIMERS + 1];
	int fired[TIMERS + 1], order[TIMERS], n, early;
} tm;

static void on_timer(lv_server_t *s, int id, void *arg)
{
	(void)arg;
	uint64_t now = lv_server_now_ticks();
	if (id < 1 || id > TIMERS)
		return;
	tm.fired[id]++;
	tm.fired_at[id] = now;
	if (now < tm.deadline[id])
		tm.early++;
	if (tm.n < TIMERS)
		tm.order[tm.n++] = id;
	if (tm.n == TIMERS)
		lv_server_stop(s);
}

static const char *timers_order(void)
{
	lv_server_t *s = lv_server_new();
	uint32_t seed = 4242;
	uint64_t now = lv_server_now_ticks();
	for (int i = 1; i <= TIMERS; i++) {
		seed = seed * 1103515245u + 12345u;
		tm.deadline[i] = now + (seed >> 16) % 40;
		int id =
		    lv_server_timer_at(s, tm.deadline[i], 0, on_timer, NULL);
		if (id != i)
			return check_why("timer %d got id %d", i, id);
	}
	int rc = lv_server_run(s);
	lv_server_free(s);
	if (rc < 0)
		return check_why("the loop ended: %d", rc);
	if (tm.early)
		return check_why("%d timers fired early", tm.early);
	for (int i = 1; i <= TIMERS; i++)
		if (tm.fired[i] != 1)
			return check_why("timer %d fired %d times", i,
					 tm.fired[i]);
	for (int k = 1; k < TIMERS; k++) {
		int a = tm.order[k - 1], b = tm.order[k];
		if (tm.deadline[a] > tm.deadline[b] ||
		    (tm.deadline[a] == tm.deadline[b] && a > b))
			return check_why("timer %d fired before %d", a, b);
	}
	return NULL;
}

#define PERIOD 3
#define FIRINGS 30
static struct {
	uint64_t start, at[FIRINGS];
	int n, service;
	uint32_t sent, ok;
} pd;

static void pump_answer(lv_server_t *s, int status, const lv_msg_t *m,
			void *arg);

static void pump(lv_server_t *s)
{
	uint32_t w = pd.sent++;
	if (lv_server_call(s, pd.service, OP_ECHO, &w, 4, WAIT_TICKS,
			   pump_answer, (void *)(uintptr_t)w) < 0)
		pd.sent--;
}

static void pump_answer(lv_server_t *s, int status, const lv_msg_t *m,
			void *arg)
{
	pd.ok += status == 0 && word_of(m) == (uint32_t)(uintptr_t)arg + 1;
	if (pd.n < FIRINGS)
		pump(s); /* requests stream in all along */
}

static void on_period(lv_server_t *s, int id, void *arg)
{
	(void)id, (void)arg;
	if (pd.n < FIRINGS)
		pd.at[pd.n++] = lv_server_now_ticks();
	if (pd.n == FIRINGS)
		lv_server_stop(s);
}

static const char *periodic_no_drift(void)
{
	int status;
	int pid = start_server(&pd.service);
	lv_server_t *s = lv_server_new();
	if (pid < 0 || !s)
		return "cannot start the server";
	pd.start = lv_server_now_ticks();
	lv_server_timer(s, PERIOD, PERIOD, on_period, NULL);
	pump(s);
	pump(s);
	int rc = lv_server_run(s);
	lv_server_free(s);
	lv_kill(pid);
	lv_wait(pid, &status);
	if (rc < 0)
		return check_why("the loop ended: %d", rc);
	if (pd.ok < 10)
		return check_why("only %u requests answered meanwhile",
				 (unsigned)pd.ok);
	for (int k = 0; k < FIRINGS; k++) {
		uint64_t due = pd.start + (uint64_t)(k + 1) * PERIOD;
		if (pd.at[k] < due || pd.at[k] > due + 2)
			return check_why("firing %d at tick +%u, due +%u", k,
					 (unsigned)(pd.at[k] - pd.start),
					 (unsigned)(due - pd.start));
	}
	printf("looptest: %u requests answered during %d periods\n",
	       (unsigned)pd.ok, FIRINGS);
	return NULL;
}

static const char *mutual_calls(void)
{
	int a_port, b_port, sa, sb;
	int a = start_server(&a_port), b = start_server(&b_port);
	if (a < 0 || b < 0)
		return "cannot start the servers";
	static lv_msg_t m;
	memset(&m.h, 0, sizeof(m.h));
	m.h.op = OP_PEER;
	m.h.right = b_port;
	m.h.right_mode = LV_RIGHT_COPY_SEND;
	lv_msg_send(a_port, &m.h, WAIT_TICKS);
	memset(&m.h, 0, sizeof(m.h));
	m.h.op = OP_PEER;
	m.h.right = a_port;
	m.h.right_mode = LV_RIGHT_COPY_SEND;
	lv_msg_send(b_port, &m.h, WAIT_TICKS);
	int ra = check_wait_exit(a, WAIT_TICKS, &sa);
	int rb = check_wait_exit(b, WAIT_TICKS, &sb);
	if (ra < 0 || rb < 0)
		return "a server did not finish: deadlock?";
	if (sa != 0 || sb != 0)
		return check_why("statuses %d and %d", sa, sb);
	return NULL;
}

static const usage_t usage = {
    "looptest", "",
    "The server loop (lavender/server.h): deferred replies, timers in\norder "
    "and without drift, two servers calling each other. One line per\ncheck; "
    "exits with the failures.",
    "proc.looptest"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	const char *role = argc >= 2 ? argv[1] : "";
	if (strcmp(role, "server") == 0)
		return role_server();
	if (strcmp(role, "caller") == 0)
		return role_caller();
	check_init("looptest");
	check_run("deferred_reverse", deferred_reverse);
	check_run("deferred_dead", deferred_dead);
	check_run("timers_order", timers_order);
	check_run("periodic_no_drift", periodic_no_drift);
	check_run("mutual_calls", mutual_calls);
	return check_summary();
}
