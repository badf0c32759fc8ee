/* Reserved ranges of an address space (what mem_map, the loader and the
 * stack reserve): a sorted list of page-aligned [lo, hi) with flags and the
 * pid charged for them. Pages inside a region are backed on first touch
 * (space.c); outside every region an access is a fault. Pure: the list's
 * memory comes from callbacks, so host tests run it over malloc. Adjacent
 * regions with equal flags and owner merge, so a growing heap stays one. */
#ifndef LAVENDER_CORE_REGION_H
#define LAVENDER_CORE_REGION_H
#include <stddef.h>
#include <stdint.h>

#define REGION_WRITE 0x2u   /* same bit as NU_MAP_WRITE */
#define REGION_STACK 0x10u  /* a stack: a touch just below it is an overflow */
#define REGION_DEVICE 0x20u /* device memory, mapped at once, never backed */

#define REGION_MAX 256 /* regions in one list (-ERR_NOSPC past it) */

typedef struct region {
	uint32_t lo, hi; /* page-aligned, lo < hi */
	uint32_t flags;
	int owner; /* pid charged for it (0: not yet known) */
	struct region *next;
} region_t;

typedef struct region_list {
	region_t *head;
	uint32_t count;
	void *(*alloc)(size_t size); /* NULL when out */
	void (*free)(void *p);
} region_list_t;

/* The region holding va, or NULL. */
region_t *region_find(const region_list_t *l, uint32_t va);
/* The first region with hi > va (the one holding va or the next above). */
region_t *region_next(const region_list_t *l, uint32_t va);
/* Adds [lo, hi): -ERR_EXIST if it overlaps a region, -ERR_NOSPC past
 * REGION_MAX, -ERR_NOMEM; nothing changes on failure. */
int region_add(region_list_t *l, uint32_t lo, uint32_t hi, uint32_t flags,
	       int owner);
/* Removes [lo, hi) from every region (splitting at the ends); *pages gets
 * how many reserved pages went, per owner through charge(owner, pages) if
 * charge is non-NULL. -ERR_NOSPC or -ERR_NOMEM if a split needs a region
 * that cannot be had (nothing changes then). */
int region_remove(region_list_t *l, uint32_t lo, uint32_t hi,
		  void (*charge)(void *ctx, int owner, uint32_t pages),
		  void *ctx);
/* 1 if regions cover every page of [lo, hi). */
int region_covers(const region_list_t *l, uint32_t lo, uint32_t hi);
/* Sets the flags in mask to value over [lo, hi), which regions must cover
 * wholly (-ERR_NOENT otherwise); splits as needed. */
int region_set_flags(region_list_t *l, uint32_t lo, uint32_t hi, uint32_t mask,
		     uint32_t value);
/* Regions owned by from pass to to (a new process takes what spawn made). */
void region_set_owner(region_list_t *l, int from, int to);
/* Frees every region. */
void region_clear(region_list_t *l);
/* Pages reserved by owner (all owners if owner < 0). */
uint32_t region_pages(const region_list_t *l, int owner);

#endif
