/* The id tables of remote IPC (lavender/ripc_proto.h "Identifiers"): the
 * local ports this node makes reachable (exports: a send right held by net
 * <-> a random 64-bit port id) and the proxies of other nodes' ports
 * (node, epoch, port id <-> a proxy port net receives on). Pure: no I/O,
 * no allocation; handles are numbers here (net opens and closes them).
 * Host tests in tests/host/test_ripc_ids.c.
 *
 * Export ids come from the caller's generator (lv_random in net); a draw
 * that is 0 or the id of a live export is drawn again, up to
 * RIPC_ID_DRAWS times (a generator that keeps repeating is broken: the
 * export fails rather than hang). An id is unique among live exports; one
 * given back may in principle be drawn again later (1 in 2^64 a draw).
 *
 * Holders. A right carried in a message (RIPC_EXPORT_CARRIED) counts the
 * times it was carried; a peer's RELEASE (its proxy is gone) subtracts
 * the times that peer received it (hdr.op), and at 0 the export is
 * forgotten: a carry still in flight keeps it alive. The count is one for
 * all peers: a RELEASE from a peer that claims more than was carried
 * forgets the export (only a holder of the id can send one). An exported
 * name's id (RIPC_EXPORT_NAME) lives until it is removed (its entry or
 * port went), whatever RELEASEs say. */
#ifndef NET_PURE_RIPC_IDS_H
#define NET_PURE_RIPC_IDS_H
#include <stdint.h>
#include <lavender/ripc_proto.h>

#define RIPC_EXPORTS_MAX 256
#define RIPC_ID_DRAWS 16

enum ripc_export_kind {
	RIPC_EXPORT_NAME = 1,	 /* an exported name-server entry's port */
	RIPC_EXPORT_CARRIED = 2, /* a right carried in a CALL or REPLY */
};

typedef uint64_t (*ripc_id_gen_t)(void *arg);

typedef struct ripc_export {
	int handle;	  /* net's send right to the port; 0: free slot */
	uint32_t kind;	  /* enum ripc_export_kind */
	uint64_t id;	  /* its port id, never 0 */
	uint32_t holders; /* times carried, less the times released */
} ripc_export_t;

typedef struct ripc_exports {
	ripc_export_t e[RIPC_EXPORTS_MAX];
	ripc_id_gen_t gen;
	void *gen_arg;
} ripc_exports_t;

void ripc_exports_init(ripc_exports_t *x, ripc_id_gen_t gen, void *gen_arg);

/* Makes handle reachable as kind: 0 with *id its port id. A handle
 * already exported keeps its id; exporting it as a name makes it a name's
 * for good, carrying it counts one more holder. -ERR_INVAL (handle <= 0,
 * unknown kind), -ERR_NOSPC (RIPC_EXPORTS_MAX exports), -ERR_AGAIN (the
 * generator gave no usable id in RIPC_ID_DRAWS draws); nothing changes on
 * failure. */
int ripc_export(ripc_exports_t *x, int handle, uint32_t kind, uint64_t *id);

/* handle's port id: 0 with *id, or -ERR_NOENT. */
int ripc_export_id(const ripc_exports_t *x, int handle, uint64_t *id);

/* The export of id (0 is nobody's): its handle (> 0) with *kind if kind
 * is not NULL, or -ERR_NOENT. */
int ripc_export_handle(const ripc_exports_t *x, uint64_t id, uint32_t *kind);

/* Forgets handle's export (its port died: send DEAD for *id; or its name
 * was deleted or stopped being exported): 0 with *id, or -ERR_NOENT. */
int ripc_export_remove(ripc_exports_t *x, int handle, uint64_t *id);

/* A peer's RELEASE of id after receiving it count times: the handle (> 0)
 * when the export is forgotten now (close it), 0 when it is kept, or
 * -ERR_NOENT (no such id) or -ERR_INVAL (count 0). */
int ripc_export_release(ripc_exports_t *x, uint64_t id, uint32_t count);

int ripc_exports_count(const ripc_exports_t *x);

typedef struct ripc_proxy {
	int handle;    /* net's proxy port (receive right); 0: free */
	uint32_t node; /* the remote port: node, epoch, id */
	uint64_t epoch;
	uint64_t id;
	uint32_t received; /* times the right came here: RELEASE's op */
} ripc_proxy_t;

typedef struct ripc_proxies {
	ripc_proxy_t p[LV_RIPC_PROXIES_MAX];
} ripc_proxies_t;

void ripc_proxies_init(ripc_proxies_t *p);

/* Records handle as the proxy of (node, epoch, id), received once: 0, or
 * -ERR_INVAL (a 0 in the key, handle <= 0), -ERR_EXIST (that remote port
 * or that handle has a proxy already: reuse it), -ERR_NOSPC
 * (LV_RIPC_PROXIES_MAX proxies). Nothing changes on failure. */
int ripc_proxy_add(ripc_proxies_t *p, uint32_t node, uint64_t epoch,
		   uint64_t id, int handle);

/* The proxy of (node, epoch, id): its handle (> 0), or -ERR_NOENT. */
int ripc_proxy_find(const ripc_proxies_t *p, uint32_t node, uint64_t epoch,
		    uint64_t id);

/* The remote right came again (a LOOKUP_REPLY or a carried right for a
 * port that has a proxy): ripc_proxy_find, counting one more receipt. */
int ripc_proxy_reuse(ripc_proxies_t *p, uint32_t node, uint64_t epoch,
		     uint64_t id);

/* The proxy whose port is handle, or NULL. */
const ripc_proxy_t *ripc_proxy_by_handle(const ripc_proxies_t *p, int handle);

/* Forgets handle's proxy (no senders left: send RELEASE with
 * out->received; or the remote port died): 0 with *out (out may be NULL),
 * or -ERR_NOENT. */
int ripc_proxy_remove(ripc_proxies_t *p, int handle, ripc_proxy_t *out);

/* Forgets the proxies of node in epoch (ripc_proxies_kill) or in any
 * epoch but epoch (ripc_proxies_peer_epoch: node restarted), putting
 * their handles in handles[] (to destroy), at most max; those left over
 * go on the next call. How many. */
int ripc_proxies_kill(ripc_proxies_t *p, uint32_t node, uint64_t epoch,
		      int *handles, int max);
int ripc_proxies_peer_epoch(ripc_proxies_t *p, uint32_t node, uint64_t epoch,
			    int *handles, int max);

int ripc_proxies_count(const ripc_proxies_t *p);

#endif
