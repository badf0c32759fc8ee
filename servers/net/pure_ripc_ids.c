/* The id tables of remote IPC: exports and proxies (pure_ripc_ids.h).
 * Pure; no I/O, no allocation. */
#include <string.h>
#include "uapi/errors.h"
#include "pure_ripc_ids.h"

void ripc_exports_init(ripc_exports_t *x, ripc_id_gen_t gen, void *gen_arg)
{
	memset(x, 0, sizeof(*x));
	x->gen = gen;
	x->gen_arg = gen_arg;
}

/* The export of handle or id (the table's own entry: callers that were
 * given a const table only read it). */
static ripc_export_t *by_handle(const ripc_exports_t *x, int handle)
{
	for (int i = 0; i < RIPC_EXPORTS_MAX; i++)
		if (handle > 0 && x->e[i].handle == handle)
			return (ripc_export_t *)&x->e[i];
	return NULL;
}

static ripc_export_t *by_id(const ripc_exports_t *x, uint64_t id)
{
	for (int i = 0; i < RIPC_EXPORTS_MAX; i++)
		if (id && x->e[i].handle && x->e[i].id == id)
			return (ripc_export_t *)&x->e[i];
	return NULL;
}

/* An id that is not 0 and no live export's, or 0 if none came. */
static uint64_t draw(ripc_exports_t *x)
{
	for (int i = 0; i < RIPC_ID_DRAWS; i++) {
		uint64_t id = x->gen(x->gen_arg);
		if (id && !by_id(x, id))
			return id;
	}
	return 0;
}

int ripc_export(ripc_exports_t *x, int handle, uint32_t kind, uint64_t *id)
{
	ripc_export_t *e;

	if (handle <= 0 ||
	    (kind != RIPC_EXPORT_NAME && kind != RIPC_EXPORT_CARRIED))
		return -ERR_INVAL;
	e = by_handle(x, handle);
	if (!e) {
		uint64_t fresh;
		for (int i = 0; i < RIPC_EXPORTS_MAX && !e; i++)
			if (!x->e[i].handle)
				e = &x->e[i];
		if (!e)
			return -ERR_NOSPC;
		fresh = draw(x);
		if (!fresh)
			return -ERR_AGAIN;
		*e = (ripc_export_t){
		    .handle = handle, .kind = kind, .id = fresh};
	}
	if (kind == RIPC_EXPORT_NAME)
		e->kind = RIPC_EXPORT_NAME;
	else if (e->holders < UINT32_MAX)
		e->holders++;
	*id = e->id;
	return 0;
}

int ripc_export_id(const ripc_exports_t *x, int handle, uint64_t *id)
{
	ripc_export_t *e = by_handle(x, handle);

	if (!e)
		return -ERR_NOENT;
	*id = e->id;
	return 0;
}

int ripc_export_handle(const ripc_exports_t *x, uint64_t id, uint32_t *kind)
{
	ripc_export_t *e = by_id(x, id);

	if (!e)
		return -ERR_NOENT;
	if (kind)
		*kind = e->kind;
	return e->handle;
}

int ripc_export_remove(ripc_exports_t *x, int handle, uint64_t *id)
{
	ripc_export_t *e = by_handle(x, handle);

	if (!e)
		return -ERR_NOENT;
	*id = e->id;
	memset(e, 0, sizeof(*e));
	return 0;
}

int ripc_export_release(ripc_exports_t *x, uint64_t id, uint32_t count)
{
	ripc_export_t *e = by_id(x, id);
	int handle;

	if (!e)
		return -ERR_NOENT;
	if (!count)
		return -ERR_INVAL;
	e->holders = count < e->holders ? e->holders - count : 0;
	if (e->kind == RIPC_EXPORT_NAME || e->holders)
		return 0;
	handle = e->handle;
	memset(e, 0, sizeof(*e));
	return handle;
}

int ripc_exports_count(const ripc_exports_t *x)
{
	int n = 0;

	for (int i = 0; i < RIPC_EXPORTS_MAX; i++)
		n += x->e[i].handle != 0;
	return n;
}

