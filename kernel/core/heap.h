/* A first-fit heap over one contiguous, growable virtual range. Pure: it asks
 * its grow callback to back new pages, so host tests run it over malloc'd
 * memory. Blocks are 16-byte aligned with a 16-byte header; free blocks sit on
 * an address-ordered list and are merged with free neighbours on release.
 * Pages wholly inside a free block (past its header) can be handed back with
 * heap_set_paging: the heap then asks for them again before it gives them out.
 * Not reentrant: the owner serialises calls. */
#ifndef LAVENDER_CORE_HEAP_H
#define LAVENDER_CORE_HEAP_H
#include <stddef.h>
#include <stdint.h>

#define HEAP_ALIGN 16u

/* Makes [start, start+bytes) usable; 0 or a negative error code. */
typedef int (*heap_grow_t)(void *ctx, uintptr_t start, size_t bytes);
/* Paging callbacks over [start, start+bytes) (page-aligned): back maps the
 * pages that are not mapped (0 or -ERR_NOMEM; what it mapped may stay), release
 * unmaps those that are (pages already unmapped are skipped). */
typedef int (*heap_pages_t)(void *ctx, uintptr_t start, size_t bytes);

typedef struct heap_block heap_block_t;

typedef struct heap {
	uintptr_t base, brk, limit; /* [base, brk) is backed; brk <= limit */
	heap_block_t *free_list;
	heap_grow_t grow;
	void *grow_ctx;
	size_t grow_step;  /* bytes added at least per growth */
	size_t used_bytes; /* payload bytes in live blocks */
	size_t used_blocks;
	size_t page;	      /* 0: pages are never released */
	heap_pages_t back;    /* before a free block's pages are handed out */
	heap_pages_t release; /* for pages wholly inside a free block */
} heap_t;

/* base and limit must be HEAP_ALIGN-aligned; grow_step a multiple of the
 * caller's page size. */
void heap_init(heap_t *h, uintptr_t base, uintptr_t limit, size_t grow_step,
	       heap_grow_t grow, void *grow_ctx);
/* Turns on page release (page: a power of two, a multiple of HEAP_ALIGN; the
 * callbacks get grow_ctx). Call before the first allocation. */
void heap_set_paging(heap_t *h, size_t page, heap_pages_t back,
		     heap_pages_t release);
/* NULL when size is 0 or no memory is left. */
void *heap_alloc(heap_t *h, size_t size);
/* -ERR_INVAL when p is not a live block of h (double or wild free). */
int heap_free(heap_t *h, void *p);
/* Payload capacity of a live block, 0 if p is not one. */
size_t heap_block_size(const heap_t *h, const void *p);
/* Walks every block: 0 when all invariants hold, -ERR_INVAL otherwise. */
int heap_check(const heap_t *h);
/* Bytes in free blocks (payload and headers). */
size_t heap_free_bytes(const heap_t *h);

#endif
