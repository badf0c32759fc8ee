/* Remote IPC datagrams (servers/net/pure_ripc_wire.c): each type encoded
 * and decoded back, the header's bytes by hand, every truncation (in heap
 * blocks of exactly that size, so AddressSanitizer sees a read past the
 * end), every field lied about with its cause, the encoder refusing what
 * the decoder would, and seeded mutations. */
#include <stdlib.h>
#include <string.h>
#include <lavender/ns.h>
#include "../../servers/net/pure_ripc_wire.h"
#include "uapi/errors.h"
#include "uapi/ipc.h"
#include "unit.h"

#define EP_A 0x1122334455667788ull
#define EP_B 0x99AABBCCDDEEFF01ull

static uint8_t payload[LV_MSG_PAYLOAD_MAX + 8];
static uint8_t dgram[RIPC_DGRAM_MAX + 8];

/* A valid header of type with a payload in `payload`. */
static lv_ripc_hdr_t valid(uint32_t type)
{
	lv_ripc_hdr_t h;
	lv_ns_entry_t e;

	ripc_hdr_init(&h, type, EP_A, EP_B);
	h.request = 0x0102030405060708ull;
	memset(&e, 0, sizeof(e));
	strcpy(e.name, "echo");
	strcpy(e.type, "server");
	e.owner = 7;
	switch (type) {
	case LV_RIPC_CALL:
		h.port = 0xDEADBEEFCAFEF00Dull;
		h.op = 0x4E540001u;
		h.caller_pid = 12;
		h.right = 0x42;
		h.right_mode = LV_RIGHT_MAKE_SEND;
		h.size = 100;
		for (int i = 0; i < 100; i++)
			payload[i] = (uint8_t)(i * 7);
		break;
	case LV_RIPC_REPLY:
		h.op = (uint32_t)-ERR_NOENT;
		h.size = 3;
		memcpy(payload, "abc", 3);
		break;
	case LV_RIPC_ERROR: h.op = (uint32_t)-ERR_DEADPORT; break;
	case LV_RIPC_LOOKUP:
	case LV_RIPC_LIST:
		h.dst_epoch = 0;
		h.size = 5;
		memcpy(payload, "echo", 5);
		break;
	case LV_RIPC_LOOKUP_REPLY:
	case LV_RIPC_LIST_REPLY:
		if (type == LV_RIPC_LOOKUP_REPLY) {
			h.right = 0x77;
			h.right_mode = LV_RIGHT_COPY_SEND;
		}
		h.size = sizeof(e);
		memcpy(payload, &e, sizeof(e));
		break;
	case LV_RIPC_DEAD:
	case LV_RIPC_RELEASE:
		h.request = 0;
		h.port = 99;
		h.op = type == LV_RIPC_RELEASE ? 2 : 0;
		break;
	}
	return h;
}

/* Decodes len bytes copied into a heap block of exactly len bytes: the
 * cause (0 when accepted). */
static int decode_exact(const uint8_t *buf, size_t len, lv_ripc_hdr_t *out)
{
	uint8_t *copy = malloc(len ? len : 1);
	const uint8_t *pl;
	int why = -1, rc;

	memcpy(copy, buf, len);
	rc = ripc_decode(copy, len, out, &pl, &why);
	if (rc == 0 && out->size && pl != copy + LV_RIPC_HDR_WIRE)
		why = 100; /* payload not where it should be */
	free(copy);
	if (rc != 0 && rc != -ERR_INVAL)
		return 200;
	return rc == 0 ? (why == -1 ? 0 : why) : why;
}

/* The cause decode gives h (written raw, its size bytes of payload
 * following: size capped at what fits). */
static int raw_cause(const lv_ripc_hdr_t *h)
{
	lv_ripc_hdr_t got;
	size_t n = h->size > LV_MSG_PAYLOAD_MAX + 8 ? 0 : h->size;

	ripc_hdr_put(dgram, h);
	memcpy(dgram + LV_RIPC_HDR_WIRE, payload, n);
	return decode_exact(dgram, LV_RIPC_HDR_WIRE + n, &got);
}

