/* "nicecho IF [COUNT]": the far end of a two-node test. Opens a session
 * (every EtherType) with the NIC driver registered as IF, prints "nicecho:
 * ready", and sends every frame it receives back where it came from: the
 * destination becomes the frame's source, the source this NIC's address,
 * the rest unchanged. After COUNT frames (0, the default: never) it prints
 * "nicecho: echoed N frames" and exits 0; 1 when the driver cannot be
 * reached or refuses a frame. */
#include <stdio.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

#define RPC_TIMEOUT 500

static lv_msg_t msg;

static const usage_t usage = {
    "nicecho", "IF [COUNT]",
    "Sends every frame the NIC driver registered as IF receives back to its\n"
    "source, COUNT times (0 or none: for ever). The far end of two-node\n"
    "tests of the NE2000 module.",
    "proc.kproc_ne2k_rounds"};

static int call(int drv, uint32_t op, uint32_t size)
{
	msg.h = (lv_msg_header_t){.op = op, .size = size};
	int rc = lv_msg_call(drv, &msg.h, sizeof(msg), RPC_TIMEOUT);
	return rc < 0 ? rc : (int)msg.h.op;
}

int main(int argc, char **argv)
{
	uint8_t mac[6];
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 1, 2);
	unsigned count = argc > 2
			     ? (unsigned)usage_number(&usage, "COUNT", argv[2],
						      0, 0xFFFFFFFFu)
			     : 0;
	/* The driver may still be starting: try for about two seconds. */
	int drv = lv_ns_lookup(argv[1], NULL);
	for (int i = 0; i < 20 && drv == -ERR_NOENT; i++) {
		lv_sleep(10);
		drv = lv_ns_lookup(argv[1], NULL);
	}
	int port = lv_port_create();
	int rc = drv < 0    ? drv
		 : port < 0 ? port
			    : call(drv, LV_NETDRV_GET_MAC, 0);
	if (rc == 0) {
		memcpy(mac, msg.payload, 6);
		msg.h = (lv_msg_header_t){.op = LV_NETDRV_OPEN,
					  .right = port,
					  .right_mode = LV_RIGHT_MAKE_SEND};
		rc = lv_msg_call(drv, &msg.h, sizeof(msg), RPC_TIMEOUT);
		rc = rc < 0 ? rc : (int)msg.h.op;
	}
	if (rc < 0) {
		printf("nicecho: %s: %s\n", argv[1], lv_strerror(rc));
		return 1;
	}
	printf("nicecho: ready\n");
	unsigned echoed = 0;
	while (!count || echoed < count) {
		rc = lv_msg_receive(port, &msg.h, sizeof(msg), LV_WAIT_FOREVER);
		if (rc < 0 || msg.h.op == LV_NETDRV_GONE)
			break;
		if (msg.h.op != LV_NETDRV_FRAME || msg.h.size < 14)
			continue;
		memcpy(msg.payload, msg.payload + 6, 6);
		memcpy(msg.payload + 6, mac, 6);
		if ((rc = call(drv, LV_NETDRV_TRANSMIT, msg.h.size)) < 0) {
			printf("nicecho: transmit: %s\n", lv_strerror(rc));
			return 1;
		}
		echoed++;
	}
	printf("nicecho: echoed %u frames\n", echoed);
	return !count || echoed == count ? 0 : 1;
}
