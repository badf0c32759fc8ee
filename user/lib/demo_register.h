/* The demo servers' registration (echosrv, kvsrv): registering NAME and,
 * when the name server refuses it, saying why and what to do. */
#ifndef USER_LIB_DEMO_REGISTER_H
#define USER_LIB_DEMO_REGISTER_H
#include <stdint.h>

/* lv_ns_register_flags(name, type, attrs, port, flags) for program prog;
 * on a refusal prints "PROG: cannot register NAME: WHY: the rule or who has
 * it, and the remedy" and returns -ERR_*: a name that is no name (the name
 * server's rule: 1 to 31 bytes of printable ASCII, no spaces or '@'), one
 * already registered (by pid P: give PROG another NAME), any other error
 * plainly. */
int demo_register(const char *prog, const char *name, const char *type,
		  const char *attrs, int port, uint32_t flags);

#endif
