/* The name server: makes its port, enters itself as "ns", becomes the system
 * port LV_SYSPORT_NS (so processes spawned from now on find it at
 * LV_NS_HANDLE; needs the nucleus right: init's "run -n ns"), then serves
 * (service.c) for ever. It writes only to the kernel console: newlib's
 * stdout may be the console server, which it would have to look up in
 * itself. */
#include <stdio.h>
#include <string.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "service.h"
#include "../../user/lib/usage.h"

static const usage_t usage = {
    "ns", "",
    "The name server: names to ports (type, attributes, owner), with\n"
    "events for subscribers. init starts it first with the nucleus right;\n"
    "a second copy cannot become the system name server and ends.",
    NULL};

static void say(const char *what, int rc)
{
	char line[96];
	int n = snprintf(line, sizeof(line), "ns: %s%s%s\n", what,
			 rc < 0 ? ": " : "", rc < 0 ? lv_strerror(rc) : "");
	if (n > 0)
		lv_console_write(line, (unsigned)n < sizeof(line)
					   ? (unsigned)n
					   : sizeof(line) - 1);
}

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	int port = lv_port_create();
	if (port < 0) {
		say("cannot create a port", port);
		return 1;
	}
	int rc = ns_service_init(port, "ns");
	if (rc < 0) {
		say("cannot enter itself", rc);
		return 1;
	}
	rc = lv_sysport_set(LV_SYSPORT_NS, port);
	if (rc < 0) {
		say("cannot become the system name server", rc);
		return 1;
	}
	say("ready", 0);
	rc = lv_serve(port, ns_ops, ns_ops_count, NULL, NULL);
	say("receive failed", rc);
	return 1;
}
