/* Address spaces over the nucleus's page directories (see space.h): their
 * life, their reservations, and backing pages on first touch. User-memory
 * copies are in uaccess.c. */
#include "core/space.h"
#include "core/kmem.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

static space_t *live;		 /* the space whose directory is loaded */
static uint32_t resident_total;	 /* anonymous pages backed, every space */
static space_t *resident_spaces; /* every live resident space */

static void *region_alloc(size_t size) { return kmalloc(size); }

static space_t *space_alloc(uint32_t pd, uint32_t lo, uint32_t hi, int resident)
{
	space_t *s = kzalloc(sizeof(*s));
	if (!s)
		return NULL;
	*s = (space_t){.pd = pd,
		       .lo = lo,
		       .hi = hi,
		       .refs = 1,
		       .resident = resident,
		       .regions = {NULL, 0, region_alloc, kfree}};
	return s;
}

space_t *space_create(void)
{
	uint32_t pd = nu_pd_create();
	if (!pd)
		return NULL;
	space_t *s = space_alloc(pd, PAGE_SIZE, USER_LIMIT, 0);
	if (!s)
		nu_pd_destroy(pd, NULL);
	return s;
}

space_t *space_create_resident(uint32_t lo, uint32_t hi)
{
	space_t *s = space_alloc(nu_pd_kernel(), lo, hi, 1);
	if (s) {
		s->resident_next = resident_spaces;
		resident_spaces = s;
	}
	return s;
}

space_t *space_create_kernel(uint32_t lo, uint32_t hi)
{
	space_t *s = space_alloc(nu_pd_kernel(), lo, hi, 1);
	if (s)
		s->kernel = 1; /* not in the resident list: it owns no pages */
	return s;
}

void space_get(space_t *s) { s->refs++; }

/* Returns a page's frame to the allocator; device memory mapped by a driver
 * (never the allocator's) is just dropped. Returns 1 for an allocator frame. */
static int release_frame_counted(uint32_t pa)
{
	if (!nu_frame_is_managed(pa))
		return 0;
	if (nu_frame_free(pa) < 0)
		panic("space: user page 0x%08x was not an allocated frame", pa);
	return 1;
}

static void release_frame(uint32_t pa) { release_frame_counted(pa); }

/* Unmaps whatever is mapped in [lo, hi), skipping absent page tables. */
static void unmap_range(space_t *s, uint32_t lo, uint32_t hi)
{
	for (uint32_t va = lo; va < hi && s->pages; va += PAGE_SIZE) {
		uint32_t next = nu_pd_next_table(s->pd, va, hi), pa;
		if (next != va) {
			va = next - PAGE_SIZE;
			continue;
		}
		if (nu_pd_unmap(s->pd, va, &pa) < 0)
			continue;
		int anon = release_frame_counted(pa);
		s->anon -= anon;
		resident_total -= anon;
		s->pages--;
	}
	if (!s->resident)
		nu_pd_prune(s->pd, lo, hi);
}

void space_put(space_t *s)
{
	if (--s->refs > 0)
		return;
	if (s->kernel) {
		kfree(s);
		return;
	}
	if (s->resident) {
		unmap_range(s, s->lo, s->hi);
		space_t **l = &resident_spaces;
		while (*l != s)
			l = &(*l)->resident_next;
		*l = s->resident_next;
	} else {
		resident_total -= s->anon;
		nu_pd_destroy(s->pd, release_frame);
	}
	if (live == s)
		live = NULL;
	region_clear(&s->regions);
	kfree(s);
}

void space_activate(space_t *s)
{
	if (!s->resident) {
		nu_pd_switch(s->pd);
		live = s;
	}
}

space_t *space_of_address(uint32_t va)
{
	for (space_t *s = resident_spaces; s; s = s->resident_next)
		if (va >= s->lo && va < s->hi)
			return s;
	if (live && live->pd == nu_pd_current() && va >= live->lo &&
	    va < live->hi)
		return live;
	return NULL;
}

static int range_ok(const space_t *s, uint32_t va, uint32_t len)
{
	return va % PAGE_SIZE == 0 && len % PAGE_SIZE == 0 && len &&
	       va >= s->lo && va < s->hi && len <= s->hi - va;
}

/* 1 if [lo, hi) touches a stack's guard gap (below a stack region) or, for
 * a stack, its own gap touches a region. */
static int hits_guard(const space_t *s, uint32_t lo, uint32_t hi, int stack)
{
	for (const region_t *r = s->regions.head; r; r = r->next) {
		if ((r->flags & REGION_STACK) && lo < r->lo &&
		    hi > r->lo - SPACE_STACK_GUARD)
			return 1;
		if (stack && r->hi > lo - SPACE_STACK_GUARD && r->hi <= lo)
			return 1;
	}
	return 0;
}

int space_reserve(space_t *s, uint32_t va, uint32_t len, uint32_t flags,
		  int owner)
{
	if (!range_ok(s, va, len))
		return -ERR_INVAL;
	int stack = !!(flags & SPACE_STACK);
	if (hits_guard(s, va, va + len, stack))
		return -ERR_EXIST;
	return region_add(&s->regions, va, va + len,
			  flags & (REGION_WRITE | REGION_STACK), owner);
}

