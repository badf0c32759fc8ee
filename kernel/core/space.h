/* Address spaces: a page directory, a window of addresses its processes may
 * use, and the pages mapped there. Pages are mapped eagerly (no demand
 * paging), belong to exactly one space, and are freed with it. A space is
 * shared by the members of a process group (reference counted). A resident
 * space is a window of the resident area: it has no directory of its own
 * (the resident tables are in every directory), so its threads run in
 * whichever space is current. */
#ifndef LAVENDER_CORE_SPACE_H
#define LAVENDER_CORE_SPACE_H
#include <stdint.h>

typedef struct space {
	uint32_t pd;	 /* physical address of the page directory */
	uint32_t lo, hi; /* the window: user addresses [lo, hi) */
	uint32_t pages;	 /* pages mapped */
	uint32_t anon;	 /* of which frames from the allocator (not devices) */
	int refs;	 /* processes using it */
	int resident;
	int creator; /* pid of the process it was made for (group id) */
} space_t;

/* A new space of its own (window [PAGE_SIZE, USER_LIMIT)), or a resident one
 * over [lo, hi) of the resident area. NULL when out of memory. refs = 1. */
space_t *space_create(void);
space_t *space_create_resident(uint32_t lo, uint32_t hi);
void space_get(space_t *s);
/* Drops a reference; the last one frees every page (and the directory). */
void space_put(space_t *s);
/* Loads the space's directory unless it is resident (then the current one
 * serves: that is the point of the resident area). */
void space_activate(const space_t *s);

/* Maps zeroed pages over [va, va+len) (page-aligned, inside the window,
 * nothing mapped there yet). All or nothing: on failure nothing stays mapped.
 * flags: NU_MAP_WRITE. -ERR_NOMEM when the node's commit limit (all frames
 * less a reserve for the kernel's own needs) would be passed: user memory can
 * never take the frames the kernel heap needs to go on. */
int space_map_anon(space_t *s, uint32_t va, uint32_t len, uint32_t flags);
/* Maps the device memory [pa, pa+len) at [va, va+len) (page-aligned, inside
 * the window, not mapped yet). The caller has checked that it is not RAM. */
int space_map_device(space_t *s, uint32_t va, uint32_t len, uint32_t pa,
		     uint32_t flags);
/* Unmaps and frees [va, va+len); -ERR_NOENT if some page was not mapped (the
 * others are still unmapped). */
int space_unmap(space_t *s, uint32_t va, uint32_t len);
/* Unmaps and frees whatever is mapped in [lo, hi) (page-aligned; may be
 * empty). For a group member that ends while its space lives on. */
void space_release(space_t *s, uint32_t lo, uint32_t hi);
/* Makes every page of [va, va+len) writable (NU_MAP_WRITE) or read-only.
 * Checks first that all are mapped (-ERR_NOENT), then changes them. */
int space_protect(space_t *s, uint32_t va, uint32_t len, uint32_t flags);
/* Copies into the space's mapped pages (which need not be the current
 * space); -ERR_FAULT where a page is missing. */
int space_write(space_t *s, uint32_t va, const void *src, uint32_t n);
/* Copies from the space's mapped pages into kernel memory. */
int space_read(space_t *s, uint32_t va, void *dst, uint32_t n);
/* Copies n bytes from src (a user address of the current process when
 * src_is_user, else kernel memory) to dst_va in space dst, which need not be
 * current; only into writable pages. -ERR_FAULT on any bad address. */
int space_copy_to(space_t *dst, uint32_t dst_va, const void *src, uint32_t n,
		  int src_is_user);

/* The current process's memory, through the checked copy: the range must lie
 * in its space's window; a bad or unmapped address gives -ERR_FAULT. */
int copyin(void *dst, uint32_t user_src, uint32_t n);
int copyout(uint32_t user_dst, const void *src, uint32_t n);
/* Copies a NUL-terminated string of at most max-1 chars; -ERR_NAMETOOLONG
 * when longer, -ERR_FAULT on a bad address. Returns the length. */
int copyin_str(char *dst, uint32_t user_src, uint32_t max);
/* 1 if [va, va+n) lies in the current process's window. */
int user_range_ok(uint32_t va, uint32_t n);

#endif
