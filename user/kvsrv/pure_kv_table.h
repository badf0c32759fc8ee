/* kvsrv's table of keys and who owns them. Pure: no I/O, no clock of its
 * own (the caller passes now and says which local pids live); host tests
 * in tests/host/test_kv_table.c.
 *
 * Ownership. A key belongs to the sender that made it: a local pid (> 0)
 * or a remote caller's identity (< 0, one per node and pid: act_for). Only
 * its owner may change or delete it, while the owner lasts:
 *  - a local owner lasts while its process lives (the alive callback);
 *    pids are never given again, so an ended pid's keys are nobody's;
 *  - a remote owner cannot be watched from here (its node and pid are
 *    another kernel's), so it holds its keys as a lease: every request it
 *    makes renews it for lease_ms, and lease_ms after its last request its
 *    keys are nobody's.
 * A key whose owner is gone is taken over, value and all, by the next
 * client that puts or increments it (and may be deleted by anyone).
 *
 * Eviction. When a new key needs a slot and all DEMO_KV_KEYS are taken,
 * exactly one key is evicted: of the keys whose owner is gone, the one
 * least recently used (made, put, incremented or read; the lowest slot on
 * a tie). Never a key whose owner lasts, never more than one, never while
 * a slot is free. The caller is told which (kv_eviction_t) to log it, and
 * the table counts evictions so a client missing a key can be told keys
 * are evicted. */
#ifndef KVSRV_PURE_KV_TABLE_H
#define KVSRV_PURE_KV_TABLE_H
#include <stdint.h>
#include "../lib/demo_proto.h"

typedef struct kv_entry {
	int32_t owner; /* sender that made it; 0: a free slot */
	uint64_t seen; /* remote owner: its last request, ms */
	uint64_t used; /* last made, put, incremented or read, ms */
	char key[DEMO_KEY_MAX];
	uint32_t len;
	char value[DEMO_VALUE_MAX];
} kv_entry_t;

/* 1 while local process pid lives (not ended, not a zombie). */
typedef int (*kv_alive_fn_t)(int32_t pid, void *arg);

typedef struct kv_table {
	kv_entry_t e[DEMO_KV_KEYS];
	uint32_t lease_ms; /* a remote owner's keys outlast its last request */
	kv_alive_fn_t alive;
	void *alive_arg;
	uint32_t evictions; /* keys evicted so far */
} kv_table_t;

/* The key a claim evicted (owner 0: none). */
typedef struct kv_eviction {
	int32_t owner; /* its gone owner: an ended pid, or a remote identity
			* whose lease ran out */
	char key[DEMO_KEY_MAX];
} kv_eviction_t;

void kv_table_init(kv_table_t *t, uint32_t lease_ms, kv_alive_fn_t alive,
		   void *alive_arg);

/* A request from sender at now: renews sender's lease when it is remote. */
void kv_table_touch(kv_table_t *t, int32_t sender, uint64_t now);

/* key's entry (owner gone or not), or NULL. */
kv_entry_t *kv_table_find(kv_table_t *t, const char *key);

/* key's entry to read at now (it counts as used), or NULL. */
kv_entry_t *kv_table_get(kv_table_t *t, const char *key, uint64_t now);

/* 1 when e's owner lasts at now (see above). */
int kv_table_owned(const kv_table_t *t, const kv_entry_t *e, uint64_t now);

/* key's entry for sender to change: its own, one taken over from a gone
 * owner, or a new one (len 0), evicting one key when the table is full
 * (see "Eviction"; *ev says which, ev->owner 0 when none). -ERR_PERM:
 * another owner's, who lasts; -ERR_NOSPC: sender owns
 * DEMO_KV_KEYS_PER_CLIENT keys, or all DEMO_KV_KEYS have lasting owners.
 * Nothing changes on failure. */
int kv_table_claim(kv_table_t *t, int32_t sender, const char *key, uint64_t now,
		   kv_entry_t **out, kv_eviction_t *ev);

/* value (len bytes) as incr's count: a decimal number, digits only, from 0
 * to DEMO_KV_INCR_MAX, into *n. -ERR_INVAL: not one (empty, a sign, a word,
 * trailing junk); -ERR_RANGE: larger than DEMO_KV_INCR_MAX. */
int kv_value_count(const char *value, uint32_t len, int32_t *n);

/* incr of key for sender: claims it (kv_table_claim; a new key counts
 * from 0) and makes its value one more; the new count, or kv_table_claim's
 * errors and kv_value_count's for a value that is no count. Nothing
 * changes on failure. */
int kv_table_incr(kv_table_t *t, int32_t sender, const char *key, uint64_t now,
		  kv_eviction_t *ev);

/* Deletes key for sender: 0, -ERR_NOENT, -ERR_PERM (an owner who lasts). */
int kv_table_del(kv_table_t *t, int32_t sender, const char *key, uint64_t now);

/* Who holds key as sender would be told (DEMO_KV_OWNER): owner (0: none
 * that lasts), a remote owner's lease left, and the counts and limits.
 * Node and pid of a remote owner are the caller's to fill in. */
void kv_table_owner(const kv_table_t *t, int32_t sender, const char *key,
		    uint64_t now, int32_t *owner, demo_kv_owner_t *o);

#endif
