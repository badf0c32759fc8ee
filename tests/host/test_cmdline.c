/* cmdline_get, cmdline_has, cmdline_check and cmdline_split_list: word
 * boundaries, prefixes, empty and overlong values, unknown words, list
 * splitting. */
#include <string.h>
#include "lib/cmdline.h"
#include "uapi/errors.h"
#include "unit.h"

UNIT_TEST(cmdline_get_positions)
{
	const char *cl = "a=1 /boot/kernel.elf  bb=22 mid=x last=end";
	char buf[32];
	CHECK_EQ(cmdline_get(cl, "a", buf, sizeof(buf)), 1);
	CHECK_STR_EQ(buf, "1");
	CHECK_EQ(cmdline_get(cl, "bb", buf, sizeof(buf)), 2);
	CHECK_STR_EQ(buf, "22");
	CHECK_EQ(cmdline_get(cl, "mid", buf, sizeof(buf)), 1);
	CHECK_STR_EQ(buf, "x");
	CHECK_EQ(cmdline_get(cl, "last", buf, sizeof(buf)), 3);
	CHECK_STR_EQ(buf, "end");
	CHECK_EQ(cmdline_get("  lead=sp  ", "lead", buf, sizeof(buf)), 2);
	CHECK_STR_EQ(buf, "sp");
	/* The image path is an ordinary word. */
	CHECK_EQ(cmdline_get("/boot/k=v x", "/boot/k", buf, sizeof(buf)), 1);
	CHECK_STR_EQ(buf, "v");
}

UNIT_TEST(cmdline_get_prefix_keys)
{
	char buf[32];
	const char *cl = "ktests=all ktest=heap,fmt k=1";
	CHECK_EQ(cmdline_get(cl, "ktest", buf, sizeof(buf)), 8);
	CHECK_STR_EQ(buf, "heap,fmt");
	CHECK_EQ(cmdline_get(cl, "ktests", buf, sizeof(buf)), 3);
	CHECK_STR_EQ(buf, "all");
	CHECK_EQ(cmdline_get(cl, "k", buf, sizeof(buf)), 1);
	CHECK_STR_EQ(buf, "1");
	CHECK_EQ(cmdline_get(cl, "kt", buf, sizeof(buf)), -ERR_NOENT);
	CHECK_EQ(cmdline_get(cl, "ktestss", buf, sizeof(buf)), -ERR_NOENT);
	/* A key inside a value or a word does not count. */
	CHECK_EQ(cmdline_get("x=ktest=1", "ktest", buf, sizeof(buf)),
		 -ERR_NOENT);
	CHECK_EQ(cmdline_get("aktest=1", "ktest", buf, sizeof(buf)),
		 -ERR_NOENT);
}

UNIT_TEST(cmdline_get_last_of_several)
{
	char buf[32];
	/* A bare flag of the same name is skipped; the last value wins (a
	 * later option overrides, as make run's CMDLINE= does node=). */
	CHECK_EQ(cmdline_get("key key=one key=two", "key", buf, sizeof(buf)),
		 3);
	CHECK_STR_EQ(buf, "two");
	CHECK_EQ(
	    cmdline_get("key=one key key=three x", "key", buf, sizeof(buf)), 5);
	CHECK_STR_EQ(buf, "three");
	CHECK_EQ(cmdline_get("key", "key", buf, sizeof(buf)), -ERR_NOENT);
	CHECK_EQ(cmdline_get("key other", "key", buf, sizeof(buf)), -ERR_NOENT);
	CHECK_EQ(cmdline_get("a=b=c", "a", buf, sizeof(buf)), 3);
	CHECK_STR_EQ(buf, "b=c");
}

UNIT_TEST(cmdline_get_empty_and_absent)
{
	char buf[8];
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(cmdline_get("key= next=1", "key", buf, sizeof(buf)), 0);
	CHECK_STR_EQ(buf, "");
	CHECK_EQ(cmdline_get("key=", "key", buf, sizeof(buf)), 0);
	CHECK_STR_EQ(buf, "");
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(cmdline_get("", "key", buf, sizeof(buf)), -ERR_NOENT);
	CHECK_EQ(cmdline_get("    ", "key", buf, sizeof(buf)), -ERR_NOENT);
	CHECK_EQ(cmdline_get("other=1", "key", buf, sizeof(buf)), -ERR_NOENT);
	CHECK_EQ(buf[0], 'Z'); /* untouched when absent */
}

