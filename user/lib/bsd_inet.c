/* <arpa/inet.h> and the byte-order calls of <netinet/in.h>, over the pure
 * parsers of libipc/pure_inet_addr.c (addresses there in host order). */
#include <string.h>
#include <arpa/inet.h>
#include "../../libipc/pure_inet_addr.h"
#include "glue.h"

uint32_t(htonl)(uint32_t x) { return __htonl(x); }
uint16_t(htons)(uint16_t x) { return __htons(x); }
uint32_t(ntohl)(uint32_t x) { return __ntohl(x); }
uint16_t(ntohs)(uint16_t x) { return __ntohs(x); }

int inet_aton(const char *text, struct in_addr *addr)
{
	uint32_t a;

	if (!text || lv_inet_aton(text, &a) < 0)
		return 0;
	if (addr)
		addr->s_addr = htonl(a);
	return 1;
}

in_addr_t inet_addr(const char *text)
{
	struct in_addr a;
	return inet_aton(text, &a) ? a.s_addr : INADDR_NONE;
}

char *inet_ntoa(struct in_addr addr)
{
	static char text[INET_ADDRSTRLEN];

	lv_inet_ntop4(ntohl(addr.s_addr), text, sizeof(text));
	return text;
}

int inet_pton(int af, const char *__restrict text, void *__restrict addr)
{
	struct in_addr in;
	uint32_t a;

	if (af != AF_INET)
		return glue_ret(-ERR_AFNOSUPPORT);
	if (!text || lv_inet_pton4(text, &a) < 0)
		return 0;
	in.s_addr = htonl(a);
	memcpy(addr, &in, sizeof(in));
	return 1;
}

const char *inet_ntop(int af, const void *__restrict addr, char *__restrict buf,
		      socklen_t size)
{
	struct in_addr in;
	int rc = -ERR_AFNOSUPPORT;

	if (af == AF_INET) {
		memcpy(&in, addr, sizeof(in));
		rc = lv_inet_ntop4(ntohl(in.s_addr), buf, size);
	}
	if (rc >= 0)
		return buf;
	glue_ret(rc); /* errno: ENOSPC, EAFNOSUPPORT */
	return NULL;
}
