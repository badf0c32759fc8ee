/* Process information for programs (ps, tests, the newlib glue). */
#ifndef LAVENDER_PROC_H
#define LAVENDER_PROC_H
#include "uapi/types.h"

/* The table entry of process pid; -ERR_SRCH if there is none. */
int lv_proc_find(int pid, lv_proc_info_t *out);
/* 1 while process pid lives (in the table and not a zombie), else 0. The
 * kernel never gives a pid again, so an ended pid stays ended. */
int lv_proc_alive(int pid);

/* Short names for ps-like listings: "run", "wait", "zombie"; "own",
 * "group", "resident" ("?" for anything else). */
const char *lv_proc_state_name(int state);
const char *lv_placement_name(int placement);

/* Prints the process table, one line per process (ps and the shell's ps):
 * pid, parent, state, placement, group, threads, handles, RSS (KiB backed
 * now), VSZ (KiB reserved), ticks, priority/quantum, nucleus right, name. */
void lv_proc_print_table(void);
/* Per living process: pid, KiB resident, KiB reserved, name (mem). */
void lv_proc_print_memory(void);

#endif
