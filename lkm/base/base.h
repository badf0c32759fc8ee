/* What module base offers the modules that depend on it: its global
 * symbols, which lkmd links them against (lkm/baseuser). */
#ifndef LKM_BASE_H
#define LKM_BASE_H

/* a + b; counts the calls in base_calls. */
int base_add(int a, int b);
extern int base_calls;

#endif
