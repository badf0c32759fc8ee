/* What the demo clients share (echocli, kv, ripcbench): finding NAME or
 * NAME@NODE and saying clearly why not. */
#ifndef USER_LIB_DEMO_H
#define USER_LIB_DEMO_H
#include <stdint.h>

/* Ticks a demo client waits for one answer: longer than a remote call's
 * retransmissions (ripc_proto.h: about 13 s), so net's own error (timed
 * out, dead port) is what the user sees. */
#define DEMO_CALL_TICKS 3000

/* A send right to NAME or NAME@NODE; prints "PROG: NAME: WHY (remedy)"
 * (lv_ns_remote_strerror for NAME@NODE) and returns -ERR_* when there is
 * none. */
int demo_find(const char *prog, const char *name);
/* Prints "PROG: WHAT: WHY" for a failed call, worded by
 * lv_ns_call_strerror (timed out, the server or this node's net ended,
 * read-only, ...). */
void demo_call_failed(const char *prog, const char *what, int rc);

#endif