UNIT_TEST(cmdline_get_too_long)
{
	char buf[8];
	const char *cl = "x=1 name=abcdefghij y=2";
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(cmdline_get(cl, "name", buf, sizeof(buf)), -ERR_NAMETOOLONG);
	CHECK_STR_EQ(buf, "abcdefg");
	/* Exact fit: 7 characters and the NUL. */
	CHECK_EQ(cmdline_get("name=abcdefg", "name", buf, 8), 7);
	CHECK_STR_EQ(buf, "abcdefg");
	CHECK_EQ(cmdline_get("name=abcdefgh", "name", buf, 8),
		 -ERR_NAMETOOLONG);
	CHECK_STR_EQ(buf, "abcdefg");
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(cmdline_get(cl, "name", buf, 1), -ERR_NAMETOOLONG);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'Z');
	CHECK_EQ(cmdline_get("name=", "name", buf, 1), 0);
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(cmdline_get(cl, "name", buf, 0), -ERR_NAMETOOLONG);
	CHECK_EQ(buf[0], 'Z');
}

UNIT_TEST(cmdline_has_words)
{
	const char *cl = "/boot/kernel.elf quiet ktest=all panic=exit debug";
	CHECK_EQ(cmdline_has(cl, "/boot/kernel.elf"), 1);
	CHECK_EQ(cmdline_has(cl, "quiet"), 1);
	CHECK_EQ(cmdline_has(cl, "ktest"), 1);
	CHECK_EQ(cmdline_has(cl, "panic"), 1);
	CHECK_EQ(cmdline_has(cl, "debug"), 1);
	CHECK_EQ(cmdline_has(cl, "quie"), 0);
	CHECK_EQ(cmdline_has(cl, "quiets"), 0);
	CHECK_EQ(cmdline_has(cl, "ktests"), 0);
	CHECK_EQ(cmdline_has(cl, "all"), 0);
	CHECK_EQ(cmdline_has(cl, "exit"), 0);
	CHECK_EQ(cmdline_has(cl, "kernel.elf"), 0);
	CHECK_EQ(cmdline_has("ktests=1", "ktest"), 0);
	CHECK_EQ(cmdline_has("", "x"), 0);
	CHECK_EQ(cmdline_has("  x  ", "x"), 1);
	CHECK_EQ(cmdline_has("x=", "x"), 1);
}

#define MAX_ITEMS 8

typedef struct items {
	int n;
	char item[MAX_ITEMS][16];
} items_t;

static void record(void *ctx, const char *item)
{
	items_t *it = ctx;
	if (it->n < MAX_ITEMS)
		strncpy(it->item[it->n], item, sizeof(it->item[0]) - 1);
	it->n++;
}

UNIT_TEST(cmdline_split_list_items)
{
	items_t it = {0};
	char list[] = "heap,fmt,frame";
	CHECK_EQ(cmdline_split_list(list, record, &it), 3);
	CHECK_EQ(it.n, 3);
	CHECK_STR_EQ(it.item[0], "heap");
	CHECK_STR_EQ(it.item[1], "fmt");
	CHECK_STR_EQ(it.item[2], "frame");
	CHECK_STR_EQ(list, "heap"); /* split in place */

	items_t one = {0};
	char single[] = "all";
	CHECK_EQ(cmdline_split_list(single, record, &one), 1);
	CHECK_STR_EQ(one.item[0], "all");
}

UNIT_TEST(cmdline_split_list_empty_items)
{
	items_t it = {0};
	char list[] = ",,a,,b,";
	CHECK_EQ(cmdline_split_list(list, record, &it), 2);
	CHECK_EQ(it.n, 2);
	CHECK_STR_EQ(it.item[0], "a");
	CHECK_STR_EQ(it.item[1], "b");

	items_t none = {0};
	char empty[] = "";
	CHECK_EQ(cmdline_split_list(empty, record, &none), 0);
	char commas[] = ",,,";
	CHECK_EQ(cmdline_split_list(commas, record, &none), 0);
	CHECK_EQ(none.n, 0);
}

static char seen[128];

static void note(void *ctx, const char *word, size_t len)
{
	(void)ctx;
	size_t used = strlen(seen);
	if (used + len + 2 < sizeof(seen)) {
		memcpy(seen + used, word, len);
		strcpy(seen + used + len, "|");
	}
}

UNIT_TEST(cmdline_check_unknown)
{
	static const char *const known[] = {"node", "panic", "trace", NULL};
	seen[0] = '\0';
	CHECK_EQ(cmdline_check("/boot/kernel.elf node=a panic=exit trace",
			       known, note, NULL),
		 0);
	CHECK_STR_EQ(seen, "");
	CHECK_EQ(cmdline_check("  node=a nod=x nodes=2 foo /x=1 panic", known,
			       note, NULL),
		 4);
	CHECK_STR_EQ(seen, "nod=x|nodes=2|foo|/x=1|");
	CHECK_EQ(cmdline_check("", known, note, NULL), 0);
	seen[0] = '\0';
	/* A path is known only as the first word. */
	CHECK_EQ(cmdline_check("node=a /boot/k", known, note, NULL), 1);
	CHECK_STR_EQ(seen, "/boot/k|");
}
