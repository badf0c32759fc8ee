/* drv swap NAME KIND for the control port (LV_INITCTL_DRV_SWAP): the
 * hand-over of lavender/netdrv_proto.h, run by init. init watches the old
 * driver's port, asks it to PREPARE (it gives the NIC back and keeps its
 * name, port and sessions), starts the other kind on the same NIC with
 * "name=NAME handover" (drivers.c, drvmod.c), whose add step (5) takes the
 * name and the sessions over, and answers once the new driver holds the
 * name (LV_NS_EVENT_HANDOVER) and the old one's port has died (it ended; a
 * module is then removed). A failed start stops the old driver (its
 * receivers told GONE): no driver is better than one without its NIC. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/lkmd_proto.h>
#include <lavender/netdrv.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "drivers.h"
#include "init.h"

#define SWAPS_MAX 4
#define SWAP_COOKIE 0x53570000u /* + the slot in swaps[] */

static struct driver *swaps[SWAPS_MAX];

static int swap_slot(struct driver *d)
{
	for (int i = 0; i < SWAPS_MAX; i++)
		if (!swaps[i]) {
			swaps[i] = d;
			return i;
		}
	return -ERR_NOSPC;
}

/* The swap is over for d (done or failed): its watch and slot go. */
static void swap_end(struct driver *d)
{
	for (int i = 0; i < SWAPS_MAX; i++)
		if (swaps[i] == d)
			swaps[i] = NULL;
	if (d->old_port > 0)
		lv_handle_close(d->old_port);
	d->old_port = 0;
	d->swap = 0;
}

static void ignored(lv_server_t *s, int status, const lv_msg_t *msg, void *arg)
{
	(void)s, (void)status, (void)msg, (void)arg;
}

void swap_failed(struct driver *d)
{
	printf("init: swap of %s failed: the old driver (pid %d) is "
	       "stopped\n",
	       d->name, d->old_pid);
	if (d->old_port > 0)
		lv_server_call(init_loop(), d->old_port, LV_NETDRV_STOP, NULL,
			       0, init_ms_to_ticks(LV_INITCTL_DOWN_WAIT_MS),
			       ignored, NULL);
	swap_end(d);
}

/* Answers the swap's request: the new driver runs, the old is gone. */
static void finish(struct driver *d, int status, const char *message)
{
	printf("init: %s swapped: %s driver pid %d\n", d->name,
	       drvkind_name(d->kind), d->pid);
	swap_end(d);
	drivers_answer(d, status < 0 ? status : d->pid, 0, NULL, message);
	if (!d->child)
		drivers_release(d);
}

static void old_removed(lv_server_t *s, int status, const lv_msg_t *msg,
			void *arg)
{
	msg_lkmd_result_t r;
	(void)s;
	modules_result(status, msg, &r);
	if (status < 0)
		printf("init: old driver module %s not removed: %s\n",
		       ((struct driver *)arg)->prog, r.message);
	finish(arg, 0, NULL);
}

/* Both halves done: the name taken, the old driver ended. */
static void maybe_done(struct driver *d)
{
	msg_lkmd_unload_t req;
	msg_lkmd_result_t r;
	if (!d->taken || !d->old_gone)
		return;
	if (d->old_kind != DRV_KIND_MODULE) {
		finish(d, 0, NULL);
		return;
	}
	memset(&req, 0, sizeof(req));
	snprintf(req.name, sizeof(req.name), "%s", d->prog);
	if (modules_call(LV_LKMD_UNLOAD, &req, sizeof(req), old_removed, d,
			 &r) < 0)
		finish(d, 0, NULL);
}

void swap_taken(struct driver *d)
{
	printf("init: %s handed over to pid %d (%s)\n", d->name, d->pid,
	       drvkind_name(d->kind));
	d->taken = 1;
	maybe_done(d);
}

void swap_port_dead(uint32_t cookie)
{
	uint32_t i = cookie - SWAP_COOKIE;
	if (i >= SWAPS_MAX || !swaps[i])
		return;
	swaps[i]->old_gone = 1;
	maybe_done(swaps[i]);
}

