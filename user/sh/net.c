/* The network built-ins, with net-tools' names and manners: the lists come
 * from the protocol server (anyone may read them), the changes go through
 * init's control port (init forwards them to net, which takes them from
 * init only: docs/architecture.md, "Who may do what").
 *
 *   ifconfig [IF]                  interfaces: flags, address and where it
 *                                  came from, MAC, driver, counters
 *   ifconfig IF ADDR[/N] [up|down] set the address (N: prefix, default 24)
 *   ifconfig IF up|down|dhcp       bring it up or down; ask DHCP for one
 *   route                          the routing table
 *   route add|del default gw ADDR  the default route
 *   route add|del NET/N [gw ADDR] [dev IF]
 *   arp                            the ARP cache
 *   arp -d ADDR                    forget an entry */
#include <stdio.h>
#include <string.h>
#include <lavender/initctl.h>
#include <lavender/netdrv.h>
#include <lavender/netopts.h>
#include <lavender/socket.h>
#include <lavender/syscall.h>
#include "../../libipc/pure_inet_addr.h"
#include "sh.h"

#define LIST_MAX 32

static const char *ntoa(uint32_t a, char buf[LV_INET_ADDRSTRLEN])
{
	lv_inet_ntop4(a, buf, LV_INET_ADDRSTRLEN);
	return buf;
}

static uint32_t mask_of(unsigned prefix)
{
	return prefix ? 0xFFFFFFFFu << (32 - prefix) : 0;
}

/* "A.B.C.D" or "A.B.C.D/N" (N 0..32; def when absent). 0 or -1. */
static int parse_cidr(const char *s, uint32_t *addr, unsigned *prefix,
		      unsigned def)
{
	char a[LV_INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n >= sizeof(a))
		return -1;
	memcpy(a, s, n);
	a[n] = 0;
	if (lv_inet_pton4(a, addr) < 0)
		return -1;
	*prefix = def;
	if (!slash)
		return 0;
	unsigned p = 0;
	const char *d = slash + 1;
	if (!*d || strlen(d) > 2)
		return -1;
	for (; *d; d++) {
		if (*d < '0' || *d > '9')
			return -1;
		p = p * 10 + (unsigned)(*d - '0');
	}
	if (p > 32)
		return -1;
	*prefix = p;
	return 0;
}

/* Says why a list could not be read; 1 (the status). */
static int no_net(const char *who, int rc)
{
	printf("%s: %s%s\n", who, lv_strerror(rc),
	       rc == -ERR_NOENT ? " (no protocol server: is net running?)"
				: "");
	return 1;
}

/* Sends an administrator's change of entry (what it names: an interface,
 * a route, an address) through init: 0, or prints why not and returns the
 * status (1). noent: what net's -ERR_NOENT means for this change (and
 * its -ERR_NODEV too when entry is an interface: is_if). */
static int change(const char *who, const char *entry, const char *noent,
		  int is_if, uint32_t op, const void *req, size_t len)
{
	int ctl = admin_control();
	if (ctl < 0) {
		admin_refused(who);
		return 1;
	}
	msg_initctl_net_reply_t out;
	memset(&out, 0, sizeof(out));
	int rc = lv_initctl_net(ctl, op, req, len, &out);
	if (rc >= 0)
		return 0;
	if (out.message[0]) { /* init answered itself (net is not running) */
		printf("%s: %.*s\n", who, (int)sizeof(out.message),
		       out.message);
		return 1;
	}
	if (rc == -ERR_NOENT || (is_if && rc == -ERR_NODEV)) {
		/* net answered: it has no such entry */
		printf("%s: %s: %s\n", who, entry, noent);
		return 1;
	}
	printf("%s: %s: %s%s\n", who, entry, lv_strerror(rc),
	       rc == -ERR_NODEV ? " (ifconfig lists the interfaces)"
	       : rc == -ERR_NETUNREACH
		   ? " (the gateway must be on a connected network)"
		   : "");
	return 1;
}

