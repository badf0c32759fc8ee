/* "nicsend IF COUNT [SIZE|random] [PACE] [-q] [type=0xHHHH]": sends COUNT
 * broadcast frames of EtherType 0x88B5 (or type=) through the driver registered
 * as IF. Frame k's payload is k (4 bytes, big-endian) followed by the bytes (k
 * + i) & 0xFF; its size is SIZE (60..1514) or, when absent or "random",
 * pseudo-random in 60..1514 (a fixed seed: the same run sends the same frames).
 * PACE K > 0 sleeps one tick after every K frames (0: as fast as the driver
 * takes them). Prints one line per frame (as nicdump does) unless -q, then
 * "nicsend: summary frames=N bytes=N digest=HHHHHHHH" (lv_netdrv_digest of
 * the frames, as nicdump -q prints it) and "nicsend: sent N frames,
 * frames_out=N bytes_out=N tx_errors=N" (the counters of the driver
 * serving IF at the end), then "nicsend: N frames in T ms" (from the first
 * TRANSMIT to the last one's answer, kernel ticks: the rate make bench
 * reads). A swap of IF's driver (drv swap) while it sends
 * is carried across (lv_netdrv_client_call: each frame refused in the gap
 * is sent again, the name looked up again once the old driver ended; none
 * lost, none twice), then said: "nicsend: carried across a swap: N sent
 * again in its gap, the driver looked up again N times". Exits 0 when
 * every frame was taken.
 *
 * "nicsend IF stop": sends the driver protocol's STOP and prints the
 * status as "nicsend: STOP: ..." (a test of who may stop a driver);
 * "nicsend IF prepare|handover|handed" the same for the hand-over's calls
 * (HANDOVER carrying a send right to a port of nicsend's: a test that no
 * ordinary program can take a driver's NIC or name).
 * "nicsend IF stats": prints the driver's counters as "nicstat: IF
 * frames_in=N bytes_in=N frames_out=N bytes_out=N rx_errors=N tx_errors=N
 * overruns=N dropped=N"; exits 0 when the driver answered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/clock.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/nicframe.h"
#include "../lib/usage.h"

#define ETHERTYPE 0x88B5
#define RPC_TIMEOUT 500

static uint8_t frame[LV_NETDRV_FRAME_MAX];
static unsigned ethertype = ETHERTYPE;

static int get_stats(lv_netdrv_client_t *c, lv_netdrv_stats_t *st)
{
	size_t n = 0;
	int rc = lv_netdrv_client_call(c, LV_NETDRV_STATS, NULL, 0, st,
				       sizeof(*st), &n, RPC_TIMEOUT);
	if (rc == 0 && n != sizeof(*st))
		rc = -ERR_RANGE;
	if (rc < 0)
		printf("nicsend: STATS: %s\n", lv_strerror(rc));
	return rc;
}

static int print_stats(lv_netdrv_client_t *c, const char *name)
{
	lv_netdrv_stats_t st;
	if (get_stats(c, &st) < 0)
		return 1;
	int link = lv_netdrv_client_call(c, LV_NETDRV_LINK, NULL, 0, NULL, 0,
					 NULL, RPC_TIMEOUT);
	printf("nicstat: %s link=%d\n", name, link);
	printf("nicstat: %s frames_in=%lu bytes_in=%lu frames_out=%lu "
	       "bytes_out=%lu rx_errors=%lu tx_errors=%lu overruns=%lu "
	       "dropped=%lu\n",
	       name, (unsigned long)st.frames_in, (unsigned long)st.bytes_in,
	       (unsigned long)st.frames_out, (unsigned long)st.bytes_out,
	       (unsigned long)st.rx_errors, (unsigned long)st.tx_errors,
	       (unsigned long)st.overruns, (unsigned long)st.dropped);
	return 0;
}

/* Looks IF up into c; the driver may still be starting: tries for two
 * seconds. 0, or -ERR_* said. */
static int lookup(lv_netdrv_client_t *c, const char *name)
{
	int rc = lv_netdrv_client_open(c, name);
	for (int i = 0; i < 20 && rc == -ERR_NOENT; i++) {
		lv_sleep(10);
		rc = lv_netdrv_client_open(c, name);
	}
	if (rc == -ERR_NOENT)
		printf("nicsend: %s: no such driver (drv list names them)\n",
		       name);
	else if (rc == -ERR_NOSYS)
		printf("nicsend: %s: not a driver (its name-server entry is "
		       "not of type " LV_NETDRV_TYPE "; drv list names them)\n",
		       name);
	else if (rc < 0)
		printf("nicsend: %s: %s\n", name, lv_strerror(rc));
	return rc;
}

static const usage_t usage = {
    "nicsend",
    "IF COUNT [SIZE|random] [PACE] [-q] [type=0xHHHH] | IF "
    "stats|stop|prepare|handover|handed",
    "Sends COUNT numbered broadcast frames (EtherType 0x88b5 or type=) "
    "through\n"
    "the NIC driver registered as IF (ne2k0, ...), SIZE 60..1514 bytes each\n"
    "(random: 60..1514 from a fixed seed), sleeping a tick after every PACE\n"
    "frames (0: no pause). Prints each frame (-q: only the summary).\n"
    "IF stats prints the driver's counters; IF stop asks it to end (only init\n"
    "and the shell's drv down may); prepare, handover, handed try the\n"
    "hand-over's calls. Exits 0 when every frame was taken,\n"
    "1 on a driver error, 2 on a usage error. nicdump receives them.",
    NULL};

