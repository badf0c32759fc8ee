/* System ports (see sysport.h) and their calls (uapi/syscalls.h). */
#include "system/sysport.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "system/syscall.h"
#include "uapi/errors.h"

static port_t *ports[LV_SYSPORT_COUNT]; /* each holds a reference */

port_t *sysport_port(unsigned which)
{
	if (which >= LV_SYSPORT_COUNT || !ports[which] ||
	    port_is_dead(ports[which]))
		return NULL;
	return ports[which];
}

int sys_sysport_set(const uint32_t *a)
{
	proc_t *me = proc_current();
	handle_slot_t *s;
	if (a[0] >= LV_SYSPORT_COUNT)
		return -ERR_INVAL;
	uint32_t f = nu_irq_save();
	int rc = handle_lookup(me, (int)a[1], &s);
	if (rc == 0 && s->right.type != LV_RIGHT_SEND &&
	    s->right.type != LV_RIGHT_RECEIVE)
		rc = -ERR_PERM;
	if (rc == 0) {
		port_ref(s->right.port);
		if (ports[a[0]])
			port_unref(ports[a[0]]);
		ports[a[0]] = s->right.port;
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
