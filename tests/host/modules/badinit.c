/* An info record whose init points into data, not text: refused at link. */
#include "lavender/module.h"

int not_code[4];

LV_MODULE(.name = "badinit", .init = (int (*)(void))not_code);
