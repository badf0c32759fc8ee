/* A test module that calls a function nothing exports: lkmd refuses it
 * naming the symbol, before the kernel sees it (tests/cases_lkmd.py). */
#include "lavender/kernel.h"
#include "lavender/module.h"

void no_such_export(void);

static int badsym_init(void)
{
	no_such_export();
	return 0;
}

LV_MODULE(.name = "badsym", .version = "1.0",
	  .description = "test: an unknown symbol", .init = badsym_init);
