/* The readers waiting for console input, oldest first: each is the token of
 * a READ request whose reply the server loop keeps (lv_server_defer), and
 * how many bytes it wants. Pure
 * logic (no libipc), unit-testable on the host. */
#ifndef CONSOLE_PURE_READQ_H
#define CONSOLE_PURE_READQ_H
#include <stdint.h>

#define CON_READERS_MAX 16u
#define CON_READERS_PER_CLIENT 4u /* one process may not take the queue */

typedef struct con_reader {
	int reply;    /* the deferred reply's token: the owner answers it */
	uint32_t max; /* bytes wanted at most */
	int client;   /* the asking process's pid */
} con_reader_t;

typedef struct con_readq {
	con_reader_t r[CON_READERS_MAX];
	uint32_t first, count;
} con_readq_t;

void con_readq_init(con_readq_t *q);
/* Appends a reader of client; -ERR_BUSY when CON_READERS_MAX wait
 * already, -ERR_NOSPC when CON_READERS_PER_CLIENT of client's do. */
int con_readq_push(con_readq_t *q, int reply, uint32_t max, int client);
/* Keeps, in order, only the readers for which keep(reply, ctx) is true
 * (the others' callers gave up: keep has used their replies up). */
void con_readq_prune(con_readq_t *q, int (*keep)(int reply, void *ctx),
		     void *ctx);
/* The oldest reader, or NULL when none waits. */
con_reader_t *con_readq_first(con_readq_t *q);
/* Removes the oldest reader (the caller has answered or dropped it). */
void con_readq_pop(con_readq_t *q);

#endif