int space_find_room(space_t *s, uint32_t lo, uint32_t hi, uint32_t len,
		    uint32_t *va)
{
	uint32_t need = len + SPACE_STACK_GUARD, best = 0;
	uint32_t bottom = lo;
	for (const region_t *r = s->regions.head;; r = r->next) {
		uint32_t top = r ? r->lo : hi;
		if (r && (r->flags & REGION_STACK))
			top = top > SPACE_STACK_GUARD ? top - SPACE_STACK_GUARD
						      : 0;
		if (top > hi)
			top = hi;
		if (top > bottom && top - bottom >= need)
			best = top - len;
		if (!r || r->lo >= hi)
			break;
		if (r->hi > bottom)
			bottom = r->hi;
	}
	if (!best)
		return -ERR_NOMEM;
	*va = best;
	return 0;
}

void space_set_owner(space_t *s, int from, int to)
{
	region_set_owner(&s->regions, from, to);
}

int space_map_device(space_t *s, uint32_t va, uint32_t len, uint32_t pa,
		     uint32_t flags, int owner)
{
	if (!range_ok(s, va, len) || pa % PAGE_SIZE)
		return -ERR_INVAL;
	if (hits_guard(s, va, va + len, 0))
		return -ERR_EXIST;
	int rc = region_add(&s->regions, va, va + len,
			    REGION_DEVICE | (flags & REGION_WRITE), owner);
	if (rc < 0)
		return rc;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE) {
		rc = nu_pd_map(s->pd, va + off, pa + off, flags);
		if (rc < 0) {
			unmap_range(s, va, va + off);
			region_remove(&s->regions, va, va + len, NULL, NULL);
			return rc;
		}
		s->pages++;
	}
	return 0;
}

typedef struct unmap_count {
	int owner;
	uint32_t owned, all;
} unmap_count_t;

static void count_removed(void *ctx, int owner, uint32_t pages)
{
	unmap_count_t *c = ctx;
	c->all += pages;
	if (owner == c->owner)
		c->owned += pages;
}

int space_unmap(space_t *s, uint32_t va, uint32_t len, int owner,
		uint32_t *owned)
{
	*owned = 0;
	if (!range_ok(s, va, len))
		return -ERR_INVAL;
	if (!region_covers(&s->regions, va, va + len))
		return -ERR_NOENT; /* all or nothing, as mem_map */
	unmap_count_t c = {owner, 0, 0};
	int rc = region_remove(&s->regions, va, va + len, count_removed, &c);
	if (rc < 0)
		return rc;
	unmap_range(s, va, va + len);
	*owned = c.owned;
	return 0;
}

void space_release(space_t *s, uint32_t lo, uint32_t hi)
{
	/* A split never happens here: the range is a slot or a stack whole. */
	region_remove(&s->regions, lo, hi, NULL, NULL);
	unmap_range(s, lo, hi);
}

int space_protect(space_t *s, uint32_t va, uint32_t len, uint32_t flags)
{
	if (!range_ok(s, va, len))
		return -ERR_INVAL;
	int rc = region_set_flags(&s->regions, va, va + len, REGION_WRITE,
				  flags & REGION_WRITE);
	if (rc < 0)
		return rc;
	for (uint32_t a = va; a < va + len; a += PAGE_SIZE) {
		uint32_t next = nu_pd_next_table(s->pd, a, va + len);
		if (next != a) {
			a = next - PAGE_SIZE;
			continue;
		}
		nu_pd_protect(s->pd, a, flags); /* absent pages: -ERR_NOENT */
	}
	return 0;
}

/* Frames left for the kernel's own needs: a touch that would go below this
 * fails (the process is killed with "out of memory"), the kernel goes on. */
static uint32_t kernel_reserve(void)
{
	uint32_t total = nu_frame_total_count();
	return total / 32 > 256 ? total / 32 : 256;
}

int space_fault_in(space_t *s, uint32_t va, int write)
{
	va &= PAGE_MASK;
	const region_t *r = region_find(&s->regions, va);
	uint32_t pa;
	if (!r || (r->flags & REGION_DEVICE))
		return -ERR_FAULT;
	if (nu_pd_lookup(s->pd, va, &pa, NULL) == 0)
		return -ERR_ACCES; /* present: the fault was a protection one */
	if (write && !(r->flags & REGION_WRITE))
		return -ERR_ACCES;
	if (nu_frame_free_count() <= kernel_reserve())
		return -ERR_NOMEM;
	pa = nu_frame_alloc();
	if (!pa)
		return -ERR_NOMEM;
	memset(PHYS_TO_VIRT(pa), 0, PAGE_SIZE);
	int rc = nu_pd_map(s->pd, va, pa, r->flags & REGION_WRITE);
	if (rc < 0) {
		nu_frame_free(pa);
		return -ERR_NOMEM; /* no frame for the page table */
	}
	s->pages++;
	s->anon++;
	resident_total++;
	return 0;
}

uint32_t space_resident_total(void) { return resident_total; }

int space_is_stack_overflow(space_t *s, uint32_t va, uint32_t esp)
{
	if (region_find(&s->regions, va))
		return 0;
	const region_t *r = region_next(&s->regions, va);
	if (!r || !(r->flags & REGION_STACK))
		return 0;
	return va >= r->lo - SPACE_STACK_GUARD ||
	       (esp < r->lo && va + SPACE_STACK_GUARD >= esp);
}

uint32_t space_resident_pages(space_t *s, int owner)
{
	uint32_t n = 0, pa;
	for (const region_t *r = s->regions.head; r; r = r->next) {
		if (r->owner != owner || (r->flags & REGION_DEVICE))
			continue;
		for (uint32_t va = r->lo; va < r->hi; va += PAGE_SIZE) {
			uint32_t next = nu_pd_next_table(s->pd, va, r->hi);
			if (next != va) {
				va = next - PAGE_SIZE;
				continue;
			}
			n += nu_pd_lookup(s->pd, va, &pa, NULL) == 0;
		}
	}
	return n;
}
