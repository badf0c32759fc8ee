/* init's driver kinds (servers/init/pure_drvkind.c): the kind= word taken
 * out of a drv up request, the kinds field of /etc/drivers.cfg, the
 * module's parameters from the user-mode driver's arguments. */
#include <string.h>
#include "unit.h"
#include "uapi/errors.h"
#include "../../servers/init/pure_drvkind.h"

UNIT_TEST(drvkind_take)
{
	char rest[32];
	CHECK_EQ(drvkind_take("ne2k", rest, sizeof(rest)), DRV_KIND_USER);
	CHECK_STR_EQ(rest, "ne2k");
	CHECK_EQ(
	    drvkind_take("ne2k kind=module io=0x300 irq=9", rest, sizeof(rest)),
	    DRV_KIND_MODULE);
	CHECK_STR_EQ(rest, "ne2k io=0x300 irq=9");
	CHECK_EQ(drvkind_take("ne2k pci kind=user", rest, sizeof(rest)),
		 DRV_KIND_USER);
	CHECK_STR_EQ(rest, "ne2k pci");
	/* hostile: another value, twice, too long */
	CHECK_EQ(drvkind_take("ne2k kind=kernel", rest, sizeof(rest)),
		 -ERR_INVAL);
	CHECK_EQ(drvkind_take("ne2k kind=", rest, sizeof(rest)), -ERR_INVAL);
	CHECK_EQ(drvkind_take("ne2k kind=user kind=module", rest, sizeof(rest)),
		 -ERR_INVAL);
	CHECK_EQ(drvkind_take("ne2k io=0x300 irq=9 name=ne2k0", rest, 16),
		 -ERR_INVAL);
}

UNIT_TEST(drvkind_allows)
{
	CHECK_EQ(drvkind_allows("user,module", DRV_KIND_MODULE), 1);
	CHECK_EQ(drvkind_allows("user,module", DRV_KIND_USER), 1);
	CHECK_EQ(drvkind_allows("user", DRV_KIND_MODULE), 0);
	CHECK_EQ(drvkind_allows("module", DRV_KIND_USER), 0);
	CHECK_EQ(drvkind_allows(NULL, DRV_KIND_USER), 1);
	CHECK_EQ(drvkind_allows("", DRV_KIND_MODULE), 0);
	/* not a field: nothing allowed through it */
	CHECK_EQ(drvkind_allows("user,kernel", DRV_KIND_USER), 0);
	CHECK_EQ(drvkind_is_field("user,module"), 1);
	CHECK_EQ(drvkind_is_field("NE2000:"), 0);
	CHECK_EQ(drvkind_is_field("user,"), 0);
	CHECK_EQ(drvkind_is_field(""), 0);
}

UNIT_TEST(drvkind_params)
{
	char p[64], err[96];
	CHECK_EQ(drvkind_params("ne2k io=0x320 irq=10 pci name=ne2k1", p,
				sizeof(p), err, sizeof(err)),
		 0);
	CHECK(memcmp(p, "io=0x320\0irq=10\0pci=1\0name=ne2k1\0\0", 34) == 0);
	CHECK_EQ(drvkind_params("ne2k name=ne2k0 handover", p, sizeof(p), err,
				sizeof(err)),
		 0);
	CHECK(memcmp(p, "name=ne2k0\0handover=1\0\0", 24) == 0);
	CHECK_EQ(drvkind_params("ne2k", p, sizeof(p), err, sizeof(err)), 0);
	CHECK_EQ(p[0], '\0');
	CHECK_EQ(drvkind_params("ne2k bogus", p, sizeof(p), err, sizeof(err)),
		 -ERR_INVAL);
	CHECK_STR_EQ(
	    err, "bogus: not a module parameter (key=value, pci or handover)");
	CHECK_EQ(drvkind_params("ne2k =3", p, sizeof(p), err, sizeof(err)),
		 -ERR_INVAL);
	CHECK_EQ(drvkind_params("ne2k name=aaaaaaaaaaaaaaaaaaaaaaaaaa", p, 16,
				err, sizeof(err)),
		 -ERR_INVAL);
}
