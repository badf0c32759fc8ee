/* A datagram across net's 4 KiB messages (libipc/pure_net_parts.c): the
 * SEND parts of every size up to 64 KiB and their status check, and RECV
 * chunks taken to completion, cut at max, and refused when a reply breaks
 * the protocol (lengths that lie, chunks too big, offsets or totals that
 * change, no progress). */
#include <string.h>
#include "../../libipc/pure_net_parts.h"
#include "uapi/errors.h"
#include "unit.h"

/* The parts a datagram of total bytes is cut into, each checked. */
static int count_parts(size_t total)
{
	size_t off = 0;
	int parts = 0;

	do {
		size_t n = net_parts_send_len(total, off);
		if (n > LV_NET_SEND_CHUNK || (n == 0 && total != 0))
			return -1;
		if (net_parts_send_check(off, n, (int)(off + n)) != 0)
			return -1;
		off += n;
		parts++;
	} while (off < total);
	return off == total ? parts : -1;
}

UNIT_TEST(net_send_parts_cover_the_datagram)
{
	size_t c = LV_NET_SEND_CHUNK;

	CHECK_EQ(c, 4096 - 24);
	CHECK_EQ(count_parts(0), 1); /* an empty datagram: one empty part */
	CHECK_EQ(count_parts(1), 1);
	CHECK_EQ(count_parts(c), 1);
	CHECK_EQ(count_parts(c + 1), 2);
	CHECK_EQ(count_parts(2 * c), 2);
	CHECK_EQ(count_parts(LV_NET_DGRAM_MAX), 17); /* 65507 / 4072 */
	CHECK_EQ(count_parts(65535), 17);
	CHECK_EQ(net_parts_send_len(100, 60), 40u);
	CHECK_EQ(net_parts_send_len(100, 100), 0u);
	CHECK_EQ(net_parts_send_len(100, 200), 0u);
}

UNIT_TEST(net_send_check_wants_the_bytes_so_far)
{
	CHECK_EQ(net_parts_send_check(0, 100, 100), 0);
	CHECK_EQ(net_parts_send_check(4072, 10, 4082), 0);
	CHECK_EQ(net_parts_send_check(4072, 10, 10), -ERR_IO);
	CHECK_EQ(net_parts_send_check(0, 100, 99), -ERR_IO);
	CHECK_EQ(net_parts_send_check(0, 100, 101), -ERR_IO);
	CHECK_EQ(net_parts_send_check(0, 0, 0), 0);
	CHECK_EQ(net_parts_send_check(0, 100, -ERR_MSGSIZE), -ERR_MSGSIZE);
	CHECK_EQ(net_parts_send_check(0, 100, -ERR_NETUNREACH),
		 -ERR_NETUNREACH);
}

/* A reply as net would build it: the header for [offset, offset + n). */
static int take(net_recv_progress_t *p, uint32_t total, uint32_t offset,
		size_t n)
{
	msg_net_dgram_t d = {.total = total, .offset = offset};
	return net_parts_recv_take(p, &d, sizeof(d) + n, (int)n);
}

/* Plays net's side for a datagram of total bytes and a caller's max:
 * the replies it takes, or -1 when the walk failed. */
static int walk(uint32_t total, uint32_t max)
{
	net_recv_progress_t p = {.max = max};
	uint32_t end = total < max ? total : max;
	int rc;

	do {
		uint32_t n = end - p.offset;
		if (n > LV_NET_RECV_CHUNK)
			n = LV_NET_RECV_CHUNK;
		rc = take(&p, total, p.offset, n);
		if (rc < 0)
			return -1;
	} while (rc == 1);
	return p.offset == end && p.total == total ? p.replies : -1;
}

UNIT_TEST(net_recv_takes_chunks_to_the_end)
{
	uint32_t c = LV_NET_RECV_CHUNK;

	CHECK_EQ(c, 4096 - 20);
	CHECK_EQ(walk(0, 100), 1);
	CHECK_EQ(walk(10, 100), 1);
	CHECK_EQ(walk(c, 65536), 1);
	CHECK_EQ(walk(c + 1, 65536), 2);
	CHECK_EQ(walk(LV_NET_DGRAM_MAX, 65536), 17);
	/* cut at max: the rest is not asked for */
	CHECK_EQ(walk(LV_NET_DGRAM_MAX, 100), 1);
	CHECK_EQ(walk(LV_NET_DGRAM_MAX, c + 1), 2);
	CHECK_EQ(walk(500, 0), 1); /* recv of 0 bytes takes the datagram */
}

UNIT_TEST(net_recv_refuses_replies_that_break_the_protocol)
{
	net_recv_progress_t p = {.max = 10000};
	msg_net_dgram_t d = {.total = 9000, .offset = 0};

	/* a length that lies: fewer or more bytes than the status */
	CHECK_EQ(net_parts_recv_take(&p, &d, sizeof(d) + 10, 11), -ERR_IO);
	CHECK_EQ(net_parts_recv_take(&p, &d, sizeof(d) + 10, 9), -ERR_IO);
	CHECK_EQ(net_parts_recv_take(&p, &d, sizeof(d) - 1, 0), -ERR_IO);
	/* a chunk bigger than a message carries, or past the end */
	CHECK_EQ(take(&p, 9000, 0, LV_NET_RECV_CHUNK + 1), -ERR_IO);
	CHECK_EQ(take(&p, 100, 0, 101), -ERR_IO);
	/* the wrong offset, and no progress */
	CHECK_EQ(take(&p, 9000, 5, 100), -ERR_IO);
	CHECK_EQ(take(&p, 9000, 0, 0), -ERR_IO);
	CHECK_EQ(p.replies, 0); /* nothing taken by a refused reply */
	CHECK_EQ(p.offset, 0u);
	/* net's own error comes through */
	CHECK_EQ(net_parts_recv_take(&p, &d, 0, -ERR_TIMEDOUT), -ERR_TIMEDOUT);
	/* a good first chunk, then a MORE reply of another datagram */
	CHECK_EQ(take(&p, 9000, 0, 4000), 1);
	CHECK_EQ(take(&p, 8000, 4000, 4000), -ERR_IO);
	CHECK_EQ(take(&p, 9000, 3999, 4000), -ERR_IO);
	CHECK_EQ(p.offset, 4000u);
	CHECK_EQ(take(&p, 9000, 4000, 4000), 1);
	CHECK_EQ(take(&p, 9000, 8000, 1001), -ERR_IO); /* past the end */
	CHECK_EQ(take(&p, 9000, 8000, 1000), 0);
	CHECK_EQ(p.offset, 9000u);
	CHECK_EQ(p.replies, 3);
}
