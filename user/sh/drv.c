/* The drv built-in: starting and stopping drivers through init's control
 * port (lavender/initctl.h: init alone hands the nucleus right on, and only
 * to kinds /etc/drivers.cfg lists, from the boot image).
 *
 *   drv up KIND [ARGS...]  init starts KIND with the nucleus right and waits
 *                          until it registers a name of type "driver" (ends
 *                          it after LV_INITCTL_UP_WAIT_MS if it does not)
 *   drv up KIND kind=module [ARGS...]
 *                          init loads /lib/modules/KIND.ko through the
 *                          module loader, ARGS its parameters, and waits
 *                          the same way
 *   drv down NAME          init sends the driver protocol's STOP to NAME and
 *                          waits for its process to end (a module: then
 *                          removes it)
 *   drv swap NAME user|module
 *                          init hands NAME over to a driver of the other
 *                          kind on the same NIC: the name, MAC and the
 *                          clients' sessions (re-opened) stay
 *   drv list               the name server's "driver" entries, each with its
 *                          KIND: user, or module (its process in the
 *                          kernel)
 *
 * The drivers are init's children, not the shell's. */
#include <stdio.h>
#include <string.h>
#include <lavender/initctl.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "sh.h"

#define DRV_MAX 16
#define DRIVERS_CFG "/etc/drivers.cfg"

static int drv_up(char **argv)
{
	char args[LV_INITCTL_ARGS_MAX];
	msg_initctl_drv_reply_t r;
	const char *kind = NULL;
	for (int i = 3; argv[i]; i++) {
		if (strncmp(argv[i], "kind=", 5) != 0)
			continue;
		if (strcmp(argv[i], "kind=user") != 0 &&
		    strcmp(argv[i], "kind=module") != 0) {
			printf("drv: %s: a driver's kind is user or module\n",
			       argv[i]);
			return 2;
		}
		if (kind) {
			printf("drv: %s: the kind is given twice (%s before "
			       "it): give one\n",
			       argv[i], kind);
			return 2;
		}
		kind = argv[i];
	}
	int ctl = admin_control();
	if (ctl < 0) {
		admin_refused("drv");
		return 1;
	}
	if (parse_join(argv + 2, args, sizeof(args)) < 0) {
		printf("drv: arguments too long (at most %d bytes)\n",
		       LV_INITCTL_ARGS_MAX - 1);
		return 2;
	}
	int rc = lv_initctl_drv_up(ctl, argv[2], args, &r);
	if (rc > 0) {
		printf("drv: %.*s up (pid %d, %s)\n", LV_NS_NAME_MAX - 1,
		       r.name, rc, r.kind == 2 ? "module" : "user");
		return 0;
	}
	if (r.message[0])
		printf("drv: %.*s\n", (int)sizeof(r.message), r.message);
	else if (rc == -ERR_PERM)
		printf("drv: %s: not a driver %s lists (it lists: %s)\n",
		       argv[2], DRIVERS_CFG, r.known[0] ? r.known : "nothing");
	else if (rc == -ERR_ACCES)
		printf("drv: %s: refused: the file server is not the one init "
		       "started (init's log names its pid)\n",
		       argv[2]);
	else if (rc == -ERR_IO)
		printf("drv: %s: init cannot read %s (is the file server "
		       "up? names lists it)\n",
		       argv[2], DRIVERS_CFG);
	else if (rc == -ERR_NOENT)
		printf("drv: %s: no such driver (neither /bin/%s nor a boot "
		       "module %s)\n",
		       argv[2], argv[2], argv[2]);
	else if (rc == -ERR_SRCH) {
		printf("drv: %s: ended with status %d before it registered\n",
		       argv[2], (int)r.exit_status);
		if (r.exit_status == 2)
			return 2; /* the driver refused its arguments */
	} else if (rc == -ERR_TIMEDOUT)
		printf("drv: %s: ended: not registered within %u ms\n", argv[2],
		       LV_INITCTL_UP_WAIT_MS);
	else if (rc == -ERR_NAMETOOLONG || rc == -ERR_INVAL)
		printf("drv: %s: not a driver kind (a name of at most %d "
		       "characters, no '/')\n",
		       argv[2], LV_NS_NAME_MAX - 1);
	else
		printf("drv: %s: %s\n", argv[2], lv_strerror(rc));
	return 1;
}

