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
#define DEMO_KV_KEYS 256	   /* keys in all */
#define DEMO_KV_KEYS_PER_CLIENT 64 /* keys one client (sender) made */
#define DEMO_KV_PUT 0x44450010u	   /* key, value: 0; -ERR_NOSPC past limits */
#define DEMO_KV_GET 0x44450011u	   /* key: the value (status its length) */
#define DEMO_KV_DEL                                                            \
	0x44450012u /* key: 0; -ERR_NOENT; -ERR_PERM: another                  \
		     * client's key */
#define DEMO_KV_INCR                                                           \
	0x44450013u /* key: the new value as a decimal                         \
		     * number (status it, 0..2^31-1): not                      \
		     * idempotent, so a call executed twice                    \
		     * shows */

typedef struct demo_kv_req {
	char key[DEMO_KEY_MAX];
	uint32_t len; /* value bytes that follow (PUT) */
	char value[DEMO_VALUE_MAX];
} demo_kv_req_t;

#endif
