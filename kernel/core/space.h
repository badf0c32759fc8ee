/* Address spaces: a page directory, a window of addresses its processes may
 * use, and the regions reserved in it (core/region.h). Memory is reserved
 * first (mem_map, the image, the stack) and backed by zeroed frames on the
 * first touch, by the process or by the kernel on its behalf (copyin,
 * copyout, IPC delivery, the loader). A space is shared by the members of a
 * process group (reference counted). A resident space is a window of the
 * resident area: it has no directory of its own (the resident tables are in
 * every directory), so its threads run in whichever space is current. */
#ifndef LAVENDER_CORE_SPACE_H
#define LAVENDER_CORE_SPACE_H
#include <stdint.h>
#include "core/region.h"

/* Between a stack region and whatever lies below it nothing may be
 * reserved: a touch there is reported as a stack overflow. */
#define SPACE_STACK_GUARD 0x10000u
#define SPACE_STACK 0x10u /* space_reserve flag: REGION_STACK */

typedef struct space {
	uint32_t pd;	 /* physical address of the page directory */
	uint32_t lo, hi; /* the window: user addresses [lo, hi) */
	uint32_t pages;	 /* pages mapped */
	uint32_t anon;	 /* of which frames from the allocator (not devices) */
	int refs;	 /* processes using it */
	int resident;
	int kernel;  /* a kernel-side process's: kernel memory, nothing owned */
	int creator; /* pid of the process it was made for (group id) */
	region_list_t regions;
	struct space *resident_next; /* in the list of resident spaces */
} space_t;

/* A new space of its own (window [PAGE_SIZE, USER_LIMIT)), or a resident one
 * over [lo, hi) of the resident area. NULL when out of memory. refs = 1. */
space_t *space_create(void);
space_t *space_create_resident(uint32_t lo, uint32_t hi);
/* The space of a kernel-side process (core/kproc.h): a window over kernel
 * memory [lo, hi) that holds no pages or regions of its own and, like a
 * resident one, needs no directory switch. Its threads' "user" addresses
 * (copyin, copyout, IPC buffers) are kernel addresses in the window. */
space_t *space_create_kernel(uint32_t lo, uint32_t hi);
void space_get(space_t *s);
/* Drops a reference; the last one frees every page (and the directory). */
void space_put(space_t *s);
/* Loads the space's directory unless it is resident (then the current one
 * serves: that is the point of the resident area). */
void space_activate(space_t *s);

/* Reserves [va, va+len) (page-aligned, inside the window) for zero-filled
 * pages backed on first touch, charged to pid owner (0: the process is not
 * made yet; space_set_owner). flags: NU_MAP_WRITE, SPACE_STACK. -ERR_EXIST
 * if it overlaps a reservation or a stack's guard gap, -ERR_NOSPC past
 * REGION_MAX regions, -ERR_NOMEM, -ERR_INVAL. */
int space_reserve(space_t *s, uint32_t va, uint32_t len, uint32_t flags,
		  int owner);
/* Finds room for a reservation of len bytes in [lo, hi) (the highest that
 * fits with a stack guard below it); 0 and *va, or -ERR_NOMEM. */
int space_find_room(space_t *s, uint32_t lo, uint32_t hi, uint32_t len,
		    uint32_t *va);
void space_set_owner(space_t *s, int from, int to);
/* Maps the device memory [pa, pa+len) at [va, va+len) (page-aligned, inside
 * the window, not reserved yet), reserved as a device region. The caller has
 * checked that it is not RAM. */
int space_map_device(space_t *s, uint32_t va, uint32_t len, uint32_t pa,
		     uint32_t flags, int owner);
/* Drops the reservations in [va, va+len) and frees their pages. *owned gets
 * the reserved pages of pid owner's regions that went (for its charge).
 * -ERR_NOENT if part of the range is not reserved: then nothing changes. */
int space_unmap(space_t *s, uint32_t va, uint32_t len, int owner,
		uint32_t *owned);
/* The same for whatever lies in [lo, hi) (page-aligned; may be empty). For a
 * group member that ends while its space lives on. */
void space_release(space_t *s, uint32_t lo, uint32_t hi);
/* Makes [va, va+len) writable (NU_MAP_WRITE) or read-only: reservations
 * must cover it (-ERR_NOENT), pages touched later get the new protection. */
int space_protect(space_t *s, uint32_t va, uint32_t len, uint32_t flags);
/* Backs the page holding va with a zeroed frame if its region allows the
 * access (write: a write). 0 when the page is there now; -ERR_FAULT outside
 * every region, -ERR_ACCES for a write to a read-only region or a page that
 * is present (a protection fault), -ERR_NOMEM when the node is out of frames
 * (all but the kernel's reserve are in use). */
int space_fault_in(space_t *s, uint32_t va, int write);
/* The space that serves user address va now: the resident space holding
 * it, or the space whose directory is loaded. NULL if none. */
space_t *space_of_address(uint32_t va);
/* The trap path's resolver for a kernel-mode fault at a user address in a
 * checked copy (copyin, copyout, IPC): 1 when the page is backed now and the
 * copy may go on, 0 to let it fail with -ERR_FAULT. */
int space_resolve_fault(uint32_t va, int write);
/* 1 if va lies just below a stack region of s (in its guard gap), or esp
 * has left the stack above va for the unreserved memory around va. */
int space_is_stack_overflow(space_t *s, uint32_t va, uint32_t esp);
/* Anonymous user pages backed now in every space. */
uint32_t space_resident_total(void);
/* Pages of owner's regions that are backed now (the resident set). */
uint32_t space_resident_pages(space_t *s, int owner);
/* Copies into the space's pages (which need not be the current space),
 * backing them first if reserved (read-only ones too: the loader writes
 * text). -ERR_FAULT where nothing is reserved. */
int space_write(space_t *s, uint32_t va, const void *src, uint32_t n);
/* Copies from the space's pages into kernel memory (backing them first). */
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
