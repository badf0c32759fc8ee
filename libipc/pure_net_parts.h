/* How one datagram crosses net's messages of 4 KiB (lavender/net_proto.h):
 * the parts a SEND is cut into and the checks on the chunks a RECV brings
 * back. Pure, so the host tests drive it with replies a broken or hostile
 * server could send. Not an API: libipc/socket.c and its tests include it
 * by path. */
#ifndef LIBIPC_PURE_NET_PARTS_H
#define LIBIPC_PURE_NET_PARTS_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/net_proto.h>

/* The bytes of the SEND part that starts offset bytes into a datagram of
 * total bytes: min(total - offset, LV_NET_SEND_CHUNK). An empty datagram
 * is one part of 0 bytes; 0 also when offset >= total otherwise. */
size_t net_parts_send_len(size_t total, size_t offset);

/* A SEND part's status: net answers the bytes taken so far, so a part of
 * n bytes at offset must be answered offset + n. 0, the -ERR_* net sent,
 * or -ERR_IO for any other count. */
int net_parts_send_check(size_t offset, size_t n, int status);

/* Where a RECV stands: the caller sets max (bytes it takes in all) and
 * zeroes the rest before the first request. */
typedef struct net_recv_progress {
	uint32_t max;	 /* the request's max */
	uint32_t offset; /* bytes taken: the next chunk's place and the
			  * offset of the next LV_NET_RECV_MORE */
	uint32_t total;	 /* the datagram's bytes (the first reply's) */
	uint32_t end;	 /* min(max, total): where it is complete */
	int replies;	 /* replies taken */
} net_recv_progress_t;

/* Takes one RECV reply: got bytes in all (msg_net_dgram_t and the data),
 * status the reply's status (the data's bytes). Returns 1 when more is to
 * be asked (LV_NET_RECV_MORE from p->offset), 0 when complete, the
 * -ERR_* net sent, or -ERR_IO when the reply contradicts the protocol (a
 * length that does not match, a chunk past LV_NET_RECV_CHUNK or past end,
 * another offset or total than asked, no progress). On 0 or 1 the reply's
 * data goes to the caller's buffer at the offset p had before the call;
 * on an error p is unchanged. */
int net_parts_recv_take(net_recv_progress_t *p, const msg_net_dgram_t *d,
			size_t got, int status);

#endif
