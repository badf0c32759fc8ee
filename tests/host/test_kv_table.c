/* kvsrv's key table (user/kvsrv/pure_kv_table.c): a key is its maker's
 * while the maker lasts -- a local pid while it lives, a remote identity
 * until its lease runs out after its last request -- then the next client
 * takes it over (value and all); the per-client and table limits; one key
 * of a gone owner evicted when the table is full, the least recently used;
 * incr's count and its refusals. */
#include <stdio.h>
#include <string.h>
#include "../../user/kvsrv/pure_kv_table.h"
#include "uapi/errors.h"
#include "unit.h"

#define LEASE 5000u
static kv_table_t t; /* big: not on the stack */
static int living[64];

static int alive(int32_t pid, void *arg)
{
	(void)arg;
	return pid > 0 && pid < 64 && living[pid];
}

static void fresh(void)
{
	memset(living, 0, sizeof(living));
	kv_table_init(&t, LEASE, alive, NULL);
}

static kv_eviction_t ev; /* the last claim's */

static int put(int32_t sender, const char *key, const char *value, uint64_t now)
{
	kv_entry_t *e = NULL;
	int rc = kv_table_claim(&t, sender, key, now, &e, &ev);
	if (rc == 0) {
		e->len = (uint32_t)strlen(value);
		memcpy(e->value, value, e->len);
	}
	return rc;
}

UNIT_TEST(kv_table_ended_local_owner_key_is_taken_over)
{
	fresh();
	living[7] = living[8] = 1;
	CHECK_EQ(put(7, "n", "41", 0), 0);
	CHECK_EQ(put(8, "n", "x", 0), -ERR_PERM); /* 7 lives */
	CHECK_EQ(kv_table_del(&t, 8, "n", 0), -ERR_PERM);
	living[7] = 0; /* 7 ended: n is nobody's */
	kv_entry_t *e = NULL;
	CHECK_EQ(kv_table_claim(&t, 8, "n", 0, &e, &ev), 0);
	CHECK_EQ(e->owner, 8);
	CHECK_EQ(e->len, 2u); /* taken over with its value */
	CHECK(memcmp(e->value, "41", 2) == 0);
	CHECK_EQ(put(9, "n", "y", 0), -ERR_PERM); /* now 8's */
}

UNIT_TEST(kv_table_anyone_deletes_a_gone_owners_key)
{
	fresh();
	living[3] = 1;
	CHECK_EQ(put(3, "k", "v", 0), 0);
	living[3] = 0;
	CHECK_EQ(kv_table_del(&t, 4, "k", 0), 0);
	CHECK(kv_table_find(&t, "k") == NULL);
	CHECK_EQ(kv_table_del(&t, 4, "k", 0), -ERR_NOENT);
}

UNIT_TEST(kv_table_remote_lease_renewed_by_use_then_runs_out)
{
	fresh();
	CHECK_EQ(put(-5, "r", "1", 1000), 0);
	CHECK_EQ(put(-6, "r", "2", 1000 + LEASE - 1), -ERR_PERM);
	kv_table_touch(&t, -5, 4000); /* any request of -5 renews */
	CHECK_EQ(put(-6, "r", "2", 1000 + LEASE), -ERR_PERM);
	CHECK_EQ(put(2, "r", "2", 4000 + LEASE - 1), -ERR_PERM);
	kv_table_touch(&t, -6, 8000); /* another's request renews nothing */
	CHECK_EQ(put(-6, "r", "2", 4000 + LEASE), 0);
	CHECK_EQ(kv_table_find(&t, "r")->owner, -6);
}

