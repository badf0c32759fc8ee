/* Address spaces: a page directory plus the user pages the space owns. Pages
 * are mapped eagerly (no demand paging) and belong to exactly one space; they
 * are freed with it. */
#ifndef LAVENDER_CORE_SPACE_H
#define LAVENDER_CORE_SPACE_H
#include <stdint.h>

typedef struct space {
	uint32_t pd;	/* physical address of the page directory */
	uint32_t pages; /* user pages mapped */
} space_t;

int space_init(space_t *s); /* -ERR_NOMEM */
void space_destroy(space_t *s);
/* Maps zeroed pages over [va, va+len) (page-aligned, inside the user range,
 * nothing mapped there yet). All or nothing: on failure nothing stays mapped.
 * flags: NU_MAP_WRITE. */
int space_map_anon(space_t *s, uint32_t va, uint32_t len, uint32_t flags);
/* Unmaps and frees [va, va+len); -ERR_NOENT if some page was not mapped (the
 * others are still unmapped). */
int space_unmap(space_t *s, uint32_t va, uint32_t len);
/* Makes every page of [va, va+len) writable (NU_MAP_WRITE) or read-only.
 * Checks first that all are mapped (-ERR_NOENT), then changes them. */
int space_protect(space_t *s, uint32_t va, uint32_t len, uint32_t flags);
/* Copies into the space's mapped pages (which need not be the current
 * space); -ERR_FAULT where a page is missing. */
int space_write(space_t *s, uint32_t va, const void *src, uint32_t n);

/* The current space, through the checked copy: src/dst must lie wholly below
 * USER_LIMIT; a bad or unmapped address gives -ERR_FAULT. */
int copyin(void *dst, uint32_t user_src, uint32_t n);
int copyout(uint32_t user_dst, const void *src, uint32_t n);
/* Copies a NUL-terminated string of at most max-1 chars; -ERR_NAMETOOLONG
 * when longer, -ERR_FAULT on a bad address. Returns the length. */
int copyin_str(char *dst, uint32_t user_src, uint32_t max);

#endif
