/* The caller's side of at-most-once: pending CALLs, their schedule and
 * their answers (pure_ripc_calls.h). Pure; no I/O, no allocation. */
#include <string.h>
#include "uapi/errors.h"
#include "pure_ripc_calls.h"

void ripc_calls_init(ripc_calls_t *t, uint64_t first)
{
	memset(t, 0, sizeof(*t));
	t->next_request = first ? first : 1;
}

/* When send number slot + 1 is due (slot == LV_RIPC_TRIES: the give-up):
 * t0 and the waits before it, each twice the one before up to
 * LV_RIPC_RTO_MAX_MS. */
static uint64_t due(const ripc_call_t *c, uint32_t slot)
{
	uint64_t at = c->t0, wait = LV_RIPC_RTO_MS;
	for (uint32_t k = 0; k < slot; k++) {
		at += wait;
		wait = wait * 2 < LV_RIPC_RTO_MAX_MS ? wait * 2
						     : LV_RIPC_RTO_MAX_MS;
	}
	return at;
}

int ripc_calls_add(ripc_calls_t *t, uint32_t node, uint64_t epoch,
		   uint64_t port, uint64_t now, void *ctx, uint64_t *request)
{
	ripc_call_t *c = NULL;

	if (!node)
		return -ERR_INVAL;
	for (int i = 0; i < RIPC_CALLS_MAX && !c; i++)
		if (!t->c[i].used)
			c = &t->c[i];
	if (!c)
		return -ERR_BUSY;
	*c = (ripc_call_t){.used = 1,
			   .node = node,
			   .epoch = epoch,
			   .port = port,
			   .request = t->next_request,
			   .t0 = now,
			   .slot = 1,
			   .ctx = ctx};
	*request = c->request;
	if (++t->next_request == 0)
		t->next_request = 1;
	return 0;
}

static ripc_call_t *find(ripc_calls_t *t, uint64_t request)
{
	for (int i = 0; i < RIPC_CALLS_MAX; i++)
		if (t->c[i].used && t->c[i].request == request)
			return &t->c[i];
	return NULL;
}

static void *take(ripc_call_t *c)
{
	void *ctx = c->ctx;
	memset(c, 0, sizeof(*c));
	return ctx;
}

int ripc_calls_answered(ripc_calls_t *t, uint32_t node, uint64_t epoch,
			uint64_t request, void **ctx)
{
	ripc_call_t *c = find(t, request);

	if (!c || c->node != node || (c->epoch && c->epoch != epoch))
		return -ERR_NOENT;
	*ctx = take(c);
	return 0;
}

int ripc_calls_cancel(ripc_calls_t *t, uint64_t request, void **ctx)
{
	ripc_call_t *c = find(t, request);

	if (!c)
		return -ERR_NOENT;
	*ctx = take(c);
	return 0;
}

static void report(ripc_call_event_t *ev, ripc_call_t *c, int rc)
{
	*ev = (ripc_call_event_t){.rc = rc,
				  .send = rc ? 0 : c->slot,
				  .node = c->node,
				  .epoch = c->epoch,
				  .request = c->request,
				  .ctx = c->ctx};
	if (rc)
		take(c);
}

int ripc_calls_tick(ripc_calls_t *t, uint64_t now, ripc_call_event_t *ev,
		    int max)
{
	int n = 0;

	for (int i = 0; i < RIPC_CALLS_MAX && n < max; i++) {
		ripc_call_t *c = &t->c[i];
		if (!c->used || now < due(c, c->slot))
			continue;
		if (now >= due(c, LV_RIPC_TRIES)) {
			report(&ev[n++], c, -ERR_TIMEDOUT);
			continue;
		}
		/* This send takes the latest slot already due. */
		while (c->slot < LV_RIPC_TRIES && now >= due(c, c->slot))
			c->slot++;
		report(&ev[n++], c, 0);
	}
	return n;
}

uint64_t ripc_calls_next_due(const ripc_calls_t *t)
{
	uint64_t next = UINT64_MAX;

	for (int i = 0; i < RIPC_CALLS_MAX; i++)
		if (t->c[i].used && due(&t->c[i], t->c[i].slot) < next)
			next = due(&t->c[i], t->c[i].slot);
	return next;
}

int ripc_calls_peer_epoch(ripc_calls_t *t, uint32_t node, uint64_t epoch,
			  ripc_call_event_t *ev, int max)
{
	int n = 0;

	for (int i = 0; i < RIPC_CALLS_MAX && n < max; i++) {
		ripc_call_t *c = &t->c[i];
		if (c->used && c->node == node && c->epoch && c->epoch != epoch)
			report(&ev[n++], c, -ERR_DEADPORT);
	}
	return n;
}

int ripc_calls_count(const ripc_calls_t *t)
{
	int n = 0;

	for (int i = 0; i < RIPC_CALLS_MAX; i++)
		n += t->c[i].used;
	return n;
}
