/* The queue of waiting readers (see pure_readq.h): a circular array. */
#include "pure_readq.h"
#include <stddef.h>
#include "uapi/errors.h"

void con_readq_init(con_readq_t *q) { q->first = q->count = 0; }

int con_readq_push(con_readq_t *q, int reply, uint32_t max, int client)
{
	uint32_t mine = 0;

	if (q->count == CON_READERS_MAX)
		return -ERR_BUSY;
	for (uint32_t i = 0; i < q->count; i++)
		mine += q->r[(q->first + i) % CON_READERS_MAX].client == client;
	if (mine >= CON_READERS_PER_CLIENT)
		return -ERR_NOSPC;
	con_reader_t *r = &q->r[(q->first + q->count) % CON_READERS_MAX];
	r->reply = reply;
	r->max = max;
	r->client = client;
	q->count++;
	return 0;
}

void con_readq_prune(con_readq_t *q, int (*keep)(int reply, void *ctx),
		     void *ctx)
{
	uint32_t kept = 0;

	for (uint32_t i = 0; i < q->count; i++) {
		con_reader_t r = q->r[(q->first + i) % CON_READERS_MAX];
		if (keep(r.reply, ctx))
			q->r[(q->first + kept++) % CON_READERS_MAX] = r;
	}
	q->count = kept;
}

con_reader_t *con_readq_first(con_readq_t *q)
{
	return q->count ? &q->r[q->first] : NULL;
}

void con_readq_pop(con_readq_t *q)
{
	if (!q->count)
		return;
	q->first = (q->first + 1) % CON_READERS_MAX;
	q->count--;
}
