/* The kernel's tick clock (uapi lv_time_t), the one time base of tests and
 * scheduling: no wall-clock reads needed. */
#ifndef LAVENDER_CLOCK_H
#define LAVENDER_CLOCK_H
#include <stdint.h>

/* Stores the ticks since boot and the tick rate (either pointer may be NULL).
 * 0 or -ERR_*. */
int lv_ticks(uint64_t *ticks, uint32_t *hz);

#endif
