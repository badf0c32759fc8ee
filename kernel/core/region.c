/* Reserved ranges of an address space (see region.h). */
#include "core/region.h"
#include "uapi/errors.h"

#define PAGE 4096u

region_t *region_next(const region_list_t *l, uint32_t va)
{
	region_t *r = l->head;
	while (r && r->hi <= va)
		r = r->next;
	return r;
}

region_t *region_find(const region_list_t *l, uint32_t va)
{
	region_t *r = region_next(l, va);
	return r && r->lo <= va ? r : NULL;
}

static int same_kind(const region_t *a, const region_t *b)
{
	return a->flags == b->flags && a->owner == b->owner;
}

/* Merges r with its successor when they touch and are alike. */
static void merge_next(region_list_t *l, region_t *r)
{
	region_t *n = r->next;
	if (!n || n->lo != r->hi || !same_kind(r, n) ||
	    (r->flags & REGION_STACK))
		return;
	r->hi = n->hi;
	r->next = n->next;
	l->free(n);
	l->count--;
}

int region_add(region_list_t *l, uint32_t lo, uint32_t hi, uint32_t flags,
	       int owner)
{
	if (lo >= hi || lo % PAGE || hi % PAGE)
		return -ERR_INVAL;
	region_t **link = &l->head, *prev = NULL;
	while (*link && (*link)->hi <= lo) {
		prev = *link;
		link = &(*link)->next;
	}
	if (*link && (*link)->lo < hi)
		return -ERR_EXIST;
	if (l->count >= REGION_MAX)
		return -ERR_NOSPC;
	region_t *r = l->alloc(sizeof(*r));
	if (!r)
		return -ERR_NOMEM;
	*r = (region_t){lo, hi, flags, owner, *link};
	*link = r;
	l->count++;
	merge_next(l, r);
	if (prev)
		merge_next(l, prev);
	return 0;
}

/* Cuts r in two at va (r->lo < va < r->hi); 0 or -ERR_NOSPC/-ERR_NOMEM. */
static int split(region_list_t *l, region_t *r, uint32_t va)
{
	if (l->count >= REGION_MAX)
		return -ERR_NOSPC;
	region_t *n = l->alloc(sizeof(*n));
	if (!n)
		return -ERR_NOMEM;
	*n = *r;
	n->lo = va;
	r->hi = va;
	r->next = n;
	l->count++;
	return 0;
}

/* Splits the regions holding lo and hi at them, so [lo, hi) starts and ends
 * at region edges. Needs at most two new regions: checked first. */
static int cut_at(region_list_t *l, uint32_t lo, uint32_t hi)
{
	region_t *a = region_find(l, lo), *b = region_find(l, hi);
	int need = (a && a->lo < lo) + (b && b->lo < hi);
	if (l->count + (uint32_t)need > REGION_MAX)
		return -ERR_NOSPC;
	if (a && a->lo < lo) {
		int rc = split(l, a, lo);
		if (rc < 0)
			return rc;
	}
	b = region_find(l, hi);
	if (b && b->lo < hi)
		return split(l, b, hi);
	return 0;
}

int region_remove(region_list_t *l, uint32_t lo, uint32_t hi,
		  void (*charge)(void *ctx, int owner, uint32_t pages),
		  void *ctx)
{
	if (lo >= hi)
		return 0;
	int rc = cut_at(l, lo, hi);
	if (rc < 0)
		return rc;
	region_t **link = &l->head;
	while (*link) {
		region_t *r = *link;
		if (r->lo >= lo && r->hi <= hi) {
			if (charge)
				charge(ctx, r->owner, (r->hi - r->lo) / PAGE);
			*link = r->next;
			l->free(r);
			l->count--;
		} else {
			link = &r->next;
		}
	}
	return 0;
}

int region_covers(const region_list_t *l, uint32_t lo, uint32_t hi)
{
	uint32_t va = lo;
	for (const region_t *r = region_find(l, lo); va < hi; r = r->next) {
		if (!r || r->lo > va) /* a hole */
			return 0;
		va = r->hi;
	}
	return 1;
}

int region_set_flags(region_list_t *l, uint32_t lo, uint32_t hi, uint32_t mask,
		     uint32_t value)
{
	if (!region_covers(l, lo, hi))
		return -ERR_NOENT;
	int rc = cut_at(l, lo, hi);
	if (rc < 0)
		return rc;
	for (region_t *r = region_find(l, lo); r && r->lo < hi; r = r->next)
		r->flags = (r->flags & ~mask) | (value & mask);
	/* Alike neighbours merge again: a program protected page by page
	 * must not use up the list. */
	region_t *r = l->head;
	while (r && r->next && r->next->hi <= lo)
		r = r->next;
	while (r && r->lo <= hi) {
		region_t *n = r->next;
		if (n && n->lo == r->hi && same_kind(r, n) &&
		    !(r->flags & REGION_STACK))
			merge_next(l, r);
		else
			r = n;
	}
	return 0;
}

void region_set_owner(region_list_t *l, int from, int to)
{
	for (region_t *r = l->head; r; r = r->next)
		if (r->owner == from)
			r->owner = to;
}

void region_clear(region_list_t *l)
{
	while (l->head) {
		region_t *r = l->head;
		l->head = r->next;
		l->free(r);
	}
	l->count = 0;
}

uint32_t region_pages(const region_list_t *l, int owner)
{
	uint32_t n = 0;
	for (const region_t *r = l->head; r; r = r->next)
		if (owner < 0 || r->owner == owner)
			n += (r->hi - r->lo) / PAGE;
	return n;
}
