/* The kernel heap: heap.c over the nucleus's frames and kernel mappings. */
#include "core/kmem.h"
#include "core/heap.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

#define KHEAP_GROW_STEP (64 * 1024)

static heap_t kernel_heap;

/* Backs [start, start+bytes) with fresh frames; undoes itself on failure. */
static int kheap_grow(void *ctx, uintptr_t start, size_t bytes)
{
	(void)ctx;
	for (size_t off = 0; off < bytes; off += PAGE_SIZE) {
		uint32_t pa = nu_frame_alloc();
		if (!pa ||
		    nu_map_kernel_page(start + off, pa, NU_MAP_WRITE) < 0) {
			if (pa)
				nu_frame_free(pa);
			while (off) {
				off -= PAGE_SIZE;
				if (nu_unmap_kernel_page(start + off, &pa) == 0)
					nu_frame_free(pa);
			}
			return -ERR_NOMEM;
		}
	}
	return 0;
}

void kmem_init(void)
{
	heap_init(&kernel_heap, KHEAP_BASE, KHEAP_LIMIT, KHEAP_GROW_STEP,
		  kheap_grow, NULL);
}

void *kmalloc(size_t size)
{
	uint32_t f = nu_irq_save();
	void *p = heap_alloc(&kernel_heap, size);
	nu_irq_restore(f);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

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

size_t kmem_used_bytes(void) { return kernel_heap.used_bytes; }

size_t kmem_mapped_bytes(void) { return kernel_heap.brk - kernel_heap.base; }

int kmem_check(void)
{
	uint32_t f = nu_irq_save();
	int rc = heap_check(&kernel_heap);
	nu_irq_restore(f);
	return rc;
}
