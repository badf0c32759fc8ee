/* The kernel heap: heap.c over the nucleus's frames and kernel mappings. */
#include "core/kmem.h"
#include "core/heap.h"
#include "nucleus/nucleus.h"
#include "lib/export.h"
#include "lib/string.h"
#include "uapi/errors.h"

#define KHEAP_GROW_STEP (64 * 1024)

static heap_t kernel_heap;
static size_t mapped_pages; /* heap pages backed by frames now */

/* Unmaps the mapped pages of [start, start+bytes) and frees their frames. */
static int kheap_release(void *ctx, uintptr_t start, size_t bytes)
{
	(void)ctx;
	for (size_t off = 0; off < bytes; off += PAGE_SIZE) {
		uint32_t pa;
		if (nu_unmap_kernel_page(start + off, &pa) == 0) {
			nu_frame_free(pa);
			mapped_pages--;
		}
	}
	return 0;
}

/* Backs the unmapped pages of [start, start+bytes) with fresh frames. On
 * failure what it mapped stays (the heap releases it with its block). */
static int kheap_back(void *ctx, uintptr_t start, size_t bytes)
{
	(void)ctx;
	for (size_t off = 0; off < bytes; off += PAGE_SIZE) {
		uint32_t pa;
		if (nu_kernel_virt_to_phys(start + off, &pa) == 0)
			continue;
		pa = nu_frame_alloc();
		if (!pa)
			return -ERR_NOMEM;
		if (nu_map_kernel_page(start + off, pa, NU_MAP_WRITE) < 0) {
			nu_frame_free(pa);
			return -ERR_NOMEM;
		}
		mapped_pages++;
	}
	return 0;
}

/* New heap space: backed whole; undoes itself on failure. */
static int kheap_grow(void *ctx, uintptr_t start, size_t bytes)
{
	int rc = kheap_back(ctx, start, bytes);
	if (rc < 0)
		kheap_release(ctx, start, bytes);
	return rc;
}

void kmem_init(void)
{
	heap_init(&kernel_heap, KHEAP_BASE, KHEAP_LIMIT, KHEAP_GROW_STEP,
		  kheap_grow, NULL);
	heap_set_paging(&kernel_heap, PAGE_SIZE, kheap_back, kheap_release);
}

void *kmalloc(size_t size)
{
	uint32_t f = nu_irq_save();
	void *p = heap_alloc(&kernel_heap, size);
	nu_irq_restore(f);
	return p;
}

LV_EXPORT(kmalloc);

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}
LV_EXPORT(kzalloc);

void kfree(void *p)
{
	if (!p)
		return;
	uint32_t f = nu_irq_save();
	int rc = heap_free(&kernel_heap, p);
	nu_irq_restore(f);
	if (rc < 0)
		panic("kfree: %p is not a live heap block (double free?)", p);
}
LV_EXPORT(kfree);

size_t kmem_used_bytes(void) { return kernel_heap.used_bytes; }

size_t kmem_mapped_bytes(void) { return mapped_pages * PAGE_SIZE; }

int kmem_check(void)
{
	uint32_t f = nu_irq_save();
	int rc = heap_check(&kernel_heap);
	nu_irq_restore(f);
	return rc;
}
