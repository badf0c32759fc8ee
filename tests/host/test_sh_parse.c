/* The shell's command-line language (user/sh/pure_parse.c): words, quotes,
 * $?, a final &, the malformed lines refused, partial lines for Tab, and
 * parse_join's argument strings, which the kernel's args_split must turn
 * back into the same argv. */
#include <stdint.h>
#include <string.h>
#include "../../user/sh/pure_parse.h"
#include "lib/args.h"
#include "uapi/errors.h"
#include "unit.h"

static sh_cmd_t cmd;

UNIT_TEST(sh_parse_words)
{
	CHECK_EQ(parse_line("  echo  a\tb  ", 0, &cmd), 0);
	CHECK_EQ(cmd.argc, 3);
	CHECK_STR_EQ(cmd.argv[0], "echo");
	CHECK_STR_EQ(cmd.argv[1], "a");
	CHECK_STR_EQ(cmd.argv[2], "b");
	CHECK(cmd.argv[3] == NULL);
	CHECK_EQ(cmd.background, 0);
	CHECK_EQ(parse_line("", 0, &cmd), 0);
	CHECK_EQ(cmd.argc, 0);
	CHECK_EQ(parse_line(" \t ", 0, &cmd), 0);
	CHECK_EQ(cmd.argc, 0);
}

UNIT_TEST(sh_parse_quotes)
{
	CHECK_EQ(parse_line("echo \"a  b\" 'x y' z", 0, &cmd), 0);
	CHECK_EQ(cmd.argc, 4);
	CHECK_STR_EQ(cmd.argv[1], "a  b");
	CHECK_STR_EQ(cmd.argv[2], "x y");
	CHECK_STR_EQ(cmd.argv[3], "z");
	/* '...' is literal; "..." knows \" \\ \$ only; quotes inside words. */
	CHECK_EQ(
	    parse_line("e '\\\"$?' \"\\\" \\\\ \\$ \\n\" a'b c'd", 7, &cmd), 0);
	CHECK_EQ(cmd.argc, 4);
	CHECK_STR_EQ(cmd.argv[1], "\\\"$?");
	CHECK_STR_EQ(cmd.argv[2], "\" \\ $ \\n");
	CHECK_STR_EQ(cmd.argv[3], "ab cd");
	/* Backslashes outside quotes take any byte. */
	CHECK_EQ(parse_line("e a\\ b \\'\\\"\\\\ \\x", 0, &cmd), 0);
	CHECK_EQ(cmd.argc, 4);
	CHECK_STR_EQ(cmd.argv[1], "a b");
	CHECK_STR_EQ(cmd.argv[2], "'\"\\");
	CHECK_STR_EQ(cmd.argv[3], "x");
	/* Empty words. */
	CHECK_EQ(parse_line("e '' \"\" x''", 0, &cmd), 0);
	CHECK_EQ(cmd.argc, 4);
	CHECK_STR_EQ(cmd.argv[1], "");
	CHECK_STR_EQ(cmd.argv[2], "");
	CHECK_STR_EQ(cmd.argv[3], "x");
}

UNIT_TEST(sh_parse_status_and_background)
{
	CHECK_EQ(parse_line("echo x$?y \"[$?]\" '$?' \\$?", 130, &cmd), 0);
	CHECK_EQ(cmd.argc, 5);
	CHECK_STR_EQ(cmd.argv[1], "x130y");
	CHECK_STR_EQ(cmd.argv[2], "[130]");
	CHECK_STR_EQ(cmd.argv[3], "$?");
	CHECK_STR_EQ(cmd.argv[4], "$?");
	CHECK_EQ(parse_line("spin a &  ", 0, &cmd), 0);
	CHECK_EQ(cmd.background, 1);
	CHECK_EQ(cmd.argc, 2);
	CHECK_EQ(parse_line("spin a&", 0, &cmd), 0);
	CHECK_EQ(cmd.background, 1);
	CHECK_STR_EQ(cmd.argv[1], "a");
	/* A quoted or escaped &, or one with more after it, is a byte. */
	CHECK_EQ(parse_line("e '&' \\& a&b & x", 0, &cmd), 0);
	CHECK_EQ(cmd.background, 0);
	CHECK_EQ(cmd.argc, 6);
	CHECK_STR_EQ(cmd.argv[1], "&");
	CHECK_STR_EQ(cmd.argv[2], "&");
	CHECK_STR_EQ(cmd.argv[3], "a&b");
	CHECK_STR_EQ(cmd.argv[4], "&");
	CHECK_EQ(parse_line("e \"&\"", 0, &cmd), 0);
	CHECK_EQ(cmd.background, 0);
	CHECK_EQ(parse_line("&", 0, &cmd), 0);
	CHECK_EQ(cmd.argc, 0);
	CHECK_EQ(cmd.background, 1);
}

