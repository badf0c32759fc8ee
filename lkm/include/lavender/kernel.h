/* For module authors: the kernel functions a module may call, exactly the
 * kernel's export table (LV_EXPORT marks in the kernel; module_exports
 * serves it). Each is a plain i386 cdecl function. The kernel compiles this
 * header next to its own declarations (core/kexport.c), so a signature that
 * drifts fails the kernel's build; a change of meaning raises
 * LV_KERNEL_ABI_VERSION. Kernel code is not preemptible: a module's init
 * and exit run in the loader's system call and must not block for long. */
#ifndef LAVENDER_KERNEL_H
#define LAVENDER_KERNEL_H
#include <stddef.h>
#include <stdint.h>
#include "uapi/errors.h"

/* The kernel console (printf's formats without floating point). */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Kernel heap: 16-byte aligned, NULL when out; kfree of anything else than
 * a live block stops the kernel. Not from interrupt handlers. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

/* The compiler may call these for struct copies and clears. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* I/O ports (a module runs at ring 0: no grant needed). */
uint8_t nu_inb(uint16_t port);
void nu_outb(uint16_t port, uint8_t value);
uint16_t nu_inw(uint16_t port);
void nu_outw(uint16_t port, uint16_t value);

/* Timer ticks since boot. */
uint64_t nu_ticks(void);

#endif
