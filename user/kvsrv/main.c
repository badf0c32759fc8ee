/* "kvsrv [-t SECONDS] [NAME]": a key-value store served as NAME (default
 * "kv"), exported (user/lib/demo_proto.h). Each key belongs to the client
 * that made it (its sender: a local pid, or a remote caller's identity,
 * which the protocol server makes per node and pid) while that client
 * lasts: a local one while its process lives, a remote one for SECONDS
 * after its last request (pure_kv_table.h); then anyone may take the key
 * over. Counts the requests it executed (DEMO_COUNT): a call executed
 * twice shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/clock.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/demo_proto.h"
#include "../lib/demo_register.h"
#include "../lib/usage.h"
#include "pure_kv_table.h"

#define STR(x) #x
#define XSTR(x) STR(x)
#define LEASE_DEFAULT XSTR(DEMO_KV_LEASE_S)

static const usage_t usage = {
    "kvsrv", "[-t SECONDS] [NAME]",
    "Serves a key-value store as NAME (default kv), exported so other\n"
    "nodes reach it as NAME@NODE (kv put|get|del|incr). A key belongs to\n"
    "the client that made it while that client lasts: a program here\n"
    "while it runs, a remote one (another node's) for SECONDS after its\n"
    "last request (-t; default " LEASE_DEFAULT "). Then the next client to\n"
    "put, incr or del the key takes it over. Holds 256 keys, 64 per client:\n"
    "when a new key finds all 256 taken, exactly one key is evicted, the\n"
    "least recently used (made, put, incr'd or read) of those whose owner\n"
    "is gone, and named on this console; keys of owners that last are\n"
    "never evicted (then the new key is refused). incr counts a value that\n"
    "is a decimal number 0..2147483646 (a new key from 0). Runs until\n"
    "killed.",
    NULL};

static kv_table_t table;
static uint32_t executed;
static const char *served; /* our NAME */

static uint64_t now_ms(void)
{
	uint64_t ticks = 0;
	uint32_t hz = 0;
	if (lv_ticks(&ticks, &hz) < 0 || !hz)
		return 0;
	return ticks * 1000u / hz;
}

static int alive(int32_t pid, void *arg)
{
	(void)arg;
	return lv_proc_alive(pid);
}

/* The request's key (NUL inside, not empty) and value; -ERR_INVAL. */
static int parse(const lv_msg_t *m, demo_kv_req_t *r, int with_value)
{
	size_t head = offsetof(demo_kv_req_t, value);
	if (m->h.size < head || m->h.size > sizeof(*r))
		return -ERR_INVAL;
	memset(r, 0, sizeof(*r));
	memcpy(r, m->payload, m->h.size);
	if (!memchr(r->key, 0, DEMO_KEY_MAX) || !r->key[0])
		return -ERR_INVAL;
	if (with_value ? r->len > DEMO_VALUE_MAX || m->h.size != head + r->len
		       : m->h.size != head)
		return -ERR_INVAL;
	return 0;
}

/* A request's key and value (parse), the reply emptied, the sender's
 * lease renewed, and one more request counted as executed when it was
 * well formed. */
static int take(lv_msg_t *m, demo_kv_req_t *r, int with_value)
{
	int rc = parse(m, r, with_value);
	m->h.size = 0;
	if (rc == 0) {
		executed++;
		kv_table_touch(&table, m->h.sender, now_ms());
	}
	return rc;
}

/* One line on the console for each evicted key: which, and whose. */
static void log_eviction(const kv_eviction_t *ev)
{
	uint32_t node = 0;
	int32_t pid = 0;
	if (!ev->owner)
		return;
	if (ev->owner > 0)
		printf(
		    "kvsrv: %s full (%d keys): evicted key %s, whose owner pid "
		    "%d ended (the least recently used of gone owners' "
		    "keys)\n",
		    served, DEMO_KV_KEYS, ev->key, (int)ev->owner);
	else if (lv_ns_remote_who(ev->owner, &node, &pid) == 0)
		printf(
		    "kvsrv: %s full (%d keys): evicted key %s, whose owner pid "
		    "%d on %u.%u.%u.%u (a remote client) let its lease run "
		    "out (the least recently used of gone owners' keys)\n",
		    served, DEMO_KV_KEYS, ev->key, (int)pid,
		    (unsigned)(node >> 24), (unsigned)(node >> 16 & 255),
		    (unsigned)(node >> 8 & 255), (unsigned)(node & 255));
	else
		printf(
		    "kvsrv: %s full (%d keys): evicted key %s, whose owner (a "
		    "remote client) let its lease run out (the least recently "
		    "used of gone owners' keys)\n",
		    served, DEMO_KV_KEYS, ev->key);
}

