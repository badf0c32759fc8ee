/* The callee's side of at-most-once: calls running and replies saved per
 * (caller node, caller epoch, request) (pure_ripc_saved.h). Pure; the
 * saved replies are the table's, from s->alloc. */
#include <stdlib.h>
#include <string.h>
#include "uapi/errors.h"
#include "pure_ripc_saved.h"

void ripc_saved_init(ripc_saved_t *s)
{
	memset(s, 0, sizeof(*s));
	s->alloc = malloc;
	s->release = free;
}

static void forget(ripc_saved_t *s, ripc_saved_entry_t *e)
{
	if (e->reply)
		s->release(e->reply);
	memset(e, 0, sizeof(*e));
}

static ripc_saved_entry_t *find(ripc_saved_t *s, uint32_t node, uint64_t epoch,
				uint64_t request)
{
	for (unsigned i = 0; i < LV_RIPC_SAVED_MAX; i++) {
		ripc_saved_entry_t *e = &s->e[i];
		if (e->state && e->node == node && e->epoch == epoch &&
		    e->request == request)
			return e;
	}
	return NULL;
}

/* A free entry, else the oldest done one (forgotten), else NULL. */
static ripc_saved_entry_t *room(ripc_saved_t *s)
{
	ripc_saved_entry_t *oldest = NULL;

	for (unsigned i = 0; i < LV_RIPC_SAVED_MAX; i++) {
		ripc_saved_entry_t *e = &s->e[i];
		if (!e->state)
			return e;
		if (e->state == RIPC_SAVED_DONE &&
		    (!oldest || e->stamp < oldest->stamp))
			oldest = e;
	}
	if (oldest)
		forget(s, oldest);
	return oldest;
}

int ripc_saved_begin(ripc_saved_t *s, uint32_t node, uint64_t epoch,
		     uint64_t request, uint64_t now, const uint8_t **reply,
		     size_t *len)
{
	ripc_saved_entry_t *e;

	if (!node || !epoch || !request)
		return -ERR_INVAL;
	ripc_saved_expire(s, now);
	e = find(s, node, epoch, request);
	if (e && e->state == RIPC_SAVED_DONE && e->reply) {
		*reply = e->reply;
		*len = e->len;
		return RIPC_SAVED_DONE;
	}
	if (e)
		return RIPC_SAVED_RUNNING;
	e = room(s);
	if (!e)
		return -ERR_BUSY;
	*e = (ripc_saved_entry_t){.state = RIPC_SAVED_RUNNING,
				  .node = node,
				  .epoch = epoch,
				  .request = request,
				  .stamp = now};
	return RIPC_SAVED_NEW;
}

int ripc_saved_done(ripc_saved_t *s, uint32_t node, uint64_t epoch,
		    uint64_t request, uint64_t now, const void *reply,
		    size_t len)
{
	ripc_saved_entry_t *e = find(s, node, epoch, request);

	if (!e || e->state != RIPC_SAVED_RUNNING)
		return -ERR_NOENT;
	e->state = RIPC_SAVED_DONE;
	e->stamp = now;
	if (!len || len > RIPC_DGRAM_MAX)
		return -ERR_INVAL;
	e->reply = s->alloc(len);
	if (!e->reply)
		return -ERR_NOMEM;
	memcpy(e->reply, reply, len);
	e->len = len;
	return 0;
}

int ripc_saved_abort(ripc_saved_t *s, uint32_t node, uint64_t epoch,
		     uint64_t request)
{
	ripc_saved_entry_t *e = find(s, node, epoch, request);

	if (!e || e->state != RIPC_SAVED_RUNNING)
		return -ERR_NOENT;
	forget(s, e);
	return 0;
}

int ripc_saved_expire(ripc_saved_t *s, uint64_t now)
{
	int n = 0;

	for (unsigned i = 0; i < LV_RIPC_SAVED_MAX; i++) {
		ripc_saved_entry_t *e = &s->e[i];
		if (e->state == RIPC_SAVED_DONE &&
		    now >= e->stamp + LV_RIPC_KEEP_MS) {
			forget(s, e);
			n++;
		}
	}
	return n;
}

int ripc_saved_peer_epoch(ripc_saved_t *s, uint32_t node, uint64_t epoch)
{
	int n = 0;

	for (unsigned i = 0; i < LV_RIPC_SAVED_MAX; i++) {
		ripc_saved_entry_t *e = &s->e[i];
		if (e->state && e->node == node && e->epoch != epoch) {
			forget(s, e);
			n++;
		}
	}
	return n;
}

int ripc_saved_count(const ripc_saved_t *s, int *with_reply)
{
	int n = 0, r = 0;

	for (unsigned i = 0; i < LV_RIPC_SAVED_MAX; i++) {
		n += s->e[i].state != 0;
		r += s->e[i].reply != NULL;
	}
	if (with_reply)
		*with_reply = r;
	return n;
}

void ripc_saved_free_all(ripc_saved_t *s)
{
	for (unsigned i = 0; i < LV_RIPC_SAVED_MAX; i++)
		forget(s, &s->e[i]);
}
