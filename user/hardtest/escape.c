/* Attacks a newcomer found against the hardened kernel, each a test now:
 * - a selector with TI set read descriptors from the (null-based) LDT at
 *   linear 0x1000, user memory: a call gate there ran user code in ring 0;
 * - a sender blocked on a full queue kept a stale copy of the right it
 *   moved: closing the handle meanwhile duplicated the right;
 * - port_watch sent LV_OP_PORT_DEAD (sender 0, trusted) to any port,
 *   with any cookie: the name server dropped entries on command;
 * - a watch of a dead port queued a notice with no record: unbounded;
 * - emptied page tables stayed until the process ended. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "hardtest.h"

#define LDT_PAGE 0x1000u
#define FAR_BASE 0x20000000u

/* Child role: a data descriptor (DPL 3) where LDT entry 512 would be, then
 * its selector (0x1007) into gs. With a null LDT this is a #GP: killed. */
int hardtest_role_ldt(void)
{
	if (lv_mem_map((void *)LDT_PAGE, 4096, LV_MAP_WRITE) < 0)
		return 2;
	volatile uint32_t *d = (volatile uint32_t *)LDT_PAGE;
	d[0] = 0x0000FFFF;
	d[1] = 0x00CFF200;
	__asm__ volatile("mov %0, %%gs" ::"r"(0x1007) : "memory");
	return 0; /* reached only if the LDT entry was used */
}

const char *ldt_refused(void)
{
	return hardtest_child("hardtest", "hardtest ldt", 0, 139);
}

static int mover_hA, mover_full, mover_done;

/* Moves hA into the full port; its result goes to mover_done as the op. */
static void mover_thread(void *arg)
{
	(void)arg;
	lv_msg_header_t h = {.right = mover_hA, .right_mode = LV_RIGHT_MOVE};
	int rc = lv_msg_send(mover_full, &h, LV_WAIT_FOREVER);
	lv_msg_header_t done = {.op = (uint32_t)rc};
	lv_msg_send(mover_done, &done, LV_WAIT_FOREVER);
	lv_thread_exit(0);
}

/* Child role: a thread moves hA into the parent's full port (the boot
 * handle) and blocks there; main takes "go" as a call on a port it handed
 * the parent, closes hA, answers, and exits 0 once the thread's send
 * failed with -ERR_STALE (the right it would carry is gone). */
int hardtest_role_mover(void)
{
	static uint8_t stack[16384] __attribute__((aligned(16)));
	lv_msg_t m;
	int ctl = lv_port_create();
	mover_hA = lv_port_create();
	mover_full = LV_BOOT_HANDLE;
	memset(&m.h, 0, sizeof(m.h));
	m.h.right = ctl;
	m.h.right_mode = LV_RIGHT_MAKE_SEND;
	if (lv_msg_send(LV_BOOT_HANDLE, &m.h, LV_WAIT_FOREVER) < 0)
		return 2;
	if (lv_msg_receive(ctl, &m.h, sizeof(m), LV_WAIT_FOREVER) < 0)
		return 3; /* "fill": the parent filled its port */
	mover_done = lv_port_create();
	if (lv_thread_create(mover_thread, stack + sizeof(stack), NULL) < 0)
		return 4;
	if (lv_msg_receive(ctl, &m.h, sizeof(m), LV_WAIT_FOREVER) < 0)
		return 5; /* "go" (a call): the thread is blocked by now */
	int reply = m.h.reply;
	lv_handle_close(mover_hA);
	memset(&m.h, 0, sizeof(m.h));
	lv_msg_reply(reply, &m.h);
	if (lv_msg_receive(mover_done, &m.h, sizeof(m), LV_WAIT_FOREVER) < 0)
		return 6;
	return (int)m.h.op == -ERR_STALE ? 0 : 7;
}

