/* Tab completion's logic (user/sh/pure_complete.c): which word and what to
 * list, one match, several (common prefix), none, duplicates, quoting of
 * what is inserted, and the listing's lines. */
#include <stdio.h>
#include <string.h>
#include "../../user/sh/pure_complete.h"
#include "uapi/errors.h"
#include "unit.h"

static complete_t c;
static char ins[SH_LINE_MAX];

static int start(const char *line)
{
	return complete_start(&c, line, strlen(line));
}

UNIT_TEST(sh_complete_which_word)
{
	CHECK_EQ(start("he"), 0);
	CHECK_EQ(c.commands, 1);
	CHECK_STR_EQ(c.prefix, "he");
	CHECK_EQ(start(""), 0);
	CHECK_EQ(c.commands, 1);
	CHECK_STR_EQ(c.prefix, "");
	CHECK_EQ(start("cat /etc/mo"), 0);
	CHECK_EQ(c.commands, 0);
	CHECK_STR_EQ(c.dir, "/etc");
	CHECK_STR_EQ(c.prefix, "mo");
	CHECK_EQ(start("cat /e"), 0);
	CHECK_STR_EQ(c.dir, "/");
	CHECK_STR_EQ(c.prefix, "e");
	CHECK_EQ(start("cat "), 0);
	CHECK_EQ(c.commands, 0);
	CHECK_STR_EQ(c.dir, "/");
	CHECK_STR_EQ(c.prefix, "");
	CHECK_EQ(start("ls etc/m"), 0); /* relative: from the root */
	CHECK_STR_EQ(c.dir, "/etc");
	CHECK_EQ(start("ls /etc/"), 0);
	CHECK_STR_EQ(c.dir, "/etc");
	CHECK_STR_EQ(c.prefix, "");
	CHECK_EQ(start("/bin/he"), 0); /* a command with '/' is a path */
	CHECK_EQ(c.commands, 0);
	CHECK_STR_EQ(c.dir, "/bin");
	CHECK_EQ(start("  cat  \"/etc/a b"), 0);
	CHECK_EQ(c.quote, '"');
	CHECK_STR_EQ(c.dir, "/etc");
	CHECK_STR_EQ(c.prefix, "a b");
	/* Only the bytes before the cursor count. */
	CHECK_EQ(complete_start(&c, "cat /etc/motd", 7), 0);
	CHECK_STR_EQ(c.prefix, "et");
	CHECK_EQ(start("cat a\\"), -ERR_INVAL);
}

UNIT_TEST(sh_complete_matches)
{
	CHECK_EQ(start("cat /etc/mo"), 0);
	complete_add(&c, "hosts", 0);
	CHECK_EQ(c.count, 0);
	CHECK_EQ(complete_insertion(&c, ins, sizeof(ins)), 0);
	complete_add(&c, "motd", 0);
	CHECK_EQ(c.count, 1);
	CHECK_EQ(complete_insertion(&c, ins, sizeof(ins)), 3);
	CHECK_STR_EQ(ins, "td ");    /* one file: the rest and a space */
	complete_add(&c, "motd", 0); /* offered twice: still one */
	CHECK_EQ(c.count, 1);
	complete_add(&c, "mount", 0);
	CHECK_EQ(c.count, 2);
	CHECK_EQ(complete_insertion(&c, ins, sizeof(ins)), 0); /* "mo" */
	CHECK_STR_EQ(ins, "");

	CHECK_EQ(start("ls /e"), 0);
	complete_add(&c, "etc", 1);
	complete_add(&c, "bin", 1);
	CHECK_EQ(complete_insertion(&c, ins, sizeof(ins)), 3);
	CHECK_STR_EQ(ins, "tc/"); /* a directory: a slash, no space */

	CHECK_EQ(start("s"), 0);
	complete_add(&c, "spin", 0);
	complete_add(&c, "sh", 0);
	complete_add(&c, "settest", 0);
	complete_add(&c, "stacktest", 0);
	CHECK_EQ(c.count, 4);
	CHECK_EQ(complete_insertion(&c, ins, sizeof(ins)), 0);
	CHECK_EQ(start("st"), 0);
	complete_add(&c, "stacktest", 0);
	complete_add(&c, "stackless", 0);
	CHECK_EQ(complete_insertion(&c, ins, sizeof(ins)), 3);
	CHECK_STR_EQ(ins, "ack"); /* the longest common prefix */
	/* Too small a buffer: nothing rather than a part. */
	CHECK_EQ(complete_insertion(&c, ins, 3), 0);
	CHECK_STR_EQ(ins, "");
}

