/* The network driver loop (see lavender/netdrv.h). */
#include <lavender/netdrv.h>
#include <lavender/syscall.h>
#include <stdio.h>
#include <string.h>

static lv_msg_t msg;   /* requests and their replies */
static lv_msg_t frame; /* frames pushed to the receiver */

/* Drains the device: every received frame goes to the receiver. */
static void service(lv_netdrv_t *d)
{
	do {
		int n;
		while ((n = d->ops->recv(d->dev, frame.payload,
					 LV_NETDRV_FRAME_MAX)) > 0) {
			d->stats.frames_in++;
			d->stats.bytes_in += (uint32_t)n;
			if (!d->receiver) {
				d->stats.dropped++;
				continue;
			}
			frame.h = (lv_msg_header_t){.op = LV_NETDRV_FRAME,
						    .size = (uint32_t)n};
			int rc = lv_msg_send(d->receiver, &frame.h, LV_NO_WAIT);
			if (rc < 0)
				d->stats.dropped++;
			if (rc == -ERR_DEADPORT) {
				lv_handle_close(d->receiver);
				d->receiver = 0;
			}
		}
	} while (d->ops->intr(d->dev) > 0);
}

static int transmit(lv_netdrv_t *d)
{
	uint32_t len = msg.h.size;
	if (len < LV_NETDRV_FRAME_MIN || len > LV_NETDRV_FRAME_MAX)
		return -ERR_INVAL;
	int rc = d->ops->send(d->dev, msg.payload, len);
	if (rc == 0) {
		d->stats.frames_out++;
		d->stats.bytes_out += len;
	}
	return rc;
}

static int set_receiver(lv_netdrv_t *d)
{
	if (d->receiver)
		lv_handle_close(d->receiver);
	d->receiver = msg.h.right > 0 ? msg.h.right : 0; /* kept */
	return 0;
}

/* Runs one request in msg; leaves the reply payload there and returns the
 * status. Only SET_RECEIVER keeps a right sent along. */
static int dispatch(lv_netdrv_t *d)
{
	if (msg.h.op != LV_NETDRV_SET_RECEIVER && msg.h.right > 0)
		lv_handle_close(msg.h.right);
	int status = -ERR_NOSYS;
	switch (msg.h.op) {
	case LV_OP_IRQ:
		if (msg.h.sender != 0) /* only the kernel raises IRQs */
			break;
		service(d);
		lv_irq_ack(d->irq);
		status = 0;
		break;
	case LV_NETDRV_TRANSMIT: status = transmit(d); break;
	case LV_NETDRV_SET_RECEIVER: status = set_receiver(d); break;
	case LV_NETDRV_CLOSE:
		msg.h.right = 0; /* no right: the session ends */
		status = set_receiver(d);
		break;
	case LV_NETDRV_LINK:
		status = d->ops->link ? d->ops->link(d->dev) : 1;
		break;
	}
	msg.h.size = 0;
	if (msg.h.op == LV_NETDRV_GET_MAC) {
		memcpy(msg.payload, d->mac, 6);
		msg.h.size = 6;
		status = 0;
	} else if (msg.h.op == LV_NETDRV_STATS) {
		d->ops->errors(d->dev, &d->stats);
		memcpy(msg.payload, &d->stats, sizeof(d->stats));
		msg.h.size = sizeof(d->stats);
		status = 0;
	}
	return status;
}

int lv_netdrv_serve(lv_netdrv_t *d)
{
	int reply = 0;
	service(d); /* what arrived before the loop */
	for (;;) {
		int rc = lv_msg_reply_receive(reply, d->port, &msg.h,
					      sizeof(msg), LV_WAIT_FOREVER);
		if (rc < 0)
			return rc;
		reply = msg.h.reply;
		if (msg.h.op == LV_NETDRV_STOP) {
			if (msg.h.right > 0)
				lv_handle_close(msg.h.right);
			d->stop_reply = reply;
			return 0;
		}
		int status = dispatch(d);
		msg.h = (lv_msg_header_t){.op = (uint32_t)status,
					  .size = msg.h.size};
	}
}

int lv_netdrv_end_sessions(lv_netdrv_t *d)
{
	if (!d->receiver)
		return 0;
	lv_msg_header_t gone = {.op = LV_NETDRV_GONE, .size = 0};
	lv_msg_send(d->receiver, &gone, LV_NO_WAIT);
	lv_handle_close(d->receiver);
	d->receiver = 0;
	return 1;
}

void lv_netdrv_reply_stop(lv_netdrv_t *d)
{
	if (!d->stop_reply)
		return;
	lv_msg_header_t done = {.op = 0, .size = 0};
	lv_msg_reply(d->stop_reply, &done);
	d->stop_reply = 0;
}

void lv_netdrv_mac_str(const uint8_t mac[6], char out[18])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 6; i++) {
		out[i * 3] = hex[mac[i] >> 4];
		out[i * 3 + 1] = hex[mac[i] & 15];
		out[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
}

uint32_t lv_netdrv_crc32(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t crc = 0xFFFFFFFFu;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int b = 0; b < 8; b++)
			crc = crc >> 1 ^ (0xEDB88320u & -(crc & 1));
	}
	return ~crc;
}

void lv_netdrv_print_frame(const char *prefix, const uint8_t *f, size_t len)
{
	char src[18];
	lv_netdrv_mac_str(f + 6, src);
	printf("%s: len=%u src=%s type=0x%04x crc32=%08lx\n", prefix,
	       (unsigned)len, src, (unsigned)(f[12] << 8 | f[13]),
	       (unsigned long)lv_netdrv_crc32(f, len));
}

uint32_t lv_netdrv_digest(uint32_t digest, const uint8_t *f, size_t len)
{
	uint32_t v[3] = {digest, (uint32_t)len, lv_netdrv_crc32(f, len)};
	return lv_netdrv_crc32(v, sizeof(v));
}
