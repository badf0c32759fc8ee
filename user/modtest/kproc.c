/* "modtest kproc": modules as kernel-side processes (proc.kproc). kecho's
 * thread registers with the name server and serves calls with kernel
 * buffers: its pid owns the entry and signs its messages, ps shows it,
 * removal ends it and gives the memory back. kfault's thread faults: the
 * module is dead, its name gone, the node goes on. Name-server events
 * (type "test") say when a module's thread registered and when its port
 * died: no polling. */
#include <stdio.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "modtest.h"
#include "../lib/check.h"
#include "../../lkm/kecho/kecho_proto.h"

#define KECHO "/test/modules/kecho.ko"
#define KFAULT "/test/modules/kfault.ko"
#define EVENT_TICKS 500 /* for one name-server event */
#define CALL_TICKS 500
#define ROUNDS 10

static modfile_t kecho, kfault;
static int events; /* receive right: name-server events of type "test" */
static lv_msg_t m;

/* See modtest.h. */
int modtest_await(uint32_t op, const char *name, lv_ns_entry_t *e)
{
	for (int i = 0; i < 32; i++) {
		int rc = lv_msg_receive(events, &m.h, sizeof(m), EVENT_TICKS);
		if (rc < 0)
			return rc;
		memcpy(e, m.payload, sizeof(*e));
		if (m.h.op == op && strcmp(e->name, name) == 0)
			return 0;
	}
	return -ERR_TIMEDOUT;
}

/* Installs f, waits until its thread registered name; *id, *pid. */
const char *modtest_load(const modfile_t *f, const char *name, int *id,
			 int *pid)
{
	return modtest_load_with(f, NULL, name, id, pid);
}

const char *modtest_load_with(const modfile_t *f, const char *param,
			      const char *name, int *id, int *pid)
{
	prepared_t p;
	lv_module_stat_t st;
	lv_ns_entry_t e;
	const char *why = modtest_prepare(f, param, &p);
	if (why)
		return why;
	*id = lv_module_install(&p.req);
	modtest_release(&p);
	if (*id < 0 || p.req.init_rc != 0) {
		lv_module_remove(p.req.id);
		return check_why("install: %s (init %d)", lv_strerror(*id),
				 p.req.init_rc);
	}
	*pid = 0;
	for (int i = 0; lv_module_info(i, &st) != -ERR_NOENT; i++)
		if (lv_module_info(i, &st) == 0 && st.id == *id)
			*pid = st.pid;
	int rc = modtest_await(LV_NS_EVENT_REGISTER, name, &e);
	if (rc < 0)
		return check_why("%s never registered: %s", name,
				 lv_strerror(rc));
	if (*pid <= 0 || e.owner != *pid)
		return check_why("%s owned by %d, module process %d", name,
				 e.owner, *pid);
	return NULL;
}

int modtest_state(int id)
{
	lv_module_stat_t st;
	for (int i = 0; lv_module_info(i, &st) != -ERR_NOENT; i++)
		if (lv_module_info(i, &st) == 0 && st.id == id)
			return (int)st.state;
	return 0;
}

/* Removes module id whose name is name; checks that the name and the
 * process went. */
const char *modtest_unload(int id, int pid, const char *name, int was_dead)
{
	lv_ns_entry_t e;
	lv_proc_info_t info;
	int rc = lv_module_remove(id);
	if (rc < 0)
		return check_why("remove: %s", lv_strerror(rc));
	if (!was_dead && (rc = modtest_await(LV_NS_EVENT_DELETE, name, &e)) < 0)
		return check_why("%s stayed: %s", name, lv_strerror(rc));
	if (lv_proc_find(pid, &info) == 0)
		return check_why("process %d still there", pid);
	return modtest_state(id) ? "still in the table" : NULL;
}

static int call(int h, uint32_t op, uint32_t size)
{
	m.h = (lv_msg_header_t){.op = op, .size = size};
	int rc = lv_msg_call(h, &m.h, sizeof(m), CALL_TICKS);
	return rc < 0 ? rc : (int)m.h.op;
}

