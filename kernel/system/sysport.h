/* The well-known system ports (LV_SYSPORT_*): today the name server's, which
 * every process spawned after it registered finds at LV_NS_HANDLE. */
#ifndef LAVENDER_SYSTEM_SYSPORT_H
#define LAVENDER_SYSTEM_SYSPORT_H
#include "core/port.h"

/* The live port registered as which, or NULL. */
port_t *sysport_port(unsigned which);

#endif
