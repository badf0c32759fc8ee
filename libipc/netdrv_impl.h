/* Shared by libipc/netdrv*.c (not an API). */
#ifndef LIBIPC_NETDRV_IMPL_H
#define LIBIPC_NETDRV_IMPL_H
#include <lavender/netdrv.h>

/* A free session slot of d, or NULL. */
lv_netdrv_session_t *netdrv_session_new(lv_netdrv_t *d);
/* Ends a session (its receiver told LV_NETDRV_GONE when tell is set). */
void netdrv_session_end(lv_netdrv_session_t *ss, int tell);
/* Add step (4): subscribes to the name server's protocol-server entries and
 * opens a session for each registered now; later events keep them fresh. */
void netdrv_registry_start(lv_netdrv_t *d);

#endif
