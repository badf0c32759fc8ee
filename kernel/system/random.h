/* The kernel's random generator (random.c): seeding at boot, reseeding,
 * and the random call. */
#ifndef LAVENDER_SYSTEM_RANDOM_H
#define LAVENDER_SYSTEM_RANDOM_H
#include <stdint.h>
#include "nucleus/bootinfo.h"

/* Seeds the generator (before the first process starts): from RDRAND when
 * the CPU has one that works and the kernel option random= does not say
 * tsc, else from the TSC and interrupt timing; both with the boot-time
 * TSC, the RTC and bi's memory map. Prints which seeded it. */
void random_init(const boot_info_t *bi);
/* Fills out with len (at most LV_RANDOM_MAX) bytes; reseeds first when
 * RANDOM_RESEED_TICKS have passed since the last seed. */
void random_fill(void *out, uint32_t len);

#endif
