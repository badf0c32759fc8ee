/* Subscribers and event delivery (see notify.h). */
#include <string.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "notify.h"
#include "service.h"

/* A subscription; handle 0 marks a free slot. */
struct sub {
	int handle; /* send right to the subscriber's port */
	uint32_t cookie;
	uint32_t dropped; /* events lost to a full queue */
	int owner;	  /* the subscriber's pid */
	char type[LV_NS_TYPE_MAX];
};

static struct sub subs[NS_SUBS_MAX];
static uint32_t last_cookie;
static int notify_port;

void ns_notify_init(int server_port) { notify_port = server_port; }

static void drop(struct sub *s)
{
	lv_handle_close(s->handle);
	memset(s, 0, sizeof(*s));
}

int ns_notify_add(int handle, const char *type, int owner)
{
	struct sub *s = NULL;
	int held = 0;
	for (int i = 0; i < NS_SUBS_MAX; i++) {
		if (!subs[i].handle && !s)
			s = &subs[i];
		held += subs[i].handle && subs[i].owner == owner;
	}
	if (!s || held >= LV_NS_SUBS_PER_CLIENT)
		return -ERR_NOSPC;
	last_cookie = (last_cookie + 1) & ~NS_COOKIE_SUB;
	uint32_t cookie = NS_COOKIE_SUB | last_cookie;
	int rc = lv_port_watch(handle, notify_port, cookie);
	if (rc < 0)
		return rc;
	s->handle = handle;
	s->cookie = cookie;
	s->dropped = 0;
	s->owner = owner;
	strcpy(s->type, type);
	return 0;
}

static int wants(const struct sub *s, const ns_rec_t *r, const char *old_type)
{
	return !s->type[0] || strcmp(s->type, r->type) == 0 ||
	       (old_type && strcmp(s->type, old_type) == 0);
}

void ns_notify_event(uint32_t event, const ns_rec_t *r, const char *old_type)
{
	static struct {
		lv_msg_header_t h;
		lv_ns_entry_t e;
	} ev;
	for (int i = 0; i < NS_SUBS_MAX; i++) {
		struct sub *s = &subs[i];
		if (!s->handle || !wants(s, r, old_type))
			continue;
		ev.h = (lv_msg_header_t){.op = event, .size = sizeof(ev.e)};
		ns_entry_fill(&ev.e, r);
		int rc = lv_msg_send(s->handle, &ev.h, LV_NO_WAIT);
		if (rc == -ERR_AGAIN)
			s->dropped++;
		else if (rc < 0)
			drop(s); /* dead: its watch notice may follow, unmatched
				  */
	}
}

void ns_notify_dead(uint32_t cookie)
{
	for (int i = 0; i < NS_SUBS_MAX; i++)
		if (subs[i].handle && subs[i].cookie == cookie)
			drop(&subs[i]);
}
