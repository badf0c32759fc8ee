/* The shell's administrative built-ins: kill, halt, reboot. The shell holds no
 * privileged right; init started the console's shell with a send right to
 * its control port (LV_BOOT_HANDLE), and requests that need a right go there
 * (lavender/initctl.h). Programs the shell runs get no such right: spawn
 * passes them none. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <lavender/initctl.h>
#include <lavender/syscall.h>
#include "sh.h"

int admin_control(void)
{
	return lv_initctl_present(LV_BOOT_HANDLE) ? LV_BOOT_HANDLE : -ERR_PERM;
}

void admin_refused(const char *tool)
{
	printf("%s: not permitted: this shell has no right to init's control "
	       "port (init gives it to the console's shell only)\n",
	       tool);
}

/* A decimal number in s; 0 and *ok cleared when it is none. */
static int number(const char *s, int *ok)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);

	*ok = *s && !*end && errno != ERANGE;
	return *ok ? (int)v : 0;
}

/* Ends pid: the shell's own child directly, any other through init. */
static int kill_one(int pid)
{
	int rc = lv_kill(pid);
	if (rc != -ERR_PERM || pid == 1)
		return rc;
	int ctl = admin_control();
	return ctl < 0 ? rc : lv_initctl_kill(ctl, pid);
}

int builtin_kill(int argc, char **argv)
{
	int status = 0, ok;

	if (argc < 2) {
		printf("usage: kill PID...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		int pid = number(argv[i], &ok);
		if (!ok || pid <= 0) {
			printf("kill: %s: not a process id (ps lists them)\n",
			       argv[i]);
			status = 2;
			continue;
		}
		int rc = kill_one(pid);
		if (rc == -ERR_PERM && pid == 1)
			printf("kill: 1: init is never ended (halt stops the "
			       "node)\n");
		else if (rc == -ERR_PERM)
			printf("kill: %d: not permitted (not this shell's "
			       "child, and no right to ask init)\n",
			       pid);
		else if (rc == -ERR_SRCH)
			printf("kill: %d: no such process (ps lists them)\n",
			       pid);
		else if (rc < 0)
			printf("kill: %d: %s\n", pid, lv_strerror(rc));
		if (rc < 0 && !status)
			status = 1;
	}
	return status;
}

/* Asks init to halt with code (or LV_HALT_REBOOT); returns only when that
 * failed: the shell's status 1. */
static int ask_halt(const char *tool, int code)
{
	int ctl = admin_control();
	if (ctl < 0) {
		admin_refused(tool);
		return 1;
	}
	int rc = lv_initctl_halt(ctl, code);
	printf("%s: %s\n", tool, lv_strerror(rc));
	return 1;
}

int builtin_halt(int argc, char **argv)
{
	int ok = 1, code = argc > 1 ? number(argv[1], &ok) : 0;

	if (!ok || argc > 2 || code < 0 || code > LV_HALT_CODE_MAX) {
		printf("halt: %s: not an exit code (0-%d)\n", argv[1],
		       LV_HALT_CODE_MAX);
		return 2;
	}
	return ask_halt("halt", code);
}

int builtin_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return ask_halt("reboot", LV_HALT_REBOOT);
}
