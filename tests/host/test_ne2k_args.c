/* The ne2k driver's argument parser (drivers/ne2k/pure_args.c): defaults,
 * good values, and each kind of bad one refused with a message. */
#include <string.h>
#include "../../drivers/ne2k/pure_args.h"
#include "uapi/errors.h"
#include "unit.h"

static char why[128];

/* Parses the arguments in words (NULL-ended, argv[0] added). */
static int parse(ne2k_args_t *a, const char *w0, const char *w1)
{
	char *argv[] = {"ne2k", (char *)w0, (char *)w1, NULL};
	int argc = 1 + (w0 != NULL) + (w0 && w1);
	return ne2k_args_parse(argc, argv, a, why, sizeof(why));
}

UNIT_TEST(ne2k_args_defaults)
{
	ne2k_args_t a;
	CHECK_EQ(parse(&a, NULL, NULL), 0);
	CHECK_EQ(a.io, 0x300);
	CHECK_EQ(a.irq, 9);
	CHECK(a.name == NULL && !a.pci && !a.help);
}

UNIT_TEST(ne2k_args_values)
{
	ne2k_args_t a;
	CHECK_EQ(parse(&a, "io=0x320", "irq=10"), 0);
	CHECK_EQ(a.io, 0x320);
	CHECK_EQ(a.irq, 10);
	CHECK_EQ(parse(&a, "io=768", "name=eth-0"), 0); /* decimal 0x300 */
	CHECK_EQ(a.io, 0x300);
	CHECK_STR_EQ(a.name, "eth-0");
	CHECK_EQ(parse(&a, "pci", "--help"), 0);
	CHECK(a.pci && a.help);
}

UNIT_TEST(ne2k_args_refused)
{
	ne2k_args_t a;
	const char *bad[] = {
	    "io=zzz",	 "io=",	       "io=0x300x",
	    "io=0x310",	 "io=0x1e0",   "io=0x400",
	    "io=-0x300", "io=0x10300", "irq=",
	    "irq=2",	 "irq=16",     "irq=9x",
	    "name=",	 "name=a b",   "name=a/b",
	    "foo",	 "io0x300",    "name=0123456789012345678901234567890x"};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		CHECK_EQ(parse(&a, bad[i], NULL), -ERR_INVAL);
		CHECK(strncmp(why, bad[i], strlen(bad[i])) == 0);
	}
	CHECK_EQ(parse(&a, "foo", NULL), -ERR_INVAL);
	CHECK(strstr(why, "unknown argument (known: io= irq= name= pci") !=
	      NULL);
	CHECK_EQ(parse(&a, "io=zzz", NULL), -ERR_INVAL);
	CHECK(strstr(why, "0x200..0x3e0") != NULL);
}

/* handover (the next driver of a swap) needs the name it takes over. */
UNIT_TEST(ne2k_args_handover)
{
	ne2k_args_t a;
	char why[128];
	char *ok[] = {"ne2k", "io=0x300", "name=ne2k0", "handover"};
	CHECK_EQ(ne2k_args_parse(4, ok, &a, why, sizeof(why)), 0);
	CHECK_EQ(a.handover, 1);
	CHECK_STR_EQ(a.name, "ne2k0");
	char *bad[] = {"ne2k", "handover"};
	CHECK_EQ(ne2k_args_parse(2, bad, &a, why, sizeof(why)), -ERR_INVAL);
	CHECK_STR_EQ(why, "handover: takes over a name: name= is needed");
}