/* Waits until process pid has every thread blocked. */
static int wait_blocked(int pid)
{
	lv_proc_info_t p;
	for (int i = 0; i < CHILD_TICKS; i++) {
		if (lv_proc_find(pid, &p) < 0)
			return -1;
		if (p.state == LV_PROC_BLOCKED)
			return 0;
		lv_yield();
	}
	return -1;
}

/* Receives every message queued on port; how many carried a right. */
static int drain(int port)
{
	lv_msg_t m;
	int rights = 0;
	while (lv_msg_receive(port, &m.h, sizeof(m), LV_NO_WAIT) >= 0)
		if (m.h.right > 0) {
			rights++;
			lv_handle_close(m.h.right);
		}
	return rights;
}

const char *stale_move_refused(void)
{
	lv_msg_t m;
	int full = lv_port_create(), status, ctl;
	int pid = lv_spawn("hardtest", "hardtest mover", 0, full, 0);
	if (pid < 0)
		return "cannot spawn";
	if (lv_msg_receive(full, &m.h, sizeof(m), CHILD_TICKS) < 0 ||
	    (ctl = m.h.right) <= 0)
		return "no control port from the child";
	memset(&m.h, 0, sizeof(m.h));
	while (lv_msg_send(full, &m.h, LV_NO_WAIT) == 0)
		; /* full: the child's move will block */
	lv_msg_send(ctl, &m.h, LV_WAIT_FOREVER); /* "fill" done */
	if (wait_blocked(pid) < 0)
		return "the child's move never blocked";
	memset(&m.h, 0, sizeof(m.h));
	if (lv_msg_call(ctl, &m.h, sizeof(m), CHILD_TICKS) < 0)
		return "the child did not close its handle";
	int rights = drain(full); /* room: the blocked move wakes */
	if (check_wait_exit(pid, CHILD_TICKS, &status) < 0)
		return "the child hung";
	rights += drain(full);
	lv_handle_close(full);
	lv_handle_close(ctl);
	if (rights)
		return check_why("%d stale right(s) arrived", rights);
	if (status != 0)
		return check_why("the move was not refused (child status %d)",
				 status);
	return NULL;
}

const char *notices_own_port_only(void)
{
	int other = lv_port_create(), rc;
	int send = lv_port_make_send(other), watched = lv_port_create();
	lv_msg_header_t h = {0};
	struct {
		const char *what;
		int rc;
	} cases[] = {
	    {"port_watch to a send right", lv_port_watch(watched, send, 1)},
	    {"port_no_senders to a send right",
	     lv_port_no_senders(watched, send, 1)},
	    {"child_notify to a send right", lv_child_notify(send)},
	    {"a request's answers to a send right",
	     lv_msg_send_request(other, &h, send, 1, LV_NO_WAIT)},
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cases[i].rc != -ERR_PERM)
			return check_why("%s: %d, want %d", cases[i].what,
					 cases[i].rc, -ERR_PERM);
	lv_msg_t m;
	if ((rc = lv_msg_receive(other, &m.h, sizeof(m), LV_NO_WAIT)) !=
	    -ERR_AGAIN)
		return check_why("something reached the port: %d", rc);
	lv_handle_close(send);
	lv_handle_close(other);
	lv_handle_close(watched);
	return NULL;
}

const char *dead_watch_refused(void)
{
	int p = lv_port_create(), s = lv_port_make_send(p);
	int own = lv_port_create(), rc;
	lv_handle_close(p);
	for (int i = 0; i < 1000; i++)
		if ((rc = lv_port_watch(s, own, (unsigned)i)) != -ERR_DEADPORT)
			return check_why("watch %d of a dead port: %d", i, rc);
	lv_msg_t m;
	if ((rc = lv_msg_receive(own, &m.h, sizeof(m), LV_NO_WAIT)) !=
	    -ERR_AGAIN)
		return check_why("a notice was queued: %d", rc);
	lv_handle_close(s);
	lv_handle_close(own);
	return NULL;
}

