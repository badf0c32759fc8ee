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

static int io_has_net(int pid)
{
	lv_proc_info_t who;
	return pid > 0 && lv_proc_find(pid, &who) == 0 &&
	       (who.rights & LV_PRIV_NET);
}

static const char *log_name = "netdrv"; /* the driver's name (one a process) */

static void io_refused(int pid, uint16_t type, const char *entry)
{
	if (entry)
		printf(NETDRV_REFUSED_ENTRY, log_name, entry, pid,
		       (unsigned)type, netdrv_type_name(type));
	else
		printf(NETDRV_REFUSED_OPEN, log_name, pid, (unsigned)type,
		       netdrv_type_name(type));
}

static const netdrv_io_t io = {io_send, lv_handle_close, io_lookup, io_has_net,
			       io_refused};

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
	if (m->h.op != LV_OP_IRQ || d->prepared) /* prepared: not ours */
		return;
	service(d);
	lv_irq_ack(d->irq);
}

static int op_transmit(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	netdrv_table_t t = netdrv_table(d);
	if (d->prepared) { /* the hand-over's gap */
		m->h.size = 0;
		return -ERR_AGAIN;
	}
	return netdrv_transmit(&t, m, d->ops->send, d->dev);
}

static int op_open(lv_msg_t *m, void *ctx)
{
	netdrv_table_t t = netdrv_table(ctx);
	if (((lv_netdrv_t *)ctx)->prepared) {
		m->h.size = 0;
		return -ERR_AGAIN; /* re-open on the next driver */
	}
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

/* 1 when sender holds the nucleus right. */
static int has_nucleus(int sender)
{
	lv_proc_info_t who;
	return sender > 0 && lv_proc_find(sender, &who) == 0 &&
	       (who.rights & LV_PRIV_NUCLEUS);
}

/* 1 when sender may drive hardware: it holds the nucleus right (a
 * driver init started) or is a module's kernel-side process. */
static int is_driver(int sender)
{
	lv_proc_info_t who;
	return sender > 0 && lv_proc_find(sender, &who) == 0 &&
	       ((who.rights & LV_PRIV_NUCLEUS) ||
		who.placement == LV_PLACE_KERNEL);
}

/* The facts netdrv_may_stop weighs: the driver's starter (its parent: the
 * shell's drv up through init) and the sender's nucleus right. */
static int may_stop(int sender)
{
	lv_proc_info_t me;
	int self = lv_getpid();
	int parent = lv_proc_find(self, &me) == 0 ? me.parent : 0;
	return netdrv_may_stop(sender, self, parent, has_nucleus(sender));
}

static int op_prepare(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	m->h.size = 0;
	if (!may_stop(m->h.sender))
		return -ERR_PERM;
	if (!d->ops->release)
		return -ERR_NOSYS;
	if (!d->prepared) {
		int rc = d->ops->release(d->dev, &d->prep);
		if (rc < 0)
			return rc;
		d->prepared = 1;
		printf("%s: hand-over step 1: chip stopped, IRQ %u and I/O "
		       "ports 0x%x-0x%x given back\n",
		       d->name, (unsigned)d->prep.irq, (unsigned)d->prep.io,
		       (unsigned)d->prep.io + 31);
	}
	memcpy(m->payload, &d->prep, sizeof(d->prep));
	m->h.size = sizeof(d->prep);
	return 0;
}

static int op_handover(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	int sender = m->h.sender;
	m->h.size = 0;
	if (!netdrv_may_take_over(sender, lv_getpid(), is_driver(sender)))
		return -ERR_PERM;
	if (!d->prepared)
		return -ERR_AGAIN;
	if (d->heir)
		return -ERR_BUSY;
	if (m->h.right <= 0 || lv_handle_info(m->h.right) != LV_RIGHT_SEND)
		return -ERR_INVAL;
	int rc = lv_ns_handover(d->name, sender);
	if (rc < 0)
		return rc;
	d->heir = sender;
	d->next = m->h.right;
	m->h.right = 0; /* kept for MOVED */
	printf("%s: hand-over step 2: name promised to pid %d\n", d->name,
	       sender);
	return 0;
}

static int op_handed(lv_msg_t *m, void *ctx)
{
	lv_netdrv_t *d = ctx;
	m->h.size = 0;
	if (!d->heir || (int)m->h.sender != d->heir)
		return -ERR_PERM;
	netdrv_table_t t = netdrv_table(d);
	int n = netdrv_move_all(&t, d->next);
	printf("%s: hand-over step 3: name taken by pid %d, %d session%s "
	       "moved\n",
	       d->name, d->heir, n, n == 1 ? "" : "s");
	lv_handle_close(d->next);
	d->next = 0;
	d->handed = 1;
	lv_server_stop(d->server);
	return n;
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
    {LV_NETDRV_STOP, op_stop},	       {LV_NETDRV_PREPARE, op_prepare},
    {LV_NETDRV_HANDOVER, op_handover}, {LV_NETDRV_HANDED, op_handed},
};

int lv_netdrv_serve(lv_netdrv_t *d)
{
	d->stop_token = -1;
	if (d->name)
		log_name = d->name;
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

#define TAKE_OVER_TICKS 300 /* each call to the old driver */

int lv_netdrv_take_over(lv_netdrv_t *d, const char *name, const char *type,
			const char *attrs)
{
	lv_msg_t m;
	lv_ns_entry_t e;
	int old = lv_ns_lookup(name, &e);
	if (old < 0)
		return old;
	memset(&m.h, 0, sizeof(m.h));
	m.h.op = LV_NETDRV_HANDOVER;
	m.h.right = d->port;
	m.h.right_mode = LV_RIGHT_MAKE_SEND;
	int rc = lv_msg_call(old, &m.h, sizeof(m), TAKE_OVER_TICKS);
	if (rc >= 0)
		rc = (int)m.h.op;
	if (rc == 0)
		rc = lv_ns_register(name, type, attrs, d->port);
	if (rc == 0)
		rc = lv_rpc(old, LV_NETDRV_HANDED, NULL, 0, NULL, 0, NULL,
			    TAKE_OVER_TICKS);
	lv_handle_close(old);
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
