/* Why kvsrv refused a put, incr or del (refusal.h): asks the server who
 * holds the key (DEMO_KV_OWNER) and names the key, its owner, the limit
 * and what to do. */
#include <stdio.h>
#include <string.h>
#include <lavender/hosts.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/demo.h"
#include "refusal.h"

/* "pid P" and where it runs, as seen by the caller of name[@node]. */
static void owner_text(const demo_kv_owner_t *o, const char *name, char *buf,
		       size_t size)
{
	const char *at = strchr(name, '@');
	char host[64];
	if (!o->remote) {
		snprintf(buf, size, "pid %d%s%s", (int)o->pid, at ? " on " : "",
			 at ? at + 1 : "");
		return;
	}
	if (!o->node || o->pid <= 0) {
		snprintf(buf, size, "a remote client");
		return;
	}
	uint32_t a = o->node;
	int named = lv_host_name(a, host, sizeof(host)) > 0;
	snprintf(buf, size, "pid %d on %s%s%u.%u.%u.%u%s, a remote client",
		 (int)o->pid, named ? host : "", named ? " (" : "",
		 (unsigned)(a >> 24), (unsigned)(a >> 16 & 255),
		 (unsigned)(a >> 8 & 255), (unsigned)(a & 255),
		 named ? ")" : "");
}

static void not_permitted(const char *what, const demo_kv_req_t *r,
			  const demo_kv_owner_t *o, const char *owner)
{
	if (!o->pid && !o->remote) {
		printf("kv: %s %s: %s: its owner is gone now: try again\n",
		       what, r->key, lv_strerror(-ERR_PERM));
		return;
	}
	if (o->remote) {
		printf("kv: %s %s: %s: key %s belongs to %s, whose keys are "
		       "free %u s after its last request (kvsrv -t %u): use "
		       "another key, or try again in %u s\n",
		       what, r->key, lv_strerror(-ERR_PERM), r->key, owner,
		       o->lease_ms / 1000, o->lease_ms / 1000,
		       (o->lease_left_ms + 999) / 1000);
		return;
	}
	printf("kv: %s %s: %s: key %s belongs to %s, which still runs: use "
	       "another key, or end pid %d\n",
	       what, r->key, lv_strerror(-ERR_PERM), r->key, owner,
	       (int)o->pid);
}

static void no_space(const char *what, const demo_kv_req_t *r,
		     const demo_kv_owner_t *o)
{
	if (o->mine >= o->mine_max)
		printf("kv: %s %s: %s: this client owns %u keys, the limit "
		       "per client (%u): del some of them\n",
		       what, r->key, lv_strerror(-ERR_NOSPC), o->mine,
		       o->mine_max);
	else
		printf("kv: %s %s: %s: the server holds %u keys, its limit "
		       "(%u), each one's owner still there: del keys, end "
		       "the programs that own them, or wait for remote "
		       "clients' keys to be free (%u s after their last "
		       "request)\n",
		       what, r->key, lv_strerror(-ERR_NOSPC), o->keys,
		       o->keys_max, o->lease_ms / 1000);
}

int kv_refusal(int h, const char *name, const char *what,
	       const demo_kv_req_t *r, int rc)
{
	demo_kv_owner_t o;
	demo_kv_req_t q;
	char owner[128];
	size_t got = 0;
	if (rc != -ERR_PERM && rc != -ERR_NOSPC)
		return 0;
	memset(&q, 0, sizeof(q));
	memcpy(q.key, r->key, sizeof(q.key));
	int st = lv_rpc(h, DEMO_KV_OWNER, &q, offsetof(demo_kv_req_t, value),
			&o, sizeof(o), &got, DEMO_CALL_TICKS);
	if (st < 0 || got != sizeof(o))
		return 0; /* an older server: the plain refusal */
	owner_text(&o, name, owner, sizeof(owner));
	if (rc == -ERR_PERM)
		not_permitted(what, r, &o, owner);
	else
		no_space(what, r, &o);
	return 1;
}
