/* Loadable kernel modules, the mechanism: the module area's reservations,
 * installing a linked image, running its init and exit, the module table
 * and module symbols for backtraces. Who may do it (the module right) and
 * the user copies of requests are the system layer's (system/sys_module.c);
 * checking and linking a module file is the loader's (servers/lkmd). Every
 * call here checks its arguments before it changes anything and leaves
 * nothing behind on failure. Callers run with interrupts enabled. */
#ifndef LAVENDER_CORE_MODULE_H
#define LAVENDER_CORE_MODULE_H
#include <stdint.h>
#include "uapi/module.h"

/* Installs the release hook (a process's reservations go when it ends) and
 * the backtrace resolver for module addresses. */
void module_init(void);

/* Reserves size bytes (a multiple of the page, at most LIMIT_MODULE_BYTES)
 * of the module area for owner (a pid); *base gets the address. Returns the
 * id: -ERR_INVAL, -ERR_NOSPC (table full), -ERR_NOMEM (bytes or area). */
int module_reserve(uint32_t size, int owner, uint32_t *base);

/* Installs req's image (req in kernel memory; req->image and the data it
 * points to are owner's user memory, read with copyin) into owner's
 * reservation req->id. syms: nsyms = req->nsyms records in kernel memory,
 * which the module keeps on success (kfree'd on failure). Checks the
 * layout, the name (well formed, not loaded yet: -ERR_EXIST) and every
 * symbol; copies the image into fresh frames mapped read-only up to
 * req->ro_end, then runs init: *init_rc gets its result (1 when it did not
 * run). A negative one undoes everything, the reservation too, and is
 * returned (-ERR_IO when it is not one of uapi/errors.h). Returns the id. */
int module_install(int owner, const lv_module_install_t *req, lv_modsym_t *syms,
		   int *init_rc);

/* Removes module id: runs its exit and frees its memory; or gives back
 * caller's reservation. -ERR_NOENT, -ERR_PERM (another's reservation),
 * -ERR_BUSY (users -- its driver's sessions, or an installed module that
 * depends on it, whoever asks -- or its init or exit running). */
int module_remove(int id, int caller);

/* The pid that installed the module whose kernel-side process is p (0:
 * none, or that process ended). */
struct proc;
int module_starter(const struct proc *p);

/* The calling module's process tells the kernel its driver's sessions:
 * n (0..LV_MODULE_USERS_MAX) of them, of processes pids[0..n). The count
 * is the module's refs (module_remove refuses while it is not 0); it goes
 * to 0 when the module's process ends. -ERR_PERM from any other context,
 * -ERR_INVAL for n too large. Exported to modules. */
int kmodule_users(const int *pids, unsigned n);

/* In a module's exit: 1 when its process had ended before the removal
 * began (dead: a fault, a kill, its thread returned), so the hardware it
 * drove may be another driver's now and must not be touched; else 0.
 * Exported to modules. */
int kmodule_exit_after_death(void);

/* Slot index of the table: -ERR_NOENT past it, -ERR_SRCH when empty. */
int module_stat(int index, lv_module_stat_t *out);
/* The start's verdict of module id, waiting up to ticks for it when its
 * init said its thread reports one (kmodule_start_pending, then
 * kmodule_started from the thread): 0 at once for a module that does not
 * report, the reported 0 or -ERR_*, -ERR_IO when its process ended first,
 * -ERR_TIMEDOUT, -ERR_NOENT (no such id). */
int module_wait_started(int id, uint32_t ticks);
/* The module exports (lkm/include/lavender/kernel.h). */
int kmodule_start_pending(void);
int kmodule_started(int rc);

#endif
