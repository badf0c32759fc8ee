/* fmt_snprintf against the host C library's snprintf: hand-picked cases, a
 * seeded random sweep of conversion specifications, and truncation. */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "lib/fmt.h"
#include "unit.h"

#define BUF 512
#define SENTINEL 0x5a

/* Formats with fmt_vsnprintf into buf (size bytes usable) and checks that the
 * bytes from size on were left alone. Returns the result. */
static int fmt_into(char *buf, size_t size, const char *fmt, va_list ap)
{
	memset(buf, SENTINEL, BUF);
	int n = fmt_vsnprintf(size ? buf : NULL, size, fmt, ap);
	for (size_t i = size; i < BUF; i++)
		if ((unsigned char)buf[i] != SENTINEL)
			return INT_MIN;
	return n;
}

/* Compares fmt and libc on one format at several buffer sizes. */
static void same_vlibc(const char *file, int line, const char *fmt, va_list ap)
{
	char want[BUF], got[BUF];
	va_list aq;
	va_copy(aq, ap);
	int len = vsnprintf(want, BUF, fmt, aq);
	va_end(aq);
	if (len < 0 || len >= BUF - 1) {
		unit_fail(file, line, "format \"%s\": libc gave %d", fmt, len);
		return;
	}
	size_t sizes[] = {0,
			  1,
			  2,
			  (size_t)len / 2,
			  (size_t)len,
			  (size_t)len + 1,
			  (size_t)len + 2,
			  BUF - 1};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t size = sizes[i];
		va_copy(aq, ap);
		int n = fmt_into(got, size, fmt, aq);
		va_end(aq);
		size_t keep = (size_t)len;
		if (size == 0)
			keep = 0;
		else if (keep > size - 1)
			keep = size - 1;
		int ok = n == len;
		if (size > 0)
			ok = ok && memcmp(got, want, keep) == 0 &&
			     got[keep] == '\0';
		if (!ok) {
			unit_fail(file, line,
				  "format \"%s\" size %zu: got \"%.*s\" (%d), "
				  "want \"%.*s\" (%d)",
				  fmt, size, (int)keep, got, n, (int)keep, want,
				  len);
			return;
		}
	}
}

