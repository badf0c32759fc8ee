/* The NE2000 as a loadable module (lkm/ne2k): shared between its front
 * end (ne2k.c: parameters, the add and remove steps) and its driver loop
 * (serve.c: the driver port protocol of lavender/netdrv_proto.h, as
 * libipc/netdrv.c serves it for the user-mode driver). The chip logic is
 * drivers/ne2k/dp8390.c, built into the module. Everything here is touched
 * only by the module's one thread (and init/exit, before and after it). */
#ifndef LKM_NE2K_H
#define LKM_NE2K_H
#include "lavender/kernel.h"
#include "lavender/netdrv_proto.h"
#include "../../drivers/ne2k/dp8390.h"

typedef struct ne2k_session {
	int receiver; /* send right; 0: free slot */
	int opener;   /* pid */
	uint32_t ntypes;
	uint16_t types[LV_NETDRV_TYPES_MAX];
} ne2k_session_t;

typedef struct ne2k {
	char name[32];
	unsigned io, irq;
	dp8390_t chip;
	int started; /* the chip runs (exit stops it if STOP never came) */
	lv_netdrv_stats_t stats;
	ne2k_session_t sessions[LV_NETDRV_SESSIONS_MAX];
} ne2k_t;

extern ne2k_t ne2k;

/* Serves the driver port protocol on KPROC_PORT until a permitted STOP;
 * returns the STOP's reply right (0: none) for the remove steps. */
int ne2k_serve(void);
/* Ends every session; tell: the receiver gets LV_NETDRV_GONE. Returns how
 * many there were. */
int ne2k_end_sessions(int tell);

#endif
