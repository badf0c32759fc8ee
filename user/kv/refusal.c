/* Why kvsrv refused a put, incr, del or get (refusal.h): asks the server
 * who holds the key (DEMO_KV_OWNER), or an incr'd key's value, and names
 * the key, its owner or value, the limit and what to do. */
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

/* A get or del of a key the server does not have: whether it may have
 * been evicted (only when the server has evicted any). */
static void no_entry(const char *name, const char *what, const demo_kv_req_t *r,
		     const demo_kv_owner_t *o)
{
	printf("kv: %s %s: %s: %s has no key %s", what, r->key,
	       lv_strerror(-ERR_NOENT), name, r->key);
	if (o->evictions)
		printf(" (it may have been evicted: %s has evicted %u key%s, "
		       "each when a new key found all %u taken, the least "
		       "recently used of those whose owner was gone)",
		       name, o->evictions, o->evictions == 1 ? "" : "s",
		       o->keys_max);
	printf("\n");
}

/* An incr refused for the key's value: asks for it (DEMO_KV_GET) and names
 * it and the range; 0 when the value cannot be had. */
static int not_a_count(int h, const char *name, const demo_kv_req_t *q, int rc)
{
	char v[DEMO_VALUE_MAX + 1];
	size_t got = 0;
	if (lv_rpc(h, DEMO_KV_GET, q, offsetof(demo_kv_req_t, value), v,
		   sizeof(v) - 1, &got, DEMO_CALL_TICKS) < 0)
		return 0;
	for (size_t i = 0; i < got; i++)
		if (v[i] < ' ' || v[i] > '~')
			v[i] = '?';
	v[got] = 0;
	printf(
	    "kv: incr %s: %s: its value '%.40s%s' is not a decimal number "
	    "0..%d (what incr counts; a new key counts from 0): put a number "
	    "(kv %s put %s 0), or use another key\n",
	    q->key, lv_strerror(rc), v, got > 40 ? "..." : "", DEMO_KV_INCR_MAX,
	    name, q->key);
	return 1;
}

int kv_refusal(int h, const char *name, const char *what,
	       const demo_kv_req_t *r, int rc)
{
	demo_kv_owner_t o;
	demo_kv_req_t q;
	char owner[128];
	size_t got = 0;
	memset(&q, 0, sizeof(q));
	memcpy(q.key, r->key, sizeof(q.key));
	if (strcmp(what, "incr") == 0 && (rc == -ERR_INVAL || rc == -ERR_RANGE))
		return not_a_count(h, name, &q, rc);
	if (rc != -ERR_PERM && rc != -ERR_NOSPC && rc != -ERR_NOENT)
		return 0;
	int st = lv_rpc(h, DEMO_KV_OWNER, &q, offsetof(demo_kv_req_t, value),
			&o, sizeof(o), &got, DEMO_CALL_TICKS);
	if (st < 0 || got != sizeof(o))
		return 0; /* an older server: the plain refusal */
	owner_text(&o, name, owner, sizeof(owner));
	if (rc == -ERR_PERM)
		not_permitted(what, r, &o, owner);
	else if (rc == -ERR_NOSPC)
		no_space(what, r, &o);
	else
		no_entry(name, what, r, &o);
	return 1;
}