/* The control calls a verb names (0: none). */
static uint32_t verb_op(const char *verb)
{
	static const struct {
		const char *verb;
		uint32_t op;
	} verbs[] = {{"stop", LV_NETDRV_STOP},
		     {"prepare", LV_NETDRV_PREPARE},
		     {"handover", LV_NETDRV_HANDOVER},
		     {"handed", LV_NETDRV_HANDED}};
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verb, verbs[i].verb) == 0)
			return verbs[i].op;
	return 0;
}

/* Sends the control call of verb to h and prints its status as
 * "nicsend: VERB: ..."; HANDOVER carries a send right to a new port. */
static int control(int h, const char *verb)
{
	lv_msg_t m;
	memset(&m.h, 0, sizeof(m.h));
	m.h.op = verb_op(verb);
	if (m.h.op == LV_NETDRV_HANDOVER) {
		m.h.right = lv_port_create();
		m.h.right_mode = LV_RIGHT_MAKE_SEND;
	}
	int rc = lv_msg_call(h, &m.h, sizeof(m), RPC_TIMEOUT);
	if (rc >= 0)
		rc = (int)m.h.op;
	printf("nicsend: ");
	for (const char *c = verb; *c; c++)
		putchar(*c - 'a' + 'A');
	printf(": %s\n", lv_strerror(rc));
	return rc < 0;
}

/* The command line: IF, then COUNT [SIZE|random] [PACE] or stats or stop;
 * -q and type= anywhere after IF. */
struct args {
	const char *ifname, *verb; /* verb: "stats", "stop" or NULL */
	unsigned count, pace;
	size_t size; /* 0: random */
	int quiet;
};

static void parse(int argc, char **argv, struct args *a)
{
	const char *pos[4];
	const char *v;
	int n = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0)
			a->quiet = 1;
		else if ((v = usage_value(argv[i], "type")))
			ethertype = (unsigned)usage_number(&usage, "type=", v,
							   0x600, 0xFFFF);
		else if (argv[i][0] == '-' || strchr(argv[i], '='))
			usage_error(&usage,
				    "unknown option '%s' (known: -q, type=)",
				    argv[i]);
		else if (n == 4)
			usage_error(&usage, "unexpected argument '%s'",
				    argv[i]);
		else
			pos[n++] = argv[i];
	}
	if (n < 2)
		usage_error(&usage, "wants IF and COUNT (or stats, stop)");
	a->ifname = pos[0];
	if (strcmp(pos[1], "stats") == 0 || verb_op(pos[1])) {
		if (n > 2)
			usage_error(&usage, "unexpected argument '%s' after %s",
				    pos[2], pos[1]);
		a->verb = pos[1];
		return;
	}
	a->count = (unsigned)usage_number(&usage, "COUNT", pos[1], 0, 1000000);
	if (n > 2 && strcmp(pos[2], "random") != 0)
		a->size = usage_number(&usage, "SIZE", pos[2], 60,
				       LV_NETDRV_FRAME_MAX);
	if (n > 3)
		a->pace =
		    (unsigned)usage_number(&usage, "PACE", pos[3], 0, 1000000);
}

int main(int argc, char **argv)
{
	struct args a = {0};

	usage_help(&usage, argc, argv);
	parse(argc, argv, &a);
	unsigned count = a.count, pace = a.pace;
	size_t fixed = a.size;
	int quiet = a.quiet;
	lv_netdrv_client_t c;
	if (lookup(&c, a.ifname) < 0)
		return 1;
	if (a.verb && strcmp(a.verb, "stats") == 0)
		return print_stats(&c, a.ifname);
	if (a.verb) /* stop, or a hand-over's call */
		return control(c.handle, a.verb);
	uint8_t mac[6];
	size_t n = 0;
	int rc = lv_netdrv_client_call(&c, LV_NETDRV_GET_MAC, NULL, 0, mac, 6,
				       &n, RPC_TIMEOUT);
	if (rc < 0 || n != 6) {
		printf("nicsend: GET_MAC: %s\n", lv_strerror(rc));
		return 1;
	}
	srand(0x88B5);
	uint64_t start, end;
	uint32_t hz = 100;
	lv_ticks(&start, &hz);
	unsigned sent = 0;
	uint32_t digest = 0, bytes = 0;
	for (unsigned k = 0; k < count; k++) {
		size_t size =
		    fixed ? fixed : 60 + (size_t)rand() % (1514 - 60 + 1);
		nicframe_build(frame, k, size, mac, ethertype);
		rc = lv_netdrv_client_call(&c, LV_NETDRV_TRANSMIT, frame, size,
					   NULL, 0, NULL, RPC_TIMEOUT);
		if (rc < 0) {
			printf("nicsend: frame %u: %s\n", k, lv_strerror(rc));
			break;
		}
		if (!quiet)
			lv_netdrv_print_frame("nicsend", frame, size);
		digest = lv_netdrv_digest(digest, frame, size);
		bytes += (uint32_t)size;
		sent++;
		if (pace && sent % pace == 0)
			lv_sleep(1);
	}
	lv_ticks(&end, NULL);
	lv_netdrv_stats_t st;
	if (get_stats(&c, &st) < 0)
		return 1;
	printf("nicsend: summary frames=%u bytes=%lu digest=%08lx\n", sent,
	       (unsigned long)bytes, (unsigned long)digest);
	printf("nicsend: sent %u frames, frames_out=%lu bytes_out=%lu "
	       "tx_errors=%lu\n",
	       sent, (unsigned long)st.frames_out, (unsigned long)st.bytes_out,
	       (unsigned long)st.tx_errors);
	printf("nicsend: %u frames in %lu ms\n", sent,
	       (unsigned long)((end - start) * 1000 / hz));
	if (c.again || c.renewed)
		printf("nicsend: carried across a swap: %u sent again in its "
		       "gap, the driver looked up again %u time%s\n",
		       c.again, c.renewed, c.renewed == 1 ? "" : "s");
	return sent == count ? 0 : 1;
}
