/* Drivers started and stopped for the control port (LV_INITCTL_DRV_UP and
 * DRV_DOWN). Only kinds /etc/drivers.cfg lists start, only from the boot
 * image (/bin/KIND, which the file server keeps read-only, else the boot
 * module KIND), and only init hands them the nucleus right. A driver that
 * has not registered a "driver" entry within LV_INITCTL_UP_WAIT_MS is ended:
 * it would hold the right for nothing. Requests wait as deferred replies;
 * the name server's REGISTER events, the children's ends and timers answer
 * them, so init's loop never blocks on a driver. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <lavender/clock.h>
#include <lavender/fs.h>
#include <lavender/initctl_proto.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "drivers.h"
#include "init.h"

#define DRIVERS_MAX 16
#define DRIVERS_CFG "/etc/drivers.cfg"
#define IMAGE_MAX (8 << 20) /* bytes: the kernel's limit for spawn_ex */

static struct driver drivers[DRIVERS_MAX];
static int events = -1; /* the port of "driver" REGISTER events */

void drivers_answer(struct driver *d, int status, int exit_status,
		    const char *known, const char *message)
{
	lv_server_t *s = init_loop();
	msg_initctl_drv_reply_t r;
	memset(&r, 0, sizeof(r));
	r.pid = d->pid;
	r.exit_status = exit_status;
	memcpy(r.name, d->name, sizeof(r.name));
	r.kind = d->kind;
	if (known)
		snprintf(r.known, sizeof(r.known), "%s", known);
	if (message)
		snprintf(r.message, sizeof(r.message), "%s", message);
	if (d->timer)
		lv_server_cancel(s, d->timer);
	d->timer = 0;
	if (d->token >= 0)
		lv_server_answer(s, d->token, status, &r, sizeof(r));
	d->token = -1;
	if (d->swap && status < 0 && d->state != DRV_PREPARING)
		swap_failed(d); /* the next driver did not start */
}

void drivers_release(struct driver *d)
{
	memset(d, 0, sizeof(*d));
	d->token = -1;
}

struct driver *drivers_find(int pid)
{
	for (int i = 0; i < DRIVERS_MAX; i++)
		if (drivers[i].state != DRV_FREE && drivers[i].pid == pid)
			return &drivers[i];
	return NULL;
}

struct driver *drivers_take_slot(void)
{
	for (int i = 0; i < DRIVERS_MAX; i++)
		if (drivers[i].state == DRV_FREE) {
			drivers_release(&drivers[i]);
			return &drivers[i];
		}
	return NULL;
}

/* init reads what it grants rights to only from the file server it
 * started itself: while that one restarts, any process could register
 * "fs" and serve its own /bin/ne2k. Pins the file calls to the "fs" entry
 * when its owner is init's child fs (lv_fs_pin): 0, -ERR_ACCES (someone
 * else's), or the lookup's error. still_trusted says whether the calls
 * since went to that same server. */
static int trust_fs(void)
{
	int want = init_child_pid(LV_FS_NAME);
	int rc = lv_fs_pin(want);
	if (rc == -ERR_ACCES)
		printf("init: the \"%s\" entry is not the file server init "
		       "started (pid %d): no driver starts\n",
		       LV_FS_NAME, want);
	return rc;
}

static int still_trusted(void) { return lv_fs_pinned(); }

/* 1 when DRIVERS_CFG lists kind (first word of a line, # comments), 0 when
 * not, -ERR_IO when it cannot be read (no file server); known gets the
 * kinds it lists, for the refusal, and kinds (klen bytes) kind's field of
 * driver kinds (the second word when it is one: "user,module"; "" else). */