static int drv_down(const char *name)
{
	msg_initctl_drv_reply_t r;
	int ctl = admin_control();

	if (ctl < 0) {
		admin_refused("drv");
		return 1;
	}
	int rc = lv_initctl_drv_down(ctl, name, &r);
	if (rc == 0) {
		printf("drv: %s down\n", name);
		return 0;
	}
	if (r.message[0])
		printf("drv: %s: %.*s\n", name, (int)sizeof(r.message),
		       r.message);
	else if (rc == -ERR_NOENT)
		printf("drv: %s: no such driver (drv list names them)\n", name);
	else if (rc == -ERR_INVAL)
		printf("drv: %s: not a driver (names shows its type)\n", name);
	else if (rc == -ERR_TIMEDOUT)
		printf("drv: %s: pid %d did not end within %u ms of its STOP: "
		       "ended\n",
		       name, (int)r.pid, LV_INITCTL_DOWN_WAIT_MS);
	else
		printf("drv: %s: stop: %s\n", name, lv_strerror(rc));
	return 1;
}

static int drv_swap(const char *name, const char *kind)
{
	msg_initctl_drv_reply_t r;
	int k = strcmp(kind, "user") == 0     ? 1
		: strcmp(kind, "module") == 0 ? 2
					      : 0;
	if (!k) {
		printf("drv: swap: %s: a driver's kind is user or module\n",
		       kind);
		return 2;
	}
	int ctl = admin_control();
	if (ctl < 0) {
		admin_refused("drv");
		return 1;
	}
	int rc = lv_initctl_drv_swap(ctl, name, k, &r);
	if (rc > 0) {
		printf("drv: %s swapped to %s (pid %d)\n", name, kind, rc);
		return 0;
	}
	if (r.message[0])
		printf("drv: %.*s\n", (int)sizeof(r.message), r.message);
	else if (rc == -ERR_NOENT)
		printf("drv: %s: no such driver (drv list names them)\n", name);
	else if (rc == -ERR_INVAL)
		printf("drv: %s: not a driver (names shows its type)\n", name);
	else
		printf("drv: %s: swap: %s\n", name, lv_strerror(rc));
	return 1;
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
		int module = lv_proc_find(e[i].owner, &info) == 0 &&
			     info.placement == LV_PLACE_KERNEL;
		printf("%-8.*s %-6s %5d %-6s %.*s\n", LV_NS_NAME_MAX, e[i].name,
		       module ? "module" : "user", (int)e[i].owner, state,
		       LV_NS_ATTR_MAX, e[i].attrs);
	}
	return 0;
}

int builtin_drv(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "up") == 0)
		return drv_up(argv);
	if (argc == 3 && strcmp(argv[1], "down") == 0)
		return drv_down(argv[2]);
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return drv_list();
	if (argc == 4 && strcmp(argv[1], "swap") == 0)
		return drv_swap(argv[2], argv[3]);
	if (strcmp(argv[1], "swap") == 0)
		printf("drv: swap: a driver's name and a kind (user or "
		       "module)\n");
	else if (strcmp(argv[1], "up") == 0)
		printf("drv: up: a driver kind is missing (the program: ne2k, "
		       "...)\n");
	else if (strcmp(argv[1], "down") == 0)
		printf("drv: down: %s\n",
		       argc < 3 ? "a driver's name is missing (drv list names "
				  "them)"
				: "one name only");
	else if (strcmp(argv[1], "list") == 0)
		printf("drv: list: %s: unexpected argument\n", argv[2]);
	else
		printf("drv: %s: unknown command (up, down, swap or list)\n",
		       argv[1]);
	printf("usage: drv up KIND [kind=user|module] [ARGS...] | drv down "
	       "NAME | drv swap NAME user|module | drv list\n");
	return 2;
}