/* Checked by the compiler like printf. */
static void same_as_libc(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void same_as_libc(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	same_vlibc(file, line, fmt, ap);
	va_end(ap);
}

/* Not checked: for well-defined formats the compiler warns about (flags C
 * says are ignored, a NULL string, an empty format). */
static void same_unchecked(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	same_vlibc(file, line, fmt, ap);
	va_end(ap);
}

#define SAME(...) same_as_libc(__FILE__, __LINE__, __VA_ARGS__)
#define SAME_UNCHECKED(...) same_unchecked(__FILE__, __LINE__, __VA_ARGS__)

UNIT_TEST(fmt_plain_text)
{
	SAME_UNCHECKED("");
	SAME("hello, world");
	SAME("100%% sure %%");
	SAME("%%%%");
}

UNIT_TEST(fmt_signed)
{
	SAME("%d %i", 0, -0);
	SAME("%d|%d|%d", 1, -1, 42);
	SAME("%d %d", INT_MAX, INT_MIN);
	SAME("%5d|%-5d|%05d|%+d|% d|%+05d|% 05d", -7, -7, -7, 7, 7, 7, 7);
	SAME_UNCHECKED("%+d % d %+ d", 0, 0, 0);
	SAME("%.0d|%.0d|%+.0d|% .0d|%5.0d|", 0, 1, 0, 0, 0);
	SAME_UNCHECKED("%.5d|%8.5d|%-8.5d|%08.5d|%+.3d", -42, -42, 42, 42, 7);
	SAME_UNCHECKED("%-+8d|%-08d|%0-8d", 42, 42, -42);
	SAME("%ld %ld %ld", 0L, LONG_MAX, LONG_MIN);
	SAME("%lld %lld %lli", LLONG_MAX, LLONG_MIN, -1LL);
	SAME("%hd %hd %hd", 32767, 32768, -32769);
	SAME("%hhd %hhd %hhd %hhi", 127, 128, 255, -129);
	SAME("%zd %zd", (ptrdiff_t)-1, (ptrdiff_t)PTRDIFF_MAX);
	SAME("%30d|%-30lld|%030ld", 123, LLONG_MIN, LONG_MIN);
	SAME("%.30d|%40.30lld", -1, LLONG_MIN);
}

UNIT_TEST(fmt_unsigned)
{
	SAME("%u %u %u", 0u, 1u, UINT_MAX);
	SAME("%o %o %o %#o %#o %#o", 0u, 8u, UINT_MAX, 0u, 8u, 01u);
	SAME("%#.0o|%.0o|%#.3o|%#5o|%#-5o|%#05o|", 0u, 0u, 8u, 0u, 8u, 8u);
	SAME("%#.1o|%#.2o|%#8.3o", 8u, 8u, 0u);
	SAME("%x %X %x %X", 0u, 0u, 0xdeadbeefu, 0xdeadbeefu);
	SAME("%#x %#X %#x %#X", 0u, 0u, 255u, 255u);
	SAME_UNCHECKED("%#08x|%#-8x|%#8x|%#.6x|%#010.6X|%08.3x", 255u, 255u,
		       255u, 255u, 255u, 255u);
	SAME("%#.0x|%.0x|%#5.0x|%#5x", 0u, 0u, 0u, 0u);
	SAME_UNCHECKED("%+u % u %+x % X %+o", 5u, 5u, 5u, 5u, 5u);
	SAME("%lu %lx %lo %lX", ULONG_MAX, ULONG_MAX, ULONG_MAX, ULONG_MAX);
	SAME("%llu %llx %llo", ULLONG_MAX, ULLONG_MAX, ULLONG_MAX);
	SAME("%#llo %#llx %#llX", ULLONG_MAX, 1ULL << 63, 1ULL << 32);
	SAME("%hu %hx %ho", 65535u, 0x12345u, 65536u);
	SAME("%hhu %hhx %hho %#hhx", 255u, 0x1ffu, 256u, 0x180u);
	SAME("%zu %zx %zo", SIZE_MAX, (size_t)0x1234, (size_t)0);
	SAME("%5u|%-5u|%05u|%.3u|%8.3x|%-#8.3o|", 7u, 7u, 7u, 7u, 7u, 7u);
}

UNIT_TEST(fmt_chars_and_strings)
{
	SAME("%c%c%c", 'a', ' ', '~');
	SAME("%c|%5c|%-5c|", 'x', 'y', 'z');
	SAME("[%c]", 0x80 | 'A');
	SAME("a%cb", 0);
	SAME("%s|%s|", "", "abc");
	SAME("%5s|%-5s|%2s|%.2s|%.0s|%.10s|", "abc", "abc", "abc", "abc", "abc",
	     "abc");
	SAME("%8.2s|%-8.2s|%*s|%-*s|", "abcdef", "abcdef", 6, "ab", 6, "ab");
	SAME_UNCHECKED("%s", (char *)NULL);
	SAME_UNCHECKED("%10s|%-10s|", (char *)NULL, (char *)NULL);
	SAME("%.*s|%.*s|", 2, "abcdef", -1, "abcdef");
}

UNIT_TEST(fmt_pointers)
{
	int x;
	SAME("%p", (void *)&x);
	SAME("%p %p", (void *)1, (void *)UINTPTR_MAX);
	SAME("%p|%20p|%-20p|", (void *)0xc0000000u, (void *)0xc0000000u,
	     (void *)0xc0000000u);
	SAME("%p|%10p|%-10p|%3p|", NULL, NULL, NULL, NULL);
}

UNIT_TEST(fmt_star_width_and_precision)
{
	SAME("%*d|%-*d|%*d|", 5, 42, 5, 42, -5, 42);
	SAME("%.*d|%.*d|%.*d|", 3, 7, 0, 0, -2, 0);
	SAME("%*.*d|%*.*x|", 8, 4, -3, -8, 4, 0xabu);
	SAME_UNCHECKED("%0*d|%0*.*d|%0.*d|", 6, -3, 6, -1, -3, -1, 9);
	SAME("%*c|%*s|%*p|", -3, 'q', 0, "s", -12, (void *)0x1234);
	SAME_UNCHECKED("%0*x|%-0*x|", 6, 0xfu, 6, 0xfu);
}

UNIT_TEST(fmt_several_conversions)
{
	SAME("a=%d b=%s c=%c d=%x e=%llu f=%p g=%%", -1, "str", 'c', 0x1fu,
	     12345678901234ULL, (void *)0x10);
	SAME("%hhd %d %hd %d %ld %d %lld %d %zu %d", 300, 1, 70000, 2, -3L, 3,
	     -4LL, 4, (size_t)5, 5);
	SAME("%s%s%s%d%c", "x", "", "yz", 0, '!');
}

UNIT_TEST(fmt_long_width)
{
	SAME("%400d|", 1);
	SAME("%-300s|", "left");
	SAME("%.450u|", 9u);
}

UNIT_TEST(fmt_truncation)
{
	char buf[8];
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(fmt_snprintf(buf, 0, "%d", 12345), 5);
	CHECK_EQ(buf[0], 'Z');
	CHECK_EQ(fmt_snprintf(NULL, 0, "%s-%d", "abc", 7), 5);
	CHECK_EQ(fmt_snprintf(buf, 1, "%d", 12345), 5);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'Z');
	CHECK_EQ(fmt_snprintf(buf, 5, "%d", 1234), 4); /* exact fit */
	CHECK_STR_EQ(buf, "1234");
	CHECK_EQ(buf[5], 'Z');
	CHECK_EQ(fmt_snprintf(buf, 4, "%d", 1234), 4); /* one short */
	CHECK_STR_EQ(buf, "123");
	CHECK_EQ(fmt_snprintf(buf, sizeof(buf), "%s", ""), 0);
	CHECK_STR_EQ(buf, "");
	CHECK_EQ(fmt_snprintf(buf, sizeof(buf), "%20s", "x"), 20);
	CHECK_STR_EQ(buf, "       ");
}

