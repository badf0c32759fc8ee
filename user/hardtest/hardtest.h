/* The hostile-program checks of user/hardtest, shared between its files. */
#ifndef HARDTEST_H
#define HARDTEST_H
#include "../lib/check.h"

#define CHILD_TICKS 3000

/* Runs image with args as a child to its end; NULL, or why not (hung, or
 * a status other than want). */
const char *hardtest_child(const char *image, const char *args, int handle,
			   int want);

/* escape.c: the kinds a newcomer's attack found (a live LDT, a stale right
 * in a blocked send, forged kernel notices, uncounted notices, page tables
 * left behind). */
const char *ldt_refused(void);
const char *stale_move_refused(void);
const char *notices_own_port_only(void);
const char *dead_watch_refused(void);
const char *page_tables_freed(void);
const char *notices_stay_with_asker(void);
const char *receiver_left_behind(void);
int hardtest_role_ldt(void);
int hardtest_role_recvmover(void);
int hardtest_role_noticeholder(void);
int hardtest_role_mover(void);

#endif
