/* The console's input ring (see pure_ring.h). head - tail is the count;
 * both run free and wrap at 2^32, which CON_RING_SIZE divides. */
#include "pure_ring.h"
#include "uapi/errors.h"

_Static_assert((CON_RING_SIZE & (CON_RING_SIZE - 1)) == 0,
	       "CON_RING_SIZE must be a power of two");

void con_ring_init(con_ring_t *r) { r->head = r->tail = r->dropped = 0; }

uint32_t con_ring_count(const con_ring_t *r) { return r->head - r->tail; }

int con_ring_put(con_ring_t *r, uint8_t c)
{
	if (con_ring_count(r) == CON_RING_SIZE) {
		r->dropped++;
		return -ERR_NOSPC;
	}
	r->buf[r->head++ % CON_RING_SIZE] = c;
	return 0;
}

uint32_t con_ring_peek(const con_ring_t *r, uint8_t *out, uint32_t max)
{
	uint32_t n = con_ring_count(r);
	if (n > max)
		n = max;
	for (uint32_t i = 0; i < n; i++)
		out[i] = r->buf[(r->tail + i) % CON_RING_SIZE];
	return n;
}

void con_ring_consume(con_ring_t *r, uint32_t n)
{
	if (n > con_ring_count(r))
		n = con_ring_count(r);
	r->tail += n;
}