/* raw_cause, and the encoder refusing h with the same cause. */
static int cause(const lv_ripc_hdr_t *h)
{
	int why = 0, d = raw_cause(h), rc;
	uint8_t before = dgram[0] ^ 0x5A;

	dgram[0] = before;
	rc = ripc_encode(dgram, sizeof(dgram), h, payload, &why);
	if (d == RIPC_BAD_SIZE || d == RIPC_BAD_SHORT)
		return d; /* lengths: the encoder writes what size says */
	if (d == 0 ? rc <= 0 : (rc != -ERR_INVAL || why != d))
		return 300;
	if (d != 0 && dgram[0] != before)
		return 301; /* wrote something though it refused */
	return d;
}

UNIT_TEST(ripc_wire_header_bytes)
{
	lv_ripc_hdr_t h = valid(LV_RIPC_CALL);
	static const uint8_t want[LV_RIPC_HDR_WIRE] = {
	    0x4C, 0x52, 0x49, 0x50, 0,	  0,	0,    1,
	    0,	  0,	0,    1,			    /* LRIP, v1, CALL */
	    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, /* src_epoch */
	    0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x01, /* dst_epoch */
	    1,	  2,	3,    4,    5,	  6,	7,    8,    /* request */
	    0xDE, 0xAD, 0xBE, 0xEF, 0xCA, 0xFE, 0xF0, 0x0D, /* port */
	    0,	  0,	0,    0,    0,	  0,	0,    0x42, /* right */
	    0,	  0,	0,    2,			    /* MAKE_SEND */
	    0x4E, 0x54, 0,    1,			    /* op */
	    0,	  0,	0,    12,			    /* caller_pid */
	    0,	  0,	0,    100,			    /* size */
	};

	CHECK_EQ(ripc_encode(dgram, sizeof(dgram), &h, payload, NULL),
		 LV_RIPC_HDR_WIRE + 100);
	CHECK(memcmp(dgram, want, sizeof(want)) == 0);
	CHECK(memcmp(dgram + LV_RIPC_HDR_WIRE, payload, 100) == 0);
	/* A negative pid's bytes come back negative. */
	h.caller_pid = -3;
	ripc_hdr_put(dgram, &h);
	CHECK_EQ(dgram[60], 0xFF);
	ripc_hdr_get(dgram, &h);
	CHECK_EQ(h.caller_pid, -3);
}

UNIT_TEST(ripc_wire_round_trip_every_type)
{
	for (uint32_t type = LV_RIPC_CALL; type <= LV_RIPC_RELEASE; type++) {
		lv_ripc_hdr_t h = valid(type), got;
		const uint8_t *pl;
		int n = ripc_encode(dgram, sizeof(dgram), &h, payload, NULL);

		CHECK_EQ(n, (int)(LV_RIPC_HDR_WIRE + h.size));
		CHECK_EQ(ripc_decode(dgram, (size_t)n, &got, &pl, NULL), 0);
		CHECK(memcmp(&got, &h, sizeof(h)) == 0);
		if (h.size)
			CHECK(memcmp(pl, payload, h.size) == 0);
		else
			CHECK(pl == NULL);
	}
}

UNIT_TEST(ripc_wire_largest_and_empty_payloads)
{
	lv_ripc_hdr_t h = valid(LV_RIPC_CALL), got;
	const uint8_t *pl;

	h.size = LV_MSG_PAYLOAD_MAX;
	memset(payload, 0xA5, LV_MSG_PAYLOAD_MAX);
	CHECK_EQ(ripc_encode(dgram, RIPC_DGRAM_MAX, &h, payload, NULL),
		 RIPC_DGRAM_MAX);
	CHECK_EQ(decode_exact(dgram, RIPC_DGRAM_MAX, &got), 0);
	CHECK_EQ(got.size, LV_MSG_PAYLOAD_MAX);
	/* One byte short of room: refused, nothing written. */
	memset(dgram, 0, sizeof(dgram));
	CHECK_EQ(ripc_encode(dgram, RIPC_DGRAM_MAX - 1, &h, payload, NULL),
		 -ERR_MSGSIZE);
	CHECK_EQ(dgram[0], 0);
	CHECK_EQ(ripc_encode(dgram, 10, &h, payload, NULL), -ERR_MSGSIZE);
	/* An empty CALL; a LIST of everything (an empty prefix). */
	h.size = 0;
	CHECK_EQ(ripc_encode(dgram, LV_RIPC_HDR_WIRE, &h, NULL, NULL),
		 LV_RIPC_HDR_WIRE);
	CHECK_EQ(ripc_decode(dgram, LV_RIPC_HDR_WIRE, &got, &pl, NULL), 0);
	CHECK(pl == NULL);
	h = valid(LV_RIPC_LIST);
	h.size = 1;
	payload[0] = 0;
	CHECK_EQ(cause(&h), 0);
	/* LIST_REPLY: no entries, and as many as a message holds. */
	h = valid(LV_RIPC_LIST_REPLY);
	h.size = 0;
	CHECK_EQ(cause(&h), 0);
	for (unsigned i = 1; i < LV_MSG_PAYLOAD_MAX / sizeof(lv_ns_entry_t);
	     i++)
		memcpy(payload + i * sizeof(lv_ns_entry_t), payload,
		       sizeof(lv_ns_entry_t));
	h.size = (LV_MSG_PAYLOAD_MAX / sizeof(lv_ns_entry_t)) *
		 sizeof(lv_ns_entry_t);
	CHECK_EQ(cause(&h), 0);
}

