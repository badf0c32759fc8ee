/* "ping [-b] [-c COUNT] [-s SIZE] [-i SECONDS] [-W SECONDS] HOST": ICMP echo
 * (RFC 792) through a ping socket of the protocol server, printing what
 * Linux's ping prints: a line per reply (bytes, icmp_seq, ttl, time) and
 * the summary (transmitted, received, loss, time; rtt min/avg/max/mdev).
 * Times come from the TSC, calibrated against the kernel's clock. Exit
 * status as Linux's: 0 when a reply came, 1 when none did, 2 on an error
 * (named) or a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/hosts.h>
#include <lavender/socket.h>
#include <lavender/syscall.h>
#include "../lib/bench.h"
#include "../lib/netmsg.h"
#include "../lib/usage.h"

#define ICMP_HDR 8
#define SIZE_MAX_ECHO (65507u - ICMP_HDR) /* 65535 - IP 20 - ICMP 8 */
#define SEQS_MAX 65536

static const usage_t usage = {
    "ping", "[-b] [-c COUNT] [-s SIZE] [-i SECONDS] [-W SECONDS] HOST",
    "Sends ICMP echo requests to HOST (an address, or a name from\n"
    "/etc/hosts) and prints each reply (bytes, icmp_seq, ttl, time) and\n"
    "the summary Linux's ping prints. -c COUNT requests (1..100000,\n"
    "default 4; Linux's ping runs until Ctrl-C), -s SIZE data bytes\n"
    "(0..65499, default 56; above 1472 the request is fragmented), -i\n"
    "SECONDS between requests (0.01..60, default 1), -W SECONDS to wait for\n"
    "the last reply (1..60, default 2). -b allows a broadcast HOST (net\n"
    "does not answer one, as Linux does not by default). Exits 0 when a\n"
    "reply came, 1 when none did, 2 on an error.",
    NULL};

typedef struct ping {
	lv_sock_t sock;
	lv_net_addr_t to;
	unsigned count, size;
	int broadcast; /* -b */
	uint64_t interval_cycles, wait_cycles;
	double cycles_per_ms;
	uint64_t started;
	unsigned sent, received, dups;
	double min, max, sum, sum2;
	uint8_t *out, *in;
	uint64_t *sent_at; /* TSC of each seq's request */
	uint8_t *seen;	   /* replies per seq (for DUP!) */
} ping_t;

static void ntoa(uint32_t a, char out[16])
{
	snprintf(out, 16, "%u.%u.%u.%u", (unsigned)(a >> 24),
		 (unsigned)(a >> 16 & 255), (unsigned)(a >> 8 & 255),
		 (unsigned)(a & 255));
}

/* SECONDS as a decimal with up to 2 places, in [lo, hi] hundredths. */
static unsigned hundredths(const char *what, const char *arg, unsigned lo,
			   unsigned hi)
{
	unsigned whole = 0, frac = 0, places = 0;
	const char *p = arg;
	if (*p < '0' || *p > '9')
		goto bad;
	while (*p >= '0' && *p <= '9' && whole <= 100000)
		whole = whole * 10 + (unsigned)(*p++ - '0');
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9' && places < 2) {
			frac = frac * 10 + (unsigned)(*p++ - '0');
			places++;
		}
		if (places == 0)
			goto bad;
	}
	if (*p)
		goto bad;
	frac *= places == 1 ? 10 : 1;
	if (whole * 100 + frac >= lo && whole * 100 + frac <= hi)
		return whole * 100 + frac;
bad:
	if (lo % 100 == 0)
		usage_error(&usage, "%s %s: give seconds from %u to %u", what,
			    arg, lo / 100, hi / 100);
	usage_error(&usage, "%s %s: give seconds from %u.%02u to %u", what, arg,
		    lo / 100, lo % 100, hi / 100);
}

static void parse(ping_t *p, int argc, char **argv, const char **host)
{
	unsigned interval = 100, wait = 200;
	p->count = 4;
	p->size = 56;
	*host = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-b") == 0) {
			p->broadcast = 1;
		} else if (a[0] == '-' && a[1] && !a[2] &&
			   strchr("csiW", a[1])) {
			if (i + 1 >= argc)
				usage_error(&usage, "%s needs a value", a);
			const char *v = argv[++i];
			if (a[1] == 'c')
				p->count = (unsigned)usage_number(
				    &usage, "COUNT", v, 1, 100000);
			else if (a[1] == 's')
				p->size = (unsigned)usage_number(
				    &usage, "SIZE", v, 0, SIZE_MAX_ECHO);
			else if (a[1] == 'i')
				interval = hundredths("-i", v, 1, 6000);
			else
				wait = hundredths("-W", v, 100, 6000);
		} else if (a[0] == '-') {
			usage_error(&usage, "unknown option %s", a);
		} else if (*host) {
			usage_error(&usage, "one HOST only: %s is one too many",
				    a);
		} else {
			*host = a;
		}
	}
	if (!*host)
		usage_error(&usage, "HOST is missing");
	p->cycles_per_ms = bench_cycles_per_ms();
	p->interval_cycles = (uint64_t)(interval * 10 * p->cycles_per_ms);
	p->wait_cycles = (uint64_t)(wait * 10 * p->cycles_per_ms);
}

static int send_one(ping_t *p, unsigned seq)
{
	uint8_t *o = p->out;
	memset(o, 0, ICMP_HDR);
	o[0] = 8; /* echo request; net sets the identifier and checksum */
	o[6] = (uint8_t)(seq >> 8);
	o[7] = (uint8_t)seq;
	for (unsigned i = 0; i < p->size; i++)
		o[ICMP_HDR + i] = (uint8_t)(i + seq);
	p->sent_at[seq % SEQS_MAX] = bench_rdtsc();
	int rc = lv_sock_sendto(&p->sock, o, ICMP_HDR + p->size, &p->to);
	if (rc < 0)
		return rc;
	p->sent++;
	return 0;
}