static int listed(const char *kind, char *known, size_t len, char *kinds,
		  size_t klen)
{
	char line[128];
	int found = 0;
	FILE *f = fopen(DRIVERS_CFG, "r");

	known[0] = kinds[0] = '\0';
	if (!f)
		return -ERR_IO;
	while (fgets(line, sizeof(line), f)) {
		char *save, *word = strtok_r(line, " \t\r\n", &save);
		if (!word || word[0] == '#')
			continue;
		size_t used = strlen(known);
		snprintf(known + used, len - used, "%s%s", used ? " " : "",
			 word);
		if (strcmp(word, kind) != 0)
			continue;
		found = 1;
		char *field = strtok_r(NULL, " \t\r\n", &save);
		if (drvkind_is_field(field))
			snprintf(kinds, klen, "%s", field);
	}
	fclose(f);
	return found;
}

/* Reads /bin/KIND into a buffer the caller frees; NULL when there is none. */
static void *read_image(const char *kind, size_t *len)
{
	char path[LV_NS_NAME_MAX + 8];
	struct stat st;
	char *buf = NULL;
	size_t n = 0;
	ssize_t got = 1;

	snprintf(path, sizeof(path), "/bin/%s", kind);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    st.st_size <= IMAGE_MAX)
		buf = malloc((size_t)st.st_size);
	while (buf && n < (size_t)st.st_size &&
	       (got = read(fd, buf + n, (size_t)st.st_size - n)) > 0)
		n += (size_t)got;
	close(fd);
	if (buf && (got < 0 || n != (size_t)st.st_size)) {
		free(buf);
		buf = NULL;
	}
	*len = n;
	return buf;
}

/* Starts kind with args and the nucleus right: its pid or -ERR_*. */
static int spawn_driver(const char *kind, const char *args)
{
	size_t len = 0;
	void *image = read_image(kind, &len);

	if (!still_trusted()) { /* fs changed hands while init read */
		free(image);
		return -ERR_ACCES;
	}
	if (!image)
		return lv_spawn(kind, args, LV_SPAWN_NUCLEUS, 0, 0);
	lv_spawn_t req = {.name = kind,
			  .elf = image,
			  .elf_len = (uint32_t)len,
			  .args = args,
			  .flags = LV_SPAWN_NUCLEUS};
	int pid = lv_spawn_ex(&req);
	free(image);
	return pid;
}

/* The "driver" entry owned by pid into *e: 0, or -ERR_NOENT. */
static int entry_of(int pid, lv_ns_entry_t *e)
{
	static lv_ns_entry_t list[DRIVERS_MAX];
	int n = lv_ns_list("", LV_NETDRV_TYPE, list, DRIVERS_MAX);

	for (int i = 0; i < n; i++)
		if (list[i].owner == pid) {
			*e = list[i];
			return 0;
		}
	return -ERR_NOENT;
}

/* d registered as e: the request that started it is answered. */
static void registered(struct driver *d, const lv_ns_entry_t *e)
{
	snprintf(d->name, sizeof(d->name), "%.*s", LV_NS_NAME_MAX - 1, e->name);
	d->state = DRV_RUNNING;
	printf("init: driver %s up as %s (pid %d, %s)\n", d->prog, d->name,
	       d->pid, drvkind_name(d->kind));
	if (d->swap) {
		swap_taken(d);
		return;
	}
	drivers_answer(d, d->pid, 0, NULL, NULL);
	if (!d->child) /* a module: drv down finds it by its name */
		drivers_release(d);
}

static int on_register(lv_msg_t *m, void *ctx)
{
	lv_ns_entry_t e;
	(void)ctx;
	if (m->h.sender > 0 && m->h.size == sizeof(e)) { /* a process: ns */
		memcpy(&e, m->payload, sizeof(e));
		struct driver *d = drivers_find(e.owner);
		if (d && d->state == DRV_STARTING)
			registered(d, &e);
	}
	m->h.size = 0;
	return 0;
}

static const lv_op_t event_ops[] = {{LV_NS_EVENT_REGISTER, on_register},
				    {LV_NS_EVENT_HANDOVER, on_register}};

/* The kernel's notices on the events port: an old driver's port died. */
static void on_events_kernel(const lv_msg_t *m, void *ctx)
{
	uint32_t cookie;
	(void)ctx;
	if (m->h.op == LV_OP_PORT_DEAD && m->h.size == sizeof(cookie)) {
		memcpy(&cookie, m->payload, sizeof(cookie));
		swap_port_dead(cookie);
	}
}

