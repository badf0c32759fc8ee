/* IPC calls about ports themselves rather than messages (see ipc.h): port
 * sets, no-more-senders requests and port-death watches. */
#include "core/ipc.h"
#include "core/ipc_internal.h"
#include "core/portset.h"
#include "core/proc.h"
#include "uapi/errors.h"

int ipc_portset_create(void)
{
	port_t *p;
	int rc = port_alloc(proc_current(), &p);
	if (rc < 0)
		return rc;
	p->is_set = 1;
	right_t r = {.type = LV_RIGHT_PORTSET, .port = p};
	port_ref(p);
	return ipc_install_new(&r);
}

/* The set of handle set and the port of handle port (a receive right). */
static int set_and_port(int set, int port, port_t **s, port_t **p)
{
	handle_slot_t *hs, *hp;
	int rc = ipc_lookup(set, &hs);
	if (rc == 0)
		rc = ipc_lookup(port, &hp);
	if (rc < 0)
		return rc;
	if (hs->right.type != LV_RIGHT_PORTSET)
		return -ERR_INVAL;
	if (hp->right.type != LV_RIGHT_RECEIVE)
		return -ERR_PERM;
	*s = hs->right.port;
	*p = hp->right.port;
	return 0;
}

int ipc_portset_add(int set, int port, uint32_t label)
{
	port_t *s, *p;
	int rc = set_and_port(set, port, &s, &p);
	return rc < 0 ? rc : portset_add(s, p, label);
}

int ipc_portset_remove(int set, int port)
{
	port_t *s, *p;
	int rc = set_and_port(set, port, &s, &p);
	return rc < 0 ? rc : portset_remove(s, p);
}

int ipc_port_no_senders(int handle, int notify, uint32_t cookie)
{
	handle_slot_t *s;
	port_t *to;
	int rc = ipc_lookup(handle, &s);
	if (rc == 0 && s->right.type != LV_RIGHT_RECEIVE)
		rc = -ERR_PERM; /* only the receiver asks */
	if (rc == 0)
		rc = ipc_own_port(notify, &to);
	if (rc < 0)
		return rc;
	return port_arm_no_senders(s->right.port, to, cookie,
				   proc_current()->pid);
}

int ipc_port_watch(int handle, int notify, uint32_t cookie)
{
	port_t *port, *to;
	int rc = ipc_send_target(handle, &port);
	if (rc == 0)
		rc = ipc_own_port(notify, &to);
	if (rc < 0)
		return rc;
	return port_watch(port, to, cookie, proc_current());
}
