/* The least a module can be: an info record with a name, no code, no
 * init or exit, no parameters, no dependencies. */
#include "lavender/module.h"

LV_MODULE(.name = "minimal");
