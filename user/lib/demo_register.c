/* The demo servers' registration (demo_register.h). */
#include <stdio.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "demo_register.h"

int demo_register(const char *prog, const char *name, const char *type,
		  const char *attrs, int port, uint32_t flags)
{
	lv_ns_entry_t e;
	int rc = port < 0
		     ? port
		     : lv_ns_register_flags(name, type, attrs, port, flags);
	if (rc >= 0)
		return rc;
	printf("%s: cannot register '%s': %s", prog, name, lv_strerror(rc));
	if (rc == -ERR_INVAL || rc == -ERR_NAMETOOLONG) {
		printf(": a name is 1 to %d bytes of printable ASCII without "
		       "spaces or '@': give %s such a NAME\n",
		       LV_NS_NAME_MAX - 1, prog);
	} else if (rc == -ERR_EXIST) {
		int h = lv_ns_lookup(name, &e);
		if (h >= 0) {
			lv_handle_close(h);
			printf(": pid %d has it (names lists the registered "
			       "ones): give %s another NAME, or end pid %d "
			       "first\n",
			       (int)e.owner, prog, (int)e.owner);
		} else {
			printf(": another server has it (names lists the "
			       "registered ones): give %s another NAME\n",
			       prog);
		}
	} else {
		printf("\n");
	}
	return rc;
}
