/* The first process: runs the boot configuration (argv[1], default boot.cfg,
 * a boot module read with lv_bootfile_read), then its server loop: each
 * child's end arrives as a message (child_notify), is reaped and reported,
 * and those marked "restart" start again. One command per line, '#' comments:
 *   run PROGRAM ARGS...      start it, do not wait
 *   wait PROGRAM ARGS...     start it and wait for it to end
 *   restart PROGRAM ARGS...  start it and start it again whenever it ends
 *   await NAME [SECONDS]     go on once the name server knows NAME, or
 *                            after SECONDS (default 10)
 *   join NAME...             go on once the run children NAME... ended
 *   exit                     end init: 0 if every waited program returned 0
 * Bad lines and programs that cannot start are reported and skipped.
 * Between the loop's other messages init serves its control port
 * (control.c): the requests of the children started with -c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/clock.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../../user/lib/usage.h"
#include "init.h"

static const usage_t usage = {
    "init", "[CONFIG]",
    "The first process: the kernel starts it as pid 1 with the boot\n"
    "configuration CONFIG (a boot module; default boot.cfg, see\n"
    "servers/init/boot.cfg), which starts the servers and the shell; it\n"
    "restarts them and serves the shell's administrative requests. Not run\n"
    "by hand: anywhere but as pid 1 it refuses to start.",
    NULL};

#define CONFIG_MAX (64 * 1024)
#define MAX_WORDS 32
#define MAX_CHILDREN 64
#define QUICK_EXITS_MAX 5 /* quick ends (within 1 s) restarted at once */
#define BACKOFF_MAX_S 32  /* then the restart waits 1, 2, 4 ... 32 s */
#define PID_PENDING (-1)  /* a child whose restart waits for its timer */

enum child_kind { CHILD_RUN, CHILD_RESTART };

/* A child started by run or restart; pid 0 marks a free slot. */
struct child {
	int pid;
	enum child_kind kind;
	char *args;	/* "PROGRAM ARGS...", single spaces; owned */
	char *name;	/* the first word of args; owned */
	int line;	/* in the configuration, for messages */
	struct how how; /* as it was started */
	uint64_t started;
	int quick_exits;
};

static struct child children[MAX_CHILDREN];
/* The child a wait line waits for (pid 0: none). */
static struct {
	int pid;
	char name[32];
	int control; /* started with -c */
} waiting;
static int control_port; /* its receive right (0: none) */
static const char *config_name = "boot.cfg";

/* Ticks since boot (0 if the clock cannot be read). */
static uint64_t now_ticks(uint32_t *hz)
{
	uint64_t t = 0;
	lv_ticks(&t, hz);
	return t;
}

/* Reads the whole boot module into a NUL-terminated buffer; NULL and *rc on
 * failure. The caller frees it. */
static char *read_config(const char *name, int *rc)
{
	size_t cap = 1024, len = 0;
	char *buf = NULL;

	for (;;) {
		if (len == cap || !buf) {
			char *grown;
			if (buf)
				cap *= 2;
			grown = cap > CONFIG_MAX ? NULL : realloc(buf, cap + 1);
			if (!grown) {
				*rc = buf ? -ERR_2BIG : -ERR_NOMEM;
				goto out_free;
			}
			buf = grown;
		}
		*rc = lv_bootfile_read(name, buf + len, cap - len, len);
		if (*rc < 0)
			goto out_free;
		if (*rc == 0)
			break;
		len += *rc;
	}
	buf[len] = '\0';
	return buf;

out_free:
	free(buf);
	return NULL;
}

/* Starts "PROGRAM ARGS..." as how says and reports it; returns the pid or
 * -ERR_*. */
static int start(const char *name, const char *args, int line,
		 const struct how *how)
{
	lv_spawn_t req = {.name = name,
			  .args = args,
			  .flags = how->flags,
			  .group = how->group,
			  .stack_size = how->stack_bytes,
			  .handle = how->control ? control_port : 0};
	int pid = lv_spawn_ex(&req);

	if (pid < 0)
		printf("init: %s:%d: cannot start %s: %s\n", config_name, line,
		       name, lv_strerror(pid));
	else
		printf("init: starting %s (pid %d)\n", name, pid);
	return pid;
}

static struct child *find_child(int pid)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i].pid == pid)
			return &children[i];
	return NULL;
}

