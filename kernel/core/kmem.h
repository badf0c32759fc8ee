/* Kernel memory: kmalloc/kfree on the kernel heap (KHEAP_BASE..KHEAP_LIMIT),
 * backed by frames mapped on demand. Safe to call with interrupts enabled; not
 * from interrupt handlers that may run while a kmalloc is in progress. */
#ifndef LAVENDER_CORE_KMEM_H
#define LAVENDER_CORE_KMEM_H
#include <stddef.h>

void kmem_init(void);
void *kmalloc(size_t size); /* 16-byte aligned; NULL when out */
void *kzalloc(size_t size); /* zeroed */
void kfree(void *p);	    /* NULL is ignored; a bad pointer panics */
size_t kmem_used_bytes(void);
/* Bytes of heap backed by frames now: pages wholly inside free blocks go
 * back to the frame allocator. */
size_t kmem_mapped_bytes(void);
int kmem_check(void); /* heap_check of the kernel heap */

#endif