static int op_put(lv_msg_t *m, void *ctx)
{
	demo_kv_req_t r;
	kv_entry_t *e;
	kv_eviction_t ev = {0};
	(void)ctx;
	int rc = take(m, &r, 1);
	if (rc == 0)
		rc = kv_table_claim(&table, m->h.sender, r.key, now_ms(), &e,
				    &ev);
	log_eviction(&ev);
	if (rc < 0)
		return rc;
	memcpy(e->value, r.value, r.len);
	e->len = r.len;
	return 0;
}

static int op_get(lv_msg_t *m, void *ctx)
{
	demo_kv_req_t r;
	(void)ctx;
	int rc = take(m, &r, 0);
	if (rc < 0)
		return rc;
	kv_entry_t *e = kv_table_get(&table, r.key, now_ms());
	if (!e)
		return -ERR_NOENT;
	memcpy(m->payload, e->value, e->len);
	m->h.size = e->len;
	return (int)e->len;
}

static int op_del(lv_msg_t *m, void *ctx)
{
	demo_kv_req_t r;
	(void)ctx;
	int rc = take(m, &r, 0);
	return rc < 0 ? rc : kv_table_del(&table, m->h.sender, r.key, now_ms());
}

static int op_incr(lv_msg_t *m, void *ctx)
{
	demo_kv_req_t r;
	kv_eviction_t ev = {0};
	(void)ctx;
	int rc = take(m, &r, 0);
	if (rc == 0)
		rc = kv_table_incr(&table, m->h.sender, r.key, now_ms(), &ev);
	log_eviction(&ev);
	if (rc < 0)
		return rc;
	kv_entry_t *e = kv_table_find(&table, r.key);
	memcpy(m->payload, e->value, e->len);
	m->h.size = e->len;
	return rc;
}

/* DEMO_KV_OWNER: a remote owner's node and pid are net's to tell (while
 * it still knows the identity). */
static int op_owner(lv_msg_t *m, void *ctx)
{
	demo_kv_req_t r;
	demo_kv_owner_t o;
	int32_t owner;
	(void)ctx;
	int rc = parse(m, &r, 0);
	m->h.size = 0;
	if (rc < 0)
		return rc;
	kv_table_owner(&table, m->h.sender, r.key, now_ms(), &owner, &o);
	if (owner > 0)
		o.pid = owner;
	else if (owner < 0 && lv_ns_remote_who(owner, &o.node, &o.pid) < 0)
		o.node = 0, o.pid = 0; /* "a remote client" */
	memcpy(m->payload, &o, sizeof(o));
	m->h.size = sizeof(o);
	return 0;
}

static int op_count(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	m->h.size = 0;
	return (int)executed;
}

static const lv_op_t ops[] = {
    {DEMO_KV_PUT, op_put},   {DEMO_KV_GET, op_get},	{DEMO_KV_DEL, op_del},
    {DEMO_KV_INCR, op_incr}, {DEMO_KV_OWNER, op_owner}, {DEMO_COUNT, op_count},
};

int main(int argc, char **argv)
{
	unsigned long lease_s = DEMO_KV_LEASE_S;
	usage_help(&usage, argc, argv);
	int first = 1;
	if (argc > 1 && strcmp(argv[1], "-t") == 0) {
		if (argc < 3)
			usage_error(&usage, "-t needs SECONDS");
		lease_s = usage_number(&usage, "SECONDS", argv[2], 1, 86400);
		first = 3;
	}
	if (argc > first && argv[first][0] == '-')
		usage_error(&usage, "unknown option %s", argv[first]);
	usage_count(&usage, argc - first + 1, argv + first - 1, 0, 1);
	const char *name = argc > first ? argv[first] : DEMO_KV_NAME;
	kv_table_init(&table, (uint32_t)lease_s * 1000u, alive, NULL);
	served = name;
	int port = lv_port_create();
	int rc =
	    demo_register("kvsrv", name, DEMO_TYPE, "kv", port, LV_NS_EXPORT);
	if (rc < 0)
		return 1;
	printf("kvsrv: serving %s (exported)\n", name);
	printf("kvsrv: a remote client's keys are free %lu s after its last "
	       "request (-t)\n",
	       lease_s);
	rc = lv_serve(port, ops, sizeof(ops) / sizeof(ops[0]), NULL, NULL);
	printf("kvsrv: receive failed: %s\n", lv_strerror(rc));
	return 1;
}
