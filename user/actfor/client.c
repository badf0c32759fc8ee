/* The identity itself: its range, and the sender the server role sees for
 * each way of sending while the thread acts for ACTFOR_ID; replies keep the
 * replier's pid; another thread of the process stays itself. */
#include <limits.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/thread.h>
#include "actfor.h"
#include "../lib/check.h"

static int server = -1, server_pid;

/* Calls the server: 0 with what it saw in *seen, or the error. */
static int call(uint32_t op, actfor_seen_t *seen, int32_t *reply_sender)
{
	static lv_msg_t m;
	m.h = (lv_msg_header_t){.op = op};
	int rc = lv_msg_call(server, &m.h, sizeof(m), ACTFOR_TICKS);
	if (rc < 0)
		return rc;
	if (rc != sizeof(*seen) || m.h.op != 0)
		return -ERR_IO; /* not the answer the server gives */
	memcpy(seen, m.payload, sizeof(*seen));
	*reply_sender = m.h.sender;
	return 0;
}

static const char *range(void)
{
	static const struct {
		int id, rc;
	} cases[] = {
	    {1, -ERR_INVAL},
	    {INT_MAX, -ERR_INVAL},
	    {LV_REMOTE_ID_MIN - 1, -ERR_INVAL},
	    {INT_MIN, -ERR_INVAL},
	    {LV_REMOTE_ID_MIN, 0},
	    {-1, 0},
	    {0, 0},
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = lv_act_for(cases[i].id);
		if (rc != cases[i].rc)
			return check_why("act_for(%d) = %d, want %d",
					 cases[i].id, rc, cases[i].rc);
	}
	return NULL;
}

static const char *call_as_remote(void)
{
	actfor_seen_t seen;
	int32_t from;
	actfor_be(ACTFOR_ID);
	int rc = call(ACTFOR_CALL, &seen, &from);
	actfor_be(0);
	if (rc < 0)
		return check_why("call: %s", lv_strerror(rc));
	if (seen.call_sender != ACTFOR_ID)
		return check_why("server saw %d", (int)seen.call_sender);
	if (from != server_pid) /* it replied acting for -7 */
		return check_why("reply from %d, server is %d", (int)from,
				 server_pid);
	return NULL;
}

static const char *send_as_remote(void)
{
	lv_msg_header_t h = {.op = ACTFOR_NOTE};
	actfor_seen_t seen;
	int32_t from;
	actfor_be(ACTFOR_ID);
	int rc = lv_msg_send(server, &h, ACTFOR_TICKS);
	actfor_be(0);
	if (rc == 0) /* queued after the note: it is seen first */
		rc = call(ACTFOR_CALL, &seen, &from);
	if (rc < 0)
		return check_why("%s", lv_strerror(rc));
	if (seen.note_sender != ACTFOR_ID)
		return check_why("note from %d", (int)seen.note_sender);
	if (seen.call_sender != lv_getpid())
		return check_why("then a call from %d, not the pid %d",
				 (int)seen.call_sender, lv_getpid());
	return NULL;
}

static const char *request_as_remote(void)
{
	static lv_msg_t m;
	int port = lv_port_create();
	if (port < 0)
		return check_why("port: %s", lv_strerror(port));
	m.h = (lv_msg_header_t){.op = ACTFOR_CALL};
	actfor_be(ACTFOR_ID);
	int rc = lv_msg_send_request(server, &m.h, port, 77, ACTFOR_TICKS);
	actfor_be(0);
	if (rc == 0)
		rc = lv_msg_receive(port, &m.h, sizeof(m), ACTFOR_TICKS);
	lv_handle_close(port);
	if (rc < 0)
		return check_why("%s", lv_strerror(rc));
	actfor_seen_t seen;
	memcpy(&seen, m.payload, sizeof(seen));
	if (m.h.cookie != 77 || m.h.sender != server_pid)
		return check_why("answer cookie %u from %d", m.h.cookie,
				 (int)m.h.sender);
	if (seen.call_sender != ACTFOR_ID)
		return check_why("server saw %d", (int)seen.call_sender);
	return NULL;
}

static const char *back_to_pid(void)
{
	actfor_seen_t seen;
	int32_t from;
	actfor_be(ACTFOR_ID);
	actfor_be(0);
	int rc = call(ACTFOR_CALL, &seen, &from);
	if (rc < 0)
		return check_why("call: %s", lv_strerror(rc));
	return seen.call_sender == lv_getpid()
		   ? NULL
		   : check_why("server saw %d, pid %d", (int)seen.call_sender,
			       lv_getpid());
}

static int thread_port;

/* Another thread of the acting process: calls as itself, sends the sender
 * the server saw to thread_port. */
static void other_thread(void *arg)
{
	static lv_msg_t m;
	actfor_seen_t seen = {0, 0};
	int32_t from;
	(void)arg;
	int rc = call(ACTFOR_CALL, &seen, &from);
	m.h = (lv_msg_header_t){.op = (uint32_t)rc, .size = sizeof(seen)};
	memcpy(m.payload, &seen, sizeof(seen));
	lv_msg_send(thread_port, &m.h, ACTFOR_TICKS);
}

static const char *per_thread(void)
{
	static lv_msg_t m;
	thread_port = lv_port_create();
	actfor_be(ACTFOR_ID);
	int rc = lv_thread_start(other_thread, NULL, 0);
	if (rc >= 0)
		rc = lv_msg_receive(thread_port, &m.h, sizeof(m), ACTFOR_TICKS);
	actfor_be(0);
	lv_handle_close(thread_port);
	if (rc < 0)
		return check_why("%s", lv_strerror(rc));
	actfor_seen_t seen;
	memcpy(&seen, m.payload, sizeof(seen));
	if ((int)m.h.op < 0)
		return check_why("its call: %s", lv_strerror((int)m.h.op));
	if (m.h.sender != lv_getpid() || seen.call_sender != lv_getpid())
		return check_why("the other thread sent as %d, seen as %d",
				 (int)m.h.sender, (int)seen.call_sender);
	return NULL;
}

void actfor_check_ipc(void)
{
	lv_ns_entry_t e;
	server = lv_ns_lookup(ACTFOR_SERVER, &e);
	server_pid = server >= 0 ? (int)e.owner : 0;
	CHECK("server_found", server >= 0);
	check_run("range", range);
	if (server < 0)
		return;
	check_run("call_as_remote", call_as_remote);
	check_run("send_as_remote", send_as_remote);
	check_run("request_as_remote", request_as_remote);
	check_run("back_to_pid", back_to_pid);
	check_run("per_thread", per_thread);
	actfor_seen_t seen;
	int32_t from;
	CHECK("server_quits", call(ACTFOR_QUIT, &seen, &from) == 0);
}
