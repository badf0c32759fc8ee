/* kv's account of a refusal by kvsrv: whose key, which limit, what to do. */
#ifndef KV_REFUSAL_H
#define KV_REFUSAL_H
#include "../lib/demo_proto.h"

/* After rc for the request r (op what) on handle h to name[@node]: for
 * -ERR_PERM and -ERR_NOSPC asks the server who holds r's key
 * (DEMO_KV_OWNER), prints "kv: WHAT KEY: WHY: whose, the limit, the
 * remedy" and returns 1; else (another error, or the server could not
 * say) prints nothing and returns 0. */
int kv_refusal(int h, const char *name, const char *what,
	       const demo_kv_req_t *r, int rc);

#endif
