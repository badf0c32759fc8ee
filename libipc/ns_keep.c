/* Names and subscriptions kept across a restart of the name server (see
 * lavender/ns.h). A restarted name server starts with an empty table; the
 * kernel tells the processes that asked (sysport_watch, LV_OP_SYSPORT_SET)
 * when it takes the system port, and each registers its own again from
 * its server loop. Not the calls themselves (ns.c). Safe from several
 * threads: the tables are guarded by a lock; only the adopting loop's
 * thread replays. */
#include <stdio.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "ns_keep.h"

#define KEEP_NAMES 64 /* the name server's share of one process */
#define KEEP_SUBS 8

typedef struct kept_name {
	char name[LV_NS_NAME_MAX]; /* "": a free slot */
	char type[LV_NS_TYPE_MAX];
	char attrs[LV_NS_ATTR_MAX];
	int handle;	/* as the caller gave it (receive or send right) */
	uint32_t flags; /* LV_NS_*: exported again as it was */
} kept_name_t;

typedef struct kept_sub {
	char type[LV_NS_TYPE_MAX];
	int handle; /* 0: a free slot */
} kept_sub_t;

static kept_name_t names[KEEP_NAMES];
static kept_sub_t subs[KEEP_SUBS];
static volatile int lock;
static volatile int notice_port;   /* receive right; 0: none yet */
static lv_server_t *volatile host; /* the loop that serves it */

static void take(void)
{
	while (__sync_lock_test_and_set(&lock, 1))
		lv_yield();
}

static void give(void) { __sync_lock_release(&lock); }

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

void ns_keep_watch(void)
{
	/* Armed once a name server is there (at boot the request would wait
	 * for it anyway): its own taking of the system port is no restart. */
	if (notice_port || lv_ns_handle() < 0)
		return;
	int port = lv_port_create();
	if (port < 0)
		return; /* no replay then: the calls work without it */
	if (lv_sysport_watch(LV_SYSPORT_NS, port, 0) < 0 ||
	    !__sync_bool_compare_and_swap(&notice_port, 0, port))
		lv_handle_close(port);
}

static kept_name_t *find_name(const char *name)
{
	for (int i = 0; i < KEEP_NAMES; i++)
		if (names[i].name[0] && strcmp(names[i].name, name) == 0)
			return &names[i];
	return NULL;
}

void ns_keep_name(const char *name, const char *type, const char *attrs,
		  int handle, uint32_t flags)
{
	take();
	kept_name_t *k = find_name(name);
	for (int i = 0; i < KEEP_NAMES && !k; i++)
		if (!names[i].name[0])
			k = &names[i];
	if (k) { /* none when full: past the server's share anyway */
		copy(k->name, sizeof(k->name), name);
		copy(k->type, sizeof(k->type), type);
		copy(k->attrs, sizeof(k->attrs), attrs);
		k->handle = handle;
		k->flags = flags;
	}
	give();
}

void ns_keep_modify(const char *name, const char *type, const char *attrs,
		    int set_flags, uint32_t flags)
{
	take();
	kept_name_t *k = find_name(name);
	if (k && type)
		copy(k->type, sizeof(k->type), type);
	if (k && attrs)
		copy(k->attrs, sizeof(k->attrs), attrs);
	if (k && set_flags)
		k->flags = flags;
	give();
}

void ns_keep_forget(const char *name)
{
	take();
	kept_name_t *k = find_name(name);
	if (k)
		memset(k, 0, sizeof(*k));
	give();
}

void ns_keep_sub(const char *type, int handle)
{
	kept_sub_t *k = NULL;
	take();
	for (int i = 0; i < KEEP_SUBS; i++)
		if (subs[i].handle == handle &&
		    strcmp(subs[i].type, type ? type : "") == 0)
			goto out; /* kept already (a replay's) */
	for (int i = 0; i < KEEP_SUBS && !k; i++)
		if (!subs[i].handle)
			k = &subs[i];
	if (k) { /* none when full: not replayed */
		copy(k->type, sizeof(k->type), type);
		k->handle = handle;
	}
out:
	give();
}

