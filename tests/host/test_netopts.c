/* The kernel command line's network options (libipc/pure_netopts.c):
 * ip=A.B.C.D/PREFIX, ip=dhcp and gw=A.B.C.D, the default prefix, the last
 * word winning, and malformed values (each reported as bad, the other
 * option still read). */
#include <string.h>
#include <lavender/netopts.h>
#include "uapi/errors.h"
#include "unit.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static lv_netopts_t o;

UNIT_TEST(netopts_static_and_gateway)
{
	CHECK_EQ(lv_netopts_parse("/boot/kernel.elf node=a ip=10.0.0.1/24 "
				  "gw=10.0.0.254",
				  &o),
		 0);
	CHECK_EQ(o.given, LV_NETOPT_IP | LV_NETOPT_GW);
	CHECK_EQ(o.bad, 0);
	CHECK_EQ(o.dhcp, 0);
	CHECK_EQ(o.addr, IP(10, 0, 0, 1));
	CHECK_EQ(o.prefix, 24);
	CHECK_EQ(o.mask, IP(255, 255, 255, 0));
	CHECK_EQ(o.gateway, IP(10, 0, 0, 254));
	CHECK_EQ(lv_netopts_parse("ip=192.168.7.9/16", &o), 0);
	CHECK_EQ(o.mask, IP(255, 255, 0, 0));
	CHECK_EQ(lv_netopts_parse("ip=172.16.0.1/32", &o), 0);
	CHECK_EQ(o.mask, 0xFFFFFFFFu);
	CHECK_EQ(lv_netopts_parse("ip=10.0.0.0/31", &o), 0); /* RFC 3021 */
	CHECK_EQ(lv_netopts_parse("ip=11.0.0.1/1", &o), 0);
	CHECK_EQ(o.mask, 0x80000000u);
}

UNIT_TEST(netopts_absent)
{
	CHECK_EQ(lv_netopts_parse("", &o), 0);
	CHECK_EQ(o.given | o.bad, 0);
	CHECK_EQ(lv_netopts_parse("node=ip gwx=1 ipx=2 vip=10.0.0.1", &o), 0);
	CHECK_EQ(o.given | o.bad, 0);
}

UNIT_TEST(netopts_dhcp)
{
	CHECK_EQ(lv_netopts_parse("ip=dhcp", &o), 0);
	CHECK_EQ(o.given, LV_NETOPT_IP);
	CHECK_EQ(o.dhcp, 1);
	CHECK_EQ(o.addr | o.mask | o.prefix, 0);
	/* a gateway with DHCP: any unicast address */
	CHECK_EQ(lv_netopts_parse("ip=dhcp gw=192.168.1.1", &o), 0);
	CHECK_EQ(o.gateway, IP(192, 168, 1, 1));
	CHECK_EQ(lv_netopts_parse("ip=dhcpx", &o), -ERR_INVAL);
	CHECK_EQ(lv_netopts_parse("ip=DHCP", &o), -ERR_INVAL);
}

/* Without /PREFIX: a /24. */
UNIT_TEST(netopts_default_prefix)
{
	CHECK_EQ(lv_netopts_parse("ip=10.0.0.7", &o), 0);
	CHECK_EQ(o.prefix, LV_NETOPT_PREFIX_DEFAULT);
	CHECK_EQ(o.mask, IP(255, 255, 255, 0));
	CHECK_EQ(lv_netopts_parse("ip=10.0.0.7/", &o), -ERR_INVAL);
}

UNIT_TEST(netopts_malformed_ip)
{
	static const char *const bad[] = {"ip=10.0.0.1/33",
					  "ip=10.0.0.1/0",
					  "ip=10.0.0/24",
					  "ip=256.1.1.1/8",
					  "ip=10.0.0.1/24x",
					  "ip=10.0.0.1x",
					  "ip=10.0.0.1/024",
					  "ip=010.0.0.1",
					  "ip=10.0.0.1.2",
					  "ip=10..0.1",
					  "ip=",
					  "ip",
					  "ip=-1.0.0.1",
					  "ip=10.0.0.1/-8",
					  "ip=1000.0.0.1",
					  "ip=0.1.2.3/8",
					  "ip=127.0.0.1/8",
					  "ip=224.0.0.1/4",
					  "ip=255.255.255.255",
					  "ip=10.0.0.0/24",
					  "ip=10.0.0.255/24",
					  "ip=10.0.0.1/244",
					  "ip=10.0.0.1/24/24"};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = lv_netopts_parse(bad[i], &o);
		if (rc != -ERR_INVAL || o.bad != LV_NETOPT_IP || o.given)
			unit_fail(__FILE__, __LINE__,
				  "%s: rc %d bad %u given %u", bad[i], rc,
				  o.bad, o.given);
	}
}

