/* The socket table: ids, owners, bind and connect rules, options, errors,
 * the list (pure_socktab.h). The queues, the demultiplexing and the send
 * assembly are in pure_socktab_queue.c. */
#include <stdlib.h>
#include <string.h>
#include "pure_socktab.h"
#include "pure_wire.h"
#include "uapi/errors.h"

void socktab_init(socktab_t *t, int (*is_local)(uint32_t),
		  int (*is_broadcast)(uint32_t))
{
	memset(t, 0, sizeof(*t));
	t->next_id = 1;
	t->eph_lo = LV_NET_EPHEMERAL_LO;
	t->eph_hi = LV_NET_EPHEMERAL_HI;
	t->eph_next = LV_NET_EPHEMERAL_LO;
	t->is_local = is_local;
	t->is_broadcast = is_broadcast;
}

static int id_in_use(const socktab_t *t, uint32_t id)
{
	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++)
		if (t->s[i].id == id)
			return 1;
	return 0;
}

/* The next id not in use (there are far more ids than sockets). */
static uint32_t next_id(socktab_t *t)
{
	uint32_t id;

	do {
		id = t->next_id;
		t->next_id = id + 1 >= SOCKTAB_ID_LIMIT ? 1 : id + 1;
	} while (id_in_use(t, id));
	return id;
}

int socktab_count(const socktab_t *t, int32_t pid)
{
	int n = 0;

	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++)
		if (t->s[i].id && t->s[i].pid == pid)
			n++;
	return n;
}

int socktab_open(socktab_t *t, int32_t pid, uint32_t kind)
{
	socktab_sock_t *free_slot = NULL;

	if (kind != LV_NET_SOCK_UDP && kind != LV_NET_SOCK_PING)
		return -ERR_PROTONOSUPPORT;
	if (socktab_count(t, pid) >= LV_NET_SOCKETS_PER_CLIENT)
		return -ERR_MFILE;
	for (int i = 0; i < LV_NET_SOCKETS_MAX && !free_slot; i++)
		if (!t->s[i].id)
			free_slot = &t->s[i];
	if (!free_slot)
		return -ERR_NOSPC;
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->id = next_id(t);
	free_slot->pid = pid;
	free_slot->kind = kind;
	return (int)free_slot->id;
}

socktab_sock_t *socktab_get(socktab_t *t, int32_t pid, uint32_t id)
{
	if (id == 0)
		return NULL;
	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++)
		if (t->s[i].id == id)
			return t->s[i].pid == pid ? &t->s[i] : NULL;
	return NULL;
}

void socktab_close(socktab_sock_t *s)
{
	socktab_dgram_t *d = s->head;

	while (d) {
		socktab_dgram_t *next = d->next;
		free(d);
		d = next;
	}
	socktab_send_done(s);
	memset(s, 0, sizeof(*s));
}

int socktab_free_pid(socktab_t *t, int32_t pid)
{
	int n = 0;

	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++)
		if (t->s[i].id && t->s[i].pid == pid) {
			socktab_close(&t->s[i]);
			n++;
		}
	return n;
}

/* Whether binding kind to addr:port would clash with another socket
 * (except `self`). Ping identifiers clash whatever the address. */
static int port_taken(const socktab_t *t, const socktab_sock_t *self,
		      uint32_t kind, uint32_t addr, uint16_t port)
{
	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++) {
		const socktab_sock_t *o = &t->s[i];
		if (!o->id || o == self || o->kind != kind ||
		    o->local.port != port)
			continue;
		if (kind == LV_NET_SOCK_PING || !addr || !o->local.addr ||
		    o->local.addr == addr)
			return 1;
	}
	return 0;
}

/* A free ephemeral port for kind at addr, or 0 when all are taken. */
static uint16_t ephemeral(socktab_t *t, const socktab_sock_t *self,
			  uint32_t kind, uint32_t addr)
{
	uint32_t span = (uint32_t)t->eph_hi - t->eph_lo + 1;
	uint32_t port = t->eph_next;

	for (uint32_t n = 0; n < span; n++) {
		if (port < t->eph_lo || port > t->eph_hi)
			port = t->eph_lo;
		if (!port_taken(t, self, kind, addr, (uint16_t)port)) {
			t->eph_next = (uint16_t)(port == t->eph_hi ? t->eph_lo
								   : port + 1);
			return (uint16_t)port;
		}
		port++;
	}
	return 0;
}

