/* /etc/hosts lookups (pure_hosts.h). */
#include <string.h>
#include "uapi/errors.h"
#include "pure_hosts.h"
#include "pure_inet_addr.h"

typedef struct hosts_line {
	uint32_t addr;
	int nnames;
	char names[8][LV_HOST_NAME_MAX]; /* the first 8 names of a line */
} hosts_line_t;

static int blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* One field starting at *p (blanks skipped) before end or a '#': copied
 * into out when it fits (else out is empty); 0 when none is left. */
static int field(const char **p, const char *end, char *out, size_t size)
{
	const char *s = *p;
	while (s < end && blank(*s))
		s++;
	if (s == end || *s == '#') {
		*p = end;
		return 0;
	}
	const char *f = s;
	while (s < end && !blank(*s) && *s != '#')
		s++;
	size_t n = (size_t)(s - f);
	if (n < size) {
		memcpy(out, f, n);
		out[n] = 0;
	} else {
		out[0] = 0;
	}
	*p = s;
	return 1;
}

/* Parses the line [s, end): 1 and *l when it has an address and a name. */
static int parse_line(const char *s, const char *end, hosts_line_t *l)
{
	char word[LV_HOST_NAME_MAX];
	if (!field(&s, end, word, sizeof(word)) ||
	    lv_inet_pton4(word, &l->addr) < 0)
		return 0;
	l->nnames = 0;
	while (l->nnames < 8 &&
	       field(&s, end, l->names[l->nnames], LV_HOST_NAME_MAX))
		if (l->names[l->nnames][0])
			l->nnames++;
	return l->nnames > 0;
}

/* Calls match on each good line until it returns nonzero; that value. */
static int each_line(const char *text, size_t len,
		     int (*match)(const hosts_line_t *, void *), void *ctx)
{
	hosts_line_t l;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		int rc = parse_line(p, stop, &l) ? match(&l, ctx) : 0;
		if (rc)
			return rc;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

typedef struct by_name {
	const char *name;
	uint32_t addr;
} by_name_t;

static int name_match(const hosts_line_t *l, void *ctx)
{
	by_name_t *q = ctx;
	for (int i = 0; i < l->nnames; i++)
		if (lv_host_same(l->names[i], q->name)) {
			q->addr = l->addr;
			return 1;
		}
	return 0;
}

int lv_hosts_find(const char *text, size_t len, const char *name,
		  uint32_t *addr)
{
	by_name_t q = {name, 0};
	if (!name[0] || !each_line(text, len, name_match, &q))
		return -ERR_NOENT;
	*addr = q.addr;
	return 0;
}

typedef struct by_addr {
	uint32_t addr;
	char *buf;
	size_t size;
	int rc;
} by_addr_t;

static int addr_match(const hosts_line_t *l, void *ctx)
{
	by_addr_t *q = ctx;
	if (l->addr != q->addr)
		return 0;
	size_t n = strlen(l->names[0]);
	if (n >= q->size) {
		q->rc = -ERR_NOSPC;
		return 1;
	}
	memcpy(q->buf, l->names[0], n + 1);
	q->rc = (int)n;
	return 1;
}

int lv_hosts_name(const char *text, size_t len, uint32_t addr, char *buf,
		  size_t size)
{
	by_addr_t q = {addr, buf, size, -ERR_NOENT};
	each_line(text, len, addr_match, &q);
	return q.rc;
}

int lv_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

int lv_host_check(const char *node)
{
	size_t n = 0;
	uint32_t addr;
	while (node[n] && n < LV_HOST_NAME_MAX)
		if (!lv_host_char(node[n++]))
			return -ERR_INVAL;
	if (n == LV_HOST_NAME_MAX)
		return -ERR_NAMETOOLONG;
	if (n && lv_inet_pton4(node, &addr) == 0 && !lv_host_unicast(addr))
		return -ERR_ADDRNOTAVAIL; /* a broadcast, multicast, 0.x */
	return n ? 0 : -ERR_INVAL;
}

/* c in lower case: ASCII only, as host names are (no locale). */
static char lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

int lv_host_same(const char *a, const char *b)
{
	while (*a && lower(*a) == lower(*b))
		a++, b++;
	return lower(*a) == lower(*b);
}

int lv_host_is_self(const char *node, const char *own)
{
	uint32_t addr;
	if (lv_host_same(node, "localhost") ||
	    (own && own[0] && lv_host_same(node, own)))
		return 1;
	return lv_inet_pton4(node, &addr) == 0 && lv_host_loopback(addr);
}
