/* --help and usage errors for the programs (see usage.h). Help goes to
 * stdout, errors to stderr (both reach the console). */
#include "usage.h"
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_usage_line(FILE *f, const usage_t *u)
{
	fprintf(f, "usage: %s%s%s\n", u->name, *u->synopsis ? " " : "",
		u->synopsis);
}

void usage_help(const usage_t *u, int argc, char **argv)
{
	if (argc < 2 ||
	    (strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "-h") != 0))
		return;
	usage_show(u);
	exit(0);
}

void usage_show(const usage_t *u)
{
	print_usage_line(stdout, u);
	printf("%s\n", u->about);
	if (u->suite)
		printf("%s is a test program (/test), run by the test suite as "
		       "%s;\nnot a user's tool: by hand it may lack the boot "
		       "modules, rights or peers it expects.\n",
		       u->name, u->suite);
}

void usage_error(const usage_t *u, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", u->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	print_usage_line(stderr, u);
	fprintf(stderr, "(%s --help says more)\n", u->name);
	exit(USAGE_EXIT);
}

void usage_count(const usage_t *u, int argc, char **argv, int min, int max)
{
	int n = argc - 1;

	if (n > max)
		usage_error(u, "unexpected argument '%s' (at most %d)",
			    argv[max + 1], max);
	if (n < min)
		usage_error(u, "%d argument%s given, %d wanted at least", n,
			    n == 1 ? "" : "s", min);
}

unsigned long usage_number(const usage_t *u, const char *what, const char *arg,
			   unsigned long min, unsigned long max)
{
	int hex = arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X');
	const char *digits = arg + (hex ? 2 : 0);
	char *end = NULL;
	unsigned long v;

	errno = 0;
	v = strtoul(digits, &end, hex ? 16 : 10);
	/* strtoul takes blanks, a sign and nothing at all: not here. */
	if (!(hex ? isxdigit((unsigned char)*digits)
		  : isdigit((unsigned char)*digits)) ||
	    *end || errno || v < min || v > max)
		usage_error(u,
			    hex ? "%s: '%s' is not a number from %#lx to %#lx"
				: "%s: '%s' is not a number from %lu to %lu",
			    what, arg, min, max);
	return v;
}

const char *usage_value(const char *arg, const char *key)
{
	size_t n = strlen(key);

	return strncmp(arg, key, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}
