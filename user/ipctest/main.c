/* Ports and IPC from user space: message order, timeouts, full queues, dead
 * ports, stale handles, bad pointers, rights passed between three processes,
 * call round trips, reply rights dying with their holder, the nucleus right,
 * process groups and the resident area.
 *
 * "ipctest" runs every check: one line "ipctest NAME: ok|FAIL why" each, then
 * "ipctest: N passed, M failed"; exits with M. Needs the nucleus right (init's
 * -n) for the resident check. "ipctest ROLE [ARG]" runs one of the helper
 * roles the checks spawn (roles.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ipctest.h"
#include "../lib/usage.h"

#define THREADS_MAX 8
#define THREAD_STACK 16384

void msg_set(lv_msg_header_t *h, uint32_t op, uint32_t size)
{
	memset(h, 0, sizeof(*h));
	h->op = op;
	h->size = size;
}

void pattern_fill(uint8_t *p, uint32_t size, uint32_t seq)
{
	for (uint32_t j = 0; j < size; j++)
		p[j] = (uint8_t)(seq * 31u + j * 7u);
}

int pattern_ok(const uint8_t *p, uint32_t size, uint32_t seq, uint8_t add)
{
	for (uint32_t j = 0; j < size; j++)
		if (p[j] != (uint8_t)(seq * 31u + j * 7u + add))
			return 0;
	return 1;
}

const char *check_msg(const lv_msg_t *m, int rc, uint32_t op, uint32_t size,
		      uint32_t seq, int sender)
{
	if (rc < 0)
		return check_why("got %s", lv_strerror(rc));
	if ((uint32_t)rc != size || m->h.size != size)
		return check_why("size %d (header %u), want %u", rc,
				 (unsigned)m->h.size, (unsigned)size);
	if (m->h.op != op)
		return check_why("op %u, want %u", (unsigned)m->h.op,
				 (unsigned)op);
	if (m->h.sender != sender)
		return check_why("sender %d, want %d", (int)m->h.sender,
				 sender);
	if (m->h.right || m->h.reply)
		return check_why("right %d reply %d, want none",
				 (int)m->h.right, (int)m->h.reply);
	if (!pattern_ok(m->payload, size, seq, 0))
		return check_why("payload of message %u differs",
				 (unsigned)seq);
	return NULL;
}

int start_thread(void (*fn)(void *), void *arg)
{
	static uint8_t stacks[THREADS_MAX][THREAD_STACK]
	    __attribute__((aligned(16)));
	static int used;
	if (used == THREADS_MAX)
		return -ERR_NOMEM;
	return lv_thread_create(fn, stacks[used++] + THREAD_STACK, arg);
}

int wait_flag(volatile int *flag, unsigned ticks)
{
	for (unsigned t = 0; !*flag && t < ticks; t++)
		lv_sleep(1);
	return *flag != 0;
}

static int run_all(void)
{
	check_run("order_queued", check_order_queued);
	check_run("order_direct", check_order_direct);
	check_run("receive_timeout", check_receive_timeout);
	check_run("queue_full", check_queue_full);
	check_run("dead_port", check_dead_port);
	check_run("stale_handle", check_stale_handle);
	check_run("bad_pointers", check_bad_pointers);
	check_run("range_direct", check_range_direct);
	check_run("rights_transfer", check_rights_transfer);
	check_run("roundtrips_10000", check_roundtrips);
	check_run("reply_right_dies", check_reply_right_dies);
	check_run("nucleus_denied", check_nucleus_denied);
	check_run("group_member_exit", check_group_member_exit);
	check_run("group_slot_reuse", check_group_slot_reuse);
	check_run("resident", check_resident);
	return check_summary();
}

static const usage_t usage = {
    "ipctest", "",
    "Ports and IPC: order, timeouts, full queues, dead ports, stale\nhandles, "
    "bad pointers, rights through a third process, 10,000 round\ntrips, "
    "groups, the resident area. Needs the nucleus right and itself as\na boot "
    "module (its helpers). One line per check; exits with the failures.",
    "proc.ipctest"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	check_init("ipctest");
	if (argc < 2)
		return run_all();
	const char *role = argv[1];
	if (strcmp(role, "broker") == 0)
		return role_broker();
	if (strcmp(role, "server") == 0)
		return role_server();
	if (strcmp(role, "member") == 0)
		return role_member();
	if (strcmp(role, "resident") == 0)
		return role_resident();
	if (strcmp(role, "touch") == 0 && argc > 2)
		return role_touch(argv[2]);
	if (strcmp(role, "nonucleus") == 0)
		return role_nonucleus();
	printf("ipctest: unknown role %s\n", role);
	return 2;
}