int init_gave_control(int pid)
{
	struct child *c = pid > 0 ? find_child(pid) : NULL;
	if (c)
		return c->how.control;
	return pid > 0 && pid == waiting.pid && waiting.control;
}

static void forget(struct child *c)
{
	free(c->args);
	free(c->name);
	memset(c, 0, sizeof(*c));
}

static lv_server_t *config_loop(void);
static int child_pid(const char *name);
static void run_config(void);

/* A "join NAME..." line waits until no child its run lines started under
 * those names runs any more (their ends are messages: the configuration
 * resumes from the last one's). */
#define JOIN_MAX 8
static struct {
	int active;
	int n;
	char names[JOIN_MAX][32];
} joining;

static int join_running(void)
{
	int n = 0;
	for (int i = 0; i < joining.n; i++)
		n += child_pid(joining.names[i]) != 0;
	return n;
}

static void join_check(void)
{
	if (joining.active && join_running() == 0) {
		joining.active = 0;
		run_config();
	}
}

/* Starts restart child c again (its timer ran out, or at once). */
static void restart_child(struct child *c)
{
	c->started = now_ticks(NULL);
	c->pid = start(c->name, c->args, c->line, &c->how);
	if (c->pid <= 0)
		forget(c);
}

static void restart_timer(lv_server_t *s, int id, void *arg)
{
	(void)s, (void)id;
	restart_child(arg);
}

/* A run or restart child ended: report it; start a restart one again --
 * after a growing pause when it keeps ending at once (a crashing server,
 * or a user ending the shell quickly): never given up, so the console
 * always gets its shell back. */
static void child_ended(int pid, int status)
{
	struct child *c = find_child(pid);
	uint32_t hz = 100;
	uint64_t now = now_ticks(&hz);

	if (!c) {
		printf("init: pid %d exited with status %d\n", pid, status);
		return;
	}
	printf("init: %s (pid %d) exited with status %d\n", c->name, pid,
	       status);
	if (c->kind != CHILD_RESTART) {
		forget(c);
		join_check();
		return;
	}
	/* quick: within a second of its start (a pause not counted) */
	c->quick_exits = now - c->started < hz ? c->quick_exits + 1 : 0;
	if (c->quick_exits < QUICK_EXITS_MAX) {
		restart_child(c);
		return;
	}
	int shift = c->quick_exits - QUICK_EXITS_MAX;
	unsigned secs = shift >= 5 ? BACKOFF_MAX_S : 1u << shift;
	printf("init: %s keeps exiting at once: starting it again in %u s\n",
	       c->name, secs);
	c->pid = PID_PENDING;
	if (lv_server_timer(config_loop(), secs * hz, 0, restart_timer, c) < 0)
		restart_child(c);
}

/* Waits for pid, reaping (and restarting) other children meanwhile. */
static int remember(enum child_kind kind, int pid, const char *args,
		    const char *name, int line, const struct how *how)
{
	for (int i = 0; i < MAX_CHILDREN; i++) {
		struct child *c = &children[i];
		if (c->pid)
			continue;
		c->args = strdup(args);
		c->name = strdup(name);
		if (!c->args || !c->name) {
			forget(c);
			return -ERR_NOMEM;
		}
		c->pid = pid;
		c->kind = kind;
		c->line = line;
		c->how = *how;
		c->started = now_ticks(NULL);
		return 0;
	}
	return -ERR_NOSPC;
}

/* Splits line into words (in place); drops a '#' comment. */
static int split(char *line, char **words)
{
	int n = 0;
	char *hash = strchr(line, '#');

	if (hash)
		*hash = '\0';
	for (char *w = strtok(line, " \t\r"); w; w = strtok(NULL, " \t\r")) {
		if (n == MAX_WORDS)
			return -ERR_2BIG;
		words[n++] = w;
	}
	return n;
}

/* Joins words[1..n-1] with single spaces into args: "PROGRAM ARGS...". */
static int join_args(char **words, int n, char *args, size_t size)
{
	size_t len = 0;

	for (int i = 1; i < n; i++) {
		size_t w = strlen(words[i]);
		if (len + w + 2 > size)
			return -ERR_2BIG;
		if (i > 1)
			args[len++] = ' ';
		memcpy(args + len, words[i], w + 1);
		len += w;
	}
	return 0;
}

/* The pid of the living run/restart child called name, or 0. */
static int child_pid(const char *name)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i].pid > 0 && strcmp(children[i].name, name) == 0)
			return children[i].pid;
	return 0;
}

