/* IPv4 addresses as text, the way the BSD calls read and write them: the
 * strict dotted quad of inet_pton, the looser forms inet_aton takes, and
 * the text inet_ntop writes. Pure (no libc state, no system calls), so the
 * host tests feed it malformed text. Addresses are in host order. Not an
 * API: the socket library (user/lib/bsd_inet.c) and its tests include it
 * by path. */
#ifndef LIBIPC_PURE_INET_ADDR_H
#define LIBIPC_PURE_INET_ADDR_H
#include <stddef.h>
#include <stdint.h>

#define LV_INET_ADDRSTRLEN 16 /* "255.255.255.255" and its NUL */

/* inet_pton(AF_INET): exactly four decimal numbers 0..255 joined by dots,
 * nothing before or after, no leading zeros ("01" is refused, "0" is
 * fine), no signs or spaces. 0 and *addr set, or -ERR_INVAL (addr
 * untouched). */
int lv_inet_pton4(const char *s, uint32_t *addr);

/* inet_aton: one to four numbers joined by dots, each decimal, octal
 * (a leading 0) or hex (0x); the last one fills the bytes left ("10.1" is
 * 10.0.0.1, "167772161" is 10.0.0.1). Text may follow after a space, as
 * BSD's and glibc's inet_aton allow. 0 and *addr set, or -ERR_INVAL:
 * empty text, a leading space, a dot too many, an empty part, a digit
 * wrong for its base, a part too large for the bytes it fills. */
int lv_inet_aton(const char *s, uint32_t *addr);

/* Writes addr as "A.B.C.D" and a NUL into buf (size bytes): the length
 * without the NUL, or -ERR_NOSPC when it does not fit (buf then holds an
 * empty string if size > 0). */
int lv_inet_ntop4(uint32_t addr, char *buf, size_t size);

#endif
