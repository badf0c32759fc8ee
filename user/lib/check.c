/* Result lines of the test programs (see check.h). */
#include "check.h"
#include <stdarg.h>
#include <stdio.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>

static const char *prefix = "test";
static int passed, failed;

void check_init(const char *program) { prefix = program; }

void check_report(const char *name, int ok, const char *why)
{
	if (ok) {
		passed++;
		printf("%s %s: ok\n", prefix, name);
	} else {
		failed++;
		printf("%s %s: FAIL %s\n", prefix, name, why);
	}
}

void check_run(const char *name, check_fn fn)
{
	const char *bad = fn();
	check_report(name, bad == NULL, bad);
}

const char *check_why(const char *fmt, ...)
{
	static char bufs[4][160];
	static unsigned next;
	char *b = bufs[next++ % 4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return b;
}

int check_summary(void)
{
	printf("%s: %d passed, %d failed\n", prefix, passed, failed);
	return failed;
}

static int ended(int pid) { return !lv_proc_alive(pid); }

int check_wait_exit(int pid, unsigned ticks, int *status)
{
	int late = 0;
	for (unsigned t = 0; !ended(pid) && t < ticks; t++)
		lv_sleep(1);
	if (!ended(pid)) {
		late = 1;
		lv_kill(pid);
	}
	int rc = lv_wait(pid, status);
	return rc >= 0 && late ? -ERR_TIMEDOUT : rc;
}