/* --- the random sweep ---------------------------------------------------- */

typedef enum arg_kind {
	ARG_INT,
	ARG_UINT,
	ARG_LONG,
	ARG_ULONG,
	ARG_LLONG,
	ARG_ULLONG,
	ARG_SSIZE,
	ARG_SIZE,
	ARG_STR,
	ARG_PTR,
} arg_kind_t;

typedef struct spec {
	char fmt[64];
	int star_width, star_prec; /* 1 when the spec takes that argument */
	int width, prec;
	arg_kind_t kind;
	union {
		int i;
		unsigned u;
		long l;
		unsigned long ul;
		long long ll;
		unsigned long long ull;
		ptrdiff_t sz;
		size_t usz;
		const char *s;
		void *p;
	} v;
} spec_t;

typedef int (*snprintf_fn)(char *, size_t, const char *, ...);

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int rand_below(int n) { return (int)(next_rand() % (uint64_t)n); }

/* A value with interesting magnitudes: small, extreme or random bits. */
static unsigned long long rand_bits(void)
{
	switch (rand_below(6)) {
	case 0: return (unsigned long long)rand_below(3); /* 0, 1, 2 */
	case 1: return ~0ull - (unsigned long long)rand_below(2);
	case 2: return 1ull << rand_below(64);
	case 3: return (1ull << rand_below(64)) - 1;
	case 4: return next_rand() >> rand_below(64);
	default: return next_rand();
	}
}

static const char *const strings[] = {
    "",
    "a",
    "hello",
    "with space",
    "0123456789abcdef",
    "%d not a format",
    "a much longer string that goes past most widths used here",
};

/* A trailing "|%d" checks that the right number of arguments was used. */
#define TAIL 12345

static int call(snprintf_fn f, char *buf, size_t size, const spec_t *s)
{
#define CALL_WITH(v)                                                           \
	(s->star_width && s->star_prec                                         \
	     ? f(buf, size, s->fmt, s->width, s->prec, v, TAIL)                \
	 : s->star_width ? f(buf, size, s->fmt, s->width, v, TAIL)             \
	 : s->star_prec	 ? f(buf, size, s->fmt, s->prec, v, TAIL)              \
			 : f(buf, size, s->fmt, v, TAIL))
	switch (s->kind) {
	case ARG_INT: return CALL_WITH(s->v.i);
	case ARG_UINT: return CALL_WITH(s->v.u);
	case ARG_LONG: return CALL_WITH(s->v.l);
	case ARG_ULONG: return CALL_WITH(s->v.ul);
	case ARG_LLONG: return CALL_WITH(s->v.ll);
	case ARG_ULLONG: return CALL_WITH(s->v.ull);
	case ARG_SSIZE: return CALL_WITH(s->v.sz);
	case ARG_SIZE: return CALL_WITH(s->v.usz);
	case ARG_STR: return CALL_WITH(s->v.s);
	case ARG_PTR: return CALL_WITH(s->v.p);
	}
#undef CALL_WITH
	return -1;
}

