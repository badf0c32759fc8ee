/* lkmd's dependency logic, pure (no system calls; host-tested): the order in
 * which modprobe loads a module and the modules its info record depends on,
 * which modules modprobe -r removes and in which order, and who uses a
 * loaded module. A module's dependencies are the names in its info record
 * (uapi/module.h, up to LV_MODULE_DEPS_MAX); lkmd links a module only
 * against the kernel's exports and those of the modules it names, so these
 * records are the whole truth of who needs whom. Nothing here allocates. */
#ifndef LAVENDER_LKMD_PURE_MODDEPS_H
#define LAVENDER_LKMD_PURE_MODDEPS_H
#include <stddef.h>
#include "uapi/module.h"

#define MODDEPS_MAX 16 /* modules in one order (the kernel's LIMIT_MODULES) */

/* A module and the names it depends on. */
typedef struct moddeps_mod {
	char name[LV_MODULE_NAME_MAX];
	char depends[LV_MODULE_DEPS_MAX][LV_MODULE_NAME_MAX];
	int ndepends;
} moddeps_mod_t;

/* Reads module name's record for moddeps_order into *mod: 0; 1 when name
 * is loaded already (its dependencies are then not followed and it is not
 * in the order); or -ERR_* with the reason in err (errlen bytes). */
typedef int (*moddeps_read_t)(void *ctx, const char *name, moddeps_mod_t *mod,
			      char *err, size_t errlen);

/* The load order of name: its dependencies, recursively, each once and
 * before every module that needs it, then name itself last; modules loaded
 * already are left out. Writes up to max names into order and returns how
 * many, or: a cycle -ERR_LOOP ("dependency cycle: a -> b -> a"), more
 * than max modules -ERR_2BIG, read's error as it gave it. */
int moddeps_order(const char *name, moddeps_read_t read, void *ctx,
		  char order[][LV_MODULE_NAME_MAX], int max, char *err,
		  size_t errlen);

/* The loaded modules (n of them) that depend on name: their count, and
 * their names joined by commas into users (len bytes; a list that does not
 * fit ends in "..."). */
int moddeps_users(const moddeps_mod_t *loaded, int n, const char *name,
		  char *users, size_t len);

/* Appends name to list (len bytes, NUL-terminated), a comma before it
 * when list is not empty; a name that does not fit ends list in "..."
 * instead (and so does every later one). */
void moddeps_append(char *list, size_t len, const char *name);

/* What modprobe -r name removes from the loaded modules, in order: name
 * first (-ERR_NOENT if it is not loaded; -ERR_BUSY when another loaded
 * module depends on it, with "in use by a,b (remove them first)" in err),
 * then each of its dependencies, recursively, that no module left loaded
 * depends on, every module after all of its users. Returns how many names it
 * wrote into order (at most n). */
int moddeps_removal(const moddeps_mod_t *loaded, int n, const char *name,
		    char order[][LV_MODULE_NAME_MAX], char *err, size_t errlen);

#endif
