/* The kernel command line's network options (see lavender/netopts.h). No
 * libc: the kernel builds this file too (the Makefile's KERNEL_SHARED); the
 * words are found by the kernel's own kernel/lib/cmdline.c, which libipc
 * builds in as well, so both split the line alike. */
#include <lavender/netopts.h>
#include "lib/cmdline.h"
#include "uapi/errors.h"

/* Longer values than this are malformed ("255.255.255.255/32" is 18). */
#define VALUE_MAX 24

static int word_end(char c) { return c == ' ' || c == '\0'; }

/* A decimal number of 1..digits digits, no leading zero, at most max:
 * its value (*p moved past it), or -1. */
static int32_t number(const char **p, int digits, int32_t max)
{
	const char *s = *p;
	int32_t v = 0;
	int n = 0;
	while (*s >= '0' && *s <= '9' && n <= digits) {
		v = v * 10 + (*s++ - '0');
		n++;
	}
	if (n == 0 || n > digits || v > max || (n > 1 && **p == '0'))
		return -1;
	*p = s;
	return v;
}

/* A dotted quad at *p into *addr (host order), *p moved past it: 0 or
 * -ERR_INVAL. */
static int dotted_quad(const char **p, uint32_t *addr)
{
	uint32_t a = 0;
	for (int i = 0; i < 4; i++) {
		if (i > 0 && *(*p)++ != '.')
			return -ERR_INVAL;
		int32_t part = number(p, 3, 255);
		if (part < 0)
			return -ERR_INVAL;
		a = a << 8 | (uint32_t)part;
	}
	*addr = a;
	return 0;
}

/* Not 0.x.x.x (this network), 127.x.x.x (loopback), nor multicast and
 * above. */
static int unicast(uint32_t a) { return lv_netopts_unicast_why(a) == 0; }

static uint32_t prefix_mask(uint32_t prefix)
{
	return prefix ? 0xFFFFFFFFu << (32 - prefix) : 0;
}

const char *lv_netopts_unicast_why(uint32_t a)
{
	uint32_t first = a >> 24;
	if (first == 0)
		return "0.x.x.x is this network, not a host's address";
	if (first == 127)
		return "127.x.x.x is loopback";
	if (first >= 224)
		return "224.0.0.0 and up is multicast or reserved (class D/E)";
	return 0;
}

const char *lv_netopts_host_why(uint32_t addr, uint32_t prefix)
{
	uint32_t mask = prefix_mask(prefix);
	const char *why = lv_netopts_unicast_why(addr);
	if (why || prefix > 30)
		return why;
	if ((addr & ~mask) == 0)
		return "its network's own address (host bits all 0)";
	if ((addr | mask) == ~0u)
		return "its network's broadcast address (host bits all 1)";
	return 0;
}

static int parse_ip(const char *v, lv_netopts_t *o)
{
	static const char dhcp[] = "dhcp";
	int i = 0;
	while (dhcp[i] && v[i] == dhcp[i])
		i++;
	if (!dhcp[i] && word_end(v[i])) {
		o->dhcp = 1;
		return 0;
	}
	uint32_t addr;
	int32_t prefix = LV_NETOPT_PREFIX_DEFAULT;
	if (dotted_quad(&v, &addr) < 0)
		return -ERR_INVAL;
	if (*v == '/') {
		v++;
		prefix = number(&v, 2, 32);
		if (prefix < 1)
			return -ERR_INVAL;
	}
	uint32_t mask = prefix_mask((uint32_t)prefix);
	if (!word_end(*v) || lv_netopts_host_why(addr, (uint32_t)prefix))
		return -ERR_INVAL;
	o->addr = addr;
	o->prefix = (uint32_t)prefix;
	o->mask = mask;
	return 0;
}

static int parse_gw(const char *v, lv_netopts_t *o)
{
	uint32_t gw;
	if (dotted_quad(&v, &gw) < 0 || !word_end(*v) || !unicast(gw))
		return -ERR_INVAL;
	if ((o->given & LV_NETOPT_IP) && !o->dhcp &&
	    ((gw & o->mask) != (o->addr & o->mask) || gw == o->addr))
		return -ERR_INVAL; /* not a neighbour on ip='s network */
	o->gateway = gw;
	return 0;
}

/* The last key=value word's value into buf: 1, 0 when there is no key
 * word at all, -1 when the value is too long or there is only a bare key
 * (no value). */
static int value_of(const char *cmdline, const char *key, char *buf)
{
	int rc = cmdline_get(cmdline, key, buf, VALUE_MAX);
	if (rc == -ERR_NOENT)
		return cmdline_has(cmdline, key) ? -1 : 0;
	return rc < 0 ? -1 : 1;
}

int lv_netopts_parse(const char *cmdline, lv_netopts_t *out)
{
	char ip[VALUE_MAX], gw[VALUE_MAX];
	*out = (lv_netopts_t){0};
	int has_ip = value_of(cmdline, "ip", ip);
	int has_gw = value_of(cmdline, "gw", gw);
	if (has_ip > 0 && parse_ip(ip, out) == 0)
		out->given |= LV_NETOPT_IP;
	else if (has_ip)
		out->bad |= LV_NETOPT_IP;
	if (has_gw > 0 && parse_gw(gw, out) == 0)
		out->given |= LV_NETOPT_GW;
	else if (has_gw)
		out->bad |= LV_NETOPT_GW;
	return out->bad ? -ERR_INVAL : 0;
}
