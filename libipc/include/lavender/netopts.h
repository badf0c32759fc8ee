/* The network options of the kernel command line (docs/commands.md, "Kernel
 * options"): ip=A.B.C.D/PREFIX or ip=dhcp, and gw=A.B.C.D. The parser is
 * pure and needs no libc (libipc/pure_netopts.c): the kernel checks the
 * options at boot with it and reports a bad one, and the protocol server
 * takes its addresses from it, so both read the line alike. */
#ifndef LAVENDER_NETOPTS_H
#define LAVENDER_NETOPTS_H
#include <stdint.h>

#define LV_NETOPT_IP 0x1u /* ip= */
#define LV_NETOPT_GW 0x2u /* gw= */
/* ip=A.B.C.D without /PREFIX: a /24, the network MAC-derived addresses
 * (10.0.0.NN/24) use too. */
#define LV_NETOPT_PREFIX_DEFAULT 24

typedef struct lv_netopts {
	uint32_t given;	  /* LV_NETOPT_* present and good */
	uint32_t bad;	  /* LV_NETOPT_* present and malformed (not given) */
	uint32_t dhcp;	  /* 1: ip=dhcp (addr, mask and prefix 0) */
	uint32_t addr;	  /* ip=: host order */
	uint32_t prefix;  /* ip=: 1..32 */
	uint32_t mask;	  /* ip=: the prefix as a mask, host order */
	uint32_t gateway; /* gw=: host order */
} lv_netopts_t;

/* Reads ip= and gw= from a command line (words separated by spaces; when a
 * key comes twice the last word wins, as for every kernel option, even when
 * an earlier one was good). ip= takes "dhcp" or a dotted quad (decimal
 * parts 0-255 without leading zeros) with an optional /PREFIX (1-32); the
 * address must be a unicast host address: not 0.x.x.x, 127.x.x.x or
 * 224.0.0.0 and up, and with a prefix up to 30 not its network's first or
 * last address. gw= takes a dotted quad with the same unicast rule; with a
 * static ip= it must lie in that network and differ from the address. An
 * empty value, trailing bytes, or a bare "ip" or "gw" word where no
 * key=value word of it comes are malformed (a bare word does not override
 * a value: the kernel's cmdline_get rule).
 * Fills *out (zeroed first); returns 0, or -ERR_INVAL when out->bad names
 * an option that was malformed (the other option is still read). */
int lv_netopts_parse(const char *cmdline, lv_netopts_t *out);

/* Why a cannot be a unicast address (0.x.x.x, 127.x.x.x, 224.0.0.0 and
 * up): a phrase naming the reason, or NULL when it can. */
const char *lv_netopts_unicast_why(uint32_t a);
/* Why addr/prefix (1..32) cannot be an interface's address, the rule ip=
 * follows (and ifconfig checks before it asks net): the unicast rule, and
 * with a prefix up to 30 not its network's first or last address. A
 * phrase naming the reason, or NULL when it can. */
const char *lv_netopts_host_why(uint32_t addr, uint32_t prefix);

/* The kernel's command line (the cmdline system call) read with
 * lv_netopts_parse: 0, -ERR_INVAL as it says, or the call's error. */
int lv_netopts_read(lv_netopts_t *out);

#endif