UNIT_TEST(ripc_wire_every_truncation)
{
	for (uint32_t type = LV_RIPC_CALL; type <= LV_RIPC_RELEASE; type++) {
		lv_ripc_hdr_t h = valid(type), got;
		int n = ripc_encode(dgram, sizeof(dgram), &h, payload, NULL);

		CHECK(n > 0);
		for (int len = 0; len < n; len++)
			CHECK_EQ(decode_exact(dgram, (size_t)len, &got),
				 len < (int)LV_RIPC_HDR_WIRE ? RIPC_BAD_SHORT
							     : RIPC_BAD_SIZE);
		CHECK_EQ(decode_exact(dgram, (size_t)n, &got), 0);
		dgram[n] = 0; /* a byte more than size says */
		CHECK_EQ(decode_exact(dgram, (size_t)n + 1, &got),
			 RIPC_BAD_SIZE);
	}
}

UNIT_TEST(ripc_wire_header_fields_lied_about)
{
	lv_ripc_hdr_t h;

	h = valid(LV_RIPC_CALL);
	h.magic = 0x4C524951u;
	CHECK_EQ(cause(&h), RIPC_BAD_MAGIC);
	h = valid(LV_RIPC_CALL);
	h.version = 2;
	CHECK_EQ(cause(&h), RIPC_BAD_VERSION);
	h.version = 0;
	CHECK_EQ(cause(&h), RIPC_BAD_VERSION);
	static const uint32_t bad_types[] = {0, 10, 0x100, 0xFFFFFFFFu};
	for (unsigned i = 0; i < sizeof(bad_types) / sizeof(*bad_types); i++) {
		h = valid(LV_RIPC_CALL);
		h.type = bad_types[i];
		CHECK_EQ(cause(&h), RIPC_BAD_TYPE);
	}
	/* size: more or fewer bytes than follow, and absurd. */
	h = valid(LV_RIPC_CALL);
	ripc_hdr_put(dgram, &h);
	static const uint32_t lies[] = {
	    99,		 101,	      0,
	    0x7FFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu - LV_RIPC_HDR_WIRE + 1};
	for (unsigned i = 0; i < sizeof(lies) / sizeof(*lies); i++) {
		lv_ripc_hdr_t lie = h, got;
		lie.size = lies[i];
		ripc_hdr_put(dgram, &lie);
		CHECK_EQ(decode_exact(dgram, LV_RIPC_HDR_WIRE + 100, &got),
			 RIPC_BAD_SIZE);
	}
	/* A magic lie is told as such even when the length lies too. */
	h.magic = 0;
	h.size = 5000;
	CHECK_EQ(raw_cause(&h), RIPC_BAD_MAGIC);
	/* Every type but LOOKUP and LIST must know the receiver's epoch;
	 * request is 0 only where nothing is answered. */
	for (uint32_t type = LV_RIPC_CALL; type <= LV_RIPC_RELEASE; type++) {
		int lookup = type == LV_RIPC_LOOKUP || type == LV_RIPC_LIST;
		int answered = type != LV_RIPC_DEAD && type != LV_RIPC_RELEASE;
		h = valid(type);
		h.dst_epoch = 0;
		CHECK_EQ(cause(&h), lookup ? 0 : RIPC_BAD_EPOCH);
		h.src_epoch = 0;
		CHECK_EQ(cause(&h), RIPC_BAD_EPOCH);
		h = valid(type);
		h.request = 0;
		CHECK_EQ(cause(&h), answered ? RIPC_BAD_REQUEST : 0);
	}
}

