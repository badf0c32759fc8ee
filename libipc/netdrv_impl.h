/* Shared by libipc/netdrv*.c (not an API). */
#ifndef LIBIPC_NETDRV_IMPL_H
#define LIBIPC_NETDRV_IMPL_H
#include <lavender/netdrv.h>
#include "pure_netdrv_sessions.h"

/* d's sessions and counters with the process's system calls. */
netdrv_table_t netdrv_table(lv_netdrv_t *d);
/* Add step (4): subscribes to the name server's protocol-server entries and
 * opens a session for each registered now; later events keep them fresh. */
void netdrv_registry_start(lv_netdrv_t *d);

#endif
