/* "netstat [-u] [-i] [-s]": the protocol server's sockets (-u), interfaces
 * (-i) and counters (-s: frames, packets, drops by cause, checksum errors,
 * reassembly); all three without an option. Reads net's lists
 * (lavender/socket.h); anyone may. Status 0, 1 when net cannot be asked, 2
 * on a usage error. */
#include <stdio.h>
#include <string.h>
#include <lavender/socket.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

#define SOCKS_MAX 64

static const usage_t usage = {
    "netstat", "[-u] [-i] [-s]",
    "The protocol server's UDP and ping sockets (-u), interfaces (-i) and\n"
    "counters (-s: frames, packets, drops by cause, checksum errors,\n"
    "reassembly timeouts); all three when no option is given.",
    NULL};

static const char *const drop_names[LV_NET_DROP_CAUSES] = {
    [LV_NET_DROP_SHORT] = "shorter than their header",
    [LV_NET_DROP_BADLEN] = "with a length field that lies",
    [LV_NET_DROP_CSUM] = "with a bad checksum",
    [LV_NET_DROP_VERSION] = "not IPv4 or a bad header length",
    [LV_NET_DROP_NOTMINE] = "not for this node",
    [LV_NET_DROP_PROTO] = "of a protocol net does not speak",
    [LV_NET_DROP_NOPORT] = "to a closed UDP port",
    [LV_NET_DROP_QUEUE] = "with a socket's queue full",
    [LV_NET_DROP_REASM] = "fragments dropped (overlap, limits)",
    [LV_NET_DROP_TTL] = "with TTL 0",
    [LV_NET_DROP_ARP] = "ARP malformed or for other hosts",
    [LV_NET_DROP_NOROUTE] = "outgoing: no route or ARP failed",
    [LV_NET_DROP_OTHER] = "other (unknown sender, ...)",
};

static void addr(const lv_net_addr_t *a, char *out, size_t size)
{
	if (!a->addr && !a->port)
		snprintf(out, size, "*:*");
	else if (!a->addr)
		snprintf(out, size, "*:%u", (unsigned)a->port);
	else
		snprintf(out, size, "%u.%u.%u.%u:%u", (unsigned)(a->addr >> 24),
			 (unsigned)(a->addr >> 16 & 255),
			 (unsigned)(a->addr >> 8 & 255),
			 (unsigned)(a->addr & 255), (unsigned)a->port);
}

static int sockets(void)
{
	static lv_net_sockinfo_t s[SOCKS_MAX];
	char local[24], peer[24];
	int n = lv_net_sock_list(s, SOCKS_MAX);
	if (n < 0)
		return n;
	printf("Sockets\nProto  Local                  Peer                   "
	       "Pid  Queued  Bytes  Dropped\n");
	for (int i = 0; i < n; i++) {
		addr(&s[i].local, local, sizeof(local));
		addr(&s[i].peer, peer, sizeof(peer));
		printf("%-6s %-22s %-22s %4u %7u %6u %8u\n",
		       s[i].kind == LV_NET_SOCK_PING ? "ping" : "udp", local,
		       peer, (unsigned)s[i].pid, (unsigned)s[i].queued,
		       (unsigned)s[i].queued_bytes, (unsigned)s[i].dropped);
	}
	return 0;
}

static int interfaces(void)
{
	static lv_net_if_t f[LV_NET_IF_MAX];
	int n = lv_net_if_list(f, LV_NET_IF_MAX);
	if (n < 0)
		return n;
	printf("Interfaces\nIface  Driver    MTU   RX-frames  RX-bytes  "
	       "TX-frames  TX-bytes  Flags\n");
	for (int i = 0; i < n; i++)
		printf("%-6s %-9s %4u %10u %9u %10u %9u  %s\n", f[i].name,
		       f[i].driver, (unsigned)f[i].mtu,
		       (unsigned)f[i].frames_in, (unsigned)f[i].bytes_in,
		       (unsigned)f[i].frames_out, (unsigned)f[i].bytes_out,
		       f[i].flags & LV_NET_IF_UP ? "UP" : "DOWN");
	return 0;
}

static int counters(void)
{
	lv_net_stats_t s;
	int rc = lv_net_stats(&s);
	if (rc < 0)
		return rc;
	printf("Counters\n");
	printf("  frames: %u in, %u out\n", (unsigned)s.frames_in,
	       (unsigned)s.frames_out);
	printf("  ip: %u in, %u out; %u fragments sent; %u reassembled, %u "
	       "reassembly timeouts\n",
	       (unsigned)s.ip_in, (unsigned)s.ip_out, (unsigned)s.frags_out,
	       (unsigned)s.reasm_ok, (unsigned)s.reasm_timeouts);
	printf("  icmp: %u in, %u out, %u errors not sent (rate limit)\n",
	       (unsigned)s.icmp_in, (unsigned)s.icmp_out,
	       (unsigned)s.icmp_ratelimited);
	printf("  udp: %u in, %u out\n", (unsigned)s.udp_in,
	       (unsigned)s.udp_out);
	printf("  arp: %u in, %u out\n", (unsigned)s.arp_in,
	       (unsigned)s.arp_out);
	printf("  dropped:\n");
	for (int i = 1; i < LV_NET_DROP_CAUSES; i++)
		printf("    %u %s\n", (unsigned)s.drops[i], drop_names[i]);
	return 0;
}

int main(int argc, char **argv)
{
	int want_u = 0, want_i = 0, want_s = 0, rc = 0;
	usage_help(&usage, argc, argv);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-u") == 0)
			want_u = 1;
		else if (strcmp(argv[i], "-i") == 0)
			want_i = 1;
		else if (strcmp(argv[i], "-s") == 0)
			want_s = 1;
		else
			usage_error(&usage, "unknown option %s", argv[i]);
	}
	if (!want_u && !want_i && !want_s)
		want_u = want_i = want_s = 1;
	if (want_u && rc == 0)
		rc = sockets();
	if (want_i && rc == 0)
		rc = interfaces();
	if (want_s && rc == 0)
		rc = counters();
	if (rc < 0) {
		printf("netstat: %s%s\n", lv_strerror(rc),
		       rc == -ERR_NOENT
			   ? " (no protocol server: is net running?)"
			   : "");
		return 1;
	}
	return 0;
}
