/* A server's send right found through the name server and cached, as the
 * client libraries keep theirs (fs.c, socket.c); libipc's own, not an API.
 * The cache changes only by compare-and-swap, so threads may share it. */
#ifndef LIBIPC_NS_CACHED_H
#define LIBIPC_NS_CACHED_H
#include "uapi/errors.h"

typedef struct ns_cached {
	const char *name;    /* the name-server entry */
	volatile int handle; /* the right, or -ERR_NOENT: look it up */
	int waited;	     /* the first lookup waited for it already */
} ns_cached_t;

#define NS_CACHED_INIT(entry)                                                  \
	{                                                                      \
		.name = (entry), .handle = -ERR_NOENT                          \
	}

/* The cached right, else a lookup: the first one of a process waits up to
 * about two seconds for the server to register (it may be starting at
 * boot), later ones do not wait. The right, -ERR_NOENT, or the lookup's
 * error. */
int ns_cached_get(ns_cached_t *c);
/* A call on handle h found its server dead: forgets it unless another
 * thread did already. 1 when this caller forgot it (and closed h). */
int ns_cached_forget(ns_cached_t *c, int h);
/* rc of a call means the server is dead (ended, or its right is stale). */
int ns_cached_dead(int rc);

#endif
