/* kvsrv's key table (user/kvsrv/pure_kv_table.c): a key is its maker's
 * while the maker lasts -- a local pid while it lives, a remote identity
 * until its lease runs out after its last request -- then the next client
 * takes it over (value and all); the per-client and table limits, and
 * slots of gone owners given back when the table is full. */
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

static int put(int32_t sender, const char *key, const char *value, uint64_t now)
{
	kv_entry_t *e = NULL;
	int rc = kv_table_claim(&t, sender, key, now, &e);
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
	CHECK_EQ(kv_table_claim(&t, 8, "n", 0, &e), 0);
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
	char key[16];
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
	living[1] = 0; /* 1's 64 slots are given back when needed */
	CHECK_EQ(put(10, "full", "", 0), 0);
	CHECK(kv_table_find(&t, "a5") == NULL);
	CHECK_EQ(kv_table_find(&t, "full")->owner, 10);
}
