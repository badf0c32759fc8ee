/* name@node lookups (see remote.h): the request goes to the protocol
 * server with lv_server_call, so the loop never waits for it; the answer
 * comes back to the loop and is passed on to the client, the right net made
 * (a proxy port's) moved on: the name server keeps no right to a proxy. */
#include <stdint.h>
#include <string.h>
#include <lavender/net_proto.h>
#include <lavender/ns_proto.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "remote.h"

_Static_assert(sizeof(((msg_net_rlookup_t *)0)->name) ==
		       sizeof(((msg_ns_lookup_t *)0)->name) &&
		   sizeof(((msg_net_rlookup_t *)0)->node) ==
		       sizeof(((msg_ns_lookup_t *)0)->node),
	       "net_proto.h's RLOOKUP carries a lookup's name and node");

int ns_has_net_right(int pid)
{
	lv_proc_info_t info;
	return pid > 0 && lv_proc_find(pid, &info) == 0 &&
	       (info.rights & LV_PRIV_NET);
}

const ns_rec_t *ns_protocol_server(const ns_table_t *t)
{
	const ns_rec_t *r = ns_table_find(t, LV_NET_NAME);
	return r && ns_has_net_right(r->owner) ? r : NULL;
}

/* Ends each string of e inside its array: what the client reads of an entry
 * another node sent is a C string. */
static void terminate(lv_ns_entry_t *e)
{
	e->name[sizeof(e->name) - 1] = '\0';
	e->type[sizeof(e->type) - 1] = '\0';
	e->attrs[sizeof(e->attrs) - 1] = '\0';
}

/* net's answer (or the loop's -ERR_TIMEDOUT / -ERR_DEADPORT) for the
 * client whose deferred reply is arg. */
static void answered(lv_server_t *s, int status, const lv_msg_t *msg, void *arg)
{
	int token = (int)(intptr_t)arg;
	int right = msg && msg->h.right > 0 ? msg->h.right : 0;
	lv_ns_entry_t e;
	if (status >= 0 && (!right || msg->h.size != sizeof(e)))
		status = -ERR_IO; /* no right or no entry: not an answer */
	else if (status == -ERR_DEADPORT)
		status = -ERR_NETDOWN; /* net ended meanwhile */
	if (status < 0) {
		if (right)
			lv_handle_close(right); /* a refusal carries nothing */
		lv_server_answer(s, token, status, NULL, 0);
		return;
	}
	memcpy(&e, msg->payload, sizeof(e));
	terminate(&e);
	if (lv_server_answer_right(s, token, 0, &e, sizeof(e), right,
				   LV_RIGHT_MOVE) < 0)
		lv_handle_close(right); /* the client gave up: not kept */
}

int ns_remote_lookup(const ns_rec_t *net, const char *name, const char *node)
{
	msg_net_rlookup_t req = {0};
	lv_server_t *s = lv_server_current();
	if (!s)
		return -ERR_INVAL;
	/* both checked to fit (msg_ns_lookup_t: the same sizes) */
	strcpy(req.name, name);
	strcpy(req.node, node);
	int token = lv_server_defer(s);
	if (token < 0)
		return token; /* no reply right, or too many waiting */
	int rc =
	    lv_server_call(s, net->handle, LV_NET_RLOOKUP, &req, sizeof(req),
			   NS_FORWARD_TICKS, answered, (void *)(intptr_t)token);
	if (rc < 0)
		lv_server_answer(
		    s, token, rc == -ERR_DEADPORT ? -ERR_NETDOWN : rc, NULL, 0);
	return LV_DEFERRED;
}
