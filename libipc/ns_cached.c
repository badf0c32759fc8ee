/* The cached server rights of the client libraries (ns_cached.h). */
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "ns_cached.h"

#define LOOKUP_TRIES 40 /* x LOOKUP_PAUSE ticks: the server may be starting */
#define LOOKUP_PAUSE 5

int ns_cached_get(ns_cached_t *c)
{
	int h = c->handle;

	if (h > 0)
		return h;
	if (lv_ns_handle() < 0)
		return -ERR_NOENT; /* no name server: no waiting either */
	int tries = c->waited ? 1 : LOOKUP_TRIES;
	c->waited = 1;
	for (int i = 0; i < tries; i++) {
		int rc = lv_ns_lookup(c->name, NULL);
		if (rc > 0) {
			if (__sync_bool_compare_and_swap(&c->handle, -ERR_NOENT,
							 rc))
				return rc;
			lv_handle_close(rc); /* another thread's won */
			return c->handle;
		}
		if (rc != -ERR_NOENT)
			return rc;
		lv_sleep(LOOKUP_PAUSE);
	}
	return -ERR_NOENT;
}

int ns_cached_forget(ns_cached_t *c, int h)
{
	if (!__sync_bool_compare_and_swap(&c->handle, h, -ERR_NOENT))
		return 0;
	lv_handle_close(h);
	return 1;
}

int ns_cached_dead(int rc) { return rc == -ERR_DEADPORT || rc == -ERR_STALE; }
