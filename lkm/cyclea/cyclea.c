/* A test module whose dependencies form a cycle (cyclea -> cycleb ->
 * cyclea): modprobe refuses it naming the cycle, loading nothing. */
#include "lavender/module.h"

LV_MODULE(.name = "cyclea", .version = "1.0",
	  .description = "test: depends on cycleb, which depends on me",
	  .depends = {"cycleb"});