/* Frames free plus the kernel heap's and our own backed pages. */
static uint32_t frames_accounted(void)
{
	lv_mem_info_t m;
	lv_proc_info_t me;
	lv_mem_info(&m);
	lv_proc_find(lv_getpid(), &me);
	return m.frames_free + m.kheap_mapped / 4096 + me.pages;
}

const char *page_tables_freed(void)
{
	uint32_t before = frames_accounted();
	for (uint32_t k = 0; k < 200; k++) {
		volatile uint8_t *p =
		    (volatile uint8_t *)(FAR_BASE + (k << 22));
		if (lv_mem_map((void *)p, 4096, LV_MAP_WRITE) < 0)
			return "cannot map";
		*p = 1; /* backed: its page table made */
		lv_mem_unmap((void *)p, 4096);
	}
	uint32_t after = frames_accounted();
	if (after + 2 < before) /* a page of our own stack or heap at most */
		return check_why("%u frames gone with the pages",
				 (unsigned)(before - after));
	return NULL;
}

/* Child role: hands the parent a send right to its port L, takes the
 * receive right the parent moves there, then on "check" looks for messages
 * on it: none may be there (status 0) — notices the parent asked for while
 * it held the port must not follow it here. */
int hardtest_role_noticeholder(void)
{
	lv_msg_t m;
	int l = lv_port_create();
	memset(&m.h, 0, sizeof(m.h));
	m.h.right = l;
	m.h.right_mode = LV_RIGHT_MAKE_SEND;
	lv_msg_send(LV_BOOT_HANDLE, &m.h, LV_WAIT_FOREVER);
	if (lv_msg_receive(l, &m.h, sizeof(m), LV_WAIT_FOREVER) < 0 ||
	    m.h.right <= 0)
		return 2;
	int n = m.h.right;
	if (lv_msg_receive(l, &m.h, sizeof(m), LV_WAIT_FOREVER) < 0)
		return 3; /* "check" */
	int rc = lv_msg_receive(n, &m.h, sizeof(m), LV_NO_WAIT);
	if (rc != -ERR_AGAIN)
		printf("hardtest noticeholder: got op 0x%x from sender %d\n",
		       (unsigned)m.h.op, (int)m.h.sender);
	return rc == -ERR_AGAIN ? 0 : 4;
}

const char *notices_stay_with_asker(void)
{
	lv_msg_t m;
	int back = lv_port_create(), status, l;
	int n = lv_port_create();
	int watched = lv_port_create(), ws = lv_port_make_send(watched);
	if (lv_port_watch(ws, n, 0xDEADBEEF) < 0 || lv_child_notify(n) < 0)
		return "cannot ask for notices";
	int pid = lv_spawn("hardtest", "hardtest idle", 0, 0, 0);
	lv_wait(pid, &status); /* a child-exit notice queued on n */
	int holder = lv_spawn("hardtest", "hardtest noticeholder", 0, back, 0);
	if (holder < 0 ||
	    lv_msg_receive(back, &m.h, sizeof(m), CHILD_TICKS) < 0 ||
	    (l = m.h.right) <= 0)
		return "no port from the holder";
	memset(&m.h, 0, sizeof(m.h));
	m.h.right = n;
	m.h.right_mode = LV_RIGHT_MOVE;
	if (lv_msg_send(l, &m.h, LV_WAIT_FOREVER) < 0)
		return "cannot move the port";
	lv_handle_close(watched); /* the watch fires now */
	pid = lv_spawn("hardtest", "hardtest idle", 0, 0, 0);
	lv_wait(pid, &status); /* and a child ends */
	memset(&m.h, 0, sizeof(m.h));
	lv_msg_send(l, &m.h, LV_WAIT_FOREVER); /* check */
	if (check_wait_exit(holder, CHILD_TICKS, &status) < 0)
		return "the holder hung";
	lv_child_notify(0);
	lv_handle_close(ws);
	lv_handle_close(l);
	lv_handle_close(back);
	return status == 0 ? NULL
			   : "notices asked by the old holder reached the new";
}

