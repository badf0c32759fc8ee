/* The console's input ring: bytes typed and not yet read. Pure logic (no
 * libipc), unit-testable on the host. Not locked: the server's one thread
 * owns it. */
#ifndef CONSOLE_PURE_RING_H
#define CONSOLE_PURE_RING_H
#include <stdint.h>

#define CON_RING_SIZE 4096u /* a power of two */

typedef struct con_ring {
	uint8_t buf[CON_RING_SIZE];
	uint32_t head;	  /* next byte written (free-running) */
	uint32_t tail;	  /* next byte read (free-running) */
	uint32_t dropped; /* bytes lost because the ring was full */
} con_ring_t;

void con_ring_init(con_ring_t *r);
/* Queues c; -ERR_NOSPC (and counts it dropped) when the ring is full. */
int con_ring_put(con_ring_t *r, uint8_t c);
uint32_t con_ring_count(const con_ring_t *r);
/* Copies up to max of the oldest bytes to out without taking them; returns
 * how many. */
uint32_t con_ring_peek(const con_ring_t *r, uint8_t *out, uint32_t max);
/* Takes the n oldest bytes (n <= con_ring_count). */
void con_ring_consume(con_ring_t *r, uint32_t n);

#endif
