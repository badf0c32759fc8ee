/* System ports (see sysport.h) and their calls (uapi/syscalls.h). */
#include "system/sysport.h"
#include "core/kmem.h"
#include "core/kproc.h"
#include "core/ipc.h"
#include "core/limits.h"
#include "core/proc.h"
#include "lib/export.h"
#include "nucleus/nucleus.h"
#include "system/syscall.h"
#include "uapi/errors.h"

/* A sysport_watch: one notice at the next sysport_set of its system port.
 * Counted in its watcher's watches; goes after the notice or when the
 * watcher ends. */
typedef struct sysport_watch {
	proc_t *watcher;
	port_t *notify; /* holds a reference */
	uint32_t cookie;
	struct sysport_watch *next;
} sysport_watch_t;

static port_t *ports[LV_SYSPORT_COUNT]; /* each holds a reference */
static sysport_watch_t *watches[LV_SYSPORT_COUNT];

port_t *sysport_port(unsigned which)
{
	if (which >= LV_SYSPORT_COUNT || !ports[which] ||
	    port_is_dead(ports[which]))
		return NULL;
	return ports[which];
}

static void watch_free(sysport_watch_t *w)
{
	w->watcher->nwatches--;
	port_unref(w->notify);
	kfree(w);
}

/* Tells (and drops) every watcher of which: it was set again. A dead, full
 * or moved notify port loses its notice, as with port_watch. */
static void notify_set(unsigned which)
{
	while (watches[which]) {
		sysport_watch_t *w = watches[which];
		watches[which] = w->next;
		uint32_t cookie = w->cookie;
		if (port_held_by(w->notify, w->watcher->pid))
			ipc_kernel_notice(w->notify, LV_OP_SYSPORT_SET, &cookie,
					  sizeof(cookie));
		watch_free(w);
	}
}

/* A process ends: its watches go (a proc release hook). */
static void unwatch_all(proc_t *p)
{
	for (unsigned i = 0; i < LV_SYSPORT_COUNT; i++) {
		sysport_watch_t **l = &watches[i];
		while (*l) {
			sysport_watch_t *w = *l;
			if (w->watcher != p) {
				l = &w->next;
				continue;
			}
			*l = w->next;
			watch_free(w);
		}
	}
}

void sysport_give_ns(proc_t *p)
{
	port_t *ns = sysport_port(LV_SYSPORT_NS);
	if (ns) {
		right_t r = {.type = LV_RIGHT_SEND, .port = ns};
		right_retain(&r);
		handle_install_at(p, LV_NS_HANDLE, &r);
	}
}

void sysport_init(void)
{
	proc_add_release_hook(unwatch_all);
	kproc_set_setup_hook(sysport_give_ns);
}

/* The port of the caller's handle, whose right must be RECEIVE (or, with
 * send_ok, SEND): 0, or the lookup's error, -ERR_PERM for another right.
 * Interrupts are off. */
static int port_of(int handle, int send_ok, port_t **port)
{
	handle_slot_t *s;
	int rc = handle_lookup(proc_current(), handle, &s);
	if (rc < 0)
		return rc;
	if (s->right.type != LV_RIGHT_RECEIVE &&
	    (!send_ok || s->right.type != LV_RIGHT_SEND))
		return -ERR_PERM;
	*port = s->right.port;
	return 0;
}

int sys_sysport_set(const uint32_t *a)
{
	port_t *p;
	if (a[0] >= LV_SYSPORT_COUNT)
		return -ERR_INVAL;
	uint32_t f = nu_irq_save();
	int rc = port_of((int)a[1], 1, &p);
	port_t *now = sysport_port(a[0]);
	if (rc == 0 && now && now != p)
		rc = -ERR_BUSY; /* a live one is not taken over */
	if (rc == 0 && now != p) {
		port_ref(p);
		if (ports[a[0]])
			port_unref(ports[a[0]]);
		ports[a[0]] = p;
		notify_set(a[0]);
	}
	nu_irq_restore(f);
	return rc;
}

int sys_sysport_get(const uint32_t *a)
{
	uint32_t f = nu_irq_save();
	port_t *port = sysport_port(a[0]);
	int rc = -ERR_NOENT;
	if (port) {
		right_t r = {.type = LV_RIGHT_SEND, .port = port};
		right_retain(&r);
		rc = handle_install(proc_current(), &r);
		if (rc < 0)
			right_release(&r);
	}
	nu_irq_restore(f);
	return rc;
}

int sys_sysport_watch(const uint32_t *a)
{
	proc_t *me = proc_current();
	port_t *notify;
	if (a[0] >= LV_SYSPORT_COUNT)
		return -ERR_INVAL;
	uint32_t f = nu_irq_save();
	/* notices go to the caller's own port only */
	int rc = port_of((int)a[1], 0, &notify);
	if (rc == 0 && me->nwatches >= LIMIT_WATCHES)
		rc = -ERR_NOSPC;
	sysport_watch_t *w = rc == 0 ? kzalloc(sizeof(*w)) : NULL;
	if (rc == 0 && !w)
		rc = -ERR_NOMEM;
	if (rc == 0) {
		w->watcher = me;
		w->notify = notify;
		w->cookie = a[2];
		w->next = watches[a[0]];
		watches[a[0]] = w;
		port_ref(notify);
		me->nwatches++;
	}
	nu_irq_restore(f);
	return rc;
}

/* For a module's threads (lkm/include/lavender/kernel.h): sysport_watch
 * with the module's process as watcher. */
int ksysport_watch(unsigned which, int notify, uint32_t cookie)
{
	if (!kproc_current())
		return -ERR_PERM;
	uint32_t a[3] = {which, (uint32_t)notify, cookie};
	return sys_sysport_watch(a);
}
LV_EXPORT(ksysport_watch);

/* For a module's threads: the right at LV_NS_HANDLE of the module's
 * process is replaced in place (the handle stays valid) by a send right
 * to the name server registered now. */
int ksysport_ns_renew(void)
{
	proc_t *me = kproc_current();
	if (!me)
		return -ERR_PERM;
	uint32_t f = nu_irq_save();
	port_t *ns = sysport_port(LV_SYSPORT_NS);
	handle_slot_t *s;
	int rc = ns ? 0 : -ERR_NOENT;
	if (rc == 0 && handle_lookup(me, LV_NS_HANDLE, &s) < 0) {
		sysport_give_ns(me); /* started before any name server */
	} else if (rc == 0 && s->right.type != LV_RIGHT_SEND) {
		rc = -ERR_PERM;
	} else if (rc == 0) {
		right_t r = {.type = LV_RIGHT_SEND, .port = ns}, old = s->right;
		right_retain(&r);
		s->right = r;
		right_release(&old);
	}
	nu_irq_restore(f);
	return rc;
}
LV_EXPORT(ksysport_ns_renew);
