/* Physical frame allocator: one bit per 4 KiB frame below DIRECT_MAP_SIZE.
 * Pure bookkeeping (never touches the frames), so host tests run it as is.
 * Not reentrant: callers disable interrupts if an interrupt path may allocate.
 */
#ifndef LAVENDER_NUCLEUS_FRAME_H
#define LAVENDER_NUCLEUS_FRAME_H
#include <stdint.h>
#include "nucleus/bootinfo.h"

typedef struct frame_range {
	uint32_t start; /* physical, inclusive */
	uint32_t end;	/* physical, exclusive */
} frame_range_t;

/* Marks every frame used, frees the whole frames inside usable (type 1)
 * regions, then marks the reserved ranges used again. Frame 0 stays used. */
void nu_frame_init(const boot_region_t *regions, int nregions,
		   const frame_range_t *reserved, int nreserved);

#endif