/* Whether rc says the kept handle is gone (closed, or no longer a right
 * that can name a port): the record goes. */
static int handle_gone(int rc)
{
	return rc == -ERR_STALE || rc == -ERR_BADF || rc == -ERR_INVAL;
}

/* Tells a subscriber that events may have been missed: the name server
 * restarted (LV_NS_EVENT_RESTART, an empty entry). A full port misses it. */
static void tell_restart(int handle)
{
	struct {
		lv_msg_header_t h;
		lv_ns_entry_t e;
	} ev = {.h = {.op = LV_NS_EVENT_RESTART, .size = sizeof(ev.e)}};
	lv_msg_send(handle, &ev.h, LV_NO_WAIT);
}

/* One line on the kernel console (not stdout: this may be the console
 * server itself): "PROGRAM (pid N): registered again with the new name
 * server:" and what. */
static void say(const char *what)
{
	lv_proc_info_t me;
	char line[224];
	int pid = lv_getpid();
	int n =
	    snprintf(line, sizeof(line),
		     "%s (pid %d): registered again with the new name "
		     "server:%s\n",
		     lv_proc_find(pid, &me) == 0 ? me.name : "?", pid, what);
	if (n > 0)
		lv_console_write(line, (unsigned)n < sizeof(line)
					   ? (unsigned)n
					   : sizeof(line) - 1);
}

/* Registers the kept names and subscriptions with the (new) name server;
 * says what it did on the kernel console. Only the adopting loop calls it. */
static void replay(void)
{
	static kept_name_t name_copy[KEEP_NAMES];
	static kept_sub_t sub_copy[KEEP_SUBS];
	char line[160];
	int len = 0, done = 0, more = 0;
	take();
	memcpy(name_copy, names, sizeof(names));
	memcpy(sub_copy, subs, sizeof(subs));
	give();
	for (int i = 0; i < KEEP_NAMES; i++) {
		kept_name_t *k = &name_copy[i];
		if (!k->name[0])
			continue;
		int rc = lv_ns_register_flags(k->name, k->type, k->attrs,
					      k->handle, k->flags);
		if (handle_gone(rc))
			ns_keep_forget(k->name);
		if (rc != 0 && rc != -ERR_EXIST)
			continue;
		done++;
		if (len < (int)sizeof(line) - 64)
			len += snprintf(line + len, sizeof(line) - (size_t)len,
					" %s", k->name);
		else
			more = 1;
	}
	if (more)
		len += snprintf(line + len, sizeof(line) - (size_t)len, " ...");
	int told = 0;
	for (int i = 0; i < KEEP_SUBS; i++) {
		kept_sub_t *k = &sub_copy[i];
		if (!k->handle)
			continue;
		int rc = lv_ns_subscribe(k->type, k->handle);
		if (rc == 0) {
			tell_restart(k->handle);
			told++;
		} else if (handle_gone(rc)) {
			take();
			if (subs[i].handle == k->handle)
				memset(&subs[i], 0, sizeof(subs[i]));
			give();
		}
	}
	if (!done && !told)
		return;
	if (told) /* " (1 subscription)" after names, " 1 subscription" alone */
		len += snprintf(line + len, sizeof(line) - (size_t)len,
				done ? " (%d subscription%s)"
				     : " %d subscription%s",
				told, told == 1 ? "" : "s");
	say(line);
}

/* The kernel's notice on the adopted port: a new name server. The watch is
 * armed again first, so a restart during the replay is not missed. */
static void on_notice(const lv_msg_t *msg, void *ctx)
{
	(void)ctx;
	if (msg->h.op != LV_OP_SYSPORT_SET)
		return;
	lv_sysport_watch(LV_SYSPORT_NS, notice_port, 0);
	replay();
}

void ns_keep_adopt(lv_server_t *s)
{
	int port = notice_port;
	if (!port || host || !__sync_bool_compare_and_swap(&host, NULL, s))
		return;
	if (lv_server_add(s, port, NULL, 0, NULL, on_notice) < 0)
		host = NULL; /* the next turn tries again */
}

void ns_keep_release(lv_server_t *s)
{
	__sync_bool_compare_and_swap(&host, s, NULL);
}
