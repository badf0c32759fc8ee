/* The hand-over of an entry (NS_HANDOVER, then the heir's register): a
 * process that neither owns the name nor is init cannot name itself heir;
 * once the owner names this process, its register takes the entry (event
 * LV_NS_EVENT_HANDOVER, no DELETE), and the old owner's end leaves it. */
#include <stdio.h>
#include <string.h>
#include <lavender/server.h>
#include "nstest.h"

#define NAME "nstest.hand"

/* The entry's owner now, or -ERR_*. */
static int owner_of(const char *name)
{
	lv_ns_entry_t e;
	int h = lv_ns_lookup(name, &e);
	if (h <= 0)
		return h;
	lv_handle_close(h);
	return e.owner;
}

/* The steps once the owner role (pid) serves NAME on handle h. */
static const char *take_over(int pid, int h, int watch)
{
	lv_ns_entry_t e;
	int32_t heir = lv_getpid();
	int port = lv_port_create();
	int rc = lv_ns_handover(NAME, heir);
	if (rc != -ERR_PERM)
		return check_why("handover by a non-owner gave %d", rc);
	rc = lv_ns_register(NAME, "handtest", "", port);
	if (rc != -ERR_EXIST)
		return check_why("register before the hand-over gave %d", rc);
	rc = lv_rpc(h, OWNER_HANDOVER, &heir, sizeof(heir), NULL, 0, NULL,
		    SHORT);
	if (rc != 0)
		return check_why("owner's handover gave %d", rc);
	if (owner_of(NAME) != pid)
		return "the entry changed hands before the heir registered";
	rc = lv_ns_register(NAME, "handtest", "by=heir", port);
	if (rc != 0)
		return check_why("heir's register gave %s", lv_strerror(rc));
	const char *bad = expect_event(watch, LV_NS_EVENT_HANDOVER, NAME, &e);
	if (bad)
		return bad;
	if (e.owner != heir || strcmp(e.attrs, "by=heir") != 0)
		return check_why("handed to %d '%s'", (int)e.owner, e.attrs);
	return NULL;
}

const char *check_handover(void)
{
	int status = -1;
	int watch = lv_port_create();
	int rc = lv_ns_subscribe("handtest", watch);
	if (rc != 0)
		return check_why("subscribe: %s", lv_strerror(rc));
	int pid = spawn_role("owner " NAME " handtest");
	if (pid <= 0)
		return check_why("spawn: %s", lv_strerror(pid));
	const char *bad = expect_event(watch, LV_NS_EVENT_REGISTER, NAME, NULL);
	int h = bad ? -ERR_NOENT : lv_ns_lookup(NAME, NULL);
	if (!bad && h <= 0)
		bad = check_why("lookup: %s", lv_strerror(h));
	if (!bad)
		bad = take_over(pid, h, watch);
	int quit =
	    h > 0 ? lv_rpc(h, OWNER_QUIT, NULL, 0, NULL, 0, NULL, SHORT) : h;
	lv_handle_close(h);
	int waited = check_wait_exit(pid, SHORT, &status);
	if (bad)
		return bad;
	if (quit != 0 || waited != pid)
		return check_why("quit %d, wait %d", quit, waited);
	/* The old port died: its death notice must not remove the entry. */
	if ((rc = owner_of(NAME)) != lv_getpid())
		return check_why("after the old owner ended: owner %d", rc);
	rc = lv_ns_delete(NAME);
	lv_handle_close(watch);
	return rc ? check_why("delete: %s", lv_strerror(rc)) : NULL;
}
