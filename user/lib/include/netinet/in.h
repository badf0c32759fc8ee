/* Internet addresses (POSIX <netinet/in.h>): struct sockaddr_in, the
 * protocol numbers, the well-known addresses and the byte-order calls.
 * Addresses and ports in these structures are in network byte order. */
#ifndef _NETINET_IN_H
#define _NETINET_IN_H
#include <stdint.h>
#include <machine/endian.h>
#include <sys/socket.h>

#ifndef _IN_ADDR_T_DECLARED
typedef __uint32_t in_addr_t;
#define _IN_ADDR_T_DECLARED
#endif
#ifndef _IN_PORT_T_DECLARED
typedef __uint16_t in_port_t;
#define _IN_PORT_T_DECLARED
#endif

struct in_addr {
	in_addr_t s_addr;
};

struct sockaddr_in {
	sa_family_t sin_family; /* AF_INET */
	in_port_t sin_port;
	struct in_addr sin_addr;
	unsigned char sin_zero[8];
};

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1 /* with SOCK_DGRAM: an echo ("ping") socket */
#define IPPROTO_TCP 6  /* refused: no TCP */
#define IPPROTO_UDP 17
#define IPPROTO_RAW 255 /* refused */

#define INADDR_ANY ((in_addr_t)0x00000000)
#define INADDR_BROADCAST ((in_addr_t)0xffffffff)
#define INADDR_NONE ((in_addr_t)0xffffffff)
#define INADDR_LOOPBACK ((in_addr_t)0x7f000001)

#define INET_ADDRSTRLEN 16

__BEGIN_DECLS
uint32_t htonl(uint32_t x);
uint16_t htons(uint16_t x);
uint32_t ntohl(uint32_t x);
uint16_t ntohs(uint16_t x);
__END_DECLS

#define htonl(x) __htonl(x)
#define htons(x) __htons(x)
#define ntohl(x) __ntohl(x)
#define ntohs(x) __ntohs(x)

#endif
