/* The network driver loop (see lavender/netdrv.h): the driver's requests,
 * its IRQ and the name server's events about protocol servers, on the one
 * server loop; frames fanned out to sessions by EtherType. Sessions opened
 * from name-server entries are in netdrv_registry.c. */
#include <lavender/netdrv.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include <stdio.h>
#include <string.h>
#include "netdrv_impl.h"

static lv_msg_t frame; /* frames pushed to the receivers */

static int wants(const lv_netdrv_session_t *ss, uint16_t type)
{
	if (!ss->ntypes)
		return 1;
	for (uint32_t i = 0; i < ss->ntypes; i++)
		if (ss->types[i] == type)
			return 1;
	return 0;
}

void netdrv_session_end(lv_netdrv_session_t *ss, int tell)
{
	if (!ss->receiver)
		return;
	if (tell) {
		lv_msg_header_t gone = {.op = LV_NETDRV_GONE, .size = 0};
		lv_msg_send(ss->receiver, &gone, LV_NO_WAIT);
	}
	lv_handle_close(ss->receiver);
	memset(ss, 0, sizeof(*ss));
}

/* Pushes the frame in `frame` (n bytes) to every session that takes its
 * EtherType; 1 if one did. A receiver whose port died ends its session. */
static int fan_out(lv_netdrv_t *d, int n)
{
	uint16_t type = (uint16_t)(frame.payload[12] << 8 | frame.payload[13]);
	int taken = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		lv_netdrv_session_t *ss = &d->sessions[k];
		if (!ss->receiver || !wants(ss, type))
			continue;
		frame.h = (lv_msg_header_t){.op = LV_NETDRV_FRAME,
					    .size = (uint32_t)n};
		int rc = lv_msg_send(ss->receiver, &frame.h, LV_NO_WAIT);
		taken |= rc == 0;
		if (rc == -ERR_DEADPORT)
			netdrv_session_end(ss, 0);
	}
	return taken;
}

/* Drains the device: every received frame goes to its sessions. */
static void service(lv_netdrv_t *d)
{
	do {
		int n;
		while ((n = d->ops->recv(d->dev, frame.payload,
					 LV_NETDRV_FRAME_MAX)) > 0) {
			d->stats.frames_in++;
			d->stats.bytes_in += (uint32_t)n;
			if (n < (int)LV_NETDRV_FRAME_MIN || !fan_out(d, n))
				d->stats.dropped++;
		}
	} while (d->ops->intr(d->dev) > 0);
}

static void on_kernel(const lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	if (m->h.op != LV_OP_IRQ)
		return;
	service(d);
	lv_irq_ack(d->irq);
}

static int op_transmit(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	uint32_t len = m->h.size;
	m->h.size = 0;
	if (len < LV_NETDRV_FRAME_MIN || len > LV_NETDRV_FRAME_MAX)
		return -ERR_INVAL;
	int rc = d->ops->send(d->dev, m->payload, len);
	if (rc == 0) {
		d->stats.frames_out++;
		d->stats.bytes_out += len;
	}
	return rc;
}

/* A free session slot, or NULL. */
lv_netdrv_session_t *netdrv_session_new(lv_netdrv_t *d)
{
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		if (!d->sessions[k].receiver)
			return &d->sessions[k];
	return NULL;
}

static int op_open(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	msg_netdrv_open_t req = {0};
	uint32_t size = m->h.size;
	m->h.size = 0;
	if (m->h.right <= 0)
		return -ERR_INVAL;
	if (size) {
		if (size != sizeof(req))
			return -ERR_INVAL;
		memcpy(&req, m->payload, sizeof(req));
		if (req.ntypes > LV_NETDRV_TYPES_MAX)
			return -ERR_INVAL;
	}
	int mine = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		mine += d->sessions[k].receiver &&
			d->sessions[k].opener == m->h.sender;
	if (mine >= LV_NETDRV_SESSIONS_PER_CLIENT)
		return -ERR_NOSPC; /* one client may not take the table */
	lv_netdrv_session_t *ss = netdrv_session_new(d);
	if (!ss)
		return -ERR_NOSPC;
	ss->receiver = m->h.right;
	m->h.right = 0; /* kept */
	ss->opener = m->h.sender;
	ss->ntypes = req.ntypes;
	memcpy(ss->types, req.types, sizeof(ss->types));
	return (int)(ss - d->sessions) + 1;
}

