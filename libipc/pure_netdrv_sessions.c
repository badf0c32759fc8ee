/* The driver port protocol's rules for both driver kinds (see
 * pure_netdrv_sessions.h). No libc: it builds into the kernel module too,
 * so copies are the compiler's (memcpy and memset, which both sides
 * have). */
#include "pure_netdrv_sessions.h"
#include "uapi/errors.h"

#define COPY(dst, src, n) __builtin_memcpy(dst, src, n)
#define CLEAR(dst, n) __builtin_memset(dst, 0, n)

_Static_assert(sizeof(((lv_netdrv_session_t *)0)->by_ns) == LV_NS_NAME_MAX,
	       "a session keeps a whole name-server name");

uint16_t netdrv_ethertype(const uint8_t *frame)
{
	return (uint16_t)(frame[12] << 8 | frame[13]);
}

int netdrv_reserved(uint16_t type)
{
	return type == LV_NETDRV_TYPE_IPV4 || type == LV_NETDRV_TYPE_ARP ||
	       type == LV_NETDRV_TYPE_IPV6;
}

const char *netdrv_type_name(uint16_t type)
{
	switch (type) {
	case LV_NETDRV_TYPE_IPV4: return "IPv4";
	case LV_NETDRV_TYPE_ARP: return "ARP";
	case LV_NETDRV_TYPE_IPV6: return "IPv6";
	}
	return "raw";
}

uint16_t netdrv_forbidden(const netdrv_table_t *t, int pid,
			  const uint16_t *types, uint32_t n)
{
	for (uint32_t i = 0; i < n && i < LV_NETDRV_TYPES_MAX; i++)
		if (netdrv_reserved(types[i]) && !t->io->has_net(pid))
			return types[i];
	return 0;
}

int netdrv_wants(const lv_netdrv_session_t *ss, uint16_t type)
{
	if (!ss->ntypes)
		return !(ss->unreserved && netdrv_reserved(type));
	for (uint32_t i = 0; i < ss->ntypes && i < LV_NETDRV_TYPES_MAX; i++)
		if (ss->types[i] == type)
			return 1;
	return 0;
}

void netdrv_end(const netdrv_table_t *t, lv_netdrv_session_t *ss, int tell)
{
	if (!ss->receiver)
		return;
	if (tell) {
		lv_msg_header_t gone = {.op = LV_NETDRV_GONE, .size = 0};
		t->io->send(ss->receiver, &gone);
	}
	t->io->close(ss->receiver);
	CLEAR(ss, sizeof(*ss));
}

int netdrv_end_all(const netdrv_table_t *t, int tell)
{
	int n = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		if (t->sessions[k].receiver) {
			netdrv_end(t, &t->sessions[k], tell);
			n++;
		}
	}
	return n;
}

int netdrv_move_all(const netdrv_table_t *t, int next)
{
	int n = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		lv_netdrv_session_t *ss = &t->sessions[k];
		if (!ss->receiver)
			continue;
		if (ss->opener) {
			lv_msg_header_t moved = {.op = LV_NETDRV_MOVED,
						 .right = next,
						 .right_mode =
						     LV_RIGHT_COPY_SEND};
			n += t->io->send(ss->receiver, &moved) == 0;
		}
		netdrv_end(t, ss, 0);
	}
	return n;
}

int netdrv_users(const netdrv_table_t *t, int pids[LV_NETDRV_SESSIONS_MAX])
{
	int n = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		if (t->sessions[k].receiver)
			pids[n++] = t->sessions[k].pid;
	return n;
}

int netdrv_may_take_over(int sender, int self, int privileged)
{
	return sender > 0 && sender != self && privileged;
}

/* Pushes the frame to every session that takes its type; 1 if one did. */
static int fan_out(const netdrv_table_t *t, lv_msg_t *frame, int n)
{
	uint16_t type = netdrv_ethertype(frame->payload);
	int taken = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		lv_netdrv_session_t *ss = &t->sessions[k];
		if (!ss->receiver || !netdrv_wants(ss, type))
			continue;
		frame->h = (lv_msg_header_t){.op = LV_NETDRV_FRAME,
					     .size = (uint32_t)n};
		int rc = t->io->send(ss->receiver, &frame->h);
		taken |= rc == 0;
		if (rc == -ERR_DEADPORT)
			netdrv_end(t, ss, 0);
	}
	return taken;
}

