/* /etc/hosts lookups (libipc/pure_hosts.c): names and aliases, comments,
 * tabs and CR, lines that are not IPv4 or have no name, names too long, a
 * file without a final newline, and the reverse lookup's buffer sizes. */
#include <string.h>
#include "../../libipc/pure_hosts.h"
#include "uapi/errors.h"
#include "unit.h"

static const char hosts[] =
    "# a comment line\n"
    "127.0.0.1\tlocalhost\n"
    "\n"
    "   \n"
    "::1 ip6-localhost\n"
    "10.0.0.1 alpha a # alpha's alias, then a comment\n"
    "10.0.0.2\tbeta\r\n"
    "10.0.0.300 bogus\n"
    "10.0.0.9\n"
    "10.0.0.3 beta\n"
    "10.0.0.4 "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    " gamma\n"
    "10.0.0.5 last";

static int find(const char *name, uint32_t *a)
{
	return lv_hosts_find(hosts, strlen(hosts), name, a);
}

UNIT_TEST(hosts_find_names_aliases_first_line_wins)
{
	uint32_t a = 0;
	CHECK_EQ(find("localhost", &a), 0);
	CHECK_EQ(a, 0x7F000001u);
	CHECK_EQ(find("alpha", &a), 0);
	CHECK_EQ(a, 0x0A000001u);
	CHECK_EQ(find("a", &a), 0);
	CHECK_EQ(a, 0x0A000001u);
	CHECK_EQ(find("beta", &a), 0); /* CR stripped; .3 comes later */
	CHECK_EQ(a, 0x0A000002u);
	CHECK_EQ(find("gamma", &a), 0); /* after a name too long */
	CHECK_EQ(a, 0x0A000004u);
	CHECK_EQ(find("last", &a), 0); /* no final newline */
	CHECK_EQ(a, 0x0A000005u);
}

/* Host names are case-insensitive (RFC 952, RFC 1123 2.1): either side's
 * case does not matter; ASCII letters only fold. */
UNIT_TEST(hosts_find_ignores_case)
{
	static const struct {
		const char *name;
		uint32_t addr;
	} found[] = {{"BETA", 0x0A000002u},
		     {"Alpha", 0x0A000001u},
		     {"LocalHost", 0x7F000001u}};
	uint32_t a = 0;
	for (size_t i = 0; i < sizeof(found) / sizeof(found[0]); i++) {
		a = 0;
		CHECK_EQ(find(found[i].name, &a), 0);
		CHECK_EQ(a, found[i].addr);
	}
	CHECK_EQ(lv_hosts_find("10.0.0.7 MixedCase\n", 19, "mixedcase", &a), 0);
	CHECK_EQ(a, 0x0A000007u);
	CHECK_EQ(find("betb", &a), -ERR_NOENT);
	CHECK_EQ(find("bet", &a), -ERR_NOENT);
	CHECK_EQ(find("betaa", &a), -ERR_NOENT);
	CHECK_EQ(lv_host_same("beta", "BETA"), 1);
	CHECK_EQ(lv_host_same("a-1.B_c", "A-1.b_C"), 1);
	CHECK_EQ(lv_host_same("", ""), 1);
	CHECK_EQ(lv_host_same("beta", "beta2"), 0);
	CHECK_EQ(lv_host_same("beta2", "beta"), 0);
	CHECK_EQ(lv_host_same("a@", "a`"), 0); /* '@' and '`' are no letters */
	CHECK_EQ(lv_host_same("[", "{"), 0);
}

UNIT_TEST(hosts_find_refuses_what_is_not_there)
{
	uint32_t a = 0xDEADBEEFu;
	CHECK_EQ(find("ip6-localhost", &a), -ERR_NOENT);
	CHECK_EQ(find("bogus", &a), -ERR_NOENT);
	CHECK_EQ(find("comment", &a), -ERR_NOENT);
	CHECK_EQ(find("#", &a), -ERR_NOENT);
	CHECK_EQ(find("", &a), -ERR_NOENT);
	CHECK_EQ(
	    find("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaaaaaaaaaaaaa",
		 &a),
	    -ERR_NOENT);
	CHECK_EQ(a, 0xDEADBEEFu);
	CHECK_EQ(lv_hosts_find("", 0, "alpha", &a), -ERR_NOENT);
}

UNIT_TEST(hosts_name_reverse_lookup)
{
	char buf[16];
	CHECK_EQ(
	    lv_hosts_name(hosts, strlen(hosts), 0x0A000001u, buf, sizeof(buf)),
	    5);
	CHECK_STR_EQ(buf, "alpha");
	CHECK_EQ(lv_hosts_name(hosts, strlen(hosts), 0x0A000002u, buf, 5), 4);
	CHECK_STR_EQ(buf, "beta");
	CHECK_EQ(lv_hosts_name(hosts, strlen(hosts), 0x0A000001u, buf, 5),
		 -ERR_NOSPC);
	CHECK_EQ(
	    lv_hosts_name(hosts, strlen(hosts), 0x0A000009u, buf, sizeof(buf)),
	    -ERR_NOENT);
}
