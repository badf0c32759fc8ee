/* Per-process bounds on kernel objects: what one process may hold of the
 * kernel at once. Every object is counted against the process that owns it
 * and freed when that process ends (docs/architecture.md, "Limits"). Errors
 * when a limit is reached: threads and children -ERR_AGAIN, ports, watches
 * and handles -ERR_NOSPC, memory -ERR_NOMEM; a send over the queued-bytes
 * bound waits (or gets -ERR_AGAIN) as on a full queue. */
#ifndef LAVENDER_CORE_LIMITS_H
#define LAVENDER_CORE_LIMITS_H

#define LIMIT_THREADS 64	    /* threads of one process */
#define LIMIT_PORTS 1024	    /* live ports it owns (receive rights) */
#define LIMIT_WATCHES 256	    /* port_watch records it made */
#define LIMIT_QUEUED_BYTES 0x80000u /* kernel bytes queued on its ports */
#define LIMIT_CHILDREN 32	    /* living and zombie children */
/* Process-table slots only holders of a privilege may take: init can always
 * restart a server, whatever ordinary programs did. */
#define LIMIT_PROC_RESERVED 8
/* User memory it maps (image, stack, mem_map), in pages: 96 MiB. */
#define LIMIT_MEM_PAGES (96u * 256u)

/* Loadable modules, node-wide (only the module right's holder makes them):
 * table slots (reservations and modules) and bytes of their images, which
 * are kernel memory; core/module.c. */
#define LIMIT_MODULES 16
#define LIMIT_MODULE_BYTES (16u << 20)

#endif
