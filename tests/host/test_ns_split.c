/* name@node for lookups (libipc/pure_ns_split.c) and node names
 * (libipc/pure_hosts.c lv_host_check, lv_host_is_self): every name up to
 * 31 bytes at every node up to 63 is split whole; one byte more of either
 * is -ERR_NAMETOOLONG; the malformed forms are -ERR_INVAL; which nodes are
 * this one without asking anyone. */
#include <string.h>
#include <lavender/hosts.h>
#include <lavender/ns.h>
#include "uapi/errors.h"
#include "unit.h"

/* "NAME@NODE" of n name bytes and m node bytes (m < 0: no '@'). */
static const char *at(size_t n, int m)
{
	static char s[512];
	memset(s, 'n', n);
	s[n] = '\0';
	if (m >= 0) {
		s[n] = '@';
		memset(s + n + 1, 'b', (size_t)m);
		s[n + 1 + (size_t)m] = '\0';
	}
	return s;
}

UNIT_TEST(ns_split_full_sizes)
{
	char name[LV_NS_NAME_MAX], node[LV_NS_NODE_MAX];
	CHECK_EQ(lv_ns_split(at(31, 63), name, node), 1);
	CHECK_EQ(strlen(name), 31u);
	CHECK_EQ(strlen(node), 63u);
	CHECK_EQ(lv_ns_split(at(31, -1), name, node), 0);
	CHECK_EQ(strlen(name), 31u);
	CHECK_STR_EQ(node, "");
	CHECK_EQ(lv_ns_split("echo@beta", name, node), 1);
	CHECK_STR_EQ(name, "echo");
	CHECK_STR_EQ(node, "beta");
	CHECK_EQ(lv_ns_split("fs@10.0.0.2", name, node), 1);
	CHECK_STR_EQ(node, "10.0.0.2");
	CHECK_EQ(lv_ns_split("x@my_node-2.lan", name, node), 1);
	CHECK_STR_EQ(node, "my_node-2.lan");
}

UNIT_TEST(ns_split_refuses_too_long_and_malformed)
{
	static const char *const refused[] = {"echo@", "@beta",	  "@",
					      "a@b@c", "a@@c",	  "a@b c",
					      "a@b:c", "a@b\x01", "a@b/c"};
	char name[LV_NS_NAME_MAX] = "keep", node[LV_NS_NODE_MAX] = "keep";
	CHECK_EQ(lv_ns_split(at(32, 4), name, node), -ERR_NAMETOOLONG);
	CHECK_EQ(lv_ns_split(at(4, 64), name, node), -ERR_NAMETOOLONG);
	CHECK_EQ(lv_ns_split(at(32, -1), name, node), -ERR_NAMETOOLONG);
	CHECK_EQ(lv_ns_split(at(200, 200), name, node), -ERR_NAMETOOLONG);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		CHECK_EQ(lv_ns_split(refused[i], name, node), -ERR_INVAL);
	CHECK_STR_EQ(name, "keep"); /* nothing written on a refusal */
	CHECK_STR_EQ(node, "keep");
}

UNIT_TEST(host_check_node_names)
{
	CHECK_EQ(lv_host_check("beta"), 0);
	CHECK_EQ(lv_host_check("10.0.0.2"), 0);
	CHECK_EQ(lv_host_check(at(63, -1)), 0);
	CHECK_EQ(lv_host_check(at(64, -1)), -ERR_NAMETOOLONG);
	CHECK_EQ(lv_host_check(""), -ERR_INVAL);
	CHECK_EQ(lv_host_check("a b"), -ERR_INVAL);
	CHECK_EQ(lv_host_check("a@b"), -ERR_INVAL);
	CHECK_EQ(lv_host_check("a#b"), -ERR_INVAL);
}

/* A node that is an address must be one machine's: broadcast, multicast,
 * 0.0.0.0/8 and 240.0.0.0/4 are refused before anyone is asked, by the
 * check and so by lv_ns_split (nothing written). */
UNIT_TEST(host_check_refuses_addresses_of_no_one_node)
{
	static const char *const refused[] = {
	    "0.0.0.0",	 "0.1.2.3",	    "255.255.255.255", "224.0.0.1",
	    "224.0.0.0", "239.255.255.255", "240.0.0.1",       "254.1.2.3"};
	static const char *const fine[] = {"1.0.0.0",	      "10.0.0.255",
					   "223.255.255.255", "127.0.0.1",
					   "10.0.0.2",	      "255"};
	char name[LV_NS_NAME_MAX] = "keep", node[LV_NS_NODE_MAX] = "keep";
	char at_node[80];
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		CHECK_EQ(lv_host_check(refused[i]), -ERR_ADDRNOTAVAIL);
		strcpy(at_node, "echo@");
		strcat(at_node, refused[i]);
		CHECK_EQ(lv_ns_split(at_node, name, node), -ERR_ADDRNOTAVAIL);
	}
	CHECK_STR_EQ(name, "keep");
	CHECK_STR_EQ(node, "keep");
	/* a directed broadcast is net's to tell; "255" is a name */
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		CHECK_EQ(lv_host_check(fine[i]), 0);
}

UNIT_TEST(host_is_self_without_asking)
{
	CHECK_EQ(lv_host_is_self("localhost", "alpha"), 1);
	CHECK_EQ(lv_host_is_self("alpha", "alpha"), 1);
	CHECK_EQ(lv_host_is_self("127.0.0.1", "alpha"), 1);
	CHECK_EQ(lv_host_is_self("127.255.0.9", NULL), 1);
	CHECK_EQ(lv_host_is_self("beta", "alpha"), 0);
	CHECK_EQ(lv_host_is_self("Alpha", "alpha"), 1); /* RFC 1123 2.1 */
	CHECK_EQ(lv_host_is_self("alpha", "ALPHA"), 1);
	CHECK_EQ(lv_host_is_self("LOCALHOST", NULL), 1);
	CHECK_EQ(lv_host_is_self("alphA2", "alpha"), 0);
	CHECK_EQ(lv_host_is_self("alpha", ""), 0);
	CHECK_EQ(lv_host_is_self("", ""), 0);
	CHECK_EQ(lv_host_is_self("128.0.0.1", "alpha"), 0);
	CHECK_EQ(lv_host_is_self("10.0.0.1", "alpha"), 0); /* net's to tell */
	CHECK_EQ(lv_host_is_self("127.0.0", "alpha"), 0);  /* no address */
	CHECK_EQ(lv_host_loopback(0x7F000001u), 1);
	CHECK_EQ(lv_host_loopback(0x80000001u), 0);
}

UNIT_TEST(host_unicast_edges)
{
	CHECK_EQ(lv_host_unicast(0x00000000u), 0); /* 0.0.0.0/8 */
	CHECK_EQ(lv_host_unicast(0x00FFFFFFu), 0);
	CHECK_EQ(lv_host_unicast(0x01000000u), 1);
	CHECK_EQ(lv_host_unicast(0x0A0000FFu), 1); /* a mask tells */
	CHECK_EQ(lv_host_unicast(0x7F000001u), 1);
	CHECK_EQ(lv_host_unicast(0xDFFFFFFFu), 1); /* 223.255.255.255 */
	CHECK_EQ(lv_host_unicast(0xE0000000u), 0); /* 224.0.0.0/4 */
	CHECK_EQ(lv_host_unicast(0xEFFFFFFFu), 0);
	CHECK_EQ(lv_host_unicast(0xF0000000u), 0); /* 240.0.0.0/4 */
	CHECK_EQ(lv_host_unicast(0xFFFFFFFFu), 0);
}
