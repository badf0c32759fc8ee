/* The canonical input mode programs' stdin reads (user/lib/pure_linedisc.c,
 * POSIX.1 "Canonical Mode Input Processing" with ICRNL, ECHO, ECHOE):
 * line ends, erase, kill, end of file, dropped control bytes, the line
 * limit, and what each byte echoes. */
#include <string.h>
#include "../../user/lib/pure_linedisc.h"
#include "unit.h"

static ld_t ld;
static char shown[4096];
static size_t shown_len;

/* Feeds s; returns the last result; the echo accumulates in shown. */
static enum ld_result feed(const char *s, size_t n)
{
	enum ld_result r = LD_MORE;
	for (size_t i = 0; i < n; i++) {
		char echo[LD_ECHO_MAX];
		uint32_t len = 99;
		r = ld_input(&ld, (uint8_t)s[i], echo, &len);
		if (len > LD_ECHO_MAX)
			return (enum ld_result) - 1;
		memcpy(shown + shown_len, echo, len);
		shown_len += len;
		if (r != LD_MORE && i + 1 != n)
			return (enum ld_result) - 2; /* ended early */
	}
	return r;
}

static void fresh(void)
{
	ld_init(&ld);
	shown_len = 0;
}

static int line_is(const char *want)
{
	return ld.len == strlen(want) && memcmp(ld.line, want, ld.len) == 0;
}

static int shown_is(const char *want)
{
	return shown_len == strlen(want) && memcmp(shown, want, shown_len) == 0;
}

UNIT_TEST(linedisc_cr_and_lf_end_a_line)
{
	fresh();
	CHECK_EQ(feed("count\r", 6), LD_LINE);
	CHECK(line_is("count\n"));
	CHECK(shown_is("count\n"));
	ld_next_line(&ld);
	CHECK_EQ(feed("x\n", 2), LD_LINE);
	CHECK(line_is("x\n"));
}

UNIT_TEST(linedisc_lf_after_cr_is_the_same_line_end)
{
	fresh();
	CHECK_EQ(feed("a\r", 2), LD_LINE);
	ld_next_line(&ld);
	CHECK_EQ(feed("\nb\n", 3), LD_LINE);
	CHECK(line_is("b\n")); /* no empty line between */
	ld_next_line(&ld);
	CHECK_EQ(feed("\n", 1), LD_LINE); /* an LF alone: an empty line */
	CHECK(line_is("\n"));
}

UNIT_TEST(linedisc_erase_and_kill)
{
	fresh();
	CHECK_EQ(feed("ab\x7f"
		      "c\b\bd\r",
		      8),
		 LD_LINE);
	CHECK(line_is("d\n"));
	CHECK(shown_is("ab\b \bc\b \b\b \bd\n"));
	fresh();
	CHECK_EQ(feed("\x7f\x7fz\n", 4), LD_LINE); /* erase on empty: nothing */
	CHECK(line_is("z\n"));
	CHECK(shown_is("z\n"));
	fresh();
	CHECK_EQ(feed("junk\x15ok\r", 8), LD_LINE);
	CHECK(line_is("ok\n"));
	CHECK(shown_is("junk^U\nok\n"));
}

UNIT_TEST(linedisc_ctrl_d_ends_file_or_line)
{
	fresh();
	CHECK_EQ(feed("\x04", 1), LD_EOF);
	CHECK(shown_is(""));
	fresh();
	CHECK_EQ(feed("part\x04", 5), LD_LINE); /* no '\n': read gets "part" */
	CHECK(line_is("part"));
}

UNIT_TEST(linedisc_control_bytes_dropped)
{
	fresh();
	/* an arrow key (ESC [ A), a bell, a NUL: only the printable tail */
	CHECK_EQ(feed("\x1b[A\x07\0a\tb\r", 9), LD_LINE);
	CHECK(line_is("[Aa\tb\n"));
	CHECK(shown_is("[Aa\tb\n"));
	fresh();
	CHECK_EQ(feed("\xc3\xa9\n", 3), LD_LINE); /* UTF-8 bytes kept */
	CHECK(line_is("\xc3\xa9\n"));
}

UNIT_TEST(linedisc_long_line_keeps_room_for_its_end)
{
	char big[LD_LINE_MAX + 50];
	fresh();
	memset(big, 'x', sizeof(big));
	CHECK_EQ(feed(big, sizeof(big)), LD_MORE);
	CHECK_EQ(ld.len, LD_LINE_MAX - 1);
	/* the bytes past the limit ring the bell instead of showing */
	CHECK(shown_len == LD_LINE_MAX - 1 + 51);
	CHECK(shown[shown_len - 1] == '\a');
	CHECK_EQ(feed("\r", 1), LD_LINE);
	CHECK_EQ(ld.len, LD_LINE_MAX);
	CHECK(ld.line[LD_LINE_MAX - 1] == '\n');
}