/* Child role: a thread blocks receiving on port X; once the parent says
 * "go", main moves X's receive right to the parent and reports, as a
 * message on the parent's port, what the thread's receive returned. */
static int recv_x, recv_done;

static void receiver_thread(void *arg)
{
	(void)arg;
	lv_msg_t m;
	int rc = lv_msg_receive(recv_x, &m.h, sizeof(m), LV_WAIT_FOREVER);
	lv_msg_header_t done = {.op = (uint32_t)rc};
	lv_msg_send(recv_done, &done, LV_WAIT_FOREVER);
	lv_thread_exit(0);
}

int hardtest_role_recvmover(void)
{
	static uint8_t stack[16384] __attribute__((aligned(16)));
	lv_msg_t m;
	int ctl = lv_port_create();
	recv_x = lv_port_create();
	recv_done = lv_port_create();
	if (lv_thread_create(receiver_thread, stack + sizeof(stack), NULL) < 0)
		return 2;
	memset(&m.h, 0, sizeof(m.h));
	m.h.right = ctl;
	m.h.right_mode = LV_RIGHT_MAKE_SEND;
	lv_msg_send(LV_BOOT_HANDLE, &m.h, LV_WAIT_FOREVER);
	if (lv_msg_receive(ctl, &m.h, sizeof(m), LV_WAIT_FOREVER) < 0)
		return 3; /* "go": both our threads were blocked */
	memset(&m.h, 0, sizeof(m.h));
	m.h.op = 1;
	m.h.right = recv_x;
	m.h.right_mode = LV_RIGHT_MOVE;
	lv_msg_send(LV_BOOT_HANDLE, &m.h, LV_WAIT_FOREVER);
	if (lv_msg_receive(recv_done, &m.h, sizeof(m), LV_WAIT_FOREVER) < 0)
		return 4;
	int thread_rc = (int)m.h.op;
	/* Stay until the parent holds X: a port in transit dies with the
	 * process that sent it. */
	if (lv_msg_receive(ctl, &m.h, sizeof(m), LV_WAIT_FOREVER) < 0)
		return 6;
	return thread_rc == -ERR_STALE ? 0 : 5; /* the thread let go */
}

const char *receiver_left_behind(void)
{
	lv_msg_t m;
	int back = lv_port_create(), status, rc, ctl;
	int pid = lv_spawn("hardtest", "hardtest recvmover", 0, back, 0);
	if (pid < 0)
		return "cannot spawn";
	if (lv_msg_receive(back, &m.h, sizeof(m), CHILD_TICKS) < 0 ||
	    (ctl = m.h.right) <= 0)
		return "no control port from the child";
	if (wait_blocked(pid) < 0)
		return "the child never blocked";
	memset(&m.h, 0, sizeof(m.h));
	lv_msg_send(ctl, &m.h, LV_WAIT_FOREVER); /* go */
	if (lv_msg_receive(back, &m.h, sizeof(m), CHILD_TICKS) < 0 ||
	    m.h.right <= 0)
		return "the port did not come";
	int x = m.h.right;
	memset(&m.h, 0, sizeof(m.h));
	m.h.op = 0x5EC;
	int src = lv_msg_send(x, &m.h, LV_NO_WAIT);
	lv_msg_t got;
	rc = lv_msg_receive(x, &got.h, sizeof(got), 100);
	uint32_t got_op = got.h.op;
	(void)src;
	memset(&m.h, 0, sizeof(m.h));
	lv_msg_send(ctl, &m.h, LV_WAIT_FOREVER); /* done: the child may go */
	if (check_wait_exit(pid, CHILD_TICKS, &status) < 0)
		return "the child hung";
	lv_handle_close(x);
	lv_handle_close(back);
	lv_handle_close(ctl);
	if (rc != 0 || got_op != 0x5EC)
		return check_why("the port's new holder got %d: the old "
				 "holder's thread took it",
				 rc);
	if (status != 0)
		return check_why("the old holder's thread was not told "
				 "(status %d)",
				 status);
	return NULL;
}
