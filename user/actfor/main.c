/* "actfor ROLE": the kernel's act_for (a thread's messages carry a remote
 * identity as sender) and the servers' answers to such a sender.
 *   actfor serve    registers ACTFOR_SERVER and prints the sender of each
 *                   message ("actfor: server saw sender N (call)"); run
 *                   with -N: it replies while acting for another identity
 *                   (a reply's sender must stay its pid).
 *   actfor client   (-N -c, ns and fs running) the checks: the identity's
 *                   range, what the server sees for msg_call, msg_send and
 *                   msg_send_request, per thread; init's control port, the
 *                   name server and the file server refusing a remote
 *                   caller and counting it as its own client.
 *   actfor noright  act_for without the network right: -ERR_PERM.
 * Checks print "actfor NAME: ok|FAIL why", then "actfor: N passed, M
 * failed"; the exit status is M. */
#include <stdio.h>
#include <string.h>
#include <lavender/ns.h>
#include "actfor.h"
#include "../lib/check.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "actfor", "serve|client|noright",
    "Checks act_for: the sender a server sees for a thread acting for a\n"
    "remote identity, and the servers refusing such a sender.",
    "proc.actfor"};

void actfor_be(int identity)
{
	int rc = lv_act_for(identity);
	if (rc < 0)
		printf("actfor: act_for(%d): %s\n", identity, lv_strerror(rc));
}

int actfor_serve(void)
{
	static lv_msg_t m;
	actfor_seen_t seen = {0, 0};
	int port = lv_port_create(), rc;
	if (port < 0 ||
	    (rc = lv_ns_register(ACTFOR_SERVER, "test", "", port)) < 0) {
		printf("actfor: server cannot start: %s\n",
		       lv_strerror(port < 0 ? port : rc));
		return 1;
	}
	for (;;) {
		rc = lv_msg_receive(port, &m.h, sizeof(m), LV_WAIT_FOREVER);
		if (rc < 0)
			return 1;
		uint32_t op = m.h.op;
		int reply = m.h.reply;
		printf("actfor: server saw sender %d (%s)\n", (int)m.h.sender,
		       op == ACTFOR_NOTE ? "send"
		       : reply		 ? "call"
					 : "other");
		if (op == ACTFOR_NOTE)
			seen.note_sender = m.h.sender;
		if (!reply)
			continue;
		seen.call_sender = m.h.sender;
		m.h = (lv_msg_header_t){.op = 0, .size = sizeof(seen)};
		memcpy(m.payload, &seen, sizeof(seen));
		/* A reply is the replier's: acting for another changes
		 * nothing about it (the client checks the sender). */
		lv_act_for(-7);
		lv_msg_reply(reply, &m.h);
		lv_act_for(0);
		if (op == ACTFOR_QUIT)
			return 0;
	}
}

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	if (argc != 2)
		usage_error(&usage, "one role: serve, client or noright");
	if (strcmp(argv[1], "serve") == 0)
		return actfor_serve();
	check_init("actfor");
	if (strcmp(argv[1], "noright") == 0) {
		CHECK("without_right", lv_act_for(ACTFOR_ID) == -ERR_PERM);
		CHECK("without_right_zero", lv_act_for(0) == -ERR_PERM);
	} else if (strcmp(argv[1], "client") == 0) {
		printf("actfor: client pid %d\n", lv_getpid());
		actfor_check_ipc();
		actfor_check_servers();
	} else
		usage_error(&usage, "unknown role '%s'", argv[1]);
	return check_summary();
}
