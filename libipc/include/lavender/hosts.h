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
/* 0 when node is 1 to LV_HOST_NAME_MAX - 1 lv_host_char characters;
 * -ERR_INVAL (empty, or another character), -ERR_NAMETOOLONG. Pure. */
int lv_host_check(const char *node);
/* 1 when node names this node without asking anyone: "localhost", own
 * (this node's name; NULL or "" when it has none) or a dotted quad in
 * 127.0.0.0/8; else 0. (An /etc/hosts name or an interface's address that
 * is this node's is the protocol server's to tell.) Pure. */
int lv_host_is_self(const char *node, const char *own);
/* 1 when addr (host order) is in 127.0.0.0/8, the loopback network. */
static inline int lv_host_loopback(uint32_t addr) { return addr >> 24 == 127; }

/* host as a dotted quad, else its /etc/hosts address: 0 and *addr, or
 * -ERR_NOENT (no such name, or no file server), -ERR_INVAL (empty). */
int lv_host_resolve(const char *host, uint32_t *addr);
/* The /etc/hosts name of addr into buf (size bytes): its length or -ERR_*. */
int lv_host_name(uint32_t addr, char *buf, unsigned size);

#endif
