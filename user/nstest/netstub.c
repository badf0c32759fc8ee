/* "nstest netstub": a stand-in for the protocol server's side of remote
 * lookups (started with the network right by "nstest remote"): registers
 * as "net" and answers LV_NET_RLOOKUP and LV_NET_RLIST as net_proto.h says
 * net will, with its own "proxy" port, so that the name server's forwarding
 * can be tested before net has remote IPC. What it answers depends on the
 * name asked (nstest.h "The stand-in"); it tells the tester what it was
 * asked (STUB_LAST) and holds a "slow" lookup until told (STUB_RELEASE). */
#include <stdio.h>
#include <string.h>
#include <lavender/net_proto.h>
#include <lavender/server.h>
#include "nstest.h"

static lv_server_t *server;
static int proxy;		   /* receive right: the "proxy" port */
static stub_last_t last;	   /* the last RLOOKUP or RLIST */
static int lookups;		   /* RLOOKUPs received */
static int slow = -1, waiter = -1; /* deferred tokens */
static lv_ns_entry_t slow_entry;

/* The entry a proxy stands for: what node's net would send. */
static void entry_for(lv_ns_entry_t *e, const msg_net_rlookup_t *req)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", req->name);
	snprintf(e->type, sizeof(e->type), "server");
	snprintf(e->attrs, sizeof(e->attrs), "node=%s", req->node);
	e->owner = STUB_OWNER;
	e->flags = LV_NS_EXPORT;
}

/* Takes the request into last; -ERR_INVAL for a wrong size or strings. */
static int take(lv_msg_t *msg, msg_net_rlookup_t *req)
{
	if (msg->h.size != sizeof(*req))
		return -ERR_INVAL;
	memcpy(req, msg->payload, sizeof(*req));
	msg->h.size = 0;
	if (!memchr(req->name, 0, sizeof(req->name)) ||
	    !memchr(req->node, 0, sizeof(req->node)))
		return -ERR_INVAL;
	memcpy(last.name, req->name, sizeof(last.name));
	memcpy(last.node, req->node, sizeof(last.node));
	last.sender = msg->h.sender;
	return 0;
}

static int rlookup(lv_msg_t *msg, void *ctx)
{
	msg_net_rlookup_t req;
	(void)ctx;
	int rc = take(msg, &req);
	if (rc < 0)
		return rc;
	lookups++;
	if (strcmp(req.node, "nowhere") == 0)
		return -ERR_HOSTUNREACH;
	if (strcmp(req.name, "missing") == 0)
		return -ERR_NOENT;
	if (strcmp(req.name, "old") == 0)
		return -ERR_NOSYS; /* what a net without remote IPC says */
	lv_ns_entry_t *e = (lv_ns_entry_t *)msg->payload;
	entry_for(e, &req);
	msg->h.size = sizeof(*e);
	if (strcmp(req.name, "bad") == 0)
		return 0; /* an entry without its right */
	if (strcmp(req.name, "slow") == 0 && slow < 0) {
		slow_entry = *e;
		slow = lv_server_defer(server);
		if (waiter >= 0)
			lv_server_answer(server, waiter, 0, NULL, 0);
		waiter = -1;
		return slow < 0 ? slow : LV_DEFERRED;
	}
	msg->h.right = proxy;
	msg->h.right_mode = LV_RIGHT_MAKE_SEND;
	return 0;
}

/* Two exported entries, "echo" and "echo2", those starting with the
 * prefix. */
static int rlist(lv_msg_t *msg, void *ctx)
{
	static const char *const names[] = {"echo", "echo2"};
	msg_net_rlookup_t req;
	(void)ctx;
	int rc = take(msg, &req);
	if (rc < 0)
		return rc;
	if (strcmp(req.node, "nowhere") == 0)
		return -ERR_HOSTUNREACH;
	lv_ns_entry_t *out = (lv_ns_entry_t *)msg->payload;
	int n = 0;
	for (int i = 0; i < 2; i++) {
		if (strncmp(names[i], req.name, strlen(req.name)) != 0)
			continue;
		snprintf(req.name, sizeof(req.name), "%s", names[i]);
		entry_for(&out[n++], &req);
	}
	msg->h.size = (uint32_t)n * sizeof(*out);
	return n;
}

static int stub_last(lv_msg_t *msg, void *ctx)
{
	(void)ctx;
	memcpy(msg->payload, &last, sizeof(last));
	msg->h.size = sizeof(last);
	return lookups;
}

/* Answered once a "slow" lookup waits (at once if one does). */
static int stub_pending(lv_msg_t *msg, void *ctx)
{
	(void)ctx;
	msg->h.size = 0;
	if (slow >= 0)
		return 0;
	if (waiter >= 0)
		return -ERR_BUSY;
	waiter = lv_server_defer(server);
	return waiter < 0 ? waiter : LV_DEFERRED;
}

static int stub_release(lv_msg_t *msg, void *ctx)
{
	(void)ctx;
	msg->h.size = 0;
	if (slow < 0)
		return -ERR_NOENT;
	int rc = lv_server_answer_right(server, slow, 0, &slow_entry,
					sizeof(slow_entry), proxy,
					LV_RIGHT_MAKE_SEND);
	slow = -1;
	return rc;
}

static int stub_quit(lv_msg_t *msg, void *ctx)
{
	(void)ctx;
	msg->h.size = 0;
	lv_server_stop(server);
	return 0;
}

static int proxy_echo(lv_msg_t *msg, void *ctx)
{
	(void)ctx;
	msg->h.size = 0;
	return STUB_MAGIC;
}

int role_netstub(void)
{
	static const lv_op_t ops[] = {
	    {LV_NET_RLOOKUP, rlookup},	  {LV_NET_RLIST, rlist},
	    {STUB_LAST, stub_last},	  {STUB_PENDING, stub_pending},
	    {STUB_RELEASE, stub_release}, {STUB_QUIT, stub_quit},
	};
	static const lv_op_t proxy_ops[] = {{PROXY_ECHO, proxy_echo}};
	int port = lv_port_create();
	proxy = lv_port_create();
	server = lv_server_new();
	if (port < 0 || proxy < 0 || !server ||
	    lv_server_add(server, port, ops, sizeof(ops) / sizeof(ops[0]), NULL,
			  NULL) < 0 ||
	    lv_server_add(server, proxy, proxy_ops, 1, NULL, NULL) < 0)
		return 2;
	int rc = lv_ns_register(LV_NET_NAME, LV_NET_TYPE, "stand-in", port);
	if (rc < 0) {
		printf("nstest netstub: register: %s\n", lv_strerror(rc));
		return 3;
	}
	return lv_server_run(server) == 0 ? 0 : 4;
}
