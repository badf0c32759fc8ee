/* Placement policy: where a new process lives. Ordinary: a space of its own,
 * image at USER_IMAGE_BASE. Group member: the space of another process, in a
 * slot of its own (image base and stack apart from the others). Resident: a
 * slot of the resident area, mapped in every space, run in ring 1. Programs
 * are position-independent, so any of these is a load-time choice. */
#ifndef LAVENDER_SYSTEM_PLACEMENT_H
#define LAVENDER_SYSTEM_PLACEMENT_H
#include <stdint.h>
#include "core/proc.h"
#include "nucleus/layout.h"

#define USER_IMAGE_BASE 0x00400000u /* where ordinary programs are loaded */
#define USER_STACK_TOP (USER_LIMIT - PAGE_SIZE)
/* Stack sizes: reserved at spawn, backed on first touch, with an unreserved
 * guard gap (SPACE_STACK_GUARD) below. A spawn may ask for another size up
 * to the placement's most. */
#define STACK_DEFAULT_OWN (8u << 20) /* an address space of its own */
#define STACK_MAX_OWN (64u << 20)
#define STACK_DEFAULT_GROUP (1u << 20) /* a process-group member */
#define STACK_MAX_GROUP (8u << 20)
#define STACK_DEFAULT_RESIDENT 0x40000u /* 256 KiB in a 16 MiB slot */
#define STACK_MAX_RESIDENT (2u << 20)
#define STACK_MIN 0x10000u
#define GROUP_SLOTS 8
#define GROUP_SLOT_SIZE 0x10000000u /* 256 MiB of the space per member */
/* Members' stacks: below 0xA0000000, one stride each (the first owner's
 * stack is at the top of the space). */
#define GROUP_STACKS_TOP 0xA0000000u
#define GROUP_STACK_STRIDE (STACK_MAX_GROUP + 0x10000u)
#define RESIDENT_SLOTS 16
#define RESIDENT_SLOT_SIZE ((KERNEL_BASE - RESIDENT_BASE) / RESIDENT_SLOTS)

typedef struct placement {
	space_t *space; /* a reference for the new process */
	int slot;
	uint32_t map_lo, map_hi; /* where it may map memory */
	uint32_t image_base;
	uint32_t image_limit; /* the image must end below this */
	uint32_t stack_top;   /* the stack is [stack_top - stack_size, top) */
	uint32_t stack_size;
} placement_t;

/* Chooses the place for a process spawned with flags (LV_SPAWN_GROUP: into
 * group's space) and a stack of stack_size bytes (0: the placement's
 * default; rounded up to pages). -ERR_NOSPC when no slot is free, -ERR_NOMEM,
 * -ERR_INVAL for a stack size outside [STACK_MIN, the placement's most]. */
int placement_choose(unsigned flags, proc_t *group, uint32_t stack_size,
		     placement_t *out);

#endif
