/* Remote IPC datagrams: the header's byte order and every rule of
 * pure_ripc_wire.h. Pure; no I/O, no allocation. */
#include <stddef.h>
#include <string.h>
#include <lavender/ns.h>
#include "uapi/errors.h"
#include "uapi/ipc.h"
#include "pure_ripc_wire.h"
#include "pure_bytes.h"

#define STATUS_MIN (-4095) /* a negative status is -1..-4095 */

_Static_assert(sizeof(lv_ns_entry_t) <= LV_MSG_PAYLOAD_MAX,
	       "a LOOKUP_REPLY fits");

void ripc_hdr_init(lv_ripc_hdr_t *h, uint32_t type, uint64_t src_epoch,
		   uint64_t dst_epoch)
{
	memset(h, 0, sizeof(*h));
	h->magic = LV_RIPC_MAGIC;
	h->version = LV_RIPC_VERSION;
	h->type = type;
	h->src_epoch = src_epoch;
	h->dst_epoch = dst_epoch;
}

/* The wire order is the struct's field order. */
void ripc_hdr_put(uint8_t *out, const lv_ripc_hdr_t *h)
{
	put32(out, h->magic);
	put32(out + 4, h->version);
	put32(out + 8, h->type);
	put64(out + 12, h->src_epoch);
	put64(out + 20, h->dst_epoch);
	put64(out + 28, h->request);
	put64(out + 36, h->port);
	put64(out + 44, h->right);
	put32(out + 52, h->right_mode);
	put32(out + 56, h->op);
	put32(out + 60, (uint32_t)h->caller_pid);
	put32(out + 64, h->size);
}

void ripc_hdr_get(const uint8_t *in, lv_ripc_hdr_t *h)
{
	memset(h, 0, sizeof(*h));
	h->magic = get32(in);
	h->version = get32(in + 4);
	h->type = get32(in + 8);
	h->src_epoch = get64(in + 12);
	h->dst_epoch = get64(in + 20);
	h->request = get64(in + 28);
	h->port = get64(in + 36);
	h->right = get64(in + 44);
	h->right_mode = get32(in + 52);
	h->op = get32(in + 56);
	h->caller_pid = (int32_t)get32(in + 60);
	h->size = get32(in + 64);
}

static uint32_t size_limit(uint32_t type)
{
	switch (type) {
	case LV_RIPC_CALL:
	case LV_RIPC_REPLY:
	case LV_RIPC_LIST_REPLY: return LV_MSG_PAYLOAD_MAX;
	case LV_RIPC_LOOKUP:
	case LV_RIPC_LIST: return LV_NS_NAME_MAX;
	case LV_RIPC_LOOKUP_REPLY: return sizeof(lv_ns_entry_t);
	default: return 0;
	}
}

static int carries_right(uint32_t type)
{
	return type == LV_RIPC_CALL || type == LV_RIPC_REPLY ||
	       type == LV_RIPC_LOOKUP_REPLY;
}

static int right_ok(const lv_ripc_hdr_t *h)
{
	if (!h->right)
		return h->right_mode == LV_RIGHT_NONE;
	return carries_right(h->type) && (h->right_mode == LV_RIGHT_COPY_SEND ||
					  h->right_mode == LV_RIGHT_MAKE_SEND ||
					  h->right_mode == LV_RIGHT_MOVE);
}

/* 1 if s (len bytes) holds one NUL, at its end. */
static int one_string(const uint8_t *s, size_t len)
{
	return len && s[len - 1] == 0 && memchr(s, 0, len) == s + len - 1;
}

/* 1 if field f of the entry at off holds a NUL. */
#define FIELD_ENDS(p, off, f)                                                  \
	(memchr((p) + (off) + offsetof(lv_ns_entry_t, f), 0,                   \
		sizeof(((lv_ns_entry_t *)0)->f)) != NULL)

/* 1 if the payload is whole entries, each one's strings terminated (read
 * by offsets: the payload need not be aligned for an lv_ns_entry_t). */
static int entries_ok(const uint8_t *p, uint32_t size)
{
	if (size % sizeof(lv_ns_entry_t))
		return 0;
	for (uint32_t off = 0; off < size; off += sizeof(lv_ns_entry_t))
		if (!FIELD_ENDS(p, off, name) || !FIELD_ENDS(p, off, type) ||
		    !FIELD_ENDS(p, off, attrs))
			return 0;
	return 1;
}

static int negative_status(uint32_t op)
{
	int32_t s = (int32_t)op;
	return s < 0 && s >= STATUS_MIN;
}

