/* The drivers init started or is stopping (drivers.c), shared with the
 * module kind's parts (drvmod.c). Everything runs in init's one loop. */
#ifndef INIT_DRIVERS_H
#define INIT_DRIVERS_H
#include <lavender/initctl_proto.h>
#include <lavender/ns.h>
#include "pure_drvkind.h"

enum drv_state {
	DRV_FREE,
	DRV_PREPARING,
	DRV_LOADING,
	DRV_STARTING,
	DRV_RUNNING,
	DRV_STOPPING
};

/* A driver init started, or one being stopped for a request (pid of any
 * process then: a driver that is not init's child is answered when its STOP
 * is; a module's when the loader removed it). */
struct driver {
	enum drv_state state;
	int pid;
	int child; /* init started it: its end arrives as a message */
	int kind;  /* DRV_KIND_USER or DRV_KIND_MODULE */
	int token; /* the deferred request waiting on it (-1: none) */
	int timer; /* the wait's timer (0: none) */
	char prog[LV_NS_NAME_MAX]; /* its KIND: program or module name */
	char name[LV_NS_NAME_MAX]; /* its registered name, once known */
	/* a swap (swap.c): d is the next driver, taking name over from the
	 * driver old_pid (of old_kind), whose port init watches */
	int swap;
	int old_pid, old_kind, old_port;
	int taken;    /* the next driver's register took the entry */
	int old_gone; /* the old driver's port died: it ended */
};

/* Answers d's waiting request (if any) with status, d's pid and name, and
 * the optional known kinds and message. */
void drivers_answer(struct driver *d, int status, int exit_status,
		    const char *known, const char *message);
/* Frees d's slot. */
void drivers_release(struct driver *d);
/* d was started (pid known): waits for its "driver" entry as drv up does
 * (a registration already made answers now). 0 or -ERR_*. */
int drivers_wait_up(struct driver *d);

struct driver *drivers_find(int pid);
struct driver *drivers_take_slot(void);
/* Subscribes init once to the "driver" entries' events: 0 or -ERR_*. */
int drivers_subscribe(void);
/* The port init's "driver" events arrive on (kernel notices too). */
int drivers_events_port(void);
/* Starts d (slot taken, prog and kind set, token deferred) with rest
 * ("PROG ARGS"): 0, the request answered later; or -ERR_* (d answered,
 * and freed unless its end will free it). */
int drivers_start(struct driver *d, const char *rest);
/* 0 when /etc/drivers.cfg lists prog in kind; else -ERR_* with the cause
 * in message (len bytes). */
int drivers_allowed(const char *prog, int kind, char *message, size_t len);

/* The swap (swap.c): the control request LV_INITCTL_DRV_SWAP. */
int drivers_swap(lv_msg_t *m, void *ctx);
/* d (a swap's next driver) registered: the swap ends once the old driver
 * has ended too. */
void swap_taken(struct driver *d);
/* A kernel notice on the events port (the old driver's port died). */
void swap_port_dead(uint32_t cookie);
/* d's start failed (answered already): the old driver, prepared and
 * without hardware, is stopped. */
void swap_failed(struct driver *d);

/* The module kind (drvmod.c). Loads /lib/modules/PROG.ko with the words
 * of rest after PROG as parameters, then waits for its entry; the request
 * is answered from the loader's answer on. 0, or -ERR_* with message set
 * (nothing started). */
int drvmod_up(struct driver *d, const char *rest, char *message, size_t len);
/* Removes the module d (its STOP answered, or its start timed out);
 * answers d's request with the loader's status when answer is set. */
void drvmod_remove(struct driver *d, int answer);
/* 1 when pid is a module's kernel-side process (its module's name in
 * prog, len bytes), else 0. */
int drvmod_is_module(int pid, char *prog, size_t len);

#endif