int init_child_pid(const char *name) { return child_pid(name); }

int init_child_port(const char *name, const char *what)
{
	lv_ns_entry_t e;
	int pid = child_pid(name);
	if (!pid)
		return -ERR_SRCH;
	int port = lv_ns_lookup(name, &e);
	if (port < 0)
		return -ERR_NOENT;
	if (e.owner == pid)
		return port;
	printf("init: the name %s belongs to pid %d, not to init's %s (pid "
	       "%d): not asked\n",
	       name, (int)e.owner, what, pid);
	lv_handle_close(port);
	return -ERR_ACCES;
}

unsigned init_ms_to_ticks(unsigned ms)
{
	uint32_t hz = 100;
	lv_ticks(NULL, &hz);
	unsigned t = (unsigned)((uint64_t)ms * hz / 1000);
	return t ? t : 1;
}

/* An "await NAME [SECONDS]" line: the configuration stops until the name
 * server knows NAME (its REGISTER event, or a lookup) or SECONDS pass
 * (AWAIT_SECONDS_DEFAULT; 1..AWAIT_SECONDS_MAX). */
#define AWAIT_SECONDS_DEFAULT 10
#define AWAIT_SECONDS_MAX 600
static struct {
	char name[LV_NS_NAME_MAX];
	int number;	  /* its line */
	unsigned seconds; /* its bound */
	int timer;	  /* the timeout's id; 0: not awaiting */
	int events; /* the port of the name server's events (0: none yet) */
} awaited;

/* 1 when the name server knows name now. */
static int name_known(const char *name)
{
	int h = lv_ns_lookup(name, NULL);
	if (h < 0)
		return 0;
	lv_handle_close(h);
	return 1;
}

static void await_over(int found)
{
	if (!awaited.timer)
		return;
	if (found) {
		lv_server_cancel(config_loop(), awaited.timer);
		printf("init: %s:%d: %s registered\n", config_name,
		       awaited.number, awaited.name);
	} else
		printf("init: %s:%d: %s not registered within %u s; going on\n",
		       config_name, awaited.number, awaited.name,
		       awaited.seconds);
	awaited.timer = 0;
	run_config();
}

static void await_timeout(lv_server_t *s, int id, void *arg)
{
	(void)s, (void)id, (void)arg;
	await_over(0);
}

static int await_event(lv_msg_t *m, void *ctx)
{
	(void)m, (void)ctx;
	if (awaited.timer && name_known(awaited.name))
		await_over(1);
	return 0;
}

static const lv_op_t await_ops[] = {{LV_NS_EVENT_REGISTER, await_event}};

/* Starts waiting for name (line number): 1 when the configuration must
 * pause (the event or the timeout resumes it), 0 when it may go on. */
static int await_name(const char *name, unsigned seconds, int number)
{
	uint32_t hz = 100;
	lv_server_t *loop = config_loop();
	if (!awaited.events) {
		int port = lv_port_create();
		if (port < 0 ||
		    lv_server_add(loop, port, await_ops, 1, NULL, NULL) < 0 ||
		    lv_ns_subscribe("", port) < 0) {
			printf("init: %s:%d: await %s: no name server\n",
			       config_name, number, name);
			return 0;
		}
		awaited.events = port;
	}
	if (name_known(name)) { /* after subscribing: no REGISTER missed */
		printf("init: %s:%d: %s registered\n", config_name, number,
		       name);
		return 0;
	}
	snprintf(awaited.name, sizeof(awaited.name), "%s", name);
	awaited.number = number;
	awaited.seconds = seconds;
	now_ticks(&hz);
	awaited.timer =
	    lv_server_timer(loop, seconds * hz, 0, await_timeout, NULL);
	if (awaited.timer < 0) {
		awaited.timer = 0;
		return 0;
	}
	return 1;
}

/* Reads the options between the command and the program: -n (hand on the
 * nucleus right), -s (the scheduler right), -m (the module right), -N (the
 * network right: the protocol server), -c (a send right to the control
 * port), -S KIB (stack size), -r (resident area), -g NAME (in the address
 * space of the running child NAME). Returns how many words they took, or
 * -1. */