UNIT_TEST(sh_parse_refused)
{
	const char *bad[] = {"echo 'a b", "echo \"a b", "echo a\\",  "'",
			     "\"\\\"",	  "e 'x'\"y",	"e \"'\\\"'"};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(parse_line(bad[i], 0, &cmd), -ERR_INVAL);
		CHECK(cmd.error != NULL);
	}
	CHECK_EQ(parse_line("echo 'a b", 0, &cmd), -ERR_INVAL);
	CHECK(strncmp(cmd.error, "unterminated quote", 18) == 0);
	CHECK_EQ(parse_line("echo a\\", 0, &cmd), -ERR_INVAL);
	CHECK(strstr(cmd.error, "escapes nothing") != NULL);
	CHECK_EQ(parse_line("e 'x y'", 0, &cmd), 0);
	CHECK(cmd.error == NULL);
}

UNIT_TEST(sh_parse_limits)
{
	char line[SH_LINE_MAX * 2];

	/* 33 words. */
	line[0] = '\0';
	for (int i = 0; i <= SH_WORDS_MAX; i++)
		strcat(line, "w ");
	CHECK_EQ(parse_line(line, 0, &cmd), -ERR_2BIG);
	CHECK(cmd.error != NULL);
	line[strlen(line) - 2] = '\0';
	CHECK_EQ(parse_line(line, 0, &cmd), 0);
	CHECK_EQ(cmd.argc, SH_WORDS_MAX);
	/* $? growing past the words area, with or without empty words. */
	strcpy(line, "e ");
	for (int i = 0; i < 120; i++)
		strcat(line, "$?");
	CHECK_EQ(parse_line(line, -1000000000, &cmd), -ERR_2BIG);
	strcpy(line, "e ");
	for (int i = 0; i < 46; i++)
		strcat(line, "$?");
	for (int i = 0; i < 25; i++)
		strcat(line, " ''");
	CHECK_EQ(parse_line(line, -1000000000, &cmd), -ERR_2BIG);
}

UNIT_TEST(sh_parse_partial)
{
	parse_tail_t t;
	const char *l = "cat \"/etc/mo";

	CHECK_EQ(parse_partial(l, strlen(l), 0, &cmd, &t), 0);
	CHECK_EQ(cmd.argc, 2);
	CHECK_STR_EQ(cmd.argv[1], "/etc/mo");
	CHECK_EQ(t.quote, '"');
	CHECK_EQ(t.in_word, 1);
	CHECK_EQ(t.word_start, 4);
	CHECK_EQ(t.escape, 0);
	CHECK_EQ(parse_partial("ls ", 3, 0, &cmd, &t), 0);
	CHECK_EQ(cmd.argc, 1);
	CHECK_EQ(t.in_word, 0);
	CHECK_EQ(parse_partial("ls a\\", 5, 0, &cmd, &t), 0);
	CHECK_EQ(t.escape, 1);
	CHECK_STR_EQ(cmd.argv[1], "a");
	/* Only len bytes count. */
	CHECK_EQ(parse_partial("he llo", 2, 0, &cmd, &t), 0);
	CHECK_EQ(cmd.argc, 1);
	CHECK_STR_EQ(cmd.argv[0], "he");
}

/* parse_join then args_split gives argv back. */
static void round_trip(char *const *argv)
{
	char args[512];
	uint32_t words[SH_WORDS_MAX];
	int n = 0;

	CHECK_EQ(parse_join(argv, args, sizeof(args)), 0);
	while (argv[n])
		n++;
	CHECK_EQ(args_split(args, words, SH_WORDS_MAX), n);
	for (int i = 0; i < n; i++)
		CHECK_STR_EQ(args + words[i], argv[i]);
}

UNIT_TEST(sh_parse_join)
{
	char args[16];
	char *plain[] = {"hello", "a", "b", NULL};
	char *odd[] = {"hello", "a  b",	 "",   "it's", "\\",
		       " ",	"\"q\"", "$?", "\t",   NULL};
	char *none[] = {NULL};
	char *big[] = {"x", "12345678901234", NULL};

	CHECK_EQ(parse_join(plain, args, sizeof(args)), 0);
	CHECK_STR_EQ(args, "hello a b"); /* what spawn always got */
	round_trip(plain);
	round_trip(odd);
	CHECK_EQ(parse_join(none, args, sizeof(args)), 0);
	CHECK_STR_EQ(args, "");
	CHECK_EQ(parse_join(big, args, sizeof(args)), -ERR_2BIG);
	CHECK_EQ(parse_join(plain, args, 9), -ERR_2BIG);
	CHECK_EQ(parse_join(plain, args, 10), 0);
	char *escaped[] = {"a b", NULL};
	CHECK_EQ(parse_join(escaped, args, 4), -ERR_2BIG);
	CHECK_EQ(parse_join(escaped, args, 5), 0);
	CHECK_STR_EQ(args, "a\\ b");
}
