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
#define USER_STACK_SIZE (128 * 1024u)
#define GROUP_SLOTS 8
#define GROUP_SLOT_SIZE 0x10000000u /* 256 MiB of the space per member */
#define GROUP_STACK_STRIDE (USER_STACK_SIZE + 4 * PAGE_SIZE)
#define RESIDENT_SLOTS 16
#define RESIDENT_SLOT_SIZE ((KERNEL_BASE - RESIDENT_BASE) / RESIDENT_SLOTS)

typedef struct placement {
	space_t *space; /* a reference for the new process */
	int slot;
	uint32_t map_lo, map_hi; /* where it may map memory */
	uint32_t image_base;
	uint32_t image_limit; /* the image must end below this */
	uint32_t
	    stack_top; /* the stack is [stack_top - USER_STACK_SIZE, top) */
} placement_t;

/* Chooses the place for a process spawned with flags (LV_SPAWN_GROUP: into
 * group's space). -ERR_NOSPC when no slot is free, -ERR_NOMEM. */
int placement_choose(unsigned flags, proc_t *group, placement_t *out);

#endif
