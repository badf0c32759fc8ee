/* What sockets.c asks the process table about a socket's owner (a file
 * of its own so that sockets.c builds for the host tests, where the
 * 32-bit process-table layout of uapi/types.h does not). */
#ifndef NET_SOCKETS_OWNER_H
#define NET_SOCKETS_OWNER_H
#include <stdint.h>

/* 1 until pid is a zombie or gone (pids are not reused). */
int sockets_owner_alive(int32_t pid);
/* 1 when pid holds the network right (LV_PRIV_NET: ports below
 * LV_NET_PORT_RESERVED). 0 while uapi/types.h has no LV_PRIV_NET: never
 * fail open. */
int sockets_owner_has_net_right(int32_t pid);

#endif