/* Who signs kecho's messages, what ps shows, echo of a full message. */
static const char *identity(int h, int pid)
{
	lv_proc_info_t info;
	kecho_who_t who;
	if (lv_proc_find(pid, &info) < 0 || strcmp(info.name, "[kecho]") ||
	    info.placement != LV_PLACE_KERNEL || info.threads != 1 ||
	    info.handles < 2 || info.parent != 0)
		return check_why("ps: '%s' placement %d threads %d handles %d",
				 info.name, info.placement, info.threads,
				 info.handles);
	int rc = call(h, KECHO_WHO, 0);
	memcpy(&who, m.payload, sizeof(who));
	if (rc != 0 || m.h.sender != pid || who.sender != lv_getpid() ||
	    who.self != pid || who.init_rc != -ERR_PERM)
		return check_why("who: rc %d sender %d saw %d self %d init %d",
				 rc, m.h.sender, who.sender, who.self,
				 who.init_rc);
	for (uint32_t i = 0; i < LV_MSG_PAYLOAD_MAX; i++)
		m.payload[i] = (uint8_t)(i * 7 + 1);
	rc = call(h, KECHO_ECHO, LV_MSG_PAYLOAD_MAX);
	for (uint32_t i = 0; rc == 0 && i < LV_MSG_PAYLOAD_MAX; i++)
		if (m.payload[i] != (uint8_t)(i * 7 + 1))
			rc = -ERR_IO;
	if (rc != 0 || m.h.size != LV_MSG_PAYLOAD_MAX)
		return check_why("echo of 4096 bytes: %d, %u back", rc,
				 m.h.size);
	if ((rc = call(h, 0x12345, 0)) != -ERR_NOSYS)
		return check_why("unknown request gave %d", rc);
	return NULL;
}

/* kecho sends to a port of ours with a kernel buffer. */
static const char *sends(int h, int pid)
{
	int port = lv_port_create();
	m.h = (lv_msg_header_t){
	    .op = KECHO_SEND, .right = port, .right_mode = LV_RIGHT_MAKE_SEND};
	int rc = lv_msg_call(h, &m.h, sizeof(m), CALL_TICKS);
	if (rc == 0)
		rc = (int)m.h.op;
	if (rc == 0)
		rc = lv_msg_receive(port, &m.h, sizeof(m), LV_NO_WAIT);
	lv_handle_close(port);
	if (rc != 5 || m.h.op != KECHO_HELLO || m.h.sender != pid ||
	    memcmp(m.payload, "kecho", 5) != 0)
		return check_why("send: rc %d op 0x%x sender %d", rc, m.h.op,
				 m.h.sender);
	return NULL;
}

static const char *kproc_identity(void)
{
	int id, pid;
	const char *why = modtest_load(&kecho, "kecho", &id, &pid);
	if (why)
		return why;
	int h = lv_ns_lookup("kecho", NULL);
	why = h < 0 ? "lookup" : identity(h, pid);
	if (!why)
		why = sends(h, pid);
	const char *gone = modtest_unload(id, pid, "kecho", 0);
	if (!why && !gone && call(h, KECHO_WHO, 0) != -ERR_DEADPORT)
		why = "its port lives on";
	lv_handle_close(h);
	return why ? why : gone;
}

/* The kernel's memory once the name server has finished with what went
 * before: it sends its DELETE event before it closes the dead port's right,
 * so a call answered after that (it serves one message at a time) is
 * needed first. */
void modtest_settled(uint32_t *frames, uint32_t *heap)
{
	lv_ns_entry_t e;
	lv_ns_lookup("-", &e); /* -ERR_NOENT: only the round trip counts */
	modtest_mem_now(frames, heap);
}

/* Load, call and unload: the kernel's memory comes back. */
static const char *kproc_rounds(void)
{
	uint32_t frames0 = 0, heap0 = 0, frames, heap;
	const char *why = NULL;
	for (int i = 0; i <= ROUNDS && !why; i++) {
		if (i == 1) /* after a warm-up round */
			modtest_settled(&frames0, &heap0);
		int id, pid, h;
		why = modtest_load(&kecho, "kecho", &id, &pid);
		if (why)
			break;
		h = lv_ns_lookup("kecho", NULL);
		if (h < 0 || call(h, KECHO_WHO, 0) != 0)
			why = "who";
		lv_handle_close(h);
		const char *gone = modtest_unload(id, pid, "kecho", 0);
		why = why ? why : gone;
	}
	if (why)
		return why;
	modtest_settled(&frames, &heap);
	return modtest_mem_back(frames0, heap0, frames, heap,
				"after the rounds");
}

/* Install and remove at once, before the module's thread first ran: what
 * its start needed goes with it (a kernel-heap block a load leaked). */
static const char *kproc_unborn(void)
{
	uint32_t frames0 = 0, heap0 = 0, frames, heap;
	for (int i = 0; i <= ROUNDS; i++) {
		if (i == 1)
			modtest_settled(&frames0, &heap0);
		prepared_t p;
		const char *why = modtest_prepare(&kecho, NULL, &p);
		if (why)
			return why;
		int id = lv_module_install(&p.req);
		modtest_release(&p);
		if (id < 0)
			return check_why("install: %s", lv_strerror(id));
		int rc = lv_module_remove(id);
		if (rc < 0)
			return check_why("remove: %s", lv_strerror(rc));
	}
	modtest_settled(&frames, &heap);
	return modtest_mem_back(frames0, heap0, frames, heap,
				"after removals before the threads ran");
}