/* The type's own rules on status, payload and right; 0 or the cause. */
static int check_type(const lv_ripc_hdr_t *h, const uint8_t *payload)
{
	int32_t op = (int32_t)h->op;

	switch (h->type) {
	case LV_RIPC_CALL:
		if (!h->port)
			return RIPC_BAD_PORT;
		return h->caller_pid > 0 ? 0 : RIPC_BAD_CALLER;
	case LV_RIPC_ERROR:
		return op == -ERR_DEADPORT || op == -ERR_STALE ||
			       op == -ERR_BUSY
			   ? 0
			   : RIPC_BAD_STATUS;
	case LV_RIPC_LOOKUP:
		return h->size >= 2 && one_string(payload, h->size)
			   ? 0
			   : RIPC_BAD_NAME;
	case LV_RIPC_LIST:
		return one_string(payload, h->size) ? 0 : RIPC_BAD_NAME;
	case LV_RIPC_LOOKUP_REPLY:
		if (op == 0 && (!h->right || h->size != sizeof(lv_ns_entry_t)))
			return RIPC_BAD_STATUS;
		if (op != 0 && (!negative_status(h->op) || h->right || h->size))
			return RIPC_BAD_STATUS;
		return entries_ok(payload, h->size) ? 0 : RIPC_BAD_ENTRY;
	case LV_RIPC_LIST_REPLY:
		if (op != 0 && (!negative_status(h->op) || h->size))
			return RIPC_BAD_STATUS;
		return entries_ok(payload, h->size) ? 0 : RIPC_BAD_ENTRY;
	case LV_RIPC_DEAD: return h->port ? 0 : RIPC_BAD_PORT;
	case LV_RIPC_RELEASE:
		if (!h->port)
			return RIPC_BAD_PORT;
		return h->op >= 1 ? 0 : RIPC_BAD_STATUS;
	default: return 0; /* REPLY: any status, any payload */
	}
}

int ripc_check(const lv_ripc_hdr_t *h, const uint8_t *payload)
{
	int lookup_or_list =
	    h->type == LV_RIPC_LOOKUP || h->type == LV_RIPC_LIST;
	int answered = h->type != LV_RIPC_DEAD && h->type != LV_RIPC_RELEASE;

	if (h->magic != LV_RIPC_MAGIC)
		return RIPC_BAD_MAGIC;
	if (h->version != LV_RIPC_VERSION)
		return RIPC_BAD_VERSION;
	if (h->type < LV_RIPC_CALL || h->type > LV_RIPC_RELEASE)
		return RIPC_BAD_TYPE;
	if (h->size > size_limit(h->type))
		return RIPC_BAD_TOOBIG;
	if (!h->src_epoch || (!h->dst_epoch && !lookup_or_list))
		return RIPC_BAD_EPOCH;
	if (answered && !h->request)
		return RIPC_BAD_REQUEST;
	if (!right_ok(h))
		return RIPC_BAD_RIGHT;
	return check_type(h, payload);
}

int ripc_decode(const uint8_t *buf, size_t len, lv_ripc_hdr_t *h,
		const uint8_t **payload, int *why)
{
	int bad;

	if (len < LV_RIPC_HDR_WIRE) {
		bad = RIPC_BAD_SHORT;
		goto refuse;
	}
	ripc_hdr_get(buf, h);
	*payload = h->size ? buf + LV_RIPC_HDR_WIRE : NULL;
	/* The magic and version first: another protocol's datagram is
	 * counted as that, whatever its length. */
	bad = h->magic != LV_RIPC_MAGIC		  ? RIPC_BAD_MAGIC
	      : h->version != LV_RIPC_VERSION	  ? RIPC_BAD_VERSION
	      : h->size != len - LV_RIPC_HDR_WIRE ? RIPC_BAD_SIZE
						  : ripc_check(h, *payload);
	if (!bad)
		return 0;
refuse:
	if (why)
		*why = bad;
	return -ERR_INVAL;
}

int ripc_encode(uint8_t *out, size_t cap, const lv_ripc_hdr_t *h,
		const void *payload, int *why)
{
	int bad = ripc_check(h, payload);

	if (bad) {
		if (why)
			*why = bad;
		return -ERR_INVAL;
	}
	if (cap < LV_RIPC_HDR_WIRE || cap - LV_RIPC_HDR_WIRE < h->size)
		return -ERR_MSGSIZE;
	ripc_hdr_put(out, h);
	if (h->size)
		memcpy(out + LV_RIPC_HDR_WIRE, payload, h->size);
	return (int)(LV_RIPC_HDR_WIRE + h->size);
}

const char *ripc_bad_name(int why)
{
	static const char *const names[RIPC_BAD_CAUSES] = {
	    [RIPC_BAD_SHORT] = "short",	    [RIPC_BAD_MAGIC] = "magic",
	    [RIPC_BAD_VERSION] = "version", [RIPC_BAD_TYPE] = "type",
	    [RIPC_BAD_SIZE] = "size",	    [RIPC_BAD_TOOBIG] = "toobig",
	    [RIPC_BAD_EPOCH] = "epoch",	    [RIPC_BAD_REQUEST] = "request",
	    [RIPC_BAD_PORT] = "port",	    [RIPC_BAD_CALLER] = "caller",
	    [RIPC_BAD_RIGHT] = "right",	    [RIPC_BAD_STATUS] = "status",
	    [RIPC_BAD_NAME] = "name",	    [RIPC_BAD_ENTRY] = "entry",
	};
	return why > 0 && why < RIPC_BAD_CAUSES ? names[why] : "?";
}
