/* The demo clients' shared parts (demo.h). */
#include <stdio.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "demo.h"

int demo_find(const char *prog, const char *name)
{
	lv_ns_entry_t e;
	int remote = strchr(name, '@') != NULL;
	int h = lv_ns_lookup(name, &e);
	if (h >= 0)
		return h;
	const char *why = "";
	if (h == -ERR_NOENT)
		why = remote ? " (not registered there, or not exported: "
			       "names @NODE lists what a node exports)"
			     : " (names lists the registered ones)";
	else if (h == -ERR_HOSTUNREACH)
		why = " (give a node's address or a name in /etc/hosts)";
	else if (h == -ERR_NETUNREACH)
		why = " (no interface on its network: drv up ne2k, then "
		      "ifconfig)";
	else if (h == -ERR_TIMEDOUT)
		why = " (the node did not answer: is it up?)";
	else if (h == -ERR_INVAL)
		why = " (give NAME or NAME@NODE)";
	printf("%s: %s: %s%s\n", prog, name, lv_strerror(h), why);
	return h;
}

void demo_call_failed(const char *prog, const char *what, int rc)
{
	const char *why = "";
	if (rc == -ERR_TIMEDOUT)
		why = " (no answer after every retry: the node or the link "
		      "is down)";
	else if (rc == -ERR_DEADPORT)
		why = " (the server ended, or its node rebooted)";
	else if (rc == -ERR_ROFS)
		why = " (remote callers may only read)";
	printf("%s: %s: %s%s\n", prog, what, lv_strerror(rc), why);
}
