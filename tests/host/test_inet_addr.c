/* IPv4 addresses as text (libipc/pure_inet_addr.c): inet_pton's strict
 * dotted quad, inet_aton's forms (octal, hex, fewer parts, trailing text
 * after a space), inet_ntop's buffer sizes, and malformed text of every
 * kind leaving the result untouched. */
#include <string.h>
#include "../../libipc/pure_inet_addr.h"
#include "uapi/errors.h"
#include "unit.h"

#define UNTOUCHED 0xDEADBEEFu

/* Every text in bad is refused by parse with -ERR_INVAL, the result
 * untouched; reports each one that is not. */
static void refuse_all(int (*parse)(const char *, uint32_t *),
		       const char *const *bad, size_t n, int line)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t a = UNTOUCHED;
		int rc = parse(bad[i], &a);
		if (rc != -ERR_INVAL || a != UNTOUCHED)
			unit_fail(__FILE__, line, "'%s': rc %d", bad[i], rc);
	}
}

struct good {
	const char *text;
	uint32_t addr;
};

/* Every text in good parses to its address. */
static void accept_all(int (*parse)(const char *, uint32_t *),
		       const struct good *good, size_t n, int line)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t a = UNTOUCHED;
		int rc = parse(good[i].text, &a);
		if (rc != 0 || a != good[i].addr)
			unit_fail(__FILE__, line, "'%s': rc %d, %#x",
				  good[i].text, rc, (unsigned)a);
	}
}

UNIT_TEST(inet_pton_accepts_dotted_quads)
{
	static const struct good good[] = {
	    {"10.0.0.1", 0x0A000001u},
	    {"0.0.0.0", 0},
	    {"255.255.255.255", 0xFFFFFFFFu},
	    {"192.168.100.9", 0xC0A86409u},
	};
	accept_all(lv_inet_pton4, good, sizeof(good) / sizeof(good[0]),
		   __LINE__);
}

UNIT_TEST(inet_pton_refuses_malformed_text)
{
	static const char *const bad[] = {
	    "",		  "1.2.3",	"1.2.3.4.5", "1.2.3.4.", ".1.2.3.4",
	    "1..2.3",	  "256.1.1.1",	"1.2.3.256", "01.2.3.4", "1.2.3.04",
	    "1.2.3.00",	  "0x1.2.3.4",	" 1.2.3.4",  "1.2.3.4 ", "1.2.3.4\n",
	    "1. 2.3.4",	  "+1.2.3.4",	"-1.2.3.4",  "1.2.3.4x", "a.b.c.d",
	    "1.2.3.1000", "4294967296", "10.1",	     "1.2.3.-4",
	};
	refuse_all(lv_inet_pton4, bad, sizeof(bad) / sizeof(bad[0]), __LINE__);
}

UNIT_TEST(inet_aton_reads_the_bsd_forms)
{
	static const struct good good[] = {
	    {"10.0.0.1", 0x0A000001u},
	    {"10.1", 0x0A000001u},	/* a.b: b fills 24 bits */
	    {"10.1.2", 0x0A010002u},	/* a.b.c: c fills 16 bits */
	    {"167772161", 0x0A000001u}, /* one number: all 32 */
	    {"0x0A.0.0.01", 0x0A000001u},
	    {"012.0.0.1", 0x0A000001u}, /* octal 012 = 10 */
	    {"0XFF.0.0.0", 0xFF000000u},
	    {"1.0x10000", 0x01010000u},
	    {"4294967295", 0xFFFFFFFFu},
	    {"1.2.3.4 trailing words", 0x01020304u}, /* BSD's and glibc's */
	    {"1.2.3.4\t", 0x01020304u},
	};
	accept_all(lv_inet_aton, good, sizeof(good) / sizeof(good[0]),
		   __LINE__);
}

UNIT_TEST(inet_aton_refuses_malformed_text)
{
	static const char *const bad[] = {
	    "",		  " 1.2.3.4",  "1.2.3.4.5", "1..2",	  "1.2.3.",
	    ".1",	  "256.0.0.1", "1.2.3.256", "1.16777216", "1.2.65536",
	    "4294967296", "08.1.1.1",  "0x",	    "0x.1.2.3",	  "1.2.3.4x",
	    "1.2.3.4,5",  "-1",	       "+1",	    "0xg",	  "1.2.3.09",
	};
	refuse_all(lv_inet_aton, bad, sizeof(bad) / sizeof(bad[0]), __LINE__);
}

UNIT_TEST(inet_ntop_writes_and_checks_the_size)
{
	char buf[LV_INET_ADDRSTRLEN];

	CHECK_EQ(lv_inet_ntop4(0x0A000001u, buf, sizeof(buf)), 8);
	CHECK_STR_EQ(buf, "10.0.0.1");
	CHECK_EQ(lv_inet_ntop4(0xFFFFFFFFu, buf, sizeof(buf)), 15);
	CHECK_STR_EQ(buf, "255.255.255.255");
	CHECK_EQ(lv_inet_ntop4(0, buf, sizeof(buf)), 7);
	CHECK_STR_EQ(buf, "0.0.0.0");
	CHECK_EQ(lv_inet_ntop4(0x64090A00u, buf, sizeof(buf)), 10);
	CHECK_STR_EQ(buf, "100.9.10.0");
	/* exactly the length and its NUL fits; one byte less does not */
	CHECK_EQ(lv_inet_ntop4(0x0A000001u, buf, 9), 8);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(lv_inet_ntop4(0x0A000001u, buf, 8), -ERR_NOSPC);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'x');
	CHECK_EQ(lv_inet_ntop4(0x0A000001u, NULL, 0), -ERR_NOSPC);
}

UNIT_TEST(inet_text_round_trips)
{
	static const uint32_t addrs[] = {0,	      1,	   0x7F000001u,
					 0x0A00020Fu, 0xC0A80001u, 0xFFFFFFFEu};
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		char buf[LV_INET_ADDRSTRLEN];
		uint32_t back = 0;
		CHECK(lv_inet_ntop4(addrs[i], buf, sizeof(buf)) > 0);
		CHECK_EQ(lv_inet_pton4(buf, &back), 0);
		CHECK_EQ(back, addrs[i]);
		CHECK_EQ(lv_inet_aton(buf, &back), 0);
		CHECK_EQ(back, addrs[i]);
	}
}