static void got_reply(ping_t *p, int n, const lv_sock_dgram_t *d)
{
	char from[16];
	uint8_t *in = p->in;
	if (n < ICMP_HDR || in[0] != 0)
		return; /* not an echo reply */
	unsigned seq = (unsigned)(in[6] << 8 | in[7]);
	if (p->sent < SEQS_MAX && (seq == 0 || seq > p->sent))
		return; /* not one of ours */
	double ms = (double)(bench_rdtsc() - p->sent_at[seq % SEQS_MAX]) /
		    p->cycles_per_ms;
	int dup = p->seen[seq % SEQS_MAX]++ > 0;
	int bad = (unsigned)n != ICMP_HDR + p->size;
	for (unsigned i = 0; !bad && i < p->size; i++)
		bad = in[ICMP_HDR + i] != (uint8_t)(i + seq);
	ntoa(d->from.addr, from);
	printf("%d bytes from %s: icmp_seq=%u ttl=%u time=%.3f ms%s%s\n", n,
	       from, seq, d->ttl, ms, dup ? " (DUP!)" : "",
	       bad ? " (wrong data)" : "");
	if (dup) {
		p->dups++;
		return;
	}
	p->received++;
	p->min = p->received == 1 || ms < p->min ? ms : p->min;
	p->max = ms > p->max ? ms : p->max;
	p->sum += ms;
	p->sum2 += ms * ms;
}

/* Takes replies until the TSC reaches until. 0, or a socket error. */
static int take_replies(ping_t *p, uint64_t until)
{
	lv_sock_dgram_t d;
	for (;;) {
		uint64_t now = bench_rdtsc();
		if (now >= until)
			return 0;
		uint32_t ms =
		    (uint32_t)((double)(until - now) / p->cycles_per_ms) + 1;
		int n = lv_sock_recvfrom(&p->sock, p->in, ICMP_HDR + p->size, 0,
					 ms, &d);
		if (n == -ERR_TIMEDOUT)
			continue;
		if (n < 0)
			return n;
		got_reply(p, n, &d);
		if (p->received + p->dups >= p->count && p->sent == p->count)
			return 0;
	}
}

static void summary(const ping_t *p, const char *host)
{
	unsigned loss = p->sent ? (p->sent - p->received) * 100 / p->sent : 0;
	uint64_t ms =
	    (uint64_t)((double)(bench_rdtsc() - p->started) / p->cycles_per_ms);
	printf("\n--- %s ping statistics ---\n", host);
	printf("%u packets transmitted, %u received, ", p->sent, p->received);
	if (p->dups)
		printf("+%u duplicates, ", p->dups);
	printf("%u%% packet loss, time %llums\n", loss, (unsigned long long)ms);
	if (p->received) {
		double avg = p->sum / p->received;
		double var = p->sum2 / p->received - avg * avg;
		double mdev = 0;
		/* the square root by Newton's steps: no libm needed */
		for (int i = 0; i < 30 && var > 0; i++)
			mdev = mdev == 0 ? var : (mdev + var / mdev) / 2;
		printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n",
		       p->min, avg, p->max, mdev);
	}
}

int main(int argc, char **argv)
{
	static ping_t p;
	const char *host;
	char addr[16];
	usage_help(&usage, argc, argv);
	parse(&p, argc, argv, &host);
	uint32_t a;
	int rc = lv_host_resolve(host, &a);
	if (rc < 0) {
		printf("ping: %s: unknown host (an address A.B.C.D, or a name "
		       "in /etc/hosts)\n",
		       host);
		return 2;
	}
	p.to.addr = a;
	p.out = malloc(ICMP_HDR + p.size);
	p.in = malloc(ICMP_HDR + p.size);
	p.sent_at = calloc(SEQS_MAX, sizeof(*p.sent_at));
	p.seen = calloc(SEQS_MAX, 1);
	if (!p.out || !p.in || !p.sent_at || !p.seen) {
		printf("ping: out of memory\n");
		return 2;
	}
	rc = lv_sock_open(LV_NET_SOCK_PING, &p.sock);
	if (rc < 0) {
		printf("ping: socket: %s%s\n", netmsg_rc(rc),
		       rc == -ERR_NOENT ? " (no protocol server: is net "
					  "running?)"
					: "");
		return 2;
	}
	if (p.broadcast)
		rc = lv_sock_setopt(&p.sock, LV_NET_OPT_BROADCAST, 1);
	if (rc < 0) {
		printf("ping: -b: %s\n", netmsg_rc(rc));
		return 2;
	}
	ntoa(a, addr);
	if (p.broadcast)
		printf("WARNING: pinging broadcast address\n");
	printf("PING %s (%s) %u(%u) bytes of data.\n", host, addr, p.size,
	       p.size + ICMP_HDR + 20);
	p.started = bench_rdtsc();
	for (unsigned i = 1; i <= p.count && rc == 0; i++) {
		uint64_t next = bench_rdtsc() + p.interval_cycles;
		rc = send_one(&p, i);
		if (rc == 0)
			rc = take_replies(&p, i == p.count ? bench_rdtsc() +
								 p.wait_cycles
							   : next);
	}
	if (rc == -ERR_ACCES) /* net refuses a broadcast only */
		printf("ping: %s: a broadcast address: give -b to allow it\n",
		       addr);
	else if (rc < 0)
		printf("ping: %s: %s\n", addr, netmsg_rc(rc));
	summary(&p, host);
	lv_sock_close(&p.sock);
	if (rc < 0)
		return 2;
	return p.received ? 0 : 1;
}