UNIT_TEST(kv_table_owner_says_who_and_how_long)
{
	demo_kv_owner_t o;
	int32_t owner = 99;
	fresh();
	living[2] = 1;
	CHECK_EQ(put(-5, "r", "1", 1000), 0);
	CHECK_EQ(put(2, "l", "1", 1000), 0);
	kv_table_owner(&t, 2, "r", 3000, &owner, &o);
	CHECK_EQ(owner, -5);
	CHECK_EQ(o.remote, 1u);
	CHECK_EQ(o.lease_left_ms, LEASE - 2000);
	CHECK_EQ(o.lease_ms, LEASE);
	CHECK_EQ(o.keys, 2u);
	CHECK_EQ(o.mine, 1u);
	CHECK_EQ(o.keys_max, (uint32_t)DEMO_KV_KEYS);
	CHECK_EQ(o.mine_max, (uint32_t)DEMO_KV_KEYS_PER_CLIENT);
	kv_table_owner(&t, 2, "l", 3000, &owner, &o);
	CHECK_EQ(owner, 2);
	CHECK_EQ(o.remote, 0u);
	kv_table_owner(&t, 2, "r", 1000 + LEASE, &owner, &o); /* ran out */
	CHECK_EQ(owner, 0);
	CHECK_EQ(o.keys, 1u);
	kv_table_owner(&t, 2, "none", 0, &owner, &o);
	CHECK_EQ(owner, 0);
}

UNIT_TEST(kv_table_limits_per_client_and_in_all)
{
	char key[32];
	fresh();
	for (int i = 1; i < 64; i++)
		living[i] = 1;
	for (int i = 0; i < DEMO_KV_KEYS_PER_CLIENT; i++) {
		snprintf(key, sizeof(key), "a%d", i);
		CHECK_EQ(put(1, key, "", 0), 0);
	}
	CHECK_EQ(put(1, "one_more", "", 0), -ERR_NOSPC);
	CHECK_EQ(put(1, "a0", "again", 0), 0); /* its own: no new key */
	/* fill the table: owners 2.. take the rest */
	int n = DEMO_KV_KEYS_PER_CLIENT;
	for (int owner = 2; n < DEMO_KV_KEYS; owner++)
		for (int i = 0; i < DEMO_KV_KEYS_PER_CLIENT && n < DEMO_KV_KEYS;
		     i++, n++) {
			snprintf(key, sizeof(key), "o%d_%d", owner, i);
			CHECK_EQ(put(owner, key, "", 0), 0);
		}
	CHECK_EQ(put(10, "full", "", 0), -ERR_NOSPC);
	CHECK(kv_table_find(&t, "full") == NULL);
	CHECK_EQ(ev.owner, 0);
	living[1] = 0; /* one of 1's keys is evicted for the new one */
	CHECK_EQ(put(10, "full", "", 0), 0);
	CHECK_EQ(ev.owner, 1);
	CHECK(kv_table_find(&t, "a0") == NULL); /* a tie: the lowest slot */
	CHECK(kv_table_find(&t, "a5") != NULL);
	CHECK_EQ(kv_table_find(&t, "full")->owner, 10);
	CHECK_EQ(t.evictions, 1u);
}

/* 257 keys put by 257 short-lived owners (each kv run from a shell is a
 * process that ends): the 257th evicts exactly one key, the least recently
 * used, and a key read since is not that one. */
UNIT_TEST(kv_table_full_of_gone_owners_evicts_one_lru_key)
{
	char key[32];
	fresh(); /* no pid lives: every owner below is gone once it put */
	for (int i = 1; i <= DEMO_KV_KEYS; i++) {
		snprintf(key, sizeof(key), "q%d", i);
		CHECK_EQ(put(1000 + i, key, "x", (uint64_t)i), 0);
		CHECK_EQ(ev.owner, 0); /* a slot was free: nothing evicted */
	}
	CHECK(kv_table_get(&t, "q1", 500) != NULL); /* q1 read: now q2 is LRU */
	CHECK_EQ(put(2000, "q257", "x", 600), 0);
	CHECK_EQ(ev.owner, 1002);
	CHECK(strcmp(ev.key, "q2") == 0);
	CHECK_EQ(t.evictions, 1u);
	int kept = 0;
	for (int i = 1; i <= DEMO_KV_KEYS + 1; i++) {
		snprintf(key, sizeof(key), "q%d", i);
		kept += kv_table_find(&t, key) != NULL;
	}
	CHECK_EQ(kept, DEMO_KV_KEYS); /* q1..q257 but q2 */
	CHECK(kv_table_find(&t, "q2") == NULL);
	demo_kv_owner_t o;
	int32_t owner;
	kv_table_owner(&t, 3000, "q2", 600, &owner, &o);
	CHECK_EQ(o.evictions, 1u);
}

/* Keys of owners that last are never evicted, however old: only a gone
 * owner's key is, and with none the new key is refused. */
