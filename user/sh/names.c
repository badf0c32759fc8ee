/* The names built-in: the name server's table (lv_ns_list); names_fetch
 * gives ports the same table. */
#include <stdio.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "sh.h"

#define ENTRIES_MAX 64

int names_fetch(lv_ns_entry_t *out, int max)
{
	return lv_ns_list("", "", out, max);
}

int builtin_names(int argc, char **argv)
{
	static lv_ns_entry_t e[ENTRIES_MAX];
	int n = lv_ns_list(argc > 1 ? argv[1] : "", "", e, ENTRIES_MAX);

	if (n < 0) {
		printf("names: %s\n", lv_strerror(n));
		return 1;
	}
	printf(
	    "NAME                             TYPE             OWNER ATTRS\n");
	for (int i = 0; i < n; i++)
		printf("%-32.*s %-16.*s %5d %.*s\n", LV_NS_NAME_MAX, e[i].name,
		       LV_NS_TYPE_MAX, e[i].type, (int)e[i].owner,
		       LV_NS_ATTR_MAX, e[i].attrs);
	return 0;
}
