/* Exercises newlib over the Lavender glue: the heap (sbrk), stdio formatting,
 * number parsing, qsort, the clock and the BSD socket layer (sockets.c). Each
 * check prints one result line; the last line is the summary and the exit
 * status is the number of failures. */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "../lib/usage.h"
#include "sockets.h"

#define MALLOC_SLOTS 48
#define MALLOC_OPS 4000
#define MALLOC_MAX_SHIFT 18 /* sizes up to 256 KiB */
#define SORT_COUNT 10000
#define EPOCH_2020 1577836800L

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/* Each check returns NULL on success or a static description of the failure. */
typedef const char *(*check_fn)(void);

static char why[160];

static const char *failf(const char *what, const char *got, const char *want)
{
	snprintf(why, sizeof(why), "%s: got \"%s\", want \"%s\"", what, got,
		 want);
	return why;
}

static uint8_t pattern(unsigned slot, size_t i)
{
	return (uint8_t)(slot * 31 + i * 7 + (i >> 8));
}

static int pattern_ok(const uint8_t *p, unsigned slot, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (p[i] != pattern(slot, i))
			return 0;
	return 1;
}

/* Random allocations and frees, 1 B .. 256 KiB, each block filled with a
 * pattern checked before it is freed (or grown with realloc). */
static const char *check_malloc(void)
{
	static uint8_t *block[MALLOC_SLOTS];
	static size_t size[MALLOC_SLOTS];
	const char *err = NULL;

	for (int op = 0; op < MALLOC_OPS && !err; op++) {
		unsigned s = rng() % MALLOC_SLOTS;
		if (block[s]) {
			if (!pattern_ok(block[s], s, size[s]))
				err = "pattern overwritten";
			free(block[s]);
			block[s] = NULL;
			continue;
		}
		size_t n = 1 + rng() % (1u << (rng() % (MALLOC_MAX_SHIFT + 1)));
		block[s] = malloc(n);
		if (!block[s]) {
			snprintf(why, sizeof(why), "malloc(%lu) failed",
				 (unsigned long)n);
			err = why;
			break;
		}
		size[s] = n;
		for (size_t i = 0; i < n; i++)
			block[s][i] = pattern(s, i);
	}
	for (unsigned s = 0; s < MALLOC_SLOTS; s++) {
		if (block[s] && !err && !pattern_ok(block[s], s, size[s]))
			err = "pattern overwritten at the end";
		free(block[s]);
		block[s] = NULL;
	}
	return err;
}

static const char *check_realloc(void)
{
	char *p = malloc(16);

	if (!p)
		return "malloc(16) failed";
	strcpy(p, "lavender");
	for (size_t n = 32; n <= 256 * 1024; n *= 2) {
		char *q = realloc(p, n);
		if (!q) {
			free(p);
			return "realloc failed";
		}
		p = q;
		if (strcmp(p, "lavender") != 0) {
			free(p);
			return "contents lost";
		}
		memset(p + 9, 'x', n - 9);
	}
	free(p);
	return NULL;
}

/* A request past the heap region fails cleanly with ENOMEM. */
static const char *check_malloc_huge(void)
{
	errno = 0;
	void *p = malloc(1024u << 20);
	if (p) {
		free(p);
		return "malloc(1 GiB) succeeded";
	}
	if (errno != ENOMEM)
		return "errno is not ENOMEM";
	p = malloc(100);
	if (!p)
		return "malloc(100) failed afterwards";
	free(p);
	return NULL;
}

struct format_case {
	const char *want;
	const char *got;
};

static const char *check_formats(const struct format_case *c, int n,
				 const char *what)
{
	for (int i = 0; i < n; i++)
		if (strcmp(c[i].got, c[i].want) != 0)
			return failf(what, c[i].got, c[i].want);
	return NULL;
}

static const char *check_printf_int(void)
{
	static char b[6][32];

	snprintf(b[0], 32, "%d", -42);
	snprintf(b[1], 32, "%u", 4294967295u);
	snprintf(b[2], 32, "%x %X %o", 48879, 48879, 8);
	snprintf(b[3], 32, "[%5d|%-5d|%05d]", 42, 42, 42);
	snprintf(b[4], 32, "%ld %+d", -2147483647L - 1, 7);
	snprintf(b[5], 32, "%#x %c%c", 255, 'o', 'k');
	const struct format_case c[] = {
	    {"-42", b[0]},
	    {"4294967295", b[1]},
	    {"beef BEEF 10", b[2]},
	    {"[   42|42   |00042]", b[3]},
	    {"-2147483648 +7", b[4]},
	    {"0xff ok", b[5]},
	};
	return check_formats(c, 6, "printf int");
}