static void show_if(const lv_net_if_t *f)
{
	static const char *const from[] = {"", "command line", "MAC", "DHCP",
					   "manual"};
	char a[16], m[16], b[16], mac[18];
	printf("%s: flags=%s%s  mtu %u\n", f->name,
	       f->flags & LV_NET_IF_UP ? "UP,BROADCAST" : "DOWN,BROADCAST",
	       f->flags & LV_NET_IF_DHCP ? ",DHCP" : "", (unsigned)f->mtu);
	char lease[32] = "";
	if (f->dhcp_lease_s)
		snprintf(lease, sizeof(lease), ", lease %u s left",
			 (unsigned)f->dhcp_lease_s);
	if (f->addr)
		printf("        inet %s  netmask %s  broadcast %s  (%s%s)\n",
		       ntoa(f->addr, a), ntoa(f->mask, m),
		       ntoa(f->addr | ~f->mask, b),
		       f->source < 5 ? from[f->source] : "?", lease);
	else
		printf("        no address\n");
	lv_netdrv_mac_str(f->mac, mac);
	printf("        ether %s  driver %s\n", mac, f->driver);
	printf("        RX packets %u  bytes %u\n", (unsigned)f->frames_in,
	       (unsigned)f->bytes_in);
	printf("        TX packets %u  bytes %u\n", (unsigned)f->frames_out,
	       (unsigned)f->bytes_out);
}

static int if_list(const char *only)
{
	static lv_net_if_t ifs[LV_NET_IF_MAX];
	int n = lv_net_if_list(ifs, LV_NET_IF_MAX);
	if (n < 0)
		return no_net("ifconfig", n);
	int shown = 0;
	for (int i = 0; i < n; i++)
		if (!only || strcmp(ifs[i].name, only) == 0) {
			show_if(&ifs[i]);
			shown++;
		}
	if (only && !shown) {
		printf("ifconfig: %s: no such interface (ifconfig lists "
		       "them)\n",
		       only);
		return 1;
	}
	if (!only && n == 0)
		printf("ifconfig: no interfaces (drv up ne2k brings a NIC's "
		       "driver up)\n");
	return 0;
}

int builtin_ifconfig(int argc, char **argv)
{
	msg_net_ifset_t r;
	if (argc <= 2)
		return if_list(argc == 2 ? argv[1] : NULL);
	memset(&r, 0, sizeof(r));
	if (strlen(argv[1]) >= sizeof(r.name)) {
		printf("ifconfig: %s: no such interface (ifconfig lists "
		       "them)\n",
		       argv[1]);
		return 1;
	}
	strcpy(r.name, argv[1]);
	for (int i = 2; i < argc; i++) {
		unsigned prefix;
		if (strcmp(argv[i], "up") == 0)
			r.what |= LV_NET_IFSET_UP;
		else if (strcmp(argv[i], "down") == 0)
			r.what |= LV_NET_IFSET_DOWN;
		else if (strcmp(argv[i], "dhcp") == 0)
			r.what |= LV_NET_IFSET_DHCP;
		else if (i == 2 &&
			 parse_cidr(argv[i], &r.addr, &prefix, 24) == 0 &&
			 prefix >= 1 && prefix <= 32) {
			const char *why = lv_netopts_host_why(r.addr, prefix);
			if (why) {
				printf("ifconfig: %s: %s: not a host address "
				       "for it: %s\n",
				       r.name, argv[i], why);
				return 2;
			}
			r.what |= LV_NET_IFSET_ADDR;
			r.mask = mask_of(prefix);
		} else {
			printf(
			    "ifconfig: %s: give ADDR[/N] (N 1..32), up, down "
			    "or dhcp\n",
			    argv[i]);
			return 2;
		}
	}
	if ((r.what & LV_NET_IFSET_UP) && (r.what & LV_NET_IFSET_DOWN)) {
		printf("ifconfig: %s: up and down at once\n", r.name);
		return 2;
	}
	int rc = change("ifconfig", r.name,
			"no such interface (ifconfig "
			"lists them)",
			1, LV_NET_IF_SET, &r, sizeof(r));
	if (rc == 0 && (r.what & LV_NET_IFSET_DHCP))
		printf("ifconfig: %s: asking DHCP (net logs the lease)\n",
		       r.name);
	return rc;
}