/* The old driver answered PREPARE: the next kind starts on its NIC. */
static void prepared(lv_server_t *s, int status, const lv_msg_t *msg, void *arg)
{
	struct driver *d = arg;
	msg_netdrv_prepared_t p;
	char rest[LV_INITCTL_ARGS_MAX], message[80];
	(void)s;
	if (status >= 0 && (!msg || msg->h.size != sizeof(p)))
		status = -ERR_INVAL;
	if (status < 0) {
		snprintf(message, sizeof(message),
			 "%s: the driver refused to give its NIC back: %s",
			 d->name, lv_strerror(status));
		swap_end(d); /* it still has its NIC: left alone */
		drivers_answer(d, status, 0, NULL, message);
		drivers_release(d);
		return;
	}
	memcpy(&p, msg->payload, sizeof(p));
	if (p.pci)
		snprintf(rest, sizeof(rest), "%s pci name=%s handover", d->prog,
			 d->name);
	else
		snprintf(rest, sizeof(rest),
			 "%s io=0x%x irq=%u name=%s handover", d->prog,
			 (unsigned)p.io, (unsigned)p.irq, d->name);
	printf("init: swapping %s: the %s driver (pid %d) gave its NIC back; "
	       "starting the %s kind\n",
	       d->name, drvkind_name(d->old_kind), d->old_pid,
	       drvkind_name(d->kind));
	drivers_start(d, rest);
}

/* The old driver's kind and program into d, or -ERR_* with message. */
static int old_driver(struct driver *d, const lv_ns_entry_t *e, int kind,
		      char *message, size_t len)
{
	lv_proc_info_t info;
	d->old_pid = e->owner;
	d->old_kind = drvmod_is_module(e->owner, d->prog, sizeof(d->prog))
			  ? DRV_KIND_MODULE
			  : DRV_KIND_USER;
	if (d->old_kind == DRV_KIND_USER) {
		if (lv_proc_find(e->owner, &info) < 0)
			return -ERR_SRCH;
		snprintf(d->prog, sizeof(d->prog), "%s", info.name);
	}
	if (d->old_kind == kind) {
		snprintf(message, len, "%s is a %s driver already", e->name,
			 drvkind_name(kind));
		return -ERR_EXIST;
	}
	struct driver *old = drivers_find(e->owner);
	if (old && old->state != DRV_RUNNING)
		return -ERR_BUSY;
	return drivers_allowed(d->prog, kind, message, len);
}

/* Watches the old port, then asks it to PREPARE: 0 or -ERR_*. */
static int begin(struct driver *d)
{
	int i = swap_slot(d);
	if (i < 0)
		return i;
	int rc = lv_port_watch(d->old_port, drivers_events_port(),
			       SWAP_COOKIE + (uint32_t)i);
	if (rc == 0)
		rc = lv_server_call(
		    init_loop(), d->old_port, LV_NETDRV_PREPARE, NULL, 0,
		    init_ms_to_ticks(LV_INITCTL_DOWN_WAIT_MS), prepared, d);
	return rc < 0 ? rc : 0;
}

int drivers_swap(lv_msg_t *m, void *ctx)
{
	msg_initctl_drv_swap_t req;
	msg_initctl_drv_reply_t *r = (void *)m->payload;
	lv_ns_entry_t e;
	(void)ctx;
	if (m->h.size != sizeof(req))
		return -ERR_INVAL;
	memcpy(&req, m->payload, sizeof(req));
	memset(r, 0, sizeof(*r));
	m->h.size = sizeof(*r);
	if (strnlen(req.name, sizeof(req.name)) == sizeof(req.name))
		return -ERR_NAMETOOLONG;
	if (req.kind != DRV_KIND_USER && req.kind != DRV_KIND_MODULE)
		return -ERR_INVAL;
	int rc = drivers_subscribe();
	struct driver *d = rc < 0 ? NULL : drivers_take_slot();
	if (!d)
		return rc < 0 ? rc : -ERR_NOSPC;
	d->old_port = lv_ns_lookup(req.name, &e);
	rc = d->old_port < 0 ? d->old_port : 0;
	if (rc == 0 && strcmp(e.type, LV_NETDRV_TYPE) != 0)
		rc = -ERR_INVAL;
	if (rc == 0)
		rc =
		    old_driver(d, &e, req.kind, r->message, sizeof(r->message));
	if (rc == 0) {
		snprintf(d->name, sizeof(d->name), "%s", req.name);
		d->kind = req.kind;
		d->swap = 1;
		d->state = DRV_PREPARING;
		d->token = lv_server_defer(init_loop());
		rc = d->token < 0 ? d->token : begin(d);
	}
	if (rc == 0)
		return LV_DEFERRED;
	if (d->token >= 0) { /* deferred already: answered there */
		swap_end(d);
		drivers_answer(d, rc, 0, NULL, NULL);
		drivers_release(d);
		return LV_DEFERRED;
	}
	if (d->old_port < 0)
		d->old_port = 0;
	swap_end(d);
	drivers_release(d);
	return rc;
}
