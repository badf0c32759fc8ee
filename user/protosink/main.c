/* A stand-in protocol server for the driver protocol's registrations:
 * "protosink NAME TYPES COUNT" registers NAME in the name server as a
 * protocol server (type "netproto", attributes "types=TYPES", e.g. 88b6 or
 * 0800,0806), prints "protosink: ready", takes COUNT frames that drivers
 * push to it by themselves (the paper's add step (4)), then prints
 * "protosink: got N frames: M of its types, K others" and exits 0 when every
 * frame was of its types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

static lv_msg_t msg;

static int is_mine(const char *types, unsigned type)
{
	char want[8];
	snprintf(want, sizeof(want), "%04x", type);
	return strstr(types, want) != NULL;
}

static const usage_t usage = {
    "protosink", "NAME TYPES COUNT",
    "A stand-in protocol server: registers NAME for TYPES (hex "
    "EtherTypes,\ncomma separated) and counts the COUNT frames drivers push to "
    "it; exits\n0 when all were of its types.",
    "proc.ne2k_types"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 3, 3);
	char attrs[LV_NS_ATTR_MAX];
	snprintf(attrs, sizeof(attrs), "types=%s", argv[2]);
	unsigned count =
	    (unsigned)usage_number(&usage, "COUNT", argv[3], 0, 0xFFFFFFFFu);
	int port = lv_port_create();
	int rc = port < 0
		     ? port
		     : lv_ns_register(argv[1], LV_NETPROTO_TYPE, attrs, port);
	if (rc < 0) {
		printf("protosink: register %s: %s\n", argv[1],
		       lv_strerror(rc));
		return 1;
	}
	printf("protosink: ready\n");
	unsigned got = 0, mine = 0;
	while (got < count) {
		rc = lv_msg_receive(port, &msg.h, sizeof(msg), LV_WAIT_FOREVER);
		if (rc < 0)
			return 1;
		if (msg.h.op != LV_NETDRV_FRAME || msg.h.size < 14)
			continue;
		got++;
		mine += is_mine(argv[2], (unsigned)(msg.payload[12] << 8 |
						    msg.payload[13]));
	}
	printf("protosink: got %u frames: %u of its types, %u others\n", got,
	       mine, got - mine);
	return mine == got ? 0 : 1;
}
