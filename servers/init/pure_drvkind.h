/* The kinds of a driver (docs/architecture.md, "Drivers"): a user-mode
 * process (/bin/KIND) or a kernel module (/lib/modules/KIND.ko), as the
 * shell's "drv up KIND [kind=user|module] [ARGS]" names them and
 * /etc/drivers.cfg allows them. Pure and host-tested: init's parsing of the
 * request, the kinds field and the module's parameters. */
#ifndef INIT_PURE_DRVKIND_H
#define INIT_PURE_DRVKIND_H
#include <stddef.h>

enum drv_kind { DRV_KIND_USER = 1, DRV_KIND_MODULE = 2 };

/* Takes the word kind=user or kind=module out of args ("KIND ARGS...",
 * words separated by single blanks): rest (len bytes) gets args without
 * it. Returns the DRV_KIND_* named (DRV_KIND_USER when none), or
 * -ERR_INVAL: another value, the word twice, or rest too small. */
int drvkind_take(const char *args, char *rest, size_t len);

/* 1 when the kinds field of a drivers.cfg line ("user,module", "user",
 * "module"; NULL or "": user only) allows kind, else 0. */
int drvkind_allows(const char *kinds, int kind);

/* 1 when word is a kinds field: kind names and commas only. */
int drvkind_is_field(const char *word);

/* The module's parameter list (lkmd's LOAD, pure_modargs.h) from rest's
 * words after KIND: "key=value" as it is, the bare words "pci" and
 * "handover" as "pci=1" and "handover=1" (the user-mode driver's
 * spelling). 0, or -ERR_INVAL with the reason
 * naming the word in err (another bare word, a list too long). */
int drvkind_params(const char *rest, char *params, size_t size, char *err,
		   size_t errlen);

/* "user" or "module". */
const char *drvkind_name(int kind);

#endif
