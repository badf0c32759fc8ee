/* "nicdump IF COUNT [-q] [slow=T] [idle=T] [type=0xHHHH] [sessions=N]": opens a
 * session with the driver registered as IF (for every EtherType, or only
 * type=), prints "nicdump: ready", then one line per frame received (as nicsend
 * prints them: len, source, EtherType, CRC-32 of the whole frame) until COUNT
 * frames came (COUNT 0: no limit). -q      no line per frame; only frames that
 * are not the k-th frame nicsend built (its number or its pattern is wrong) are
 * printed, as "nicdump: bad frame N: " and the usual line. slow=T  sleeps T
 * ticks after each frame (a slow receiver: the driver's pushes then find the
 * queue full and are dropped). idle=T  stops once no frame came for T ticks
 * (after the first one). Then prints "nicdump: summary frames=N bytes=N
 * digest=HHHHHHHH" (as nicsend prints it) and "nicdump: got N frames,
 * frames_in=N dropped=N". sessions=N  only opens N sessions one by one, prints
 * "nicdump: session K: id N" or the error, closes them all and exits (a test of
 * the per-client session limit). gaps  frames may be missing (a driver
 * swap's gap): with -q a frame is good when it is nicsend's frame of the
 * number it carries and that number is above the last one's. A driver's
 * hand-over (LV_NETDRV_MOVED, carrying the new driver's port) re-opens the
 * session there: "nicdump: moved: session N after K frames" (or the error); the
 * summary then says "nicdump: moved N times". Exits 0 (1 when the driver could
 * not be reached). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/nicframe.h"
#include "../lib/usage.h"

#define RPC_TIMEOUT 500

static lv_msg_t msg;

/* The number nicsend put in f (len bytes), or -1. */
static long frame_number(const uint8_t *f, size_t len)
{
	if (len < 18)
		return -1;
	return (long)((unsigned long)f[14] << 24 | (unsigned long)f[15] << 16 |
		      (unsigned long)f[16] << 8 | f[17]);
}

/* Whether f (len bytes) is nicsend's frame number k. */
static int is_frame(const uint8_t *f, size_t len, unsigned k)
{
	if (len < 18 || f[12] != 0x88 || f[13] != 0xB5)
		return 0;
	unsigned got = (unsigned)f[14] << 24 | (unsigned)f[15] << 16 |
		       (unsigned)f[16] << 8 | f[17];
	if (got != k)
		return 0;
	for (size_t i = 18; i < len; i++)
		if (f[i] != (uint8_t)(k + i))
			return 0;
	return 1;
}

static const usage_t usage = {
    "nicdump",
    "IF COUNT [-q] [gaps] [slow=T] [idle=T] [type=0xHHHH] [sessions=N]",
    "Receives frames from the NIC driver registered as IF (ne2k0, ...) and\n"
    "prints one line per frame (length, source, EtherType, CRC-32) until\n"
    "COUNT came (0: no limit), then a summary. -q prints only frames that are\n"
    "not nicsend's next one; slow=T sleeps T ticks after each frame; idle=T\n"
    "stops when none came for T ticks after the first; type= takes only\n"
    "that EtherType; sessions=N only opens N sessions and reports each;\n"
    "gaps allows frames missing (a driver swap), and a swap's MOVED re-opens\n"
    "the session. Exits 0 (also when the driver went down), 1 on a driver\n"
    "error or when the driver died, 2 on a usage error. Ctrl-C ends it (no\n"
    "summary).",
    NULL};

/* The command line: IF COUNT, then options in any order. */
struct args {
	const char *ifname;
	unsigned count, slow, idle, type, sessions;
	int quiet, gaps;
};

static void parse(int argc, char **argv, struct args *a)
{
	const char *v;

	usage_help(&usage, argc, argv);
	if (argc < 3)
		usage_error(&usage, "wants IF and COUNT");
	a->ifname = argv[1];
	a->count =
	    (unsigned)usage_number(&usage, "COUNT", argv[2], 0, 0xFFFFFFFFu);
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0)
			a->quiet = 1;
		else if (strcmp(argv[i], "gaps") == 0)
			a->gaps = 1;
		else if ((v = usage_value(argv[i], "slow")))
			a->slow = (unsigned)usage_number(&usage, "slow=", v, 0,
							 1000000);
		else if ((v = usage_value(argv[i], "idle")))
			a->idle = (unsigned)usage_number(&usage, "idle=", v, 1,
							 1000000);
		else if ((v = usage_value(argv[i], "type")))
			a->type = (unsigned)usage_number(&usage, "type=", v,
							 0x600, 0xFFFF);
		else if ((v = usage_value(argv[i], "sessions")))
			a->sessions = (unsigned)usage_number(
			    &usage, "sessions=", v, 1, 64);
		else
			usage_error(&usage,
				    "unknown argument '%s' (known: -q, gaps, "
				    "slow=, idle=, type=, sessions=)",
				    argv[i]);
	}
}

#define DRIVER_WATCH 0x6E696364u /* the cookie of the driver's death */

/* A hand-over's MOVED in msg: the session re-opened on the new driver,
 * whose send right came with it; *drv becomes that right. */
static void moved(int *drv, int port, unsigned type,
		  msg_netdrv_close_t *session, unsigned got)
{
	int next = msg.h.right;
	lv_handle_close(*drv);
	*drv = next;
	int rc = nicframe_open_session(next, port, type);
	if (rc < 0)
		printf("nicdump: moved: OPEN: %s\n", lv_strerror(rc));
	else
		printf("nicdump: moved: session %d after %u frames\n", rc, got);
	session->session = rc < 0 ? 0 : (uint32_t)rc;
}

