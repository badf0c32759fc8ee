/* "kvsrv [NAME]": a key-value store served as NAME (default "kv"),
 * exported (user/lib/demo_proto.h). Each key belongs to the client that
 * made it (its sender: a local pid, or a remote caller's identity, which
 * the protocol server makes per node and pid): only it may change or
 * delete it, and it may own DEMO_KV_KEYS_PER_CLIENT keys. Counts the
 * requests it executed (DEMO_COUNT): a call executed twice shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/demo_proto.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "kvsrv", "[NAME]",
    "Serves a key-value store as NAME (default kv), exported so other\n"
    "nodes reach it as NAME@NODE (kv put|get|del|incr). A key belongs to\n"
    "the client that made it. Runs until killed.",
    NULL};

typedef struct kv_entry {
	int32_t owner; /* sender that made it; 0: a free slot */
	char key[DEMO_KEY_MAX];
	uint32_t len;
	char value[DEMO_VALUE_MAX];
} kv_entry_t;

static kv_entry_t table[DEMO_KV_KEYS];
static uint32_t executed;

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

/* A request's key and value (parse), the reply emptied, and one more
 * request counted as executed when it was well formed. */
static int take(lv_msg_t *m, demo_kv_req_t *r, int with_value)
{
	int rc = parse(m, r, with_value);
	m->h.size = 0;
	if (rc == 0)
		executed++;
	return rc;
}

static kv_entry_t *find(const char *key)
{
	for (int i = 0; i < DEMO_KV_KEYS; i++)
		if (table[i].owner && strcmp(table[i].key, key) == 0)
			return &table[i];
	return NULL;
}

/* A new entry for sender, or NULL (-ERR_NOSPC) past the limits. */
static kv_entry_t *make(int32_t sender, const char *key)
{
	kv_entry_t *free_slot = NULL;
	int mine = 0;
	for (int i = 0; i < DEMO_KV_KEYS; i++) {
		if (!table[i].owner && !free_slot)
			free_slot = &table[i];
		mine += table[i].owner == sender;
	}
	if (!free_slot || mine >= DEMO_KV_KEYS_PER_CLIENT)
		return NULL;
	free_slot->owner = sender;
	snprintf(free_slot->key, DEMO_KEY_MAX, "%s", key);
	free_slot->len = 0;
	return free_slot;
}

static int op_put(lv_msg_t *m, void *ctx)
{
	demo_kv_req_t r;
	(void)ctx;
	int rc = take(m, &r, 1);
	if (rc < 0)
		return rc;
	kv_entry_t *e = find(r.key);
	if (e && e->owner != m->h.sender)
		return -ERR_PERM;
	if (!e && !(e = make(m->h.sender, r.key)))
		return -ERR_NOSPC;
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
	kv_entry_t *e = find(r.key);
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
	if (rc < 0)
		return rc;
	kv_entry_t *e = find(r.key);
	if (!e)
		return -ERR_NOENT;
	if (e->owner != m->h.sender)
		return -ERR_PERM;
	e->owner = 0;
	return 0;
}

static int op_incr(lv_msg_t *m, void *ctx)
{
	demo_kv_req_t r;
	(void)ctx;
	int rc = take(m, &r, 0);
	if (rc < 0)
		return rc;
	kv_entry_t *e = find(r.key);
	if (e && e->owner != m->h.sender)
		return -ERR_PERM;
	if (!e && !(e = make(m->h.sender, r.key)))
		return -ERR_NOSPC;
	char num[16];
	memcpy(num, e->value, e->len < 15 ? e->len : 15);
	num[e->len < 15 ? e->len : 15] = 0;
	long v = strtol(num, NULL, 10);
	if (v < 0 || v >= 0x7FFFFFFF)
		return -ERR_RANGE;
	v++;
	e->len = (uint32_t)snprintf(e->value, DEMO_VALUE_MAX, "%ld", v);
	memcpy(m->payload, e->value, e->len);
	m->h.size = e->len;
	return (int)v;
}

static int op_count(lv_msg_t *m, void *ctx)
{
	(void)ctx;
	m->h.size = 0;
	return (int)executed;
}

static const lv_op_t ops[] = {
    {DEMO_KV_PUT, op_put},   {DEMO_KV_GET, op_get},  {DEMO_KV_DEL, op_del},
    {DEMO_KV_INCR, op_incr}, {DEMO_COUNT, op_count},
};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 1);
	const char *name = argc > 1 ? argv[1] : DEMO_KV_NAME;
	if (strlen(name) >= LV_NS_NAME_MAX || strchr(name, '@'))
		usage_error(&usage, "NAME %s: up to %d bytes, no @", name,
			    LV_NS_NAME_MAX - 1);
	int port = lv_port_create();
	int rc = port < 0 ? port
			  : lv_ns_register_flags(name, DEMO_TYPE, "kv", port,
						 LV_NS_EXPORT);
	if (rc < 0) {
		printf("kvsrv: cannot register %s: %s\n", name,
		       lv_strerror(rc));
		return 1;
	}
	printf("kvsrv: serving %s (exported)\n", name);
	rc = lv_serve(port, ops, sizeof(ops) / sizeof(ops[0]), NULL, NULL);
	printf("kvsrv: receive failed: %s\n", lv_strerror(rc));
	return 1;
}