static int parse_options(char **words, int n, int number, struct how *how)
{
	unsigned *flags = &how->flags;
	int *group = &how->group;
	int i = 1;
	for (; i < n && words[i][0] == '-'; i++) {
		if (strcmp(words[i], "-n") == 0) {
			*flags |= LV_SPAWN_NUCLEUS;
		} else if (strcmp(words[i], "-s") == 0) {
			*flags |= LV_SPAWN_SCHED;
		} else if (strcmp(words[i], "-m") == 0) {
			*flags |= LV_SPAWN_MODULE;
		} else if (strcmp(words[i], "-N") == 0) {
			*flags |= LV_SPAWN_NET;
		} else if (strcmp(words[i], "-c") == 0) {
			how->control = 1;
		} else if (strcmp(words[i], "-S") == 0 && i + 1 < n) {
			char *end;
			unsigned long kib = strtoul(words[++i], &end, 10);
			if (*end || kib < 64 || kib > 65536) {
				printf(
				    "init: %s:%d: -S wants a stack size in "
				    "KiB (64-65536; at most 8192 in a group, "
				    "2048 resident), not '%s'\n",
				    config_name, number, words[i]);
				return -1;
			}
			how->stack_bytes = (unsigned)kib * 1024;
		} else if (strcmp(words[i], "-r") == 0) {
			*flags |= LV_SPAWN_RESIDENT;
		} else if (strcmp(words[i], "-g") == 0 && i + 1 < n) {
			*group = child_pid(words[++i]);
			*flags |= LV_SPAWN_GROUP;
			if (!*group) {
				printf("init: %s:%d: no running '%s' to join\n",
				       config_name, number, words[i]);
				return -1;
			}
		} else {
			printf("init: %s:%d: unknown option '%s'\n",
			       config_name, number, words[i]);
			return -1;
		}
	}
	return i - 1;
}

/* Runs one configuration line. Returns 1 on "exit", 2 when a wait line
 * started its program (waiting.pid), else 0; *failed is set
 * when a waited program did not return 0. */
static int run_line(char *line, int number, int *failed)
{
	char *words[MAX_WORDS], args[256];
	int n = split(line, words), pid, rc;
	enum child_kind kind = CHILD_RUN;

	if (n == 0)
		return 0;
	if (n < 0) {
		printf("init: %s:%d: too many words\n", config_name, number);
		return 0;
	}
	if (strcmp(words[0], "exit") == 0)
		return 1;
	if (strcmp(words[0], "join") == 0) {
		if (n < 2 || n > JOIN_MAX + 1) {
			printf("init: %s:%d: join wants 1-%d program names\n",
			       config_name, number, JOIN_MAX);
			return 0;
		}
		joining.n = 0;
		for (int i = 1; i < n; i++)
			snprintf(joining.names[joining.n++],
				 sizeof(joining.names[0]), "%s", words[i]);
		if (join_running() == 0)
			return 0;
		joining.active = 1;
		return 2; /* the last one's end resumes it */
	}
	if (strcmp(words[0], "await") == 0) {
		char *end = "";
		unsigned long seconds = n == 3 ? strtoul(words[2], &end, 10)
					       : AWAIT_SECONDS_DEFAULT;
		if (n < 2 || n > 3 || *end || seconds < 1 ||
		    seconds > AWAIT_SECONDS_MAX) {
			printf("init: %s:%d: await wants a name and at most a "
			       "time in seconds (1-%d)\n",
			       config_name, number, AWAIT_SECONDS_MAX);
			return 0;
		}
		return await_name(words[1], (unsigned)seconds, number) ? 2 : 0;
	}
	if (strcmp(words[0], "restart") == 0) {
		kind = CHILD_RESTART;
	} else if (strcmp(words[0], "run") != 0 &&
		   strcmp(words[0], "wait") != 0) {
		printf("init: %s:%d: unknown command '%s'\n", config_name,
		       number, words[0]);
		return 0;
	}
	struct how how = {LV_SPAWN_DEFAULT, 0, 0, 0};
	int skip = parse_options(words, n, number, &how);
	if (skip < 0)
		return 0;
	words[skip] = words[0]; /* the command, followed by the program */
	n -= skip;
	char **cmd = words + skip;
	if (n < 2) {
		printf("init: %s:%d: '%s' needs a program name\n", config_name,
		       number, cmd[0]);
		return 0;
	}
	if (join_args(cmd, n, args, sizeof(args)) < 0) {
		printf("init: %s:%d: arguments too long\n", config_name,
		       number);
		return 0;
	}
	if (strcmp(cmd[0], "wait") == 0) {
		/* The loop goes on serving; the child's end resumes the
		 * configuration (on_child_exit). */
		pid = start(cmd[1], args, number, &how);
		if (pid < 0) {
			*failed = 1;
			return 0;
		}
		waiting.pid = pid;
		waiting.control = how.control;
		snprintf(waiting.name, sizeof(waiting.name), "%s", cmd[1]);
		return 2;
	}
	pid = start(cmd[1], args, number, &how);
	if (pid < 0)
		return 0;
	rc = remember(kind, pid, args, cmd[1], number, &how);
	if (rc < 0)
		printf("init: %s:%d: cannot track %s: %s\n", config_name,
		       number, cmd[1], lv_strerror(rc));
	return 0;
}