int drivers_events_port(void) { return events; }

int drivers_subscribe(void)
{
	if (events >= 0)
		return 0;
	int port = lv_port_create();
	if (port < 0)
		return port;
	int rc = lv_server_add(init_loop(), port, event_ops, 2, NULL,
			       on_events_kernel);
	if (rc >= 0)
		rc = lv_ns_subscribe(LV_NETDRV_TYPE, port);
	if (rc < 0) {
		lv_server_remove(init_loop(), port);
		lv_handle_close(port);
		return rc;
	}
	events = port;
	return 0;
}

/* The start wait ran out: a last look (an event may have been lost to a
 * full queue), else the driver is ended and the request answered. */
static void up_timeout(lv_server_t *s, int id, void *arg)
{
	struct driver *d = arg;
	lv_ns_entry_t e;
	(void)s, (void)id;
	d->timer = 0;
	if (d->state != DRV_STARTING)
		return;
	if (entry_of(d->pid, &e) == 0) {
		registered(d, &e);
		return;
	}
	printf("init: driver %s (pid %d) not registered within %u ms: "
	       "ended\n",
	       d->prog, d->pid, LV_INITCTL_UP_WAIT_MS);
	d->state = DRV_RUNNING; /* its end only frees the slot now */
	if (d->child) {
		lv_kill(d->pid);
		drivers_answer(d, -ERR_TIMEDOUT, 0, NULL, NULL);
		return;
	}
	drvmod_remove(d, 0);
	drivers_answer(d, -ERR_TIMEDOUT, 0, NULL, NULL);
	drivers_release(d);
}

int drivers_wait_up(struct driver *d)
{
	lv_ns_entry_t e;
	lv_server_t *s = init_loop();
	d->state = DRV_STARTING;
	/* Subscribed before the start: its REGISTER event cannot be missed;
	 * one made already is found here (and up_timeout looks once more). */
	if (entry_of(d->pid, &e) == 0) {
		registered(d, &e);
		return 0;
	}
	d->timer = lv_server_timer(s, init_ms_to_ticks(LV_INITCTL_UP_WAIT_MS),
				   0, up_timeout, d);
	if (d->timer < 0) {
		int rc = d->timer;
		d->timer = 0;
		return rc;
	}
	return 0;
}

/* The refusal of a kind drivers.cfg does not allow for prog. */
static void kind_refused(char *message, size_t len, const char *prog, int kind,
			 const char *kinds)
{
	snprintf(message, len, "%s: %s allows kind %s only, not %s", prog,
		 DRIVERS_CFG, kinds[0] ? kinds : "user", drvkind_name(kind));
}

int drivers_allowed(const char *prog, int kind, char *message, size_t len)
{
	char known[LV_INITCTL_KNOWN_MAX], kinds[32];
	int found = trust_fs();
	if (found == 0)
		found =
		    listed(prog, known, sizeof(known), kinds, sizeof(kinds));
	if (found < 0)
		snprintf(message, len, "init cannot read %s: %s", DRIVERS_CFG,
			 lv_strerror(found));
	else if (!found)
		snprintf(message, len, "%s: not a driver %s lists", prog,
			 DRIVERS_CFG);
	else if (!drvkind_allows(kinds, kind))
		kind_refused(message, len, prog, kind, kinds);
	else
		return 0;
	return found < 0 ? found : -ERR_PERM;
}

/* The request in req checked: its kind into *kind, "KIND ARGS" without
 * the kind= word into rest. 0 or -ERR_INVAL. */
static int checked(const msg_initctl_drv_up_t *req, int *kind, char *rest,
		   size_t len)
{
	size_t klen = strnlen(req->kind, sizeof(req->kind));
	if (klen == 0 || klen == sizeof(req->kind) ||
	    strnlen(req->args, sizeof(req->args)) == sizeof(req->args) ||
	    strncmp(req->args, req->kind, klen) != 0 ||
	    (req->args[klen] != '\0' && req->args[klen] != ' ') ||
	    strchr(req->kind, '/'))
		return -ERR_INVAL;
	*kind = drvkind_take(req->args, rest, len);
	return *kind < 0 ? -ERR_INVAL : 0;
}

