/* kvsrv's keys and their owners (pure_kv_table.h): who lasts, taking over
 * a gone owner's key, evicting one when full, and the limits. */
#include <stdio.h>
#include <string.h>
#include "uapi/errors.h"
#include "pure_kv_table.h"

void kv_table_init(kv_table_t *t, uint32_t lease_ms, kv_alive_fn_t alive,
		   void *alive_arg)
{
	memset(t, 0, sizeof(*t));
	t->lease_ms = lease_ms;
	t->alive = alive;
	t->alive_arg = alive_arg;
}

void kv_table_touch(kv_table_t *t, int32_t sender, uint64_t now)
{
	if (sender >= 0)
		return;
	for (int i = 0; i < DEMO_KV_KEYS; i++)
		if (t->e[i].owner == sender)
			t->e[i].seen = now;
}

kv_entry_t *kv_table_find(kv_table_t *t, const char *key)
{
	for (int i = 0; i < DEMO_KV_KEYS; i++)
		if (t->e[i].owner && strcmp(t->e[i].key, key) == 0)
			return &t->e[i];
	return NULL;
}

kv_entry_t *kv_table_get(kv_table_t *t, const char *key, uint64_t now)
{
	kv_entry_t *e = kv_table_find(t, key);
	if (e)
		e->used = now;
	return e;
}

int kv_table_owned(const kv_table_t *t, const kv_entry_t *e, uint64_t now)
{
	if (e->owner > 0)
		return t->alive(e->owner, t->alive_arg);
	return e->owner < 0 && now - e->seen < t->lease_ms;
}

/* Evicts the least recently used key whose owner is gone at now (the
 * lowest slot on a tie) into *ev; the freed slot, or NULL when every owner
 * lasts. */
static kv_entry_t *evict(kv_table_t *t, uint64_t now, kv_eviction_t *ev)
{
	kv_entry_t *lru = NULL;
	for (int i = 0; i < DEMO_KV_KEYS; i++) {
		kv_entry_t *e = &t->e[i];
		if (e->owner && (!lru || e->used < lru->used) &&
		    !kv_table_owned(t, e, now))
			lru = e;
	}
	if (!lru)
		return NULL;
	ev->owner = lru->owner;
	snprintf(ev->key, sizeof(ev->key), "%s", lru->key);
	lru->owner = 0;
	t->evictions++;
	return lru;
}

static int owned_by(const kv_table_t *t, int32_t sender)
{
	int n = 0;
	for (int i = 0; i < DEMO_KV_KEYS; i++)
		n += t->e[i].owner == sender;
	return n;
}

static kv_entry_t *free_slot(kv_table_t *t)
{
	for (int i = 0; i < DEMO_KV_KEYS; i++)
		if (!t->e[i].owner)
			return &t->e[i];
	return NULL;
}

int kv_table_claim(kv_table_t *t, int32_t sender, const char *key, uint64_t now,
		   kv_entry_t **out, kv_eviction_t *ev)
{
	kv_entry_t *e = kv_table_find(t, key);
	memset(ev, 0, sizeof(*ev));
	if (e && e->owner != sender && kv_table_owned(t, e, now))
		return -ERR_PERM;
	if ((!e || e->owner != sender) &&
	    owned_by(t, sender) >= DEMO_KV_KEYS_PER_CLIENT)
		return -ERR_NOSPC;
	if (!e) {
		kv_entry_t *slot = free_slot(t);
		if (!slot)
			slot = evict(t, now, ev);
		if (!slot)
			return -ERR_NOSPC;
		e = slot;
		snprintf(e->key, DEMO_KEY_MAX, "%s", key);
		e->len = 0;
	}
	e->owner = sender;
	e->seen = now;
	e->used = now;
	*out = e;
	return 0;
}

int kv_value_count(const char *value, uint32_t len, int32_t *n)
{
	uint32_t v = 0;
	if (len == 0)
		return -ERR_INVAL;
	for (uint32_t i = 0; i < len; i++)
		if (value[i] < '0' || value[i] > '9')
			return -ERR_INVAL;
	for (uint32_t i = 0; i < len; i++) {
		if (v > (DEMO_KV_INCR_MAX - (uint32_t)(value[i] - '0')) / 10)
			return -ERR_RANGE;
		v = v * 10 + (uint32_t)(value[i] - '0');
	}
	*n = (int32_t)v;
	return 0;
}

int kv_table_incr(kv_table_t *t, int32_t sender, const char *key, uint64_t now,
		  kv_eviction_t *ev)
{
	kv_entry_t *e = kv_table_find(t, key);
	int32_t n = 0;
	memset(ev, 0, sizeof(*ev));
	if (e && e->owner != sender && kv_table_owned(t, e, now))
		return -ERR_PERM;
	if (e) {
		int rc = kv_value_count(e->value, e->len, &n);
		if (rc < 0)
			return rc;
	}
	int rc = kv_table_claim(t, sender, key, now, &e, ev);
	if (rc < 0)
		return rc;
	n++;
	e->len = (uint32_t)snprintf(e->value, DEMO_VALUE_MAX, "%ld", (long)n);
	return n;
}

int kv_table_del(kv_table_t *t, int32_t sender, const char *key, uint64_t now)
{
	kv_entry_t *e = kv_table_find(t, key);
	if (!e)
		return -ERR_NOENT;
	if (e->owner != sender && kv_table_owned(t, e, now))
		return -ERR_PERM;
	e->owner = 0;
	return 0;
}

void kv_table_owner(const kv_table_t *t, int32_t sender, const char *key,
		    uint64_t now, int32_t *owner, demo_kv_owner_t *o)
{
	memset(o, 0, sizeof(*o));
	*owner = 0;
	for (int i = 0; i < DEMO_KV_KEYS; i++) {
		const kv_entry_t *e = &t->e[i];
		if (!e->owner || !kv_table_owned(t, e, now))
			continue;
		o->keys++;
		o->mine += e->owner == sender;
		if (strcmp(e->key, key) == 0) {
			*owner = e->owner;
			o->remote = e->owner < 0;
			if (e->owner < 0)
				o->lease_left_ms =
				    (uint32_t)(e->seen + t->lease_ms - now);
		}
	}
	o->lease_ms = t->lease_ms;
	o->keys_max = DEMO_KV_KEYS;
	o->mine_max = DEMO_KV_KEYS_PER_CLIENT;
	o->evictions = t->evictions;
}