void netdrv_deliver(const netdrv_table_t *t, lv_msg_t *frame, int n)
{
	t->stats->frames_in++;
	t->stats->bytes_in += (uint32_t)n;
	if (n < (int)LV_NETDRV_FRAME_MIN || n > (int)LV_NETDRV_FRAME_MAX ||
	    !fan_out(t, frame, n))
		t->stats->dropped++;
}

int netdrv_open(const netdrv_table_t *t, lv_msg_t *m)
{
	msg_netdrv_open_t req = {0};
	uint32_t size = m->h.size;
	m->h.size = 0;
	if (m->h.right <= 0)
		return -ERR_INVAL;
	if (size) {
		if (size != sizeof(req))
			return -ERR_INVAL;
		COPY(&req, m->payload, sizeof(req));
		if (req.ntypes > LV_NETDRV_TYPES_MAX)
			return -ERR_INVAL;
	}
	uint16_t no = netdrv_forbidden(t, m->h.sender, req.types, req.ntypes);
	if (no) {
		t->io->refused(m->h.sender, no, NULL);
		return -ERR_PERM;
	}
	int mine = 0;
	lv_netdrv_session_t *ss = NULL;
	for (int k = LV_NETDRV_SESSIONS_MAX - 1; k >= 0; k--) {
		lv_netdrv_session_t *s = &t->sessions[k];
		mine += s->receiver && s->opener == m->h.sender;
		ss = s->receiver ? ss : s; /* the first free one */
	}
	if (mine >= LV_NETDRV_SESSIONS_PER_CLIENT || !ss)
		return -ERR_NOSPC; /* one client may not take the table */
	CLEAR(ss, sizeof(*ss));
	ss->receiver = m->h.right;
	m->h.right = 0; /* kept */
	ss->opener = m->h.sender;
	ss->pid = m->h.sender;
	ss->ntypes = req.ntypes;
	COPY(ss->types, req.types, sizeof(ss->types));
	ss->unreserved = !req.ntypes && !t->io->has_net(m->h.sender);
	return (int)(ss - t->sessions) + 1;
}

int netdrv_close(const netdrv_table_t *t, lv_msg_t *m)
{
	uint32_t size = m->h.size;
	m->h.size = 0;
	if (size == sizeof(msg_netdrv_close_t)) {
		msg_netdrv_close_t req;
		COPY(&req, m->payload, sizeof(req));
		if (req.session < 1 || req.session > LV_NETDRV_SESSIONS_MAX ||
		    !t->sessions[req.session - 1].receiver)
			return -ERR_NOENT;
		if (t->sessions[req.session - 1].opener != m->h.sender)
			return -ERR_PERM;
		netdrv_end(t, &t->sessions[req.session - 1], 0);
		return 0;
	}
	if (size)
		return -ERR_INVAL;
	int ended = 0;
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++) {
		lv_netdrv_session_t *ss = &t->sessions[k];
		if (ss->receiver && ss->opener == m->h.sender) {
			netdrv_end(t, ss, 0);
			ended++;
		}
	}
	return ended ? 0 : -ERR_NOENT;
}

int netdrv_transmit(const netdrv_table_t *t, lv_msg_t *m,
		    int (*send)(void *dev, const void *frame, size_t len),
		    void *dev)
{
	uint32_t len = m->h.size;
	m->h.size = 0;
	if (len < LV_NETDRV_FRAME_MIN || len > LV_NETDRV_FRAME_MAX)
		return -ERR_INVAL;
	int rc = send(dev, m->payload, len);
	if (rc == 0) {
		t->stats->frames_out++;
		t->stats->bytes_out += len;
	}
	return rc;
}

int netdrv_get_mac(lv_msg_t *m, const uint8_t mac[6])
{
	COPY(m->payload, mac, 6); /* 6 bytes: what clients ask for */
	m->h.size = 6;
	return 0;
}

int netdrv_get_stats(const netdrv_table_t *t, lv_msg_t *m)
{
	COPY(m->payload, t->stats, sizeof(*t->stats));
	m->h.size = sizeof(*t->stats);
	return 0;
}

int netdrv_may_stop(int sender, int self, int starter, int privileged)
{
	if (sender <= 0)
		return 0;
	return sender == 1 || sender == self ||
	       (starter > 0 && sender == starter) || privileged;
}

