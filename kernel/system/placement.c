/* Placement of new processes (see placement.h). A slot is free when no
 * living process of the space holds it, so nothing needs releasing. */
#include "system/placement.h"
#include <stddef.h>
#include "uapi/errors.h"
#include "uapi/types.h"

/* 1 if a living process other than zombies uses slot in space s (for
 * resident slots: any resident space starting at lo). */
static int slot_taken(const space_t *s, int slot, uint32_t resident_lo)
{
	for (int i = 0; i < PROC_MAX; i++) {
		proc_t *p = proc_slot(i);
		if (!p->pid || !p->space)
			continue;
		if (s && p->space == s && p->slot == slot)
			return 1;
		if (!s && p->space->resident && p->space->lo == resident_lo)
			return 1;
	}
	return 0;
}

static int choose_group(proc_t *group, placement_t *out)
{
	for (int k = 1; k < GROUP_SLOTS; k++) {
		if (slot_taken(group->space, k, 0))
			continue;
		space_get(group->space);
		*out = (placement_t){
		    .space = group->space,
		    .slot = k,
		    .image_base = (uint32_t)k * GROUP_SLOT_SIZE,
		    .image_limit = (uint32_t)(k + 1) * GROUP_SLOT_SIZE,
		    .map_lo = (uint32_t)k * GROUP_SLOT_SIZE,
		    .map_hi = (uint32_t)(k + 1) * GROUP_SLOT_SIZE,
		    .stack_top = GROUP_STACKS_TOP -
				 (uint32_t)(k - 1) * GROUP_STACK_STRIDE,
		    .stack_size = STACK_DEFAULT_GROUP,
		};
		return 0;
	}
	return -ERR_NOSPC;
}

static int choose_resident(placement_t *out)
{
	for (int k = 0; k < RESIDENT_SLOTS; k++) {
		uint32_t lo = RESIDENT_BASE + (uint32_t)k * RESIDENT_SLOT_SIZE;
		uint32_t hi = lo + RESIDENT_SLOT_SIZE;
		if (slot_taken(NULL, 0, lo))
			continue;
		space_t *s = space_create_resident(lo, hi);
		if (!s)
			return -ERR_NOMEM;
		*out = (placement_t){.space = s,
				     .slot = k,
				     .map_lo = lo,
				     .map_hi = hi,
				     .image_base = lo,
				     .image_limit = hi - PAGE_SIZE -
						    STACK_MAX_RESIDENT -
						    SPACE_STACK_GUARD,
				     .stack_top = hi - PAGE_SIZE,
				     .stack_size = STACK_DEFAULT_RESIDENT};
		return 0;
	}
	return -ERR_NOSPC;
}

/* The stack size asked for, checked against the placement's most. */
static int size_stack(placement_t *pl, uint32_t asked, uint32_t most)
{
	if (!asked)
		return 0;
	if (asked > most || asked < STACK_MIN)
		return -ERR_INVAL;
	pl->stack_size = (asked + PAGE_SIZE - 1) & PAGE_MASK;
	return 0;
}

int placement_choose(unsigned flags, proc_t *group, uint32_t stack_size,
		     placement_t *out)
{
	int rc;
	if (flags & LV_SPAWN_RESIDENT) {
		rc = choose_resident(out);
		if (rc == 0 &&
		    (rc = size_stack(out, stack_size, STACK_MAX_RESIDENT)) < 0)
			space_put(out->space);
		return rc;
	}
	if (flags & LV_SPAWN_GROUP) {
		rc = choose_group(group, out);
		if (rc == 0 &&
		    (rc = size_stack(out, stack_size, STACK_MAX_GROUP)) < 0)
			space_put(out->space);
		return rc;
	}
	if (stack_size &&
	    (stack_size > STACK_MAX_OWN || stack_size < STACK_MIN))
		return -ERR_INVAL;
	space_t *s = space_create();
	if (!s)
		return -ERR_NOMEM;
	*out = (placement_t){.space = s,
			     .slot = 0,
			     .map_lo = s->lo,
			     .map_hi = s->hi,
			     .image_base = USER_IMAGE_BASE,
			     .image_limit = GROUP_SLOT_SIZE,
			     .stack_top = USER_STACK_TOP,
			     .stack_size = STACK_DEFAULT_OWN};
	return size_stack(out, stack_size, STACK_MAX_OWN);
}