/* Builds one random, fully defined conversion specification. */
static void random_spec(spec_t *s)
{
	static const char convs[] = "diuoxXcsp";
	static const char *const lengths[] = {"", "hh", "h", "l", "ll", "z"};
	char conv = convs[rand_below(sizeof(convs) - 1)];
	int integer = strchr("diuoxX", conv) != NULL;
	int is_signed = conv == 'd' || conv == 'i';
	const char *allowed = integer ? "-+ 0" : conv == 'p' ? "-" : "-+ ";
	char *f = s->fmt;
	memset(s, 0, sizeof(*s));
	f = s->fmt;

	if (rand_below(2))
		*f++ = 'A' + rand_below(26); /* some text before */
	*f++ = '%';
	for (int n = rand_below(4); n > 0; n--)
		*f++ = allowed[rand_below((int)strlen(allowed))];
	if (strchr("oxX", conv) && rand_below(2))
		*f++ = '#';
	switch (rand_below(4)) {
	case 0: break;
	case 1:
		s->star_width = 1;
		s->width = rand_below(61) - 30;
		*f++ = '*';
		break;
	default: f += sprintf(f, "%d", rand_below(32)); break;
	}
	if (conv != 'c' && conv != 'p') {
		switch (rand_below(5)) {
		case 0:
		case 1: break;
		case 2: *f++ = '.'; break;
		case 3:
			s->star_prec = 1;
			s->prec = rand_below(36) - 5;
			f += sprintf(f, ".*");
			break;
		default: f += sprintf(f, ".%d", rand_below(32)); break;
		}
	}
	int length = integer ? rand_below(6) : 0;
	f += sprintf(f, "%s%c|%%d", lengths[length], conv);

	unsigned long long bits = rand_bits();
	switch (conv) {
	case 'c':
		s->kind = ARG_INT;
		s->v.i = (int)(bits & 0xff);
		return;
	case 's':
		s->kind = ARG_STR;
		s->v.s =
		    strings[rand_below(sizeof(strings) / sizeof(strings[0]))];
		return;
	case 'p':
		s->kind = ARG_PTR;
		s->v.p = (void *)(uintptr_t)bits;
		return;
	}
	switch (length) {
	case 3: s->kind = is_signed ? ARG_LONG : ARG_ULONG; break;
	case 4: s->kind = is_signed ? ARG_LLONG : ARG_ULLONG; break;
	case 5: s->kind = is_signed ? ARG_SSIZE : ARG_SIZE; break;
	default: s->kind = is_signed ? ARG_INT : ARG_UINT; break;
	}
	/* Same bits in every member; each reads its own width of them. */
	switch (s->kind) {
	case ARG_INT: s->v.i = (int)bits; break;
	case ARG_UINT: s->v.u = (unsigned)bits; break;
	case ARG_LONG: s->v.l = (long)bits; break;
	case ARG_ULONG: s->v.ul = (unsigned long)bits; break;
	case ARG_LLONG: s->v.ll = (long long)bits; break;
	case ARG_ULLONG: s->v.ull = bits; break;
	case ARG_SSIZE: s->v.sz = (ptrdiff_t)bits; break;
	case ARG_SIZE: s->v.usz = (size_t)bits; break;
	default: break;
	}
}

UNIT_TEST(fmt_random_sweep)
{
	enum { CASES = 20000, MAX_REPORTS = 10 };
	char want[BUF], got[BUF];
	for (int i = 0; i < CASES && unit_failures() < MAX_REPORTS; i++) {
		spec_t s;
		random_spec(&s);
		int len = call(snprintf, want, sizeof(want), &s);
		CHECK(len >= 0 && len < BUF);
		/* The whole output, then a random truncation of it. */
		size_t sizes[2] = {BUF, (size_t)rand_below(len + 2)};
		for (int k = 0; k < 2; k++) {
			memset(got, SENTINEL, sizeof(got));
			int n = call(fmt_snprintf, sizes[k] ? got : NULL,
				     sizes[k], &s);
			size_t keep = sizes[k] == 0 ? 0
				      : (size_t)len < sizes[k] - 1
					  ? (size_t)len
					  : sizes[k] - 1;
			int ok = n == len;
			if (sizes[k])
				ok = ok && memcmp(got, want, keep) == 0 &&
				     got[keep] == '\0';
			for (size_t j = sizes[k]; ok && j < BUF; j++)
				ok = (unsigned char)got[j] == SENTINEL;
			if (!ok) {
				unit_fail(__FILE__, __LINE__,
					  "case %d \"%s\" (width %d prec %d) "
					  "size %zu: got \"%.*s\" (%d), want "
					  "\"%.*s\" (%d)",
					  i, s.fmt, s.width, s.prec, sizes[k],
					  (int)keep, got, n, (int)keep, want,
					  len);
				break;
			}
		}
	}
}

/* The sink form: every character reaches the sink, count returned. */
typedef struct collect {
	char text[64];
	int n;
} collect_t;

static void collect_sink(void *ctx, char c)
{
	collect_t *col = ctx;
	if (col->n < (int)sizeof(col->text) - 1)
		col->text[col->n] = c;
	col->n++;
}

static int format_to(collect_t *col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	memset(col, 0, sizeof(*col));
	int n = fmt_vformat(collect_sink, col, fmt, ap);
	va_end(ap);
	return n;
}

UNIT_TEST(fmt_vformat_sink)
{
	collect_t col;
	CHECK_EQ(format_to(&col, "%s=%d%c", "x", -5, 0), 5);
	CHECK_EQ(col.n, 5);
	CHECK(memcmp(col.text, "x=-5\0", 5) == 0);
	CHECK_EQ(format_to(&col, ""), 0);
	CHECK_EQ(col.n, 0);
}