/* C99 and long-long formats (newlib built with them): a %lld that printed
 * only the low half shifted every later argument. */
static const char *check_printf_c99(void)
{
	static char b[4][48];

	snprintf(b[0], 48, "%lld %s", -1234567890123LL, "next");
	snprintf(b[1], 48, "%llu %llx", 18446744073709551615ULL,
		 0x123456789abcdefULL);
	snprintf(b[2], 48, "%zu %zd %s", (size_t)4096, (ssize_t)-5, "ok");
	snprintf(b[3], 48, "%jd %hhd %td", (intmax_t)-9, (signed char)300,
		 (ptrdiff_t)12);
	const struct format_case c[] = {
	    {"-1234567890123 next", b[0]},
	    {"18446744073709551615 123456789abcdef", b[1]},
	    {"4096 -5 ok", b[2]},
	    {"-9 44 12", b[3]},
	};
	return check_formats(c, 4, "printf C99");
}

static const char *check_printf_float(void)
{
	static char b[6][32];

	snprintf(b[0], 32, "%.3f", 3.14159);
	snprintf(b[1], 32, "%e", 12345.678);
	snprintf(b[2], 32, "%g %g", 0.0001, 1e-5);
	snprintf(b[3], 32, "%g", 123456789.0);
	snprintf(b[4], 32, "[%8.2f|%-8.1f]", -2.5, 0.25);
	snprintf(b[5], 32, "%.0f %.1f", 2.5, 1e10);
	const struct format_case c[] = {
	    {"3.142", b[0]},
	    {"1.234568e+04", b[1]},
	    {"0.0001 1e-05", b[2]},
	    {"1.23457e+08", b[3]},
	    {"[   -2.50|0.2     ]", b[4]},
	    {"2 10000000000.0", b[5]},
	};
	return check_formats(c, 6, "printf float");
}

static const char *check_printf_string(void)
{
	static char b[4][48];

	snprintf(b[0], 48, "[%10s|%-10s]", "right", "left");
	snprintf(b[1], 48, "[%.3s|%5.2s]", "abcdef", "xyz");
	snprintf(b[2], 48, "%s=%d%%", "load", 99);
	int n = snprintf(b[3], 8, "%s", "truncated output");
	const struct format_case c[] = {
	    {"[     right|left      ]", b[0]},
	    {"[abc|   xy]", b[1]},
	    {"load=99%", b[2]},
	    {"truncat", b[3]},
	};
	if (n != 16)
		return "snprintf did not return the full length";
	return check_formats(c, 4, "printf string");
}

struct parse_case {
	const char *text;
	int base;
	long want;
	int consumed;
};

static const char *check_strtol(void)
{
	static const struct parse_case c[] = {
	    {"12345", 10, 12345, 5},
	    {"-77", 10, -77, 3},
	    {"0x1A", 16, 26, 4},
	    {"1A", 16, 26, 2},
	    {"0x1f", 0, 31, 4},
	    {"0777", 0, 511, 4},
	    {"-101", 2, -5, 4},
	    {"zz", 36, 1295, 2},
	    {"  42abc", 10, 42, 4},
	    {"+9", 0, 9, 2},
	    {"2147483647", 10, LONG_MAX, 10},
	};
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *end;
		long v = strtol(c[i].text, &end, c[i].base);
		if (v != c[i].want || end - c[i].text != c[i].consumed) {
			snprintf(why, sizeof(why),
				 "strtol(\"%s\", %d) = %ld, used %d", c[i].text,
				 c[i].base, v, (int)(end - c[i].text));
			return why;
		}
	}
	errno = 0;
	if (strtol("99999999999", NULL, 10) != LONG_MAX || errno != ERANGE)
		return "strtol overflow: no LONG_MAX/ERANGE";
	return NULL;
}

