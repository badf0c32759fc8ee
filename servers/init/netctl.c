/* The administrator's network changes (LV_INITCTL_NET): the request, its
 * size checked exactly for its op, is forwarded to the protocol server
 * init started, whose status goes back to the administrator. init checks
 * that the "net" entry belongs to its own child of that name (the one its
 * configuration gives the network right, -N), so no other process that
 * registers the name gets the request; net in turn takes these ops only
 * from init. The request waits as a deferred reply and the forward is an
 * lv_server_call, so init's loop never blocks on net. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/initctl_proto.h>
#include <lavender/net_proto.h>
#include <lavender/syscall.h>
#include "init.h"

_Static_assert(sizeof(msg_net_ifset_t) <= LV_INITCTL_NET_REQ_MAX &&
		   sizeof(msg_net_route_req_t) <= LV_INITCTL_NET_REQ_MAX,
	       "LV_INITCTL_NET_REQ_MAX holds every request");

/* The request's size for op, or 0 for an op init does not forward. */
static size_t request_size(uint32_t op)
{
	switch (op) {
	case LV_NET_IF_SET: return sizeof(msg_net_ifset_t);
	case LV_NET_ROUTE_ADD:
	case LV_NET_ROUTE_DEL: return sizeof(msg_net_route_req_t);
	case LV_NET_ARP_DEL: return sizeof(msg_net_sock_t);
	}
	return 0;
}

/* net's answer (or a time-out, or its end) to the deferred request (arg:
 * its token). */
static void answered(lv_server_t *s, int status, const lv_msg_t *msg, void *arg)
{
	msg_initctl_net_reply_t r;
	(void)msg;
	memset(&r, 0, sizeof(r));
	if (status == -ERR_TIMEDOUT)
		snprintf(r.message, sizeof(r.message),
			 "the protocol server (net) did not answer within %u "
			 "ms",
			 LV_INITCTL_NET_WAIT_MS);
	else if (status == -ERR_DEADPORT)
		snprintf(r.message, sizeof(r.message),
			 "the protocol server (net) ended before it answered");
	lv_server_answer(s, (int)(intptr_t)arg, status, &r, sizeof(r));
}

/* A send right to the protocol server init started, or -ERR_NOENT with
 * r's message. */
static int net_port(msg_initctl_net_reply_t *r)
{
	int port = init_child_port(LV_NET_NAME, "protocol server");
	if (port >= 0)
		return port;
	if (port == -ERR_SRCH)
		snprintf(r->message, sizeof(r->message),
			 "no protocol server: init runs none (boot.cfg: "
			 "restart -N net)");
	else if (port == -ERR_ACCES)
		snprintf(r->message, sizeof(r->message),
			 "the name \"%s\" is not init's protocol server's: "
			 "not asked",
			 LV_NET_NAME);
	else
		snprintf(r->message, sizeof(r->message),
			 "the protocol server (pid %d) is not serving as "
			 "\"%s\" yet: try again",
			 init_child_pid(LV_NET_NAME), LV_NET_NAME);
	return -ERR_NOENT;
}

int netctl_forward(lv_msg_t *m, void *ctx)
{
	msg_initctl_net_t head;
	uint8_t req[LV_INITCTL_NET_REQ_MAX];
	msg_initctl_net_reply_t *r = (void *)m->payload;
	size_t size = m->h.size, len = 0;
	(void)ctx;
	if (size >= sizeof(head)) {
		memcpy(&head, m->payload, sizeof(head));
		len = request_size(head.op);
	}
	m->h.size = 0;
	if (!len || size != sizeof(head) + len)
		return -ERR_INVAL;
	memcpy(req, m->payload + sizeof(head), len);
	memset(r, 0, sizeof(*r));
	m->h.size = sizeof(*r);
	int port = net_port(r);
	if (port < 0)
		return port;
	int token = lv_server_defer(init_loop());
	int rc = token < 0
		     ? token
		     : lv_server_call(init_loop(), port, head.op, req, len,
				      init_ms_to_ticks(LV_INITCTL_NET_WAIT_MS),
				      answered, (void *)(intptr_t)token);
	lv_handle_close(port);
	if (rc < 0 && token >= 0) {
		snprintf(r->message, sizeof(r->message),
			 "cannot reach the protocol server (net): %s",
			 lv_strerror(rc));
		lv_server_answer(init_loop(), token, rc, r, sizeof(*r));
	}
	return token < 0 ? token : LV_DEFERRED;
}