UNIT_TEST(ripc_wire_sizes_over_each_limit)
{
	static const struct {
		uint32_t type, limit;
	} lim[] = {
	    {LV_RIPC_CALL, LV_MSG_PAYLOAD_MAX},
	    {LV_RIPC_REPLY, LV_MSG_PAYLOAD_MAX},
	    {LV_RIPC_LIST_REPLY, LV_MSG_PAYLOAD_MAX},
	    {LV_RIPC_LOOKUP, LV_NS_NAME_MAX},
	    {LV_RIPC_LIST, LV_NS_NAME_MAX},
	    {LV_RIPC_LOOKUP_REPLY, sizeof(lv_ns_entry_t)},
	    {LV_RIPC_ERROR, 0},
	    {LV_RIPC_DEAD, 0},
	    {LV_RIPC_RELEASE, 0},
	};
	for (unsigned i = 0; i < sizeof(lim) / sizeof(*lim); i++) {
		lv_ripc_hdr_t h = valid(lim[i].type);
		h.size = lim[i].limit + 1;
		CHECK_EQ(cause(&h), RIPC_BAD_TOOBIG);
		h.size = 0xFFFFFFFFu; /* the encoder's check: no such bytes */
		CHECK_EQ(ripc_check(&h, payload), RIPC_BAD_TOOBIG);
	}
}

UNIT_TEST(ripc_wire_call_port_and_caller)
{
	lv_ripc_hdr_t h = valid(LV_RIPC_CALL);

	h.port = 0;
	CHECK_EQ(cause(&h), RIPC_BAD_PORT);
	h = valid(LV_RIPC_CALL);
	h.caller_pid = 0; /* the kernel */
	CHECK_EQ(cause(&h), RIPC_BAD_CALLER);
	h.caller_pid = -4; /* a remote identity forwarded */
	CHECK_EQ(cause(&h), RIPC_BAD_CALLER);
	h.caller_pid = 0x7FFFFFFF;
	CHECK_EQ(cause(&h), 0);
	for (uint32_t type = LV_RIPC_DEAD; type <= LV_RIPC_RELEASE; type++) {
		h = valid(type);
		h.port = 0;
		CHECK_EQ(cause(&h), RIPC_BAD_PORT);
	}
	/* A REPLY's port and pid are not its business: carried, unjudged. */
	h = valid(LV_RIPC_REPLY);
	h.port = 0;
	h.caller_pid = -1;
	CHECK_EQ(cause(&h), 0);
}

UNIT_TEST(ripc_wire_rights_and_modes)
{
	lv_ripc_hdr_t h;

	for (uint32_t type = LV_RIPC_CALL; type <= LV_RIPC_RELEASE; type++) {
		int may = type == LV_RIPC_CALL || type == LV_RIPC_REPLY ||
			  type == LV_RIPC_LOOKUP_REPLY;
		/* A mode without a right, everywhere. */
		h = valid(type);
		h.right = 0;
		h.right_mode = LV_RIGHT_COPY_SEND;
		CHECK_EQ(cause(&h), RIPC_BAD_RIGHT);
		/* A right: only where one may travel, with a mode. */
		for (uint32_t mode = LV_RIGHT_NONE; mode <= LV_RIGHT_MOVE + 1;
		     mode++) {
			h = valid(type);
			h.right = 0x1234;
			h.right_mode = mode;
			int ok = may && mode >= LV_RIGHT_COPY_SEND &&
				 mode <= LV_RIGHT_MOVE;
			CHECK_EQ(cause(&h), ok ? 0 : RIPC_BAD_RIGHT);
		}
		h.right_mode = 0xFFFFFFFFu;
		CHECK_EQ(cause(&h), RIPC_BAD_RIGHT);
	}
}

