/* The well-known system ports (LV_SYSPORT_*): today the name server's, which
 * every process spawned after it registered finds at LV_NS_HANDLE; a
 * restarted name server takes the place of a dead one, and sysport_watch
 * tells the processes that asked. */
#ifndef LAVENDER_SYSTEM_SYSPORT_H
#define LAVENDER_SYSTEM_SYSPORT_H
#include "core/port.h"

/* The live port registered as which, or NULL. */
port_t *sysport_port(unsigned which);
/* Puts a send right to the name server's port (if one is registered) at
 * LV_NS_HANDLE of new process p: spawned ones and modules' kernel-side
 * processes alike. */
void sysport_give_ns(proc_t *p);
/* Drops the sysport_watch records of every process that ends; gives every
 * kernel-side process its name-server right. */
void sysport_init(void);
/* The module exports (lkm/include/lavender/kernel.h). */
int ksysport_watch(unsigned which, int notify, uint32_t cookie);
int ksysport_ns_renew(void);

#endif
