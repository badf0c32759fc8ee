/* Node names: an address as text ("10.0.0.2") or a name that /etc/hosts
 * (on the file server) gives an address (libipc/pure_hosts.h says the
 * format). Host order. */
#ifndef LAVENDER_HOSTS_H
#define LAVENDER_HOSTS_H
#include <stdint.h>

#define LV_HOSTS_FILE "/etc/hosts"
#define LV_HOST_NAME_MAX                                                       \
	64 /* bytes of a node's name or address, NUL included */

/* 1 when c may be part of a node's name: a host name's (RFC 952: letters,
 * digits, '-', '.') or '_', as /etc/hosts and the kernel command line write
 * names; an address's digits and dots are among them. Pure. */
int lv_host_char(char c);
/* 0 when node is 1 to LV_HOST_NAME_MAX - 1 lv_host_char characters and,
 * when it is a dotted quad, one that may be a machine's (lv_host_unicast);
 * -ERR_INVAL (empty, or another character), -ERR_NAMETOOLONG,
 * -ERR_ADDRNOTAVAIL (a broadcast, multicast, 0.0.0.0/8 or 240.0.0.0/4
 * address: no one node). Pure. */
int lv_host_check(const char *node);
/* 1 when a and b are the same node name: host names are case-insensitive
 * (RFC 952, RFC 1123 2.1), so "BETA" is "beta"; ASCII only. Every compare
 * of node names (/etc/hosts, this node's own name, caches keyed by node)
 * goes through it. Pure. */
int lv_host_same(const char *a, const char *b);
/* 1 when node names this node without asking anyone: "localhost", own
 * (this node's name; NULL or "" when it has none) or a dotted quad in
 * 127.0.0.0/8; else 0. (An /etc/hosts name or an interface's address that
 * is this node's is the protocol server's to tell.) Pure. */
int lv_host_is_self(const char *node, const char *own);
/* 1 when addr (host order) is in 127.0.0.0/8, the loopback network. */
static inline int lv_host_loopback(uint32_t addr) { return addr >> 24 == 127; }
/* 1 when addr (host order) may be one machine's address, 0 when it never
 * is: "this network" 0.0.0.0/8, multicast 224.0.0.0/4, reserved
 * 240.0.0.0/4 and the limited broadcast 255.255.255.255 in it (RFC 1122
 * 3.2.1.3, RFC 1112 4). A network's directed broadcast (10.0.0.255 on
 * 10.0.0.0/24) depends on its mask: the node that has the network tells
 * that one (the protocol server). */
static inline int lv_host_unicast(uint32_t addr)
{
	return addr >> 24 != 0 && addr >> 28 < 0xE;
}

/* host as a dotted quad, else its /etc/hosts address (names compared by
 * lv_host_same): 0 and *addr, or
 * -ERR_NOENT (no such name, or no file server), -ERR_INVAL (empty). */
int lv_host_resolve(const char *host, uint32_t *addr);
/* The /etc/hosts name of addr into buf (size bytes): its length or -ERR_*. */
int lv_host_name(uint32_t addr, char *buf, unsigned size);

#endif