UNIT_TEST(ripc_wire_statuses)
{
	lv_ripc_hdr_t h;
	static const int error_ok[] = {-ERR_DEADPORT, -ERR_STALE, -ERR_BUSY};
	static const int error_bad[] = {
	    0, 1, -ERR_NOENT, -ERR_TIMEDOUT, -ERR_INVAL, 0x7FFFFFFF};

	for (unsigned i = 0; i < 3; i++) {
		h = valid(LV_RIPC_ERROR);
		h.op = (uint32_t)error_ok[i];
		CHECK_EQ(cause(&h), 0);
	}
	for (unsigned i = 0; i < sizeof(error_bad) / sizeof(*error_bad); i++) {
		h = valid(LV_RIPC_ERROR);
		h.op = (uint32_t)error_bad[i];
		CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	}
	/* REPLY: the server's status, whatever it is. */
	h = valid(LV_RIPC_REPLY);
	h.op = 0x80000000u;
	CHECK_EQ(cause(&h), 0);
	/* LOOKUP_REPLY: 0 with a right and the entry, or a status alone. */
	h = valid(LV_RIPC_LOOKUP_REPLY);
	h.right = 0;
	h.right_mode = 0;
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	h = valid(LV_RIPC_LOOKUP_REPLY);
	h.size = 0;
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	h.op = (uint32_t)-ERR_NOENT; /* with a right still */
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	h.right = 0;
	h.right_mode = 0;
	CHECK_EQ(cause(&h), 0);
	h.size = sizeof(lv_ns_entry_t); /* and an entry */
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	h.size = 0;
	h.op = 1; /* positive */
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	h.op = (uint32_t)-4096; /* past the error codes */
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	h.op = (uint32_t)-4095;
	CHECK_EQ(cause(&h), 0);
	/* LIST_REPLY: a negative status has no entries. */
	h = valid(LV_RIPC_LIST_REPLY);
	h.op = (uint32_t)-ERR_BUSY;
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	h.size = 0;
	CHECK_EQ(cause(&h), 0);
	h.op = 3;
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	/* RELEASE: how many times the right came, at least once. */
	h = valid(LV_RIPC_RELEASE);
	h.op = 0;
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
	h.op = 0xFFFFFFFFu;
	CHECK_EQ(cause(&h), 0);
}

UNIT_TEST(ripc_wire_lookup_names)
{
	lv_ripc_hdr_t h;
	char name[LV_NS_NAME_MAX + 1];

	for (uint32_t type = LV_RIPC_LOOKUP; type <= LV_RIPC_LIST; type += 2) {
		h = valid(type);
		memset(name, 'n', sizeof(name));
		/* The longest name and one more. */
		name[LV_NS_NAME_MAX - 1] = 0;
		memcpy(payload, name, LV_NS_NAME_MAX);
		h.size = LV_NS_NAME_MAX;
		CHECK_EQ(cause(&h), 0);
		name[LV_NS_NAME_MAX - 1] = 'n';
		name[LV_NS_NAME_MAX] = 0;
		memcpy(payload, name, LV_NS_NAME_MAX + 1);
		h.size = LV_NS_NAME_MAX + 1;
		CHECK_EQ(cause(&h), RIPC_BAD_TOOBIG);
		/* No NUL at the end; one inside; nothing. */
		memcpy(payload, "echo!", 5);
		h.size = 5;
		CHECK_EQ(cause(&h), RIPC_BAD_NAME);
		memcpy(payload, "ec\0o", 5);
		CHECK_EQ(cause(&h), RIPC_BAD_NAME);
		h.size = 0;
		CHECK_EQ(cause(&h), RIPC_BAD_NAME);
		/* An empty name: LIST's empty prefix lists all; LOOKUP's
		 * finds nothing, so it is refused here. */
		payload[0] = 0;
		h.size = 1;
		CHECK_EQ(cause(&h), type == LV_RIPC_LIST ? 0 : RIPC_BAD_NAME);
	}
}

