/* The names built-in: the name server's table (lv_ns_list), or what another
 * node exports (names @NODE: lv_ns_rlist, asked of the protocol server);
 * names_fetch gives ports the same table. */
#include <stdio.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "sh.h"

#define ENTRIES_MAX 64

int names_fetch(lv_ns_entry_t *out, int max)
{
	return lv_ns_list("", "", out, max);
}

/* The table: E marks an exported entry (reachable from other nodes). */
static void print(const lv_ns_entry_t *e, int n)
{
	printf("NAME                             TYPE             OWNER E "
	       "ATTRS\n");
	for (int i = 0; i < n; i++)
		printf("%-32.*s %-16.*s %5d %c %.*s\n", LV_NS_NAME_MAX,
		       e[i].name, LV_NS_TYPE_MAX, e[i].type, (int)e[i].owner,
		       e[i].flags & LV_NS_EXPORT ? 'E' : '-', LV_NS_ATTR_MAX,
		       e[i].attrs);
}

/* names @NODE [PREFIX]: node's exported entries (owners are its pids). A
 * prefix too long is told here: lv_ns_rlist's -ERR_NAMETOOLONG would read
 * as NAME@NODE's. */
static int remote(const char *node, const char *prefix)
{
	static lv_ns_entry_t e[LV_NS_RLIST_MAX];
	if (strlen(prefix) >= LV_NS_NAME_MAX) {
		printf("names: %s: too long: a PREFIX is at most %d bytes (as "
		       "a name is)\nusage: names [@NODE] [PREFIX]\n",
		       prefix, LV_NS_NAME_MAX - 1);
		return 2;
	}
	int n = lv_ns_rlist(node, prefix, e, LV_NS_RLIST_MAX);
	if (n < 0) {
		printf("names: @%s: %s\n", node, lv_ns_remote_strerror(n));
		return 1;
	}
	print(e, n);
	return 0;
}

int builtin_names(int argc, char **argv)
{
	static lv_ns_entry_t e[ENTRIES_MAX];
	if (argc > 1 && argv[1][0] == '@' && !argv[1][1]) {
		printf("names: @: the node is missing (names @NODE: what NODE "
		       "exports)\nusage: names [@NODE] [PREFIX]\n");
		return 2;
	}
	if (argc > 2 && argv[2][0] == '@') { /* one node a time */
		printf("names: %s: one @NODE only (a PREFIX does not start "
		       "with @)\nusage: names [@NODE] [PREFIX]\n",
		       argv[2]);
		return 2;
	}
	if (argc > 1 && argv[1][0] == '@')
		return remote(argv[1] + 1, argc > 2 ? argv[2] : "");
	if (argc > 2) { /* only names @NODE takes two */
		printf("names: %s: unexpected argument (too many)\n"
		       "usage: names [@NODE] [PREFIX]\n",
		       argv[2]);
		return 2;
	}
	int n = lv_ns_list(argc > 1 ? argv[1] : "", "", e, ENTRIES_MAX);
	if (n < 0) {
		printf("names: %s\n", lv_strerror(n));
		return 1;
	}
	print(e, n);
	return 0;
}
