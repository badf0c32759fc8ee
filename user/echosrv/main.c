/* "echosrv [-l] [NAME]": registers NAME (default "echo") in the name
 * server, exported (reachable from other nodes as NAME@NODE) unless -l
 * (this node only), and answers
 * DEMO_ECHO with the payload it got and DEMO_COUNT with the requests it
 * executed (user/lib/demo_proto.h). Runs until killed. */
#include <stdio.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/demo_proto.h"
#include "../lib/demo_register.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "echosrv", "[-l] [NAME]",
    "Serves NAME (default echo), exported so other nodes reach it as\n"
    "NAME@NODE (with -l: not exported, this node only): echoes every\n"
    "message back (echocli), counts requests.\n"
    "Runs until killed (kill PID, or Ctrl-C when in the foreground).",
    NULL};

static uint32_t executed;

static int op_echo(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	executed++;
	return (int)m->h.size; /* the payload stays as the reply */
}

static int op_count(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	m->h.size = 0;
	return (int)executed;
}

static const lv_op_t ops[] = {
    {DEMO_ECHO, op_echo},
    {DEMO_COUNT, op_count},
};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	int local = argc > 1 && strcmp(argv[1], "-l") == 0;
	if (local) {
		argv++;
		argc--;
	}
	usage_count(&usage, argc, argv, 0, 1);
	const char *name = argc > 1 ? argv[1] : DEMO_ECHO_NAME;
	if (name[0] == '-')
		usage_error(&usage, "unknown option %s", name);
	int port = lv_port_create();
	int rc = demo_register("echosrv", name, DEMO_TYPE, "echo", port,
			       local ? 0 : LV_NS_EXPORT);
	if (rc < 0)
		return 1;
	printf("echosrv: serving %s (%s)\n", name,
	       local ? "this node only" : "exported");
	rc = lv_serve(port, ops, sizeof(ops) / sizeof(ops[0]), NULL, NULL);
	printf("echosrv: receive failed: %s\n", lv_strerror(rc));
	return 1;
}