UNIT_TEST(ripc_wire_entries)
{
	lv_ripc_hdr_t h;
	static const size_t fields[] = {offsetof(lv_ns_entry_t, name),
					offsetof(lv_ns_entry_t, type),
					offsetof(lv_ns_entry_t, attrs)};
	static const size_t lens[] = {LV_NS_NAME_MAX, LV_NS_TYPE_MAX,
				      LV_NS_ATTR_MAX};

	for (uint32_t type = LV_RIPC_LOOKUP_REPLY; type <= LV_RIPC_LIST_REPLY;
	     type += 2) {
		for (unsigned f = 0; f < 3; f++) {
			h = valid(type);
			memset(payload + fields[f], 'x', lens[f]);
			CHECK_EQ(cause(&h), RIPC_BAD_ENTRY);
			payload[fields[f] + lens[f] - 1] = 0; /* full length */
			CHECK_EQ(cause(&h), 0);
		}
	}
	/* LIST_REPLY: part of an entry; a bad second entry. */
	h = valid(LV_RIPC_LIST_REPLY);
	h.size = sizeof(lv_ns_entry_t) - 1;
	CHECK_EQ(cause(&h), RIPC_BAD_ENTRY);
	h.size = sizeof(lv_ns_entry_t) + 1;
	CHECK_EQ(cause(&h), RIPC_BAD_ENTRY);
	memcpy(payload + sizeof(lv_ns_entry_t), payload, sizeof(lv_ns_entry_t));
	h.size = 2 * sizeof(lv_ns_entry_t);
	CHECK_EQ(cause(&h), 0);
	memset(payload + sizeof(lv_ns_entry_t), 'y', LV_NS_NAME_MAX);
	CHECK_EQ(cause(&h), RIPC_BAD_ENTRY);
	/* LOOKUP_REPLY: exactly one entry. */
	h = valid(LV_RIPC_LOOKUP_REPLY);
	h.size = sizeof(lv_ns_entry_t) - 1;
	CHECK_EQ(cause(&h), RIPC_BAD_STATUS);
}

UNIT_TEST(ripc_wire_unaligned_buffer)
{
	static uint8_t raw[RIPC_DGRAM_MAX + 3];
	lv_ripc_hdr_t h = valid(LV_RIPC_LIST_REPLY), got;
	const uint8_t *pl;
	int n = ripc_encode(raw + 1, sizeof(raw) - 1, &h, payload, NULL);

	CHECK(n > 0);
	CHECK_EQ(ripc_decode(raw + 1, (size_t)n, &got, &pl, NULL), 0);
	CHECK(pl == raw + 1 + LV_RIPC_HDR_WIRE);
}

/* A small generator for the mutations (xorshift). */
static uint32_t seed = 0x2545F491u;
static uint32_t next_rand(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	return seed;
}

UNIT_TEST(ripc_wire_seeded_mutations)
{
	int accepted = 0, refused = 0;

	for (int round = 0; round < 20000; round++) {
		uint32_t type = LV_RIPC_CALL + next_rand() % 9;
		lv_ripc_hdr_t h = valid(type), got;
		int n = ripc_encode(dgram, sizeof(dgram), &h, payload, NULL);
		int flips = 1 + (int)(next_rand() % 4), why = 0;
		const uint8_t *pl;

		CHECK(n > 0);
		for (int i = 0; i < flips; i++) {
			int at = (int)(next_rand() % (uint32_t)n);
			dgram[at] = next_rand() & 1
					? (uint8_t)next_rand()
					: (uint8_t)(dgram[at] ^
						    (1u << (next_rand() % 8)));
		}
		size_t len =
		    (size_t)n -
		    (next_rand() % 4 == 0 ? next_rand() % (uint32_t)n : 0);
		uint8_t *copy = malloc(len ? len : 1);
		memcpy(copy, dgram, len);
		int rc = ripc_decode(copy, len, &got, &pl, &why);
		if (rc == 0) {
			/* What is accepted encodes back to the same bytes. */
			static uint8_t again[RIPC_DGRAM_MAX];
			accepted++;
			CHECK_EQ(
			    ripc_encode(again, sizeof(again), &got, pl, NULL),
			    (int)len);
			CHECK(memcmp(again, copy, len) == 0);
		} else {
			refused++;
			CHECK_EQ(rc, -ERR_INVAL);
			CHECK(why >= RIPC_BAD_SHORT && why < RIPC_BAD_CAUSES);
		}
		free(copy);
	}
	CHECK(accepted > 100);
	CHECK(refused > 100);
}

UNIT_TEST(ripc_wire_cause_names)
{
	CHECK_STR_EQ(ripc_bad_name(RIPC_BAD_SHORT), "short");
	CHECK_STR_EQ(ripc_bad_name(RIPC_BAD_ENTRY), "entry");
	CHECK_STR_EQ(ripc_bad_name(0), "?");
	CHECK_STR_EQ(ripc_bad_name(RIPC_BAD_CAUSES), "?");
	CHECK_STR_EQ(ripc_bad_name(-1), "?");
	for (int i = RIPC_BAD_SHORT; i < RIPC_BAD_CAUSES; i++)
		CHECK(strcmp(ripc_bad_name(i), "?") != 0);
}
