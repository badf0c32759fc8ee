/* The remote-IPC demos' messages (echosrv/echocli, kvsrv/kv, ripcbench):
 * ordinary lv_rpc calls on a port found by name. Whether the server is on
 * this node or another ("NAME@NODE") is invisible here: the same calls go
 * to a local port or to a proxy of the protocol server (ripc_proto.h).
 * Statuses are the reply's op: 0 or a count, or -ERR_*. */
#ifndef USER_LIB_DEMO_PROTO_H
#define USER_LIB_DEMO_PROTO_H
#include <stdint.h>

#define DEMO_ECHO_NAME "echo" /* echosrv's default name */
#define DEMO_KV_NAME "kv"     /* kvsrv's default name */
#define DEMO_TYPE "demo"      /* their name-server type */

/* echosrv: the payload (up to 4096 bytes) back; status its length. */
#define DEMO_ECHO 0x44450001u
/* echosrv, kvsrv: requests executed so far (status; no payload). */
#define DEMO_COUNT 0x44450002u

/* kvsrv: a key (1..DEMO_KEY_MAX-1 bytes, NUL-terminated) and a value. */
#define DEMO_KEY_MAX 32
#define DEMO_VALUE_MAX 256
#define DEMO_KV_KEYS 256	    /* keys in all */
#define DEMO_KV_KEYS_PER_CLIENT 64  /* keys one client (sender) made */
#define DEMO_KV_INCR_MAX 2147483646 /* the largest value incr increments */
#define DEMO_KV_PUT                                                            \
	0x44450010u /* key, value: 0; -ERR_NOSPC past limits; -ERR_PERM:       \
		     * another client's key. A new key in a full table evicts  \
		     * the least recently used key of a gone owner             \
		     * (user/kvsrv/pure_kv_table.h "Eviction"). */
#define DEMO_KV_GET 0x44450011u /* key: the value (status its length) */
#define DEMO_KV_DEL                                                            \
	0x44450012u /* key: 0; -ERR_NOENT; -ERR_PERM: another                  \
		     * client's key */
#define DEMO_KV_INCR                                                           \
	0x44450013u /* key: the new value as a decimal number (status it,      \
		     * 1..2^31-1): not idempotent, so a call executed twice    \
		     * shows. The value must be a decimal number 0..2^31-2     \
		     * (a new key counts from 0): else -ERR_INVAL (not a       \
		     * number) or -ERR_RANGE (2^31-1 or more), the value left  \
		     * as it was. PUT's errors too. */

/* kvsrv: who holds a key, so a client can say why a PUT, DEL or INCR was
 * refused (or a GET found nothing: evictions) (a refusal's reply carries no
 * payload): the key (no value); demo_kv_owner_t, status 0. Not counted as
 * executed (as DEMO_COUNT). */
#define DEMO_KV_OWNER 0x44450014u
/* How long a remote client's keys outlast its last request unless kvsrv -t
 * says otherwise (pure_kv_table.h "Ownership"), seconds. */
#define DEMO_KV_LEASE_S 60

typedef struct demo_kv_owner {
	int32_t pid;	 /* the owner's pid on node; 0: no owner that lasts
			  * (no such key, or its owner is gone), or a remote
			  * one net no longer knows */
	uint32_t node;	 /* a remote owner's node (IPv4, host order); 0:
			  * the server's own node, or unknown */
	uint32_t remote; /* 1: the owner is a remote client */
	uint32_t lease_left_ms; /* a remote owner: until its keys are free */
	uint32_t lease_ms;	/* kvsrv's lease (-t) */
	uint32_t keys;		/* keys with an owner that lasts */
	uint32_t keys_max;	/* DEMO_KV_KEYS */
	uint32_t mine;		/* the asker's keys */
	uint32_t mine_max;	/* DEMO_KV_KEYS_PER_CLIENT */
	uint32_t evictions;	/* keys the server evicted so far */
} demo_kv_owner_t;
_Static_assert(sizeof(demo_kv_owner_t) == 40, "demo_kv_owner_t layout");

typedef struct demo_kv_req {
	char key[DEMO_KEY_MAX];
	uint32_t len; /* value bytes that follow (PUT) */
	char value[DEMO_VALUE_MAX];
} demo_kv_req_t;

#endif
