/* The host unit-test runner: each registered test runs in a child process (a
 * crash fails that test only); one "host NAME: ok|FAIL" line per test, then
 * "host: N passed, M failed". Arguments name the tests to run (default all). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "unit.h"

#define MAX_TESTS 512

typedef struct unit_test {
	const char *name;
	const char *file;
	int line;
	unit_fn_t fn;
} unit_test_t;

static unit_test_t tests[MAX_TESTS];
static int ntests;
static int failures; /* of the running test */

void unit_register(const char *name, const char *file, int line, unit_fn_t fn)
{
	if (ntests == MAX_TESTS) {
		fprintf(stderr, "unit: more than %d tests\n", MAX_TESTS);
		exit(2);
	}
	tests[ntests++] = (unit_test_t){name, file, line, fn};
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	failures++;
	printf("  %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

int unit_eq(const char *file, int line, const char *expr_a, const char *expr_b,
	    long long a, long long b)
{
	if (a == b)
		return 1;
	unit_fail(file, line,
		  "CHECK_EQ(%s, %s) failed: %lld (0x%llx) != %lld "
		  "(0x%llx)",
		  expr_a, expr_b, a, (unsigned long long)a, b,
		  (unsigned long long)b);
	return 0;
}

int unit_str_eq(const char *file, int line, const char *expr_a,
		const char *expr_b, const char *a, const char *b)
{
	if (a == b || (a && b && strcmp(a, b) == 0))
		return 1;
	unit_fail(file, line, "CHECK_STR_EQ(%s, %s) failed: \"%s\" != \"%s\"",
		  expr_a, expr_b, a ? a : "(null)", b ? b : "(null)");
	return 0;
}

int unit_failures(void) { return failures; }

/* Registration order across files is unspecified: sort by file and line. */
static int by_place(const void *a, const void *b)
{
	const unit_test_t *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	return c ? c : x->line - y->line;
}

/* 1 when the test passed. */
static int run(const unit_test_t *t)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("unit: fork");
		return 0;
	}
	if (pid == 0) {
		failures = 0;
		t->fn();
		fflush(stdout);
		_exit(failures ? 1 : 0);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("unit: waitpid");
		return 0;
	}
	if (WIFSIGNALED(status))
		printf("  %s: killed by signal %d\n", t->name,
		       WTERMSIG(status));
	else if (WEXITSTATUS(status) > 1)
		printf("  %s: exited with status %d\n", t->name,
		       WEXITSTATUS(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	qsort(tests, ntests, sizeof(tests[0]), by_place);
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (int i = 0; i < ntests; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int known = 0;
		for (int j = 0; j < ntests; j++)
			known |= strcmp(argv[i], tests[j].name) == 0;
		if (!known) {
			printf("  no test called %s\n", argv[i]);
			printf("host %s: FAIL\n", argv[i]);
			failed++;
		}
	}
	for (int i = 0; i < ntests; i++) {
		if (!wanted(tests[i].name, argc, argv))
			continue;
		int ok = run(&tests[i]);
		printf("host %s: %s\n", tests[i].name, ok ? "ok" : "FAIL");
		if (ok)
			passed++;
		else
			failed++;
	}
	printf("host: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