/* The configuration as the loop runs it: lines run until a wait line
 * starts its program; that child's end (a message) resumes them. */
static struct {
	char *config, *next;
	int number;
	int failed;
	int done; /* an exit line was reached */
	lv_server_t *loop;
} cfg;

static lv_server_t *config_loop(void) { return cfg.loop; }
lv_server_t *init_loop(void) { return cfg.loop; }

/* Runs configuration lines until a wait line waits, an exit line ends init
 * (the loop stops), or the configuration ends (children are served). */
static void run_config(void)
{
	while (cfg.next) {
		char *line = cfg.next;
		cfg.next = strchr(line, '\n');
		if (cfg.next)
			*cfg.next++ = '\0';
		int r = run_line(line, cfg.number++, &cfg.failed);
		if (r == 2)
			return; /* waiting for waiting.pid or an await */
		if (r == 1) {
			printf("init: exit (%s)\n",
			       cfg.failed ? "a program failed" : "all ok");
			cfg.done = 1;
			lv_server_stop(cfg.loop);
			return;
		}
	}
	free(cfg.config);
	cfg.config = NULL;
	printf("init: end of %s, reaping children\n", config_name);
}

/* A child ended (the kernel's LV_OP_CHILD_EXIT): reap and report it; a
 * wait line's child lets the configuration go on. */
static void on_child_exit(const lv_msg_t *m, void *ctx)
{
	lv_child_exit_t e;
	int status;
	(void)ctx;
	if (m->h.op != LV_OP_CHILD_EXIT || m->h.size != sizeof(e))
		return;
	memcpy(&e, m->payload, sizeof(e));
	if (lv_wait(e.pid, &status) != e.pid)
		return;
	if (drivers_child_ended(e.pid, status))
		return;
	if (e.pid != waiting.pid) {
		child_ended(e.pid, status);
		return;
	}
	printf("init: %s exited with status %d\n", waiting.name, status);
	if (status != 0)
		cfg.failed = 1;
	waiting.pid = 0;
	run_config();
}

int main(int argc, char **argv)
{
	int rc;

	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 1);
	if (lv_getpid() != 1) {
		printf("init: pid %d: init runs only as the first process (pid "
		       "1), which the kernel starts\n",
		       lv_getpid());
		return 1;
	}
	if (argc > 1)
		config_name = argv[1];
	printf("init: pid %d, running %s\n", lv_getpid(), config_name);
	/* Every child's end is announced from the start, so none ends unseen;
	 * init serves them in its loop instead of blocking in wait. */
	cfg.loop = lv_server_new();
	int children_port = lv_port_create();
	if (!cfg.loop || children_port < 0 ||
	    lv_server_add(cfg.loop, children_port, NULL, 0, NULL,
			  on_child_exit) < 0 ||
	    lv_child_notify(children_port) < 0) {
		printf("init: cannot make its server loop\n");
		return 1;
	}
	control_port = control_start(cfg.loop);
	if (control_port < 0) {
		printf("init: no control port: %s (-c gives nothing)\n",
		       lv_strerror(control_port));
		control_port = 0;
	}
	cfg.config = read_config(config_name, &rc);
	if (!cfg.config) {
		printf("init: cannot read %s: %s\n", config_name,
		       lv_strerror(rc));
		return 1;
	}
	cfg.next = cfg.config;
	cfg.number = 1;
	run_config();
	if (!cfg.done)
		rc = lv_server_run(cfg.loop);
	if (cfg.done)
		return cfg.failed;
	printf("init: server loop ended: %s\n", lv_strerror(rc));
	return 1;
}
