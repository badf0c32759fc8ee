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
 * client that puts or increments it (and may be deleted by anyone); its
 * slot is freed when the table needs room. */
#ifndef KVSRV_PURE_KV_TABLE_H
#define KVSRV_PURE_KV_TABLE_H
#include <stdint.h>
#include "../lib/demo_proto.h"

typedef struct kv_entry {
	int32_t owner; /* sender that made it; 0: a free slot */
	uint64_t seen; /* remote owner: its last request, ms */
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
} kv_table_t;

void kv_table_init(kv_table_t *t, uint32_t lease_ms, kv_alive_fn_t alive,
		   void *alive_arg);

/* A request from sender at now: renews sender's lease when it is remote. */
void kv_table_touch(kv_table_t *t, int32_t sender, uint64_t now);

/* key's entry (owner gone or not), or NULL. */
kv_entry_t *kv_table_find(kv_table_t *t, const char *key);

/* 1 when e's owner lasts at now (see above). */
int kv_table_owned(const kv_table_t *t, const kv_entry_t *e, uint64_t now);

/* key's entry for sender to change: its own, one taken over from a gone
 * owner, or a new one (len 0). -ERR_PERM: another owner's, who lasts;
 * -ERR_NOSPC: sender owns DEMO_KV_KEYS_PER_CLIENT keys, or all
 * DEMO_KV_KEYS have lasting owners. Nothing changes on failure. */
int kv_table_claim(kv_table_t *t, int32_t sender, const char *key, uint64_t now,
		   kv_entry_t **out);

/* Deletes key for sender: 0, -ERR_NOENT, -ERR_PERM (an owner who lasts). */
int kv_table_del(kv_table_t *t, int32_t sender, const char *key, uint64_t now);

/* Who holds key as sender would be told (DEMO_KV_OWNER): owner (0: none
 * that lasts), a remote owner's lease left, and the counts and limits.
 * Node and pid of a remote owner are the caller's to fill in. */
void kv_table_owner(const kv_table_t *t, int32_t sender, const char *key,
		    uint64_t now, int32_t *owner, demo_kv_owner_t *o);

#endif
