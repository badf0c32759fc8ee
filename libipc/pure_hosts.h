/* /etc/hosts, the classic format (hosts(5)): one node a line, "ADDRESS
 * NAME [ALIAS...]", fields split by spaces or tabs, '#' to the end of a
 * line a comment; a line whose address is not a dotted quad (an IPv6 one,
 * junk) is skipped, and names longer than LV_HOST_NAME_MAX - 1 never
 * match. Pure (the text is given), so the host tests feed it malformed
 * files; lv_host_resolve (lavender/hosts.h) reads the file. Host order. */
#ifndef LIBIPC_PURE_HOSTS_H
#define LIBIPC_PURE_HOSTS_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/hosts.h> /* LV_HOST_NAME_MAX */

/* The address of the first line naming name (case-sensitive, as names
 * are on the command line): 0 and *addr, or -ERR_NOENT. */
int lv_hosts_find(const char *text, size_t len, const char *name,
		  uint32_t *addr);
/* The first name of the first line with addr into buf (size bytes): its
 * length, -ERR_NOENT, or -ERR_NOSPC when it does not fit. */
int lv_hosts_name(const char *text, size_t len, uint32_t addr, char *buf,
		  size_t size);

#endif