UNIT_TEST(netopts_malformed_gw)
{
	static const char *const bad[] = {
	    "gw=10.0.0",
	    "gw=10.0.0.1/24",
	    "gw=",
	    "gw",
	    "gw=0.0.0.0",
	    "gw=255.255.255.255",
	    "gw=10.0.0.254x",
	    "ip=10.0.0.1/24 gw=10.0.1.1",  /* off-net */
	    "ip=10.0.0.1/24 gw=10.0.0.1"}; /* itself */
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = lv_netopts_parse(bad[i], &o);
		if (rc != -ERR_INVAL || o.bad != LV_NETOPT_GW ||
		    (o.given & LV_NETOPT_GW))
			unit_fail(__FILE__, __LINE__,
				  "%s: rc %d bad %u given %u", bad[i], rc,
				  o.bad, o.given);
	}
	/* a good ip= is kept when gw= is bad */
	CHECK_EQ(o.given, LV_NETOPT_IP);
	CHECK_EQ(o.addr, IP(10, 0, 0, 1));
}

/* Both bad: both named; a bad ip= leaves gw= unchecked against it. */
UNIT_TEST(netopts_both_bad)
{
	CHECK_EQ(lv_netopts_parse("ip=1.2.3 gw=x", &o), -ERR_INVAL);
	CHECK_EQ(o.bad, LV_NETOPT_IP | LV_NETOPT_GW);
	CHECK_EQ(o.given, 0);
	CHECK_EQ(lv_netopts_parse("ip=1.2.3 gw=10.9.9.9", &o), -ERR_INVAL);
	CHECK_EQ(o.bad, LV_NETOPT_IP);
	CHECK_EQ(o.given, LV_NETOPT_GW);
}

/* The last word wins, as for every kernel option: a good one after a bad
 * one is good, a bad one after a good one is bad. */
UNIT_TEST(netopts_last_wins)
{
	CHECK_EQ(lv_netopts_parse("ip=10.0.0.1/24 ip=10.0.0.2/8", &o), 0);
	CHECK_EQ(o.addr, IP(10, 0, 0, 2));
	CHECK_EQ(o.prefix, 8);
	CHECK_EQ(lv_netopts_parse("ip=10.0.0.1/33 ip=dhcp", &o), 0);
	CHECK_EQ(o.dhcp, 1);
	CHECK_EQ(lv_netopts_parse("ip=dhcp ip=10.0.0.1/33", &o), -ERR_INVAL);
	CHECK_EQ(o.dhcp, 0);
	CHECK_EQ(lv_netopts_parse("gw=10.0.0.1 gw=10.0.0.2  ip=10.0.0.9", &o),
		 0);
	CHECK_EQ(o.gateway, IP(10, 0, 0, 2));
	/* a bare word does not override a value (cmdline_get's rule) */
	CHECK_EQ(lv_netopts_parse("gw=10.0.0.1 gw", &o), 0);
	CHECK_EQ(o.gateway, IP(10, 0, 0, 1));
	/* a value longer than any address is malformed, not cut */
	CHECK_EQ(
	    lv_netopts_parse("ip=10.0.0.1/24.........................", &o),
	    -ERR_INVAL);
}

/* The reason ifconfig gives for an address it refuses: one for each rule,
 * none for a good host address or a /31 or /32's ends. */
UNIT_TEST(netopts_host_why)
{
	CHECK(lv_netopts_host_why(IP(10, 0, 0, 1), 24) == NULL);
	CHECK(lv_netopts_host_why(IP(10, 0, 0, 0), 31) == NULL);
	CHECK(lv_netopts_host_why(IP(10, 0, 0, 255), 32) == NULL);
	CHECK(strstr(lv_netopts_host_why(IP(10, 0, 0, 0), 24), "own address"));
	CHECK(strstr(lv_netopts_host_why(IP(10, 0, 0, 255), 24), "broadcast"));
	CHECK(
	    strstr(lv_netopts_host_why(IP(10, 0, 255, 255), 16), "broadcast"));
	CHECK(strstr(lv_netopts_host_why(IP(127, 0, 0, 1), 8), "loopback"));
	CHECK(strstr(lv_netopts_host_why(IP(224, 1, 1, 1), 24), "multicast"));
	CHECK(strstr(lv_netopts_host_why(IP(250, 1, 1, 1), 24), "class D/E"));
	CHECK(strstr(lv_netopts_host_why(IP(0, 0, 0, 0), 24), "this network"));
	CHECK(lv_netopts_unicast_why(IP(192, 168, 1, 1)) == NULL);
}