int socktab_bind(socktab_t *t, socktab_sock_t *s, uint32_t addr, uint16_t port,
		 int privileged)
{
	if (s->local.port)
		return -ERR_INVAL;
	if (addr && !t->is_local(addr))
		return -ERR_ADDRNOTAVAIL;
	if (port && port < LV_NET_PORT_RESERVED && !privileged &&
	    s->kind == LV_NET_SOCK_UDP)
		return -ERR_ACCES;
	if (!port)
		port = ephemeral(t, s, s->kind, addr);
	else if (port_taken(t, s, s->kind, addr, port))
		return -ERR_ADDRINUSE;
	if (!port)
		return -ERR_ADDRINUSE;
	s->local.addr = addr;
	s->local.port = port;
	s->addr_bound = addr != 0;
	return 0;
}

int socktab_connect(socktab_t *t, socktab_sock_t *s, uint32_t addr,
		    uint16_t port, uint32_t src)
{
	int rc;

	if (!addr && !port) {
		s->peer.addr = 0;
		s->peer.port = 0;
		if (!s->addr_bound)
			s->local.addr = 0;
		return 0;
	}
	if (!addr || (s->kind == LV_NET_SOCK_UDP && !port))
		return -ERR_INVAL;
	if (s->kind == LV_NET_SOCK_PING)
		port = 0;
	if (t->is_broadcast(addr) && !s->broadcast)
		return -ERR_ACCES;
	if (!s->local.port) {
		rc = socktab_bind(t, s, 0, 0, 0);
		if (rc < 0)
			return rc;
	}
	if (!s->addr_bound)
		s->local.addr = src;
	s->peer.addr = addr;
	s->peer.port = port;
	return 0;
}

int socktab_setopt(socktab_sock_t *s, uint32_t opt, uint32_t value)
{
	if (opt != LV_NET_OPT_BROADCAST)
		return -ERR_NOSYS;
	if (value > 1)
		return -ERR_INVAL;
	s->broadcast = (int)value;
	return 0;
}

int socktab_take_error(socktab_sock_t *s)
{
	int err = s->error;

	s->error = 0;
	return err;
}

int socktab_icmp_errno(uint8_t type, uint8_t code)
{
	if (type != ICMP_DEST_UNREACH)
		return 0;
	if (code == ICMP_UNREACH_PORT)
		return -ERR_CONNREFUSED;
	if (code == ICMP_UNREACH_NET)
		return -ERR_NETUNREACH;
	return -ERR_HOSTUNREACH;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

uint32_t socktab_icmp_error(socktab_t *t, const uint8_t *quoted, size_t len,
			    int err)
{
	size_t hlen;
	uint32_t src, dst;
	uint16_t sport, dport;

	if (len < IPV4_HLEN || quoted[0] >> 4 != 4)
		return 0;
	hlen = (size_t)(quoted[0] & 0xF) * 4;
	if (hlen < IPV4_HLEN || len < hlen + 8 || quoted[9] != IP_PROTO_UDP)
		return 0;
	src = be32(quoted + 12);
	dst = be32(quoted + 16);
	sport = be16(quoted + hlen);
	dport = be16(quoted + hlen + 2);
	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++) {
		socktab_sock_t *s = &t->s[i];
		if (s->id && s->kind == LV_NET_SOCK_UDP &&
		    s->local.port == sport && s->peer.addr == dst &&
		    s->peer.port == dport &&
		    (!s->local.addr || s->local.addr == src)) {
			s->error = err;
			return s->id;
		}
	}
	return 0;
}

int socktab_addr_gone(socktab_t *t, uint32_t addr)
{
	int n = 0;

	if (!addr)
		return 0;
	for (int i = 0; i < LV_NET_SOCKETS_MAX; i++) {
		socktab_sock_t *s = &t->s[i];
		if (s->id && s->local.addr == addr) {
			s->error = -ERR_NETDOWN;
			s->local.addr = 0;
			s->addr_bound = 0;
			n++;
		}
	}
	return n;
}

int socktab_list(const socktab_t *t, lv_net_sockinfo_t *out, size_t max)
{
	size_t n = 0;

	for (int i = 0; i < LV_NET_SOCKETS_MAX && n < max; i++) {
		const socktab_sock_t *s = &t->s[i];
		if (!s->id)
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		out[n].sock = s->id;
		out[n].kind = s->kind;
		out[n].pid = (uint32_t)s->pid;
		out[n].local = s->local;
		out[n].peer = s->peer;
		out[n].queued = s->queued;
		out[n].queued_bytes = s->queued_bytes;
		out[n].dropped = s->dropped;
		n++;
	}
	return (int)n;
}
