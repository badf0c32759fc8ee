/* A module with a COMMON symbol (built with -fcommon): refused. */
#include "lavender/module.h"

int counter;

static int common_init(void) { return counter; }

LV_MODULE(.name = "common", .init = common_init);
