/* The drv built-in: starting and stopping driver processes.
 *
 *   drv up KIND [ARGS...]  starts /bin/KIND (else the boot module KIND) in
 *                          the background with the nucleus right, waits for
 *                          it to register a name of type "driver" (ends it
 *                          after UP_WAIT_MS if it does not); KIND must be
 *                          listed in DRIVERS_CFG (read-only: boot image)
 *   drv down NAME          sends the driver protocol's STOP to NAME and waits
 *                          for its process to end
 *   drv list               the name server's "driver" entries
 *
 * The drivers started here are the shell's children: drv reaps those that
 * ended (drv down waits for its own). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <lavender/clock.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "sh.h"

#define DRV_MAX 16
#define DRV_ARGS_MAX 512
#define DRV_IMAGE_MAX (8 << 20)
#define UP_WAIT_MS 2000
#define DOWN_WAIT_MS 3000
#define DRIVERS_CFG "/etc/drivers.cfg"

static int children[DRV_MAX]; /* pids started by drv up; 0: free */

/* Waits about ms milliseconds. */
static void sleep_ms(unsigned ms)
{
	uint32_t hz = 100;

	lv_ticks(NULL, &hz);
	unsigned ticks = ms * hz / 1000;
	lv_sleep(ticks ? ticks : 1);
}

/* True when pid has ended (or is no process at all). */
static int ended(int pid)
{
	lv_proc_info_t info;

	return lv_proc_find(pid, &info) < 0 || info.state == LV_PROC_ZOMBIE;
}

static void forget(int pid)
{
	for (int i = 0; i < DRV_MAX; i++)
		if (children[i] == pid)
			children[i] = 0;
}

/* Reaps the drivers started here that ended. */
static void reap(void)
{
	int status;

	for (int i = 0; i < DRV_MAX; i++)
		if (children[i] && ended(children[i])) {
			lv_wait(children[i], &status);
			children[i] = 0;
		}
}

/* Reads /bin/KIND into a buffer the caller frees; NULL when there is none. */
static void *read_image(const char *kind, size_t *len)
{
	char path[LV_NAME_MAX + 8];
	struct stat st;
	char *buf = NULL;
	size_t n = 0;
	ssize_t got = 1;

	snprintf(path, sizeof(path), "/bin/%s", kind);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    st.st_size <= DRV_IMAGE_MAX)
		buf = malloc((size_t)st.st_size);
	while (buf && n < (size_t)st.st_size &&
	       (got = read(fd, buf + n, (size_t)st.st_size - n)) > 0)
		n += (size_t)got;
	close(fd);
	if (buf && got < 0) {
		free(buf);
		buf = NULL;
	}
	*len = n;
	return buf;
}

/* Starts KIND with args and the nucleus right; the pid or -ERR_*. */
static int start(const char *kind, const char *args)
{
	size_t len = 0;
	void *image = read_image(kind, &len);

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

/* The "driver" entry owned by pid into *e; 0 or -ERR_NOENT. */
static int entry_of(int pid, lv_ns_entry_t *e)
{
	static lv_ns_entry_t list[DRV_MAX];
	int n = lv_ns_list("", LV_NETDRV_TYPE, list, DRV_MAX);

	for (int i = 0; i < n; i++)
		if (list[i].owner == pid) {
			*e = list[i];
			return 0;
		}
	return -ERR_NOENT;
}

/* 1 when DRIVERS_CFG lists kind (first word of a line, # comments), 0 when
 * not; known gets the kinds it lists ("ne2k ..."), for the message. */
static int listed_driver(const char *kind, char *known, size_t len)
{
	char line[128];
	int found = 0;
	FILE *f = fopen(DRIVERS_CFG, "r");

	known[0] = '\0';
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *word = strtok(line, " \t\r\n");
		if (!word || word[0] == '#')
			continue;
		found |= strcmp(word, kind) == 0;
		size_t used = strlen(known);
		snprintf(known + used, len - used, "%s%s", used ? " " : "",
			 word);
	}
	fclose(f);
	return found;
}

