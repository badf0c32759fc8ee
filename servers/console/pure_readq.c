/* The queue of waiting readers (see pure_readq.h): a circular array. */
#include "pure_readq.h"
#include <stddef.h>
#include "uapi/errors.h"

void con_readq_init(con_readq_t *q) { q->first = q->count = 0; }

int con_readq_push(con_readq_t *q, int reply, uint32_t max)
{
	if (q->count == CON_READERS_MAX)
		return -ERR_BUSY;
	con_reader_t *r = &q->r[(q->first + q->count) % CON_READERS_MAX];
	r->reply = reply;
	r->max = max;
	q->count++;
	return 0;
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