/* With -q: whether the frame in msg is a good one (gaps: any nicsend frame
 * after *last; else the k-th). */
static int good(int gaps, unsigned k, long *last)
{
	const uint8_t *f = (const uint8_t *)msg.payload;
	if (!gaps)
		return is_frame(f, msg.h.size, k);
	long n = frame_number(f, msg.h.size);
	int ok = n > *last && is_frame(f, msg.h.size, (unsigned)n);
	*last = n;
	return ok;
}

int main(int argc, char **argv)
{
	struct args a = {.idle = LV_WAIT_FOREVER};

	parse(argc, argv, &a);
	unsigned count = a.count, slow = a.slow, idle = a.idle, type = a.type;
	int quiet = a.quiet;
	unsigned sessions = a.sessions; /* > 0: only open that many sessions */
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
	if (sessions && port >= 0) {
		/* Opens sessions one by one, says what each got, closes all
		 * (CLOSE without payload: every session this process opened).
		 */
		for (unsigned k = 1; k <= sessions; k++) {
			int id = nicframe_open_session(drv, port, type);
			if (id < 0)
				printf("nicdump: session %u: %s\n", k,
				       lv_strerror(id));
			else
				printf("nicdump: session %u: id %d\n", k, id);
		}
		lv_msg_header_t h = {.op = LV_NETDRV_CLOSE, .size = 0};
		int rc = lv_msg_call(drv, &h, sizeof(h), LV_WAIT_FOREVER);
		printf("nicdump: closed: %s\n",
		       lv_strerror(rc < 0 ? rc : (int)h.op));
		return 0;
	}
	int rc = port < 0 ? port : nicframe_open_session(drv, port, type);
	if (rc < 0) {
		printf("nicdump: OPEN: %s\n", lv_strerror(rc));
		return 1;
	}
	msg_netdrv_close_t session = {(uint32_t)rc};
	/* A driver killed (not stopped) sends no GONE: its port's death
	 * comes from the kernel instead. */
	rc = lv_port_watch(drv, port, DRIVER_WATCH);
	if (rc < 0) {
		printf("nicdump: watching %s: %s\n", argv[1], lv_strerror(rc));
		return 1;
	}
	printf("nicdump: ready\n");
	unsigned got = 0, moves = 0;
	uint32_t digest = 0, bytes = 0;
	long last = -1;
	while (count == 0 || got < count) {
		rc = lv_msg_receive(port, &msg.h, sizeof(msg),
				    got ? idle : LV_WAIT_FOREVER);
		if (rc == -ERR_TIMEDOUT)
			break;
		if (rc < 0) {
			printf("nicdump: receive: %s\n", lv_strerror(rc));
			return 1;
		}
		uint32_t cookie = 0;
		if (msg.h.op == LV_OP_PORT_DEAD && msg.h.sender == 0 &&
		    msg.h.size == sizeof(cookie))
			memcpy(&cookie, msg.payload, sizeof(cookie));
		if (cookie == DRIVER_WATCH + moves) {
			printf("nicdump: %s ended (its driver died) after %u "
			       "frames\n",
			       argv[1], got);
			return 1;
		}
		if (msg.h.sender == 0)
			continue; /* a driver we moved away from died: fine */
		if (msg.h.op == LV_NETDRV_GONE && msg.h.sender != 0) {
			/* The driver's remove step 1: our session is over. */
			printf("nicdump: %s gone after %u frames\n", argv[1],
			       got);
			return 0;
		}
		if (msg.h.op == LV_NETDRV_MOVED && msg.h.sender != 0 &&
		    msg.h.right > 0) {
			moved(&drv, port, type, &session, got);
			moves++;
			/* The new driver's death is the one that counts now. */
			rc = lv_port_watch(drv, port, DRIVER_WATCH + moves);
			if (rc < 0)
				printf("nicdump: watching %s: %s\n", argv[1],
				       lv_strerror(rc));
			continue;
		}
		if (msg.h.op != LV_NETDRV_FRAME || msg.h.sender == 0)
			continue;
		const uint8_t *f = (const uint8_t *)msg.payload;
		int ok = !quiet || good(a.gaps, got, &last);
		if (!ok)
			printf("nicdump: bad frame %u: ", got);
		if (!quiet || !ok)
			lv_netdrv_print_frame("nicdump", f, msg.h.size);
		digest = lv_netdrv_digest(digest, f, msg.h.size);
		bytes += msg.h.size;
		got++;
		if (slow)
			lv_sleep(slow);
	}
	lv_netdrv_stats_t st;
	size_t n = 0;
	rc = lv_rpc(drv, LV_NETDRV_STATS, NULL, 0, &st, sizeof(st), &n,
		    RPC_TIMEOUT);
	printf("nicdump: summary frames=%u bytes=%lu digest=%08lx\n", got,
	       (unsigned long)bytes, (unsigned long)digest);
	printf("nicdump: got %u frames, frames_in=%lu dropped=%lu\n", got,
	       (unsigned long)(rc == 0 ? st.frames_in : 0),
	       (unsigned long)(rc == 0 ? st.dropped : 0));
	if (moves)
		printf("nicdump: moved %u times\n", moves);
	/* The session ends: the driver stops pushing frames here. */
	rc = lv_rpc(drv, LV_NETDRV_CLOSE, &session, sizeof(session), NULL, 0,
		    NULL, RPC_TIMEOUT);
	if (rc < 0) {
		printf("nicdump: CLOSE: %s\n", lv_strerror(rc));
		return 1;
	}
	return 0;
}