static int hex_value(char c)
{
	static const char digits[] = "0123456789abcdef";
	if (c >= 'A' && c <= 'F')
		c = (char)(c - 'A' + 'a');
	for (int i = 0; i < 16; i++)
		if (digits[i] == c)
			return i;
	return -1;
}

/* The value of "types=" in attrs (at the start or after a space), or
 * NULL. */
static const char *types_word(const char *attrs)
{
	static const char key[] = "types=";
	for (const char *p = attrs; *p; p++) {
		if (p != attrs && p[-1] != ' ')
			continue;
		size_t i = 0;
		while (key[i] && p[i] == key[i])
			i++;
		if (!key[i])
			return p + i;
	}
	return NULL;
}

int netdrv_parse_types(const char *attrs, uint16_t *types, uint32_t *n)
{
	const char *p = types_word(attrs);
	*n = 0;
	if (!p)
		return -ERR_INVAL;
	while (*p && *p != ' ') {
		uint32_t v = 0;
		int digits = 0, d;
		while ((d = hex_value(*p)) >= 0) {
			v = v << 4 | (uint32_t)d;
			if (++digits > 4)
				return -ERR_INVAL;
			p++;
		}
		if (!digits || *n == LV_NETDRV_TYPES_MAX)
			return -ERR_INVAL;
		types[(*n)++] = (uint16_t)v;
		if (*p == ',' && p[1] && p[1] != ' ')
			p++;
		else if (*p && *p != ' ')
			return -ERR_INVAL;
	}
	return *n ? 0 : -ERR_INVAL;
}

static int same_name(const char *a, const char *b, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (a[i] != b[i])
			return 0;
		if (!a[i])
			return 1;
	}
	return 1;
}

static lv_netdrv_session_t *by_name(const netdrv_table_t *t, const char *name)
{
	for (int k = 0; k < LV_NETDRV_SESSIONS_MAX; k++)
		if (t->sessions[k].receiver && t->sessions[k].by_ns[0] &&
		    same_name(t->sessions[k].by_ns, name,
			      sizeof(t->sessions[k].by_ns)))
			return &t->sessions[k];
	return NULL;
}

int netdrv_ns_entry(const netdrv_table_t *t, const lv_ns_entry_t *e)
{
	uint16_t types[LV_NETDRV_TYPES_MAX] = {0};
	uint32_t n;
	char name[sizeof(e->name)];
	COPY(name, e->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	if (!name[0])
		return 0;
	lv_netdrv_session_t *ss = by_name(t, name);
	char attrs[sizeof(e->attrs)];
	COPY(attrs, e->attrs, sizeof(attrs));
	attrs[sizeof(attrs) - 1] = '\0';
	int rc = netdrv_parse_types(attrs, types, &n);
	uint16_t no = rc < 0 ? 0 : netdrv_forbidden(t, e->owner, types, n);
	if (no)
		t->io->refused(e->owner, no, name);
	if (rc < 0 || no) {
		if (ss) /* no usable types any more, or not its to take */
			netdrv_end(t, ss, 1);
		return 0;
	}
	if (!ss) {
		for (int k = 0; k < LV_NETDRV_SESSIONS_MAX && !ss; k++)
			ss = t->sessions[k].receiver ? NULL : &t->sessions[k];
		if (!ss)
			return -ERR_NOSPC;
		int h = t->io->lookup(name);
		if (h < 0)
			return h;
		if (ss->receiver) { /* the lookup let another take it */
			t->io->close(h);
			return -ERR_AGAIN;
		}
		CLEAR(ss, sizeof(*ss));
		ss->receiver = h;
		COPY(ss->by_ns, name, sizeof(name));
	}
	ss->pid = e->owner;
	ss->ntypes = n;
	COPY(ss->types, types, sizeof(types));
	return (int)(ss - t->sessions) + 1;
}

int netdrv_ns_event(const netdrv_table_t *t, const lv_msg_t *m)
{
	lv_ns_entry_t e;
	if (m->h.size != sizeof(e))
		return 0;
	COPY(&e, m->payload, sizeof(e));
	switch (m->h.op) {
	case LV_NS_EVENT_REGISTER:
	case LV_NS_EVENT_MODIFY: return netdrv_ns_entry(t, &e);
	case LV_NS_EVENT_DELETE: {
		e.name[sizeof(e.name) - 1] = '\0';
		lv_netdrv_session_t *ss = by_name(t, e.name);
		if (ss)
			netdrv_end(t, ss, 0);
		return 0;
	}
	}
	return 0;
}
