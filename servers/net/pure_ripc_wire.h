/* Remote IPC datagrams (lavender/ripc_proto.h) to and from bytes: the
 * header in network byte order (LV_RIPC_HDR_WIRE bytes) then the payload.
 * Pure: no I/O, no allocation; host tests in tests/host/test_ripc_wire.c.
 *
 * ripc_decode takes what arrived (hostile until checked) and accepts it
 * only if every rule below holds; ripc_encode refuses to write a datagram
 * that ripc_decode would refuse, so both ends hold each other to one set
 * of rules. Fields a type does not use (CALL's fields in a REPLY, say) are
 * carried as they are and not judged.
 *
 * The rules (the cause counted when one fails, in brackets):
 *   - at least LV_RIPC_HDR_WIRE bytes [SHORT]; magic [MAGIC]; version
 *     [VERSION]; a known type [TYPE];
 *   - size is the bytes that follow the header, exactly [SIZE], and at
 *     most the type's limit [TOOBIG]: LV_MSG_PAYLOAD_MAX for CALL, REPLY
 *     and LIST_REPLY, LV_NS_NAME_MAX for LOOKUP and LIST, sizeof
 *     (lv_ns_entry_t) for LOOKUP_REPLY, 0 for ERROR, DEAD and RELEASE;
 *   - src_epoch is never 0; dst_epoch is 0 only in a LOOKUP or LIST
 *     (the sender does not know the receiver's epoch yet) [EPOCH];
 *   - request is not 0 except in DEAD and RELEASE, which answer nothing
 *     and are not answered [REQUEST];
 *   - CALL, DEAD and RELEASE name a port (port != 0) [PORT];
 *   - CALL: caller_pid > 0 (a pid on the caller's node: not the kernel,
 *     not itself a remote identity) [CALLER];
 *   - a carried right (right != 0) only in CALL, REPLY and LOOKUP_REPLY,
 *     with right_mode LV_RIGHT_COPY_SEND, MAKE_SEND or MOVE; right_mode
 *     is LV_RIGHT_NONE whenever right is 0 [RIGHT];
 *   - ERROR: op is -ERR_DEADPORT, -ERR_STALE or -ERR_BUSY; LOOKUP_REPLY:
 *     op 0 with a right and a whole entry, or a negative status (> -4096,
 *     e.g. -ERR_NOENT) with neither; LIST_REPLY: op 0 with whole entries,
 *     or a negative status with none; RELEASE: op >= 1, the number of
 *     times the sender received the right (ripc_proxy_t.received: an
 *     exporter that carried the right again meanwhile keeps it) [STATUS];
 *   - LOOKUP: a name of 1..LV_NS_NAME_MAX-1 bytes then one NUL, none
 *     inside; LIST: a prefix (may be empty) the same way [NAME];
 *   - LOOKUP_REPLY and LIST_REPLY: payload a whole number of
 *     lv_ns_entry_t, each with its name, type and attrs NUL-terminated
 *     [ENTRY]. REPLY's op is the server's status: anything. */
#ifndef NET_PURE_RIPC_WIRE_H
#define NET_PURE_RIPC_WIRE_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/ripc_proto.h>
#include "uapi/ipc.h"

/* Why ripc_decode (or ripc_encode) refused a datagram: counted per cause
 * by net (0 is not a cause). */
enum ripc_bad {
	RIPC_BAD_SHORT = 1,
	RIPC_BAD_MAGIC = 2,
	RIPC_BAD_VERSION = 3,
	RIPC_BAD_TYPE = 4,
	RIPC_BAD_SIZE = 5,
	RIPC_BAD_TOOBIG = 6,
	RIPC_BAD_EPOCH = 7,
	RIPC_BAD_REQUEST = 8,
	RIPC_BAD_PORT = 9,
	RIPC_BAD_CALLER = 10,
	RIPC_BAD_RIGHT = 11,
	RIPC_BAD_STATUS = 12,
	RIPC_BAD_NAME = 13,
	RIPC_BAD_ENTRY = 14,
	RIPC_BAD_CAUSES = 15
};

/* The largest datagram: a header and a whole message payload. */
#define RIPC_DGRAM_MAX (LV_RIPC_HDR_WIRE + LV_MSG_PAYLOAD_MAX)

/* A header with magic, version, type and the epochs set, the rest 0. */
void ripc_hdr_init(lv_ripc_hdr_t *h, uint32_t type, uint64_t src_epoch,
		   uint64_t dst_epoch);

/* The header's fields to and from LV_RIPC_HDR_WIRE bytes, unchecked. */
void ripc_hdr_put(uint8_t *out, const lv_ripc_hdr_t *h);
void ripc_hdr_get(const uint8_t *in, lv_ripc_hdr_t *h);

/* Checks h (host order) and its h->size payload bytes against the rules
 * above, except SHORT and SIZE (the caller knows the lengths). 0, or the
 * enum ripc_bad cause. */
int ripc_check(const lv_ripc_hdr_t *h, const uint8_t *payload);

/* Decodes len bytes: 0 with *h filled (host order) and *payload pointing
 * into buf (h->size bytes; NULL when 0), or -ERR_INVAL with *why the
 * cause (why may be NULL); *h and *payload are then unspecified. */
int ripc_decode(const uint8_t *buf, size_t len, lv_ripc_hdr_t *h,
		const uint8_t **payload, int *why);

/* Writes h and its h->size payload bytes into out (cap bytes): the bytes
 * written, or -ERR_INVAL (h breaks a rule; *why its cause, why may be
 * NULL) or -ERR_MSGSIZE (cap too small); nothing is written on failure. */
int ripc_encode(uint8_t *out, size_t cap, const lv_ripc_hdr_t *h,
		const void *payload, int *why);

/* A cause's name for net's statistics ("short", "magic", ...; "?" for
 * anything else). */
const char *ripc_bad_name(int why);

#endif
