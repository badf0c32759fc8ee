/* "nicdump IF COUNT": makes itself the receiver of the driver registered as
 * IF, prints "nicdump: ready", then one line per frame received (as nicsend
 * prints them: len, source, EtherType, CRC-32 of the whole frame) until
 * COUNT frames came; then "nicdump: got N frames, frames_in=N dropped=N".
 * Exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>

#define RPC_TIMEOUT 500

static lv_msg_t msg;

static int set_receiver(int drv, int port)
{
	msg.h = (lv_msg_header_t){.op = LV_NETDRV_SET_RECEIVER,
				  .right = port,
				  .right_mode = LV_RIGHT_MAKE_SEND};
	int rc = lv_msg_call(drv, &msg.h, sizeof(msg), RPC_TIMEOUT);
	return rc < 0 ? rc : (int)msg.h.op;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		printf("usage: nicdump IF COUNT\n");
		return 2;
	}
	unsigned count = (unsigned)strtoul(argv[2], NULL, 0);
	/* The driver may still be starting: try for about two seconds. */
	int drv = lv_ns_lookup(argv[1], NULL);
	for (int i = 0; i < 20 && drv == -ERR_NOENT; i++) {
		lv_sleep(10);
		drv = lv_ns_lookup(argv[1], NULL);
	}
	if (drv < 0) {
		printf("nicdump: %s: %s\n", argv[1], lv_strerror(drv));
		return 1;
	}
	int port = lv_port_create();
	int rc = port < 0 ? port : set_receiver(drv, port);
	if (rc < 0) {
		printf("nicdump: SET_RECEIVER: %s\n", lv_strerror(rc));
		return 1;
	}
	printf("nicdump: ready\n");
	unsigned got = 0;
	while (got < count) {
		rc = lv_msg_receive(port, &msg.h, sizeof(msg), LV_WAIT_FOREVER);
		if (rc < 0) {
			printf("nicdump: receive: %s\n", lv_strerror(rc));
			return 1;
		}
		if (msg.h.op != LV_NETDRV_FRAME || msg.h.sender == 0)
			continue;
		lv_netdrv_print_frame("nicdump", msg.payload, msg.h.size);
		got++;
	}
	lv_netdrv_stats_t st;
	size_t n = 0;
	rc = lv_rpc(drv, LV_NETDRV_STATS, NULL, 0, &st, sizeof(st), &n,
		    RPC_TIMEOUT);
	printf("nicdump: got %u frames, frames_in=%lu dropped=%lu\n", got,
	       (unsigned long)(rc == 0 ? st.frames_in : 0),
	       (unsigned long)(rc == 0 ? st.dropped : 0));
	return 0;
}
