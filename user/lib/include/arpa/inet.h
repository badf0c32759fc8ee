/* IPv4 addresses as text (POSIX <arpa/inet.h>, and BSD's inet_aton):
 * user/lib/bsd_inet.c over libipc/pure_inet_addr.c. */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H
#include <netinet/in.h>

__BEGIN_DECLS
/* The address of "A.B.C.D" (and inet_aton's shorter forms), or
 * INADDR_NONE (which 255.255.255.255 is too). */
in_addr_t inet_addr(const char *text);
/* 1 and *addr, or 0 for text that is no address. */
int inet_aton(const char *text, struct in_addr *addr);
/* "A.B.C.D" in a buffer of the library's (the next call overwrites it). */
char *inet_ntoa(struct in_addr addr);
/* AF_INET only: 1, 0 for malformed text (exactly four decimal numbers
 * 0..255, no leading zeros), -1 with errno EAFNOSUPPORT. */
int inet_pton(int af, const char *__restrict text, void *__restrict addr);
/* AF_INET only: buf, or NULL with errno ENOSPC or EAFNOSUPPORT. */
const char *inet_ntop(int af, const void *__restrict addr, char *__restrict buf,
		      socklen_t size);
__END_DECLS

#endif