static const char *check_strtoul(void)
{
	char *end;

	if (strtoul("4294967295", NULL, 10) != 4294967295ul)
		return "strtoul max";
	if (strtoul("ffffffff", NULL, 16) != 0xfffffffful)
		return "strtoul hex";
	if (strtoul("0b", &end, 0) != 0 || *end != 'b')
		return "strtoul \"0b\" base 0";
	if (strtoul("7654321", NULL, 8) != 07654321ul)
		return "strtoul octal";
	errno = 0;
	if (strtoul("4294967296", NULL, 10) != ULONG_MAX || errno != ERANGE)
		return "strtoul overflow: no ULONG_MAX/ERANGE";
	return NULL;
}

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static const char *check_qsort(void)
{
	int *v = malloc(SORT_COUNT * sizeof(int));
	uint32_t sum_before = 0, sum_after = 0;
	const char *err = NULL;

	if (!v)
		return "malloc failed";
	for (int i = 0; i < SORT_COUNT; i++) {
		v[i] = (int)(rng() ^ (rng() << 16));
		sum_before += (uint32_t)v[i];
	}
	qsort(v, SORT_COUNT, sizeof(int), compare_ints);
	for (int i = 0; i < SORT_COUNT; i++) {
		sum_after += (uint32_t)v[i];
		if (i > 0 && v[i - 1] > v[i] && !err)
			err = "not sorted";
	}
	if (!err && sum_before != sum_after)
		err = "elements changed";
	free(v);
	return err;
}

static const char *check_time(void)
{
	struct timeval tv;
	time_t now = time(NULL);

	if (now < EPOCH_2020) {
		snprintf(why, sizeof(why), "time() = %ld, before 2020",
			 (long)now);
		return why;
	}
	if (gettimeofday(&tv, NULL) != 0)
		return "gettimeofday failed";
	if (tv.tv_sec < now || tv.tv_sec > now + 2 || tv.tv_usec < 0 ||
	    tv.tv_usec >= 1000000)
		return "gettimeofday disagrees with time()";
	if (clock() == (clock_t)-1)
		return "clock() failed";
	return NULL;
}

/* The glue's errors reach errno: no files exist yet, the console cannot
 * seek, stdin cannot be written. */
static const char *check_errno(void)
{
	errno = 0;
	if (open("/no/such/file", O_RDONLY) != -1 || errno != ENOENT)
		return "open did not fail with ENOENT";
	errno = 0;
	if (lseek(1, 0, SEEK_SET) != -1 || errno != ESPIPE)
		return "lseek(stdout) did not fail with ESPIPE";
	errno = 0;
	if (write(0, "x", 1) != -1 || errno != EBADF)
		return "write(stdin) did not fail with EBADF";
	errno = 0;
	if (isatty(57) != 0 || errno != EBADF)
		return "isatty(57) did not fail with EBADF";
	errno = 0;
	if (kill(getpid(), -1) != -1 || errno != EINVAL)
		return "kill(self, -1) did not fail with EINVAL";
	errno = 0;
	if (kill(getpid(), 4096) != -1 || errno != EINVAL)
		return "kill(self, 4096) did not fail with EINVAL";
	errno = 0;
	if (kill(0, SIGTERM) != -1 || errno != ESRCH)
		return "kill(0, SIGTERM) did not fail with ESRCH";
	return NULL;
}

static const struct {
	const char *name;
	check_fn fn;
} checks[] = {
    {"malloc", check_malloc},
    {"realloc", check_realloc},
    {"malloc_huge", check_malloc_huge},
    {"printf_int", check_printf_int},
    {"printf_c99", check_printf_c99},
    {"printf_float", check_printf_float},
    {"printf_string", check_printf_string},
    {"strtol", check_strtol},
    {"strtoul", check_strtoul},
    {"qsort", check_qsort},
    {"time", check_time},
    {"errno", check_errno},
    {"inet", check_inet},
    {"socket_errors", check_socket_errors},
    {"poll", check_poll},
};

static const usage_t usage = {
    "libctest", "",
    "newlib over the Lavender glue: malloc, printf with floats, "
    "strtol,\nqsort, time, the BSD socket layer without net. One line per "
    "check;\nexits with the failures.",
    "proc.libctest"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	int passed = 0, failed = 0;

	for (unsigned i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const char *err = checks[i].fn();
		if (err) {
			printf("libctest %s: FAIL %s\n", checks[i].name, err);
			failed++;
		} else {
			printf("libctest %s: ok\n", checks[i].name);
			passed++;
		}
	}
	printf("libctest: %d passed, %d failed\n", passed, failed);
	return failed;
}