static int route_list(void)
{
	static lv_net_route_t rs[LIST_MAX];
	char d[16], g[16], m[16];
	int n = lv_net_route_list(rs, LIST_MAX);
	if (n < 0)
		return no_net("route", n);
	printf("Destination     Gateway         Genmask         Iface\n");
	for (int i = 0; i < n; i++)
		printf("%-15s %-15s %-15s %s\n",
		       rs[i].mask ? ntoa(rs[i].dest, d) : "default",
		       rs[i].gateway ? ntoa(rs[i].gateway, g) : "*",
		       ntoa(rs[i].mask, m), rs[i].ifname);
	return 0;
}

int builtin_route(int argc, char **argv)
{
	msg_net_route_req_t r;
	unsigned prefix = 0;
	if (argc == 1)
		return route_list();
	int add = strcmp(argv[1], "add") == 0;
	if ((!add && strcmp(argv[1], "del") != 0) || argc < 3) {
		printf("route: give add or del, then default or NET/N\n");
		return 2;
	}
	memset(&r, 0, sizeof(r));
	if (strcmp(argv[2], "default") != 0) {
		if (parse_cidr(argv[2], &r.dest, &prefix, 32) < 0) {
			printf("route: %s: give NET/N (N 0..32) or default\n",
			       argv[2]);
			return 2;
		}
		r.mask = mask_of(prefix);
		if (r.dest & ~r.mask) {
			printf("route: %s: host bits set past /%u\n", argv[2],
			       prefix);
			return 2;
		}
	}
	for (int i = 3; i < argc; i += 2) {
		if (i + 1 >= argc) {
			printf("route: %s needs a value\n", argv[i]);
			return 2;
		}
		if (strcmp(argv[i], "gw") == 0 &&
		    lv_inet_pton4(argv[i + 1], &r.gateway) == 0)
			continue;
		if (strcmp(argv[i], "dev") == 0 &&
		    strlen(argv[i + 1]) < sizeof(r.ifname)) {
			strcpy(r.ifname, argv[i + 1]);
			continue;
		}
		printf("route: %s %s: give gw A.B.C.D or dev IF\n", argv[i],
		       argv[i + 1]);
		return 2;
	}
	if (add && !r.gateway && !r.ifname[0]) {
		printf("route: add needs gw ADDR or dev IF\n");
		return 2;
	}
	return change("route", argv[2], "no such route (route lists them)", 0,
		      add ? LV_NET_ROUTE_ADD : LV_NET_ROUTE_DEL, &r, sizeof(r));
}

int builtin_arp(int argc, char **argv)
{
	static lv_net_arp_t es[LIST_MAX];
	char a[16], mac[18];
	if (argc == 3 && strcmp(argv[1], "-d") == 0) {
		msg_net_sock_t r;
		if (lv_inet_pton4(argv[2], &r.sock) < 0) {
			printf("arp: %s: give an address A.B.C.D\n", argv[2]);
			return 2;
		}
		return change("arp", argv[2],
			      "no such entry in the ARP cache (arp lists it)",
			      0, LV_NET_ARP_DEL, &r, sizeof(r));
	}
	if (argc != 1) {
		printf("arp: give nothing (the cache) or -d ADDR\n");
		return 2;
	}
	int n = lv_net_arp_list(es, LIST_MAX);
	if (n < 0)
		return no_net("arp", n);
	printf("Address          HWaddress          Flags       Age  Iface\n");
	for (int i = 0; i < n; i++) {
		if (es[i].state == LV_NET_ARP_COMPLETE)
			lv_netdrv_mac_str(es[i].mac, mac);
		else
			strcpy(mac, "(incomplete)");
		printf("%-16s %-18s %-11s %4us %s\n", ntoa(es[i].addr, a), mac,
		       es[i].state == LV_NET_ARP_COMPLETE ? "complete"
							  : "resolving",
		       (unsigned)es[i].age_s, es[i].ifname);
	}
	return 0;
}
