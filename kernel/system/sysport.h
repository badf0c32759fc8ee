/* The well-known system ports (LV_SYSPORT_*): today the name server's, which
 * every process spawned after it registered finds at LV_NS_HANDLE; a
 * restarted name server takes the place of a dead one, and sysport_watch
 * tells the processes that asked. */
#ifndef LAVENDER_SYSTEM_SYSPORT_H
#define LAVENDER_SYSTEM_SYSPORT_H
#include "core/port.h"

/* The live port registered as which, or NULL. */
port_t *sysport_port(unsigned which);
/* Drops the sysport_watch records of every process that ends. */
void sysport_init(void);

#endif
