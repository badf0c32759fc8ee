/* kv's account of a refusal by kvsrv: whose key, which limit, what to do. */
#ifndef KV_REFUSAL_H
#define KV_REFUSAL_H
#include "../lib/demo_proto.h"

/* After rc for the request r (op what) on handle h to name[@node]: for
 * -ERR_PERM, -ERR_NOSPC and -ERR_NOENT asks the server who holds r's key
 * (DEMO_KV_OWNER), for incr's -ERR_INVAL and -ERR_RANGE the key's value
 * (DEMO_KV_GET), prints "kv: WHAT KEY: WHY: whose or which value, the
 * limit (or that keys are evicted), the remedy" and returns 1; else
 * (another error, or the server could not say) prints nothing and
 * returns 0. */
int kv_refusal(int h, const char *name, const char *what,
	       const demo_kv_req_t *r, int rc);

#endif