int drivers_start(struct driver *d, const char *rest)
{
	char message[LV_LKMD_MESSAGE_MAX] = "";
	int rc;
	if (d->kind == DRV_KIND_MODULE) {
		rc = drvmod_up(d, rest, message, sizeof(message));
	} else {
		rc = d->pid = spawn_driver(d->prog, rest);
		if (rc >= 0) {
			d->child = 1;
			printf("init: starting driver %s (pid %d)\n", d->prog,
			       d->pid);
			rc = drivers_wait_up(d);
			if (rc < 0) /* cannot wait: no driver half started */
				lv_kill(d->pid);
		}
	}
	if (rc >= 0)
		return 0;
	if (d->child) {
		d->state = DRV_RUNNING; /* its end frees the slot */
		drivers_answer(d, rc, 0, NULL, message);
	} else {
		drivers_answer(d, rc, 0, NULL, message);
		drivers_release(d);
	}
	return rc;
}

int drivers_up(lv_msg_t *m, void *ctx)
{
	msg_initctl_drv_up_t req;
	char known[LV_INITCTL_KNOWN_MAX], kinds[32];
	static char rest[LV_INITCTL_ARGS_MAX];
	int kind;
	(void)ctx;
	if (m->h.size != sizeof(req))
		return -ERR_INVAL;
	memcpy(&req, m->payload, sizeof(req));
	m->h.size = 0;
	if (checked(&req, &kind, rest, sizeof(rest)) < 0)
		return -ERR_INVAL;
	int found = trust_fs();
	if (found == 0)
		found = listed(req.kind, known, sizeof(known), kinds,
			       sizeof(kinds));
	if (found < 0) {
		if (found != -ERR_ACCES)
			printf("init: cannot read %s: no driver starts\n",
			       DRIVERS_CFG);
		return found == -ERR_ACCES ? found : -ERR_IO;
	}
	if (!found) {
		m->h.size = sizeof(msg_initctl_drv_reply_t);
		msg_initctl_drv_reply_t *r = (void *)m->payload;
		memset(r, 0, sizeof(*r));
		snprintf(r->known, sizeof(r->known), "%s", known);
		return -ERR_PERM;
	}
	if (!drvkind_allows(kinds, kind)) {
		msg_initctl_drv_reply_t *r = (void *)m->payload;
		memset(r, 0, sizeof(*r));
		m->h.size = sizeof(*r);
		kind_refused(r->message, sizeof(r->message), req.kind, kind,
			     kinds);
		return -ERR_PERM;
	}
	int rc = drivers_subscribe();
	if (rc < 0)
		return rc;
	struct driver *d = drivers_take_slot();
	if (!d)
		return -ERR_NOSPC;
	d->kind = kind;
	snprintf(d->prog, sizeof(d->prog), "%s", req.kind);
	d->token = lv_server_defer(init_loop());
	if (d->token < 0) {
		rc = d->token;
		drivers_release(d);
		return rc;
	}
	drivers_start(d, rest);
	return LV_DEFERRED;
}

/* The stop wait ran out: the driver is ended. */
static void down_timeout(lv_server_t *s, int id, void *arg)
{
	struct driver *d = arg;
	(void)s, (void)id;
	d->timer = 0;
	if (d->state != DRV_STOPPING)
		return;
	printf("init: driver %s (pid %d) did not end within %u ms of its "
	       "STOP: ended\n",
	       d->name, d->pid, LV_INITCTL_DOWN_WAIT_MS);
	lv_kill(d->pid);
	drivers_answer(d, -ERR_TIMEDOUT, 0, NULL, NULL);
	if (!d->child)
		drivers_release(d);
}

/* The driver answered STOP: its remove steps ran; a child of init is
 * answered when it ends, another process now. */