/* kecho's thread returns: the process ends with 0, the module is dead. */
static const char *kproc_quit(void)
{
	int id, pid;
	lv_ns_entry_t e;
	const char *why = modtest_load(&kecho, "kecho", &id, &pid);
	if (why)
		return why;
	int h = lv_ns_lookup("kecho", NULL), rc = call(h, KECHO_QUIT, 0);
	lv_handle_close(h);
	if (rc != 0)
		why = check_why("quit: %d", rc);
	else if ((rc = modtest_await(LV_NS_EVENT_DELETE, "kecho", &e)) < 0)
		why = check_why("name stayed: %s", lv_strerror(rc));
	else if (modtest_state(id) != LV_MODULE_DEAD)
		why = check_why("state %d, not dead", modtest_state(id));
	const char *gone = modtest_unload(id, pid, "kecho", 1);
	return why ? why : gone;
}

/* kfault's thread faults: the module is dead and its name gone; the
 * kernel, this program and the name server go on; memory comes back. */
static const char *kproc_fault(void)
{
	uint32_t frames0, heap0, frames, heap;
	int id, pid;
	lv_ns_entry_t e;
	lv_proc_info_t info;
	modtest_settled(&frames0, &heap0);
	const char *why = modtest_load(&kfault, "kfault", &id, &pid);
	if (why)
		return why;
	int h = lv_ns_lookup("kfault", NULL), rc;
	m.h = (lv_msg_header_t){.op = KECHO_CRASH};
	if ((rc = lv_msg_send(h, &m.h, LV_NO_WAIT)) < 0)
		why = check_why("send: %s", lv_strerror(rc));
	else if ((rc = modtest_await(LV_NS_EVENT_DELETE, "kfault", &e)) < 0)
		why = check_why("name stayed: %s", lv_strerror(rc));
	else if (modtest_state(id) != LV_MODULE_DEAD)
		why = check_why("state %d, not dead", modtest_state(id));
	else if (lv_proc_find(pid, &info) == 0)
		why = "its process lives on";
	else if ((rc = lv_msg_send(h, &m.h, LV_NO_WAIT)) != -ERR_DEADPORT)
		why = check_why("send after the fault: %d", rc);
	lv_handle_close(h);
	const char *gone = modtest_unload(id, pid, "kfault", 1);
	if (why || gone)
		return why ? why : gone;
	modtest_settled(&frames, &heap);
	return modtest_mem_back(frames0, heap0, frames, heap,
				"after the fault");
}

/* Leaves kecho loaded for the configuration's ps to show. */
static const char *kproc_leave(void)
{
	int id, pid;
	return modtest_load(&kecho, "kecho", &id, &pid);
}

/* Waits until the file server registered (the configuration has no await
 * line: init's subscription to every name would queue events of ours in
 * the kernel, which the memory checks would count). */
static int await_fs(void)
{
	lv_ns_entry_t e;
	int port = lv_port_create(), rc = port;
	if (port >= 0)
		rc = lv_ns_subscribe("", port);
	if (rc >= 0 && lv_ns_lookup("fs", &e) < 0) {
		int saved = events;
		events = port;
		rc = modtest_await(LV_NS_EVENT_REGISTER, "fs", &e);
		events = saved;
	}
	lv_handle_close(port); /* the subscription ends with the port */
	return rc;
}

int modtest_events_open(const char *type)
{
	if (await_fs() < 0)
		return -ERR_NOENT;
	events = lv_port_create();
	return events < 0 ? events : lv_ns_subscribe(type, events);
}

int modtest_kproc(void)
{
	check_init("modtest");
	if (modtest_events_open("test") < 0 || modtest_exports() < 0 ||
	    modtest_read(KECHO, &kecho) < 0 ||
	    modtest_read(KFAULT, &kfault) < 0) {
		printf("modtest: cannot read %s or %s, or subscribe\n", KECHO,
		       KFAULT);
		return 1;
	}
	check_run("kproc_identity", kproc_identity);
	check_run("kproc_rounds", kproc_rounds);
	check_run("kproc_unborn", kproc_unborn);
	check_run("kproc_quit", kproc_quit);
	check_run("kproc_fault", kproc_fault);
	check_run("kproc_leave", kproc_leave);
	return check_summary();
}
