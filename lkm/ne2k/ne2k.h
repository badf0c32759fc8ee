/* The NE2000 as a loadable module (lkm/ne2k): shared between its front
 * end (ne2k.c: parameters, the add and remove steps) and its driver loop
 * (serve.c: the driver port protocol of lavender/netdrv_proto.h). The
 * chip logic is drivers/ne2k/dp8390.c, the PCI set-up
 * drivers/ne2k/pure_pci.c and the protocol's rules
 * libipc/pure_netdrv_sessions.c: the user-mode driver's own files, built
 * into the module. Everything here is touched only by the module's main
 * thread (and init/exit, before and after it). */
#ifndef LKM_NE2K_H
#define LKM_NE2K_H
#include "lavender/kernel.h"
#include "lavender/netdrv_proto.h"
#include "lavender/ns_proto.h"
#include "../../drivers/ne2k/dp8390.h"
#include "../../libipc/pure_netdrv_sessions.h"

typedef struct ne2k {
	char name[32];
	char attrs[LV_NS_ATTR_MAX]; /* as registered (again after a restart) */
	unsigned io, irq;
	dp8390_t chip;
	int started;  /* the chip runs (exit stops it if STOP never came) */
	int pci;      /* found on the PCI bus */
	int prepared; /* PREPARE gave the hardware back (the hand-over) */
	int heir;     /* pid HANDOVER named (0: none) */
	int next;     /* its port's send right */
	int ns_pid;   /* the name server's events come from it (0: none) */
	lv_netdrv_stats_t stats;
	lv_netdrv_session_t sessions[LV_NETDRV_SESSIONS_MAX];
} ne2k_t;

extern ne2k_t ne2k;

/* Add step (4) and the loop: opens a session for every protocol server
 * registered in the name server (and keeps them fresh), then serves the
 * driver port protocol on KPROC_PORT until a permitted STOP (returns the
 * STOP's reply right, 0: none, for the remove steps) or the hand-over's
 * HANDED (returns NE2K_HANDED: sessions moved, the name passed on). */
#define NE2K_HANDED (-1)
int ne2k_serve(void);
/* The hand-over's PREPARE (chip stopped, IRQ and I/O ports given back),
 * from ne2k.c. 0 or -ERR_*. */
int ne2k_release(void);
/* Ends every session (the receivers told LV_NETDRV_GONE); returns how
 * many there were. */
int ne2k_end_sessions(void);

#endif
