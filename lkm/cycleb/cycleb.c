/* The other half of lkm/cyclea's dependency cycle. */
#include "lavender/module.h"

LV_MODULE(.name = "cycleb", .version = "1.0",
	  .description = "test: depends on cyclea, which depends on me",
	  .depends = {"cyclea"});
