/* Node names: an address as text ("10.0.0.2") or a name that /etc/hosts
 * (on the file server) gives an address (libipc/pure_hosts.h says the
 * format). Host order. */
#ifndef LAVENDER_HOSTS_H
#define LAVENDER_HOSTS_H
#include <stdint.h>

#define LV_HOSTS_FILE "/etc/hosts"

/* host as a dotted quad, else its /etc/hosts address: 0 and *addr, or
 * -ERR_NOENT (no such name, or no file server), -ERR_INVAL (empty). */
int lv_host_resolve(const char *host, uint32_t *addr);
/* The /etc/hosts name of addr into buf (size bytes): its length or -ERR_*. */
int lv_host_name(uint32_t addr, char *buf, unsigned size);

#endif
