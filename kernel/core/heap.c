/* First-fit heap with address-ordered free list (see heap.h). */
#include "core/heap.h"
#include "uapi/errors.h"

#define MAGIC_USED 0x55534544u /* "USED" */
#define MAGIC_FREE 0x46524545u /* "FREE" */

struct heap_block {
	uint32_t
	    size; /* whole block, header included; multiple of HEAP_ALIGN */
	uint32_t magic;
	union {
		heap_block_t *next; /* next free block by address (free only) */
		uint64_t pad; /* same 16-byte header on 32- and 64-bit hosts */
	};
};

_Static_assert(sizeof(heap_block_t) == HEAP_ALIGN, "heap header size");

#define MIN_BLOCK (2 * HEAP_ALIGN)

void heap_init(heap_t *h, uintptr_t base, uintptr_t limit, size_t grow_step,
	       heap_grow_t grow, void *grow_ctx)
{
	*h = (heap_t){.base = base,
		      .brk = base,
		      .limit = limit,
		      .grow = grow,
		      .grow_ctx = grow_ctx,
		      .grow_step = grow_step};
}

void heap_set_paging(heap_t *h, size_t page, heap_pages_t back,
		     heap_pages_t release)
{
	h->page = page;
	h->back = back;
	h->release = release;
}

/* Hands back the pages of free block b past its header's page. */
static void release_inside(heap_t *h, const heap_block_t *b)
{
	if (!h->page)
		return;
	uintptr_t lo =
	    ((uintptr_t)b + sizeof(*b) + h->page - 1) & ~(h->page - 1);
	uintptr_t hi = ((uintptr_t)b + b->size) & ~(h->page - 1);
	if (hi > lo)
		h->release(h->grow_ctx, lo, hi - lo);
}

/* Makes [start, start+bytes) usable again before it is handed out. */
static int back_range(heap_t *h, uintptr_t start, size_t bytes)
{
	if (!h->page)
		return 0;
	uintptr_t lo = start & ~(h->page - 1);
	uintptr_t hi = (start + bytes + h->page - 1) & ~(h->page - 1);
	return h->back(h->grow_ctx, lo, hi - lo);
}

/* Puts b on the free list in address order and merges it with free
 * neighbours; returns the free block that now holds b. */
static heap_block_t *insert_free(heap_t *h, heap_block_t *b)
{
	heap_block_t **link = &h->free_list;
	heap_block_t *prev = NULL;
	while (*link && *link < b) {
		prev = *link;
		link = &(*link)->next;
	}
	b->magic = MAGIC_FREE;
	b->next = *link;
	*link = b;
	if (b->next && (uintptr_t)b + b->size == (uintptr_t)b->next) {
		b->size += b->next->size;
		b->next->magic = 0;
		b->next = b->next->next;
	}
	if (prev && (uintptr_t)prev + prev->size == (uintptr_t)b) {
		prev->size += b->size;
		prev->next = b->next;
		b->magic = 0;
		return prev;
	}
	return b;
}

/* Called when no free block holds need bytes. */
static int grow(heap_t *h, size_t need)
{
	/* A free block ending at brk merges with the new space: only the rest
	 * of need must be added (it is smaller than need, or it would fit). */
	const heap_block_t *last = h->free_list;
	while (last && last->next)
		last = last->next;
	if (last && (uintptr_t)last + last->size == h->brk)
		need -= last->size;
	size_t bytes = need > h->grow_step ? need : h->grow_step;
	bytes = (bytes + h->grow_step - 1) / h->grow_step * h->grow_step;
	if (bytes > h->limit - h->brk)
		bytes = h->limit - h->brk;
	if (bytes < need)
		return -ERR_NOMEM;
	int rc = h->grow(h->grow_ctx, h->brk, bytes);
	if (rc < 0)
		return rc;
	heap_block_t *b = (heap_block_t *)h->brk;
	b->size = (uint32_t)bytes;
	h->brk += bytes;
	insert_free(h, b);
	return 0;
}

void *heap_alloc(heap_t *h, size_t size)
{
	if (size == 0 || size > h->limit - h->base)
		return NULL;
	size_t need = (size + sizeof(heap_block_t) + HEAP_ALIGN - 1) &
		      ~(size_t)(HEAP_ALIGN - 1);
	for (int attempt = 0; attempt < 2; attempt++) {
		for (heap_block_t **link = &h->free_list; *link;
		     link = &(*link)->next) {
			heap_block_t *b = *link;
			if (b->size < need)
				continue;
			int split = b->size - need >= MIN_BLOCK;
			if (back_range(h, (uintptr_t)b,
				       split ? need + sizeof(*b) : b->size) <
			    0) {
				release_inside(h, b);
				return NULL;
			}
			if (split) {
				heap_block_t *rest =
				    (heap_block_t *)((uintptr_t)b + need);
				rest->size = b->size - (uint32_t)need;
				rest->magic = MAGIC_FREE;
				rest->next = b->next;
				b->size = (uint32_t)need;
				*link = rest;
			} else {
				*link = b->next;
			}
			b->magic = MAGIC_USED;
			b->next = NULL;
			h->used_bytes += b->size - sizeof(heap_block_t);
			h->used_blocks++;
			return b + 1;
		}
		if (attempt == 0 && grow(h, need) < 0)
			return NULL;
	}
	return NULL;
}

static heap_block_t *live_block(const heap_t *h, const void *p)
{
	uintptr_t a = (uintptr_t)p;
	if (a % HEAP_ALIGN || a < h->base + sizeof(heap_block_t) || a >= h->brk)
		return NULL;
	heap_block_t *b = (heap_block_t *)p - 1;
	return b->magic == MAGIC_USED ? b : NULL;
}

int heap_free(heap_t *h, void *p)
{
	heap_block_t *b = live_block(h, p);
	if (!b)
		return -ERR_INVAL;
	h->used_bytes -= b->size - sizeof(heap_block_t);
	h->used_blocks--;
	release_inside(h, insert_free(h, b));
	return 0;
}

size_t heap_block_size(const heap_t *h, const void *p)
{
	heap_block_t *b = live_block(h, p);
	return b ? b->size - sizeof(heap_block_t) : 0;
}

int heap_check(const heap_t *h)
{
	const heap_block_t *next_free = h->free_list;
	size_t used_bytes = 0, used_blocks = 0;
	int prev_free = 0;
	uintptr_t a = h->base;
	while (a < h->brk) {
		const heap_block_t *b = (const heap_block_t *)a;
		if (b->size < HEAP_ALIGN || b->size % HEAP_ALIGN ||
		    b->size > h->brk - a)
			return -ERR_INVAL;
		if (b->magic == MAGIC_FREE) {
			if (b != next_free || prev_free)
				return -ERR_INVAL; /* unlisted or unmerged */
			next_free = b->next;
			prev_free = 1;
		} else if (b->magic == MAGIC_USED) {
			used_bytes += b->size - sizeof(heap_block_t);
			used_blocks++;
			prev_free = 0;
		} else {
			return -ERR_INVAL;
		}
		a += b->size;
	}
	if (a != h->brk || next_free || used_bytes != h->used_bytes ||
	    used_blocks != h->used_blocks)
		return -ERR_INVAL;
	return 0;
}

size_t heap_free_bytes(const heap_t *h)
{
	size_t n = 0;
	for (const heap_block_t *b = h->free_list; b; b = b->next)
		n += b->size;
	return n;
}