static int drv_up(int argc, char **argv)
{
	char known[128];
	if (!listed_driver(argv[2], known, sizeof(known))) {
		printf("drv: %s: not a driver %s lists (it lists: %s)\n",
		       argv[2], DRIVERS_CFG, known[0] ? known : "nothing");
		return 1;
	}
	char args[DRV_ARGS_MAX];
	size_t used = 0;
	lv_ns_entry_t e;
	int slot = -1, status = 0;

	for (int i = 0; i < DRV_MAX && slot < 0; i++)
		if (!children[i])
			slot = i;
	if (slot < 0) {
		printf("drv: too many drivers\n");
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		int w = snprintf(args + used, sizeof(args) - used, "%s%s",
				 i > 2 ? " " : "", argv[i]);
		if (w < 0 || (size_t)w >= sizeof(args) - used) {
			printf("drv: arguments too long\n");
			return 2;
		}
		used += (size_t)w;
	}
	int pid = start(argv[2], args);
	if (pid == -ERR_NOENT) {
		printf("drv: %s: no such driver (neither /bin/%s nor a boot "
		       "module %s)\n",
		       argv[2], argv[2], argv[2]);
		return 1;
	}
	if (pid < 0) {
		printf("drv: %s: %s\n", argv[2], lv_strerror(pid));
		return 1;
	}
	children[slot] = pid;
	for (unsigned ms = 0; ms <= UP_WAIT_MS; ms += 20) {
		if (entry_of(pid, &e) == 0) {
			printf("drv: %.*s up (pid %d)\n", LV_NS_NAME_MAX,
			       e.name, pid);
			return 0;
		}
		if (ended(pid)) {
			lv_wait(pid, &status);
			forget(pid);
			printf("drv: %s: ended with status %d before it "
			       "registered\n",
			       argv[2], status);
			return 1;
		}
		sleep_ms(20);
	}
	/* A driver that does not register holds the nucleus right for
	 * nothing: it is ended. */
	lv_kill(pid);
	lv_wait(pid, &status);
	forget(pid);
	printf("drv: %s: ended: not registered within %u ms\n", argv[2],
	       UP_WAIT_MS);
	return 1;
}

static int drv_down(const char *name)
{
	lv_ns_entry_t e;
	lv_msg_header_t h = {.op = LV_NETDRV_STOP, .size = 0};
	int status = 0;

	int port = lv_ns_lookup(name, &e);
	if (port == -ERR_NOENT) {
		printf("drv: %s: no such driver (drv list names them)\n", name);
		return 1;
	}
	if (port < 0) {
		printf("drv: %s: %s\n", name, lv_strerror(port));
		return 1;
	}
	if (strcmp(e.type, LV_NETDRV_TYPE) != 0) {
		lv_handle_close(port);
		printf("drv: %s: not a driver\n", name);
		return 1;
	}
	int rc = lv_msg_call(port, &h, sizeof(h), LV_WAIT_FOREVER);
	lv_handle_close(port);
	if (rc < 0 || (int)h.op < 0) {
		printf("drv: %s: stop: %s\n", name,
		       lv_strerror(rc < 0 ? rc : (int)h.op));
		return 1;
	}
	for (unsigned ms = 0; !ended(e.owner); ms += 20) {
		if (ms >= DOWN_WAIT_MS) {
			printf("drv: %s: pid %d did not end\n", name,
			       (int)e.owner);
			return 1;
		}
		sleep_ms(20);
	}
	lv_wait(e.owner, &status); /* when it is the shell's child */
	forget(e.owner);
	printf("drv: %s down\n", name);
	return 0;
}

static int drv_list(void)
{
	static lv_ns_entry_t e[DRV_MAX];
	lv_proc_info_t info;
	int n = lv_ns_list("", LV_NETDRV_TYPE, e, DRV_MAX);

	if (n < 0) {
		printf("drv: %s\n", lv_strerror(n));
		return 1;
	}
	printf("NAME     KIND     PID STATE  ATTRS\n");
	for (int i = 0; i < n; i++) {
		const char *state = "gone";
		if (lv_proc_find(e[i].owner, &info) == 0)
			state = lv_proc_state_name(info.state);
		printf("%-8.*s %-6s %5d %-6s %.*s\n", LV_NS_NAME_MAX, e[i].name,
		       "user", (int)e[i].owner, state, LV_NS_ATTR_MAX,
		       e[i].attrs);
	}
	return 0;
}

int builtin_drv(int argc, char **argv)
{
	reap();
	if (argc >= 3 && strcmp(argv[1], "up") == 0)
		return drv_up(argc, argv);
	if (argc == 3 && strcmp(argv[1], "down") == 0)
		return drv_down(argv[2]);
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return drv_list();
	printf("usage: drv up KIND [ARGS...] | drv down NAME | drv list\n");
	return 2;
}