void ripc_proxies_init(ripc_proxies_t *p) { memset(p, 0, sizeof(*p)); }

static ripc_proxy_t *proxy_of(const ripc_proxies_t *p, uint32_t node,
			      uint64_t epoch, uint64_t id)
{
	for (unsigned i = 0; i < LV_RIPC_PROXIES_MAX; i++) {
		const ripc_proxy_t *q = &p->p[i];
		if (q->handle && q->node == node && q->epoch == epoch &&
		    q->id == id)
			return (ripc_proxy_t *)q;
	}
	return NULL;
}

int ripc_proxy_add(ripc_proxies_t *p, uint32_t node, uint64_t epoch,
		   uint64_t id, int handle)
{
	ripc_proxy_t *q = NULL;

	if (!node || !epoch || !id || handle <= 0)
		return -ERR_INVAL;
	if (proxy_of(p, node, epoch, id) || ripc_proxy_by_handle(p, handle))
		return -ERR_EXIST;
	for (unsigned i = 0; i < LV_RIPC_PROXIES_MAX && !q; i++)
		if (!p->p[i].handle)
			q = &p->p[i];
	if (!q)
		return -ERR_NOSPC;
	*q = (ripc_proxy_t){.handle = handle,
			    .node = node,
			    .epoch = epoch,
			    .id = id,
			    .received = 1};
	return 0;
}

int ripc_proxy_find(const ripc_proxies_t *p, uint32_t node, uint64_t epoch,
		    uint64_t id)
{
	ripc_proxy_t *q = proxy_of(p, node, epoch, id);

	return q ? q->handle : -ERR_NOENT;
}

int ripc_proxy_reuse(ripc_proxies_t *p, uint32_t node, uint64_t epoch,
		     uint64_t id)
{
	ripc_proxy_t *q = proxy_of(p, node, epoch, id);

	if (!q)
		return -ERR_NOENT;
	if (q->received < UINT32_MAX)
		q->received++;
	return q->handle;
}

const ripc_proxy_t *ripc_proxy_by_handle(const ripc_proxies_t *p, int handle)
{
	for (unsigned i = 0; i < LV_RIPC_PROXIES_MAX; i++)
		if (handle > 0 && p->p[i].handle == handle)
			return &p->p[i];
	return NULL;
}

int ripc_proxy_remove(ripc_proxies_t *p, int handle, ripc_proxy_t *out)
{
	ripc_proxy_t *q = (ripc_proxy_t *)ripc_proxy_by_handle(p, handle);

	if (!q)
		return -ERR_NOENT;
	if (out)
		*out = *q;
	memset(q, 0, sizeof(*q));
	return 0;
}

/* Forgets node's proxies whose epoch is (same) or is not (!same) epoch. */
static int kill_where(ripc_proxies_t *p, uint32_t node, uint64_t epoch,
		      int same, int *handles, int max)
{
	int n = 0;

	for (unsigned i = 0; i < LV_RIPC_PROXIES_MAX && n < max; i++) {
		ripc_proxy_t *q = &p->p[i];
		if (q->handle && q->node == node &&
		    (q->epoch == epoch) == same) {
			handles[n++] = q->handle;
			memset(q, 0, sizeof(*q));
		}
	}
	return n;
}

int ripc_proxies_kill(ripc_proxies_t *p, uint32_t node, uint64_t epoch,
		      int *handles, int max)
{
	return kill_where(p, node, epoch, 1, handles, max);
}

int ripc_proxies_peer_epoch(ripc_proxies_t *p, uint32_t node, uint64_t epoch,
			    int *handles, int max)
{
	return kill_where(p, node, epoch, 0, handles, max);
}

int ripc_proxies_count(const ripc_proxies_t *p)
{
	int n = 0;

	for (unsigned i = 0; i < LV_RIPC_PROXIES_MAX; i++)
		n += p->p[i].handle != 0;
	return n;
}
