/* args_split (kernel/lib/args.c), spawn's argument strings: plain words as
 * ever, backslashes and '...' carrying spaces, quotes and empty words, and
 * the malformed strings refused. */
#include <stdint.h>
#include <string.h>
#include "lib/args.h"
#include "uapi/errors.h"
#include "unit.h"

static char buf[128];
static uint32_t words[8];

/* Splits a copy of s; the words are at buf + words[i]. */
static int split(const char *s, int max)
{
	strcpy(buf, s);
	return args_split(buf, words, max);
}

#define WORD(i) (buf + words[i])

UNIT_TEST(args_plain_words)
{
	CHECK_EQ(split("hello a b", 8), 3);
	CHECK_STR_EQ(WORD(0), "hello");
	CHECK_STR_EQ(WORD(1), "a");
	CHECK_STR_EQ(WORD(2), "b");
	CHECK_EQ(split("  lead   and trail  ", 8), 3);
	CHECK_STR_EQ(WORD(0), "lead");
	CHECK_STR_EQ(WORD(1), "and");
	CHECK_STR_EQ(WORD(2), "trail");
	CHECK_EQ(split("", 8), 0);
	CHECK_EQ(split("    ", 8), 0);
	/* Tabs and other bytes are ordinary. */
	CHECK_EQ(split("a\tb \"c\"", 8), 2);
	CHECK_STR_EQ(WORD(0), "a\tb");
	CHECK_STR_EQ(WORD(1), "\"c\"");
}

UNIT_TEST(args_quoted)
{
	CHECK_EQ(split("hello a\\ \\ b \\\\ \\'", 8), 4);
	CHECK_STR_EQ(WORD(1), "a  b");
	CHECK_STR_EQ(WORD(2), "\\");
	CHECK_STR_EQ(WORD(3), "'");
	CHECK_EQ(split("x '' 'a  b'c '\\' ''''", 8), 5);
	CHECK_STR_EQ(WORD(1), "");
	CHECK_STR_EQ(WORD(2), "a  bc");
	CHECK_STR_EQ(WORD(3), "\\"); /* no escapes inside '...' */
	CHECK_STR_EQ(WORD(4), "");
	CHECK_EQ(split("''", 8), 1);
	CHECK_STR_EQ(WORD(0), "");
}

UNIT_TEST(args_refused)
{
	CHECK_EQ(split("a 'open", 8), -ERR_INVAL);
	CHECK_EQ(split("a '", 8), -ERR_INVAL);
	CHECK_EQ(split("a b\\", 8), -ERR_INVAL);
	CHECK_EQ(split("\\", 8), -ERR_INVAL);
	CHECK_EQ(split("a b c", 2), -ERR_2BIG);
	CHECK_EQ(split("a b", 2), 2);
	CHECK_EQ(split("a b ", 2), 2); /* trailing blanks are no word */
}