static void stop_answered(lv_server_t *s, int status, const lv_msg_t *msg,
			  void *arg)
{
	struct driver *d = arg;
	(void)s, (void)msg;
	if (d->state != DRV_STOPPING || status == -ERR_TIMEDOUT)
		return; /* a time-out is down_timeout's */
	if (status < 0 && status != -ERR_DEADPORT) {
		d->state = DRV_RUNNING;
		drivers_answer(d, status, 0, NULL, NULL);
		if (!d->child)
			drivers_release(d);
		return;
	}
	if (d->kind == DRV_KIND_MODULE) { /* then the loader removes it */
		if (d->timer)
			lv_server_cancel(s, d->timer);
		d->timer = 0;
		d->state = DRV_RUNNING;
		drvmod_remove(d, 1);
	} else if (!d->child) {
		drivers_answer(d, 0, 0, NULL, NULL);
		drivers_release(d);
	}
}

int drivers_down(lv_msg_t *m, void *ctx)
{
	msg_initctl_name_t req;
	lv_ns_entry_t e;
	(void)ctx;
	if (m->h.size != sizeof(req))
		return -ERR_INVAL;
	memcpy(&req, m->payload, sizeof(req));
	m->h.size = 0;
	if (strnlen(req.name, sizeof(req.name)) == sizeof(req.name))
		return -ERR_NAMETOOLONG;
	int port = lv_ns_lookup(req.name, &e);
	if (port < 0)
		return port;
	struct driver *d = drivers_find(e.owner);
	int rc = strcmp(e.type, LV_NETDRV_TYPE) == 0 ? 0 : -ERR_INVAL;
	if (rc == 0 && d && d->state != DRV_RUNNING)
		rc = -ERR_BUSY; /* starting, or a stop under way */
	if (rc == 0 && !d && !(d = drivers_take_slot()))
		rc = -ERR_NOSPC;
	if (rc < 0) {
		lv_handle_close(port);
		return rc;
	}
	if (d->state == DRV_FREE) { /* not one init started */
		d->pid = e.owner;
		d->kind = drvmod_is_module(e.owner, d->prog, sizeof(d->prog))
			      ? DRV_KIND_MODULE
			      : DRV_KIND_USER;
		if (d->kind == DRV_KIND_USER)
			snprintf(d->prog, sizeof(d->prog), "%s", "driver");
	}
	snprintf(d->name, sizeof(d->name), "%.*s", LV_NS_NAME_MAX - 1, e.name);
	d->state = DRV_STOPPING;
	lv_server_t *s = init_loop();
	unsigned wait = init_ms_to_ticks(LV_INITCTL_DOWN_WAIT_MS);
	d->token = lv_server_defer(s);
	rc = d->token;
	if (rc >= 0)
		rc = d->timer = lv_server_timer(s, wait, 0, down_timeout, d);
	if (rc >= 0)
		rc = lv_server_call(s, port, LV_NETDRV_STOP, NULL, 0, wait,
				    stop_answered, d);
	lv_handle_close(port);
	if (rc >= 0)
		return LV_DEFERRED;
	if (d->timer > 0)
		lv_server_cancel(s, d->timer);
	d->timer = 0;
	int token = d->token;
	d->token = -1;
	if (d->child)
		d->state = DRV_RUNNING;
	else
		drivers_release(d);
	if (token < 0)
		return rc;
	lv_server_answer(s, token, rc, NULL, 0);
	return LV_DEFERRED;
}

int drivers_child_ended(int pid, int status)
{
	struct driver *d = drivers_find(pid);
	if (!d)
		return 0;
	if (d->state == DRV_STARTING) {
		printf("init: driver %s (pid %d) ended with status %d before "
		       "it registered\n",
		       d->prog, pid, status);
		drivers_answer(d, -ERR_SRCH, status, NULL, NULL);
	} else if (d->state == DRV_STOPPING) {
		printf("init: driver %s (pid %d) down\n", d->name, pid);
		drivers_answer(d, 0, status, NULL, NULL);
	} else {
		printf("init: driver %s (pid %d) exited with status %d\n",
		       d->name[0] ? d->name : d->prog, pid, status);
	}
	int child = d->child;
	drivers_release(d);
	return child;
}
