/* The SEND parts and RECV chunks of a datagram (pure_net_parts.h). */
#include "pure_net_parts.h"
#include "uapi/errors.h"

size_t net_parts_send_len(size_t total, size_t offset)
{
	size_t left = offset < total ? total - offset : 0;
	return left < LV_NET_SEND_CHUNK ? left : LV_NET_SEND_CHUNK;
}

int net_parts_send_check(size_t offset, size_t n, int status)
{
	if (status < 0)
		return status;
	return (size_t)status == offset + n ? 0 : -ERR_IO;
}

int net_parts_recv_take(net_recv_progress_t *p, const msg_net_dgram_t *d,
			size_t got, int status)
{
	uint32_t end;

	if (status < 0)
		return status;
	if (got < sizeof(*d) || got - sizeof(*d) != (size_t)status ||
	    (size_t)status > LV_NET_RECV_CHUNK)
		return -ERR_IO;
	if (p->replies > 0 && d->total != p->total)
		return -ERR_IO; /* another datagram than the one begun */
	end = d->total < p->max ? d->total : p->max;
	if (d->offset != p->offset || (uint32_t)status > end - p->offset)
		return -ERR_IO;
	if (status == 0 && p->offset < end)
		return -ERR_IO; /* no progress: it would never end */
	p->total = d->total;
	p->end = end;
	p->offset += (uint32_t)status;
	p->replies++;
	return p->offset < end ? 1 : 0;
}