UNIT_TEST(kv_table_never_evicts_a_lasting_owners_key)
{
	char key[32];
	fresh();
	living[1] = living[2] = living[3] = 1;
	int n = 0;
	for (int owner = 1; owner <= 3; owner++) /* the oldest keys: live */
		for (int i = 0; i < DEMO_KV_KEYS_PER_CLIENT; i++, n++) {
			snprintf(key, sizeof(key), "l%d_%d", owner, i);
			CHECK_EQ(put(owner, key, "", 0), 0);
		}
	CHECK_EQ(put(-7, "remote", "", 10), 0); /* a remote lease: lasts */
	for (n++; n < DEMO_KV_KEYS; n++) {
		snprintf(key, sizeof(key), "g%d", n);
		CHECK_EQ(put(40 + n % 8, key, "", 20 + (uint64_t)n), 0);
	}
	CHECK_EQ(put(9, "new", "", LEASE), 0); /* 40..47 are gone */
	CHECK_EQ(ev.owner, 40 + 193 % 8);
	CHECK(strcmp(ev.key, "g193") == 0); /* the oldest gone owner's key */
	CHECK(kv_table_find(&t, "l1_0") != NULL);
	CHECK(kv_table_find(&t, "remote") != NULL);
	for (int owner = 40; owner < 48; owner++)
		living[owner] = 1;
	/* -7's lease ran out: its key is now the LRU gone owner's key */
	CHECK_EQ(put(-7, "r2", "", 10 + LEASE), 0);
	CHECK_EQ(ev.owner, -7);
	CHECK(strcmp(ev.key, "remote") == 0);
	living[9] = 1; /* every owner lasts: refused, none evicted */
	CHECK_EQ(put(10, "new2", "", 10 + LEASE), -ERR_NOSPC);
	CHECK_EQ(ev.owner, 0);
	CHECK(kv_table_find(&t, "l1_0") != NULL);
	CHECK_EQ(t.evictions, 2u);
}

/* incr counts a decimal number 0..DEMO_KV_INCR_MAX (a new key from 0);
 * anything else is refused with the value left as it was. */
UNIT_TEST(kv_table_incr_counts_only_decimal_numbers)
{
	int32_t n = -1;
	fresh();
	CHECK_EQ(kv_table_incr(&t, 1, "c", 0, &ev), 1); /* new: from 0 */
	CHECK_EQ(kv_table_incr(&t, 1, "c", 0, &ev), 2);
	CHECK(memcmp(kv_table_find(&t, "c")->value, "2", 1) == 0);
	static const struct {
		const char *value;
		int rc;
	} bad[] = {
	    {"hello", -ERR_INVAL},	{"12abc", -ERR_INVAL},
	    {"-5", -ERR_INVAL},		{"+5", -ERR_INVAL},
	    {" 5", -ERR_INVAL},		{"", -ERR_INVAL},
	    {"2147483647", -ERR_RANGE}, {"99999999999", -ERR_RANGE},
	    {"4294967297", -ERR_RANGE},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(kv_value_count(bad[i].value,
					(uint32_t)strlen(bad[i].value), &n),
			 bad[i].rc);
		CHECK_EQ(put(1, "v", bad[i].value, 0), 0);
		CHECK_EQ(kv_table_incr(&t, 2, "v", 0, &ev), bad[i].rc);
		kv_entry_t *e = kv_table_find(&t, "v");
		CHECK_EQ(e->owner, 1); /* gone, but nothing was taken over */
		CHECK_EQ(e->len, (uint32_t)strlen(bad[i].value));
		CHECK(memcmp(e->value, bad[i].value, e->len) == 0);
	}
	CHECK_EQ(kv_value_count("2147483646", 10, &n), 0);
	CHECK_EQ(n, 2147483646);
	CHECK_EQ(kv_value_count("007", 3, &n), 0);
	CHECK_EQ(n, 7);
	CHECK_EQ(put(1, "v", "2147483646", 0), 0);
	CHECK_EQ(kv_table_incr(&t, 1, "v", 0, &ev), 2147483647);
	CHECK_EQ(kv_table_incr(&t, 1, "v", 0, &ev), -ERR_RANGE);
}
