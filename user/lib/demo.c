/* The demo clients' shared parts (demo.h). */
#include <stdio.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "demo.h"

int demo_find(const char *prog, const char *name)
{
	lv_ns_entry_t e;
	int h = lv_ns_lookup(name, &e);
	if (h >= 0)
		return h;
	if (strchr(name, '@'))
		printf("%s: %s: %s\n", prog, name, lv_ns_remote_strerror(h));
	else
		printf("%s: %s: %s%s\n", prog, name, lv_strerror(h),
		       h == -ERR_NOENT ? " (names lists the registered ones)"
				       : "");
	return h;
}

void demo_call_failed(const char *prog, const char *what, int rc)
{
	printf("%s: %s: %s\n", prog, what, lv_ns_call_strerror(rc));
}
