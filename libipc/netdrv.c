/* The network driver loop (see lavender/netdrv.h): the driver's requests,
 * its IRQ and the name server's events about protocol servers, on the one
 * server loop; frames fanned out to sessions by EtherType. The protocol's
 * rules (sessions, statistics, STOP) are pure_netdrv_sessions.c's, shared
 * with the NE2000 module; sessions opened from name-server entries are
 * netdrv_registry.c's. */
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include <stdio.h>
#include <string.h>
#include "netdrv_impl.h"

static lv_msg_t frame; /* frames pushed to the receivers */

static int io_send(int handle, lv_msg_header_t *msg)
{
	return lv_msg_send(handle, msg, LV_NO_WAIT);
}

static int io_lookup(const char *name) { return lv_ns_lookup(name, NULL); }

static const netdrv_io_t io = {io_send, lv_handle_close, io_lookup};

netdrv_table_t netdrv_table(lv_netdrv_t *d)
{
	return (netdrv_table_t){&io, d->sessions, &d->stats};
}

/* Drains the device: every received frame goes to its sessions. */
static void service(lv_netdrv_t *d)
{
	netdrv_table_t t = netdrv_table(d);
	do {
		int n;
		while ((n = d->ops->recv(d->dev, frame.payload,
					 LV_NETDRV_FRAME_MAX)) > 0)
			netdrv_deliver(&t, &frame, n);
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
	netdrv_table_t t = netdrv_table(d);
	return netdrv_transmit(&t, m, d->ops->send, d->dev);
}

static int op_open(lv_msg_t *m, void *ctx)
{
	netdrv_table_t t = netdrv_table(ctx);
	return netdrv_open(&t, m);
}

static int op_close(lv_msg_t *m, void *ctx)
{
	netdrv_table_t t = netdrv_table(ctx);
	return netdrv_close(&t, m);
}

static int op_get_mac(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	return netdrv_get_mac(m, d->mac);
}

static int op_stats(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	netdrv_table_t t = netdrv_table(d);
	d->ops->errors(d->dev, &d->stats);
	return netdrv_get_stats(&t, m);
}

static int op_link(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	m->h.size = 0;
	return d->ops->link ? d->ops->link(d->dev) : 1;
}

/* The facts netdrv_may_stop weighs: the driver's starter (its parent: the
 * shell's drv up through init) and the sender's nucleus right. */
static int may_stop(int sender)
{
	lv_proc_info_t me, who;
	int self = lv_getpid();
	int parent = lv_proc_find(self, &me) == 0 ? me.parent : 0;
	int nucleus = sender > 0 && lv_proc_find(sender, &who) == 0 &&
		      (who.rights & LV_PRIV_NUCLEUS);
	return netdrv_may_stop(sender, self, parent, nucleus);
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
	netdrv_table_t t = netdrv_table(d);
	return netdrv_end_all(&t, 1);
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