UNIT_TEST(sh_complete_quoting)
{
	CHECK_EQ(start("cat /tmp/a"), 0);
	complete_add(&c, "a b'c$", 0);
	CHECK_EQ(complete_insertion(&c, ins, sizeof(ins)), 9);
	CHECK_STR_EQ(ins, "\\ b\\'c\\$ ");
	CHECK_EQ(start("cat \"/tmp/a"), 0);
	complete_add(&c, "a b\"c$", 0);
	CHECK_STR_EQ((complete_insertion(&c, ins, sizeof(ins)), ins),
		     " b\\\"c\\$\" "); /* closes the quote */
	CHECK_EQ(start("cat '/tmp/a"), 0);
	complete_add(&c, "a b'c\\", 0);
	CHECK_STR_EQ((complete_insertion(&c, ins, sizeof(ins)), ins),
		     " b'\\''c\\' ");
	CHECK_EQ(start("cat '/tm"), 0);
	complete_add(&c, "tmp", 1);
	CHECK_STR_EQ((complete_insertion(&c, ins, sizeof(ins)), ins), "p/");
}

/* What was inserted, parsed back, is the name. */
UNIT_TEST(sh_complete_parses_back)
{
	const char *lines[] = {"cat /tmp/x", "cat \"/tmp/x", "cat '/tmp/x"};
	char line[SH_LINE_MAX];
	sh_cmd_t cmd;

	for (int i = 0; i < 3; i++) {
		CHECK_EQ(start(lines[i]), 0);
		complete_add(&c, "x y'\"\\$?&", 0);
		complete_insertion(&c, ins, sizeof(ins));
		strcpy(line, lines[i]);
		strcat(line, ins);
		CHECK_EQ(parse_line(line, 5, &cmd), 0);
		CHECK_EQ(cmd.argc, 2);
		CHECK_STR_EQ(cmd.argv[1], "/tmp/x y'\"\\$?&");
	}
}

UNIT_TEST(sh_complete_listing)
{
	char out[32];
	size_t next = 0;

	CHECK_EQ(start(""), 0);
	complete_add(&c, "spin", 0);
	complete_add(&c, "bin", 1);
	complete_add(&c, "cat", 0);
	complete_add(&c, "averyveryverylongname", 0);
	CHECK_EQ(complete_list_line(&c, &next, out, sizeof(out), 12), 21);
	CHECK_STR_EQ(out, "averyveryverylongname"); /* alone, though wide */
	CHECK_EQ(complete_list_line(&c, &next, out, sizeof(out), 12), 9);
	CHECK_STR_EQ(out, "bin/  cat");
	CHECK_EQ(complete_list_line(&c, &next, out, sizeof(out), 12), 4);
	CHECK_STR_EQ(out, "spin");
	CHECK_EQ(complete_list_line(&c, &next, out, sizeof(out), 12), 0);
	next = 0;
	CHECK_EQ(complete_list_line(&c, &next, out, 8, 80), 7);
	CHECK_STR_EQ(out, "averyve"); /* cut to the buffer */
	CHECK_EQ(complete_list_line(&c, &next, out, 8, 80), 4);
	CHECK_STR_EQ(out, "bin/");
}

UNIT_TEST(sh_complete_many)
{
	char name[40];

	CHECK_EQ(start("x"), 0);
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "x%03d-a-rather-long-name", i);
		complete_add(&c, name, 0);
	}
	CHECK_EQ(c.count, 200);
	CHECK_EQ(c.truncated, 1);
	CHECK(c.names_used <= sizeof(c.names));
	CHECK_EQ(c.common, 1);
	/* A name too long for a line is not offered. */
	char longname[SH_LINE_MAX + 8];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CHECK_EQ(start("x"), 0);
	complete_add(&c, longname, 0);
	CHECK_EQ(c.count, 0);
}