static int op_close(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	int ended = 0;
	if (m->h.size == sizeof(msg_netdrv_close_t)) {
		msg_netdrv_close_t req;
		memcpy(&req, m->payload, sizeof(req));
		m->h.size = 0;
		if (req.session < 1 || req.session > LV_NETDRV_SESSIONS_MAX ||
		    !d->sessions[req.session - 1].receiver)
			return -ERR_NOENT;
		if (d->sessions[req.session - 1].opener != m->h.sender)
			return -ERR_PERM;
		netdrv_session_end(&d->sessions[req.session - 1], 0);
		return 0;
	}
	m->h.size = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		lv_netdrv_session_t *ss = &d->sessions[k];
		if (ss->receiver && ss->opener == m->h.sender) {
			netdrv_session_end(ss, 0);
			ended++;
		}
	}
	return ended ? 0 : -ERR_NOENT;
}

static int op_get_mac(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	msg_netdrv_mac_t r = {0};
	memcpy(r.mac, d->mac, 6);
	memcpy(m->payload, &r, 6); /* 6 bytes: what clients ask for */
	m->h.size = 6;
	return 0;
}

static int op_stats(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	d->ops->errors(d->dev, &d->stats);
	memcpy(m->payload, &d->stats, sizeof(d->stats));
	m->h.size = sizeof(d->stats);
	return 0;
}

static int op_link(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	m->h.size = 0;
	return d->ops->link ? d->ops->link(d->dev) : 1;
}

/* Who may stop the driver: init, the process that started it (its parent:
 * the shell's drv up), itself, or a holder of the nucleus right. */
static int may_stop(int sender)
{
	lv_proc_info_t me, who;
	int self = lv_getpid();

	if (sender == 1 || sender == self)
		return 1;
	if (lv_proc_find(self, &me) == 0 && me.parent == sender)
		return 1;
	return lv_proc_find(sender, &who) == 0 &&
	       (who.rights & LV_PRIV_NUCLEUS);
}

static int op_stop(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	m->h.size = 0;
	if (!may_stop(m->h.sender))
		return -ERR_PERM;
	d->stop_token = lv_server_defer(d->server);
	lv_server_stop(d->server);
	return d->stop_token >= 0 ? LV_DEFERRED : 0;
}

static const lv_op_t driver_ops[] = {
    {LV_NETDRV_TRANSMIT, op_transmit}, {LV_NETDRV_OPEN, op_open},
    {LV_NETDRV_CLOSE, op_close},       {LV_NETDRV_GET_MAC, op_get_mac},
    {LV_NETDRV_STATS, op_stats},       {LV_NETDRV_LINK, op_link},
    {LV_NETDRV_STOP, op_stop},
};

int lv_netdrv_serve(lv_netdrv_t *d)
{
	d->stop_token = -1;
	d->server = lv_server_new();
	if (!d->server)
		return -ERR_NOMEM;
	int rc = lv_server_add(d->server, d->port, driver_ops,
			       sizeof(driver_ops) / sizeof(driver_ops[0]), d,
			       on_kernel);
	if (rc > 0)
		netdrv_registry_start(d);
	service(d); /* what arrived before the loop */
	if (rc > 0)
		rc = lv_server_run(d->server);
	return rc < 0 ? rc : 0;
}

int lv_netdrv_end_sessions(lv_netdrv_t *d)
{
	int n = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		if (d->sessions[k].receiver) {
			netdrv_session_end(&d->sessions[k], 1);
			n++;
		}
	}
	return n;
}

void lv_netdrv_reply_stop(lv_netdrv_t *d)
{
	if (d->server && d->stop_token >= 0)
		lv_server_answer(d->server, d->stop_token, 0, NULL, 0);
	d->stop_token = -1;
	if (d->server) {
		lv_server_free(d->server);
		d->server = NULL;
	}
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
