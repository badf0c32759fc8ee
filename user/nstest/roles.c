/* The helper roles nstest spawns. owner registers a port and serves it until
 * told to quit (or killed); other tries what only the owner may do. */
#include <stdio.h>
#include <string.h>
#include <lavender/server.h>
#include "nstest.h"

static volatile int owner_stop;
static const char *owner_name;

static int owner_echo(lv_msg_t *msg, void *ctx)
{
	(void)msg;
	(void)ctx;
	return lv_getpid(); /* the payload goes back as it came */
}

static int owner_quit(lv_msg_t *msg, void *ctx)
{
	(void)ctx;
	msg->h.size = 0;
	owner_stop = 1;
	return 0;
}

static int owner_handover(lv_msg_t *msg, void *ctx)
{
	int32_t heir;
	(void)ctx;
	if (msg->h.size != sizeof(heir))
		return -ERR_INVAL;
	memcpy(&heir, msg->payload, sizeof(heir));
	msg->h.size = 0;
	return lv_ns_handover(owner_name, heir);
}

int role_owner(const char *name, const char *type)
{
	static const lv_op_t ops[] = {{OWNER_ECHO, owner_echo},
				      {OWNER_QUIT, owner_quit},
				      {OWNER_HANDOVER, owner_handover}};
	owner_name = name;
	int port = lv_port_create();
	if (port < 0)
		return 2;
	int rc = lv_ns_register(name, type, "role=owner", port);
	if (rc < 0) {
		printf("nstest owner: register %s: %s\n", name,
		       lv_strerror(rc));
		return 3;
	}
	rc = lv_serve(port, ops, 3, NULL, &owner_stop);
	return rc == 0 ? 0 : 4;
}

int role_other(const char *name)
{
	lv_ns_entry_t e;
	int port = lv_port_create();
	int rc = lv_ns_modify(name, "stolen", "by=other");
	if (rc != -ERR_PERM) {
		printf("nstest other: modify gave %d\n", rc);
		return OTHER_MODIFY;
	}
	rc = lv_ns_delete(name);
	if (rc != -ERR_PERM) {
		printf("nstest other: delete gave %d\n", rc);
		return OTHER_DELETE;
	}
	rc = lv_ns_handover(name, lv_getpid());
	if (rc != -ERR_PERM) {
		printf("nstest other: handover gave %d\n", rc);
		return OTHER_HANDOVER;
	}
	rc = lv_ns_register(name, "stolen", "", port);
	if (rc != -ERR_EXIST) {
		printf("nstest other: register gave %d\n", rc);
		return OTHER_DUP;
	}
	rc = lv_ns_lookup(name, &e);
	if (rc <= 0 || e.owner == lv_getpid()) {
		printf("nstest other: lookup gave %d\n", rc);
		return OTHER_LOOKUP;
	}
	return OTHER_OK;
}
