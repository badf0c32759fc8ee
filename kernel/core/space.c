/* Address spaces over the nucleus's page directories (see space.h). */
#include "core/space.h"
#include "core/kmem.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

static space_t *space_alloc(uint32_t pd, uint32_t lo, uint32_t hi, int resident)
{
	space_t *s = kzalloc(sizeof(*s));
	if (!s)
		return NULL;
	*s = (space_t){
	    .pd = pd, .lo = lo, .hi = hi, .refs = 1, .resident = resident};
	return s;
}

space_t *space_create(void)
{
	uint32_t pd = nu_pd_create();
	if (!pd)
		return NULL;
	space_t *s = space_alloc(pd, PAGE_SIZE, USER_LIMIT, 0);
	if (!s)
		nu_pd_destroy(pd, NULL);
	return s;
}

space_t *space_create_resident(uint32_t lo, uint32_t hi)
{
	return space_alloc(nu_pd_kernel(), lo, hi, 1);
}

void space_get(space_t *s) { s->refs++; }

static uint32_t committed; /* anonymous user pages of every space */

/* User pages may take all frames but a reserve for the kernel: 1/8 of
 * memory, at least 4 MiB. */
static uint32_t commit_limit(void)
{
	uint32_t total = nu_frame_total_count();
	uint32_t reserve = total / 8 > 1024 ? total / 8 : 1024;
	return total > reserve ? total - reserve : 0;
}

/* Returns a page's frame to the allocator; device memory mapped by a driver
 * (never the allocator's) is just dropped. Returns 1 for an allocator frame. */
static int release_frame_counted(uint32_t pa)
{
	if (!nu_frame_is_managed(pa))
		return 0;
	if (nu_frame_free(pa) < 0)
		panic("space: user page 0x%08x was not an allocated frame", pa);
	return 1;
}

static void release_frame(uint32_t pa) { release_frame_counted(pa); }

/* Unmaps the page at va if mapped; 0 or -ERR_NOENT. */
static int unmap_page(space_t *s, uint32_t va)
{
	uint32_t pa;
	if (nu_pd_unmap(s->pd, va, &pa) < 0)
		return -ERR_NOENT;
	if (release_frame_counted(pa)) {
		s->anon--;
		committed--;
	}
	s->pages--;
	return 0;
}

void space_put(space_t *s)
{
	if (--s->refs > 0)
		return;
	if (s->resident) {
		for (uint32_t va = s->lo; va < s->hi && s->pages;
		     va += PAGE_SIZE)
			unmap_page(s, va);
	} else {
		committed -= s->anon;
		nu_pd_destroy(s->pd, release_frame);
	}
	kfree(s);
}

void space_activate(const space_t *s)
{
	if (!s->resident)
		nu_pd_switch(s->pd);
}

static int range_ok(const space_t *s, uint32_t va, uint32_t len)
{
	return va % PAGE_SIZE == 0 && len % PAGE_SIZE == 0 && len &&
	       va >= s->lo && va < s->hi && len <= s->hi - va;
}

int space_map_anon(space_t *s, uint32_t va, uint32_t len, uint32_t flags)
{
	if (!range_ok(s, va, len))
		return -ERR_INVAL;
	uint32_t pa;
	if (len / PAGE_SIZE > commit_limit() - committed)
		return -ERR_NOMEM;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE)
		if (nu_pd_lookup(s->pd, va + off, &pa, NULL) == 0)
			return -ERR_EXIST;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE) {
		int rc = -ERR_NOMEM;
		pa = nu_frame_alloc();
		if (pa) {
			memset(PHYS_TO_VIRT(pa), 0, PAGE_SIZE);
			rc = nu_pd_map(s->pd, va + off, pa, flags);
		}
		if (rc < 0) {
			if (pa)
				nu_frame_free(pa);
			if (off)
				space_unmap(s, va, off);
			return rc;
		}
		s->pages++;
		s->anon++;
		committed++;
	}
	return 0;
}

int space_map_device(space_t *s, uint32_t va, uint32_t len, uint32_t pa,
		     uint32_t flags)
{
	if (!range_ok(s, va, len) || pa % PAGE_SIZE)
		return -ERR_INVAL;
	uint32_t mapped;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE)
		if (nu_pd_lookup(s->pd, va + off, &mapped, NULL) == 0)
			return -ERR_EXIST;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE) {
		int rc = nu_pd_map(s->pd, va + off, pa + off, flags);
		if (rc < 0) {
			if (off)
				space_unmap(s, va, off);
			return rc;
		}
		s->pages++;
	}
	return 0;
}

int space_unmap(space_t *s, uint32_t va, uint32_t len)
{
	if (!range_ok(s, va, len))
		return -ERR_INVAL;
	int rc = 0;
	uint32_t end = va + len; /* range_ok: no wrap */
	for (uint32_t a = va; a < end; a += PAGE_SIZE) {
		uint32_t next = nu_pd_next_table(s->pd, a, end);
		if (next != a) { /* no page table: nothing mapped there */
			rc = -ERR_NOENT;
			a = next - PAGE_SIZE;
			continue;
		}
		if (unmap_page(s, a) < 0)
			rc = -ERR_NOENT;
	}
	return rc;
}

void space_release(space_t *s, uint32_t lo, uint32_t hi)
{
	for (uint32_t va = lo; va < hi && s->pages; va += PAGE_SIZE) {
		uint32_t next = nu_pd_next_table(s->pd, va, hi);
		if (next != va) {
			va = next - PAGE_SIZE;
			continue;
		}
		unmap_page(s, va);
	}
}

int space_protect(space_t *s, uint32_t va, uint32_t len, uint32_t flags)
{
	if (!range_ok(s, va, len))
		return -ERR_INVAL;
	uint32_t pa;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE)
		if (nu_pd_lookup(s->pd, va + off, &pa, NULL) < 0)
			return -ERR_NOENT;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE)
		nu_pd_protect(s->pd, va + off, flags);
	return 0;
}

int space_write(space_t *s, uint32_t va, const void *src, uint32_t n)
{
	const uint8_t *from = src;
	while (n) {
		uint32_t pa;
		if (nu_pd_lookup(s->pd, va, &pa, NULL) < 0)
			return -ERR_FAULT;
		uint32_t chunk = PAGE_SIZE - (va % PAGE_SIZE);
		if (chunk > n)
			chunk = n;
		if (nu_phys_write(pa, from, chunk) < 0)
			return -ERR_FAULT;
		va += chunk, from += chunk, n -= chunk;
	}
	return 0;
}

int space_read(space_t *s, uint32_t va, void *dst, uint32_t n)
{
	uint8_t *to = dst;
	while (n) {
		uint32_t pa;
		if (nu_pd_lookup(s->pd, va, &pa, NULL) < 0)
			return -ERR_FAULT;
		uint32_t chunk = PAGE_SIZE - (va % PAGE_SIZE);
		if (chunk > n)
			chunk = n;
		memcpy(to, PHYS_TO_VIRT(pa), chunk);
		va += chunk, to += chunk, n -= chunk;
	}
	return 0;
}

static int in_window(const space_t *s, uint32_t va, uint32_t n)
{
	return va >= s->lo && va < s->hi && n <= s->hi - va;
}

int user_range_ok(uint32_t va, uint32_t n)
{
	proc_t *p = proc_current();
	return p && in_window(p->space, va, n);
}

int space_copy_to(space_t *dst, uint32_t dst_va, const void *src, uint32_t n,
		  int src_is_user)
{
	if (!in_window(dst, dst_va, n))
		return -ERR_FAULT;
	if (src_is_user && !user_range_ok((uint32_t)src, n))
		return -ERR_FAULT;
	/* Reachable from here: one checked copy (write-protection holds). */
	if (dst->resident || dst->pd == nu_pd_current())
		return nu_copy_checked((void *)dst_va, src, n);
	const uint8_t *from = src;
	while (n) {
		uint32_t pa, flags;
		if (nu_pd_lookup(dst->pd, dst_va, &pa, &flags) < 0 ||
		    !(flags & NU_MAP_WRITE))
			return -ERR_FAULT;
		uint32_t chunk = PAGE_SIZE - (dst_va % PAGE_SIZE);
		if (chunk > n)
			chunk = n;
		if (nu_phys_write(pa, from, chunk) < 0)
			return -ERR_FAULT;
		dst_va += chunk, from += chunk, n -= chunk;
	}
	return 0;
}

int copyin(void *dst, uint32_t user_src, uint32_t n)
{
	if (!user_range_ok(user_src, n))
		return -ERR_FAULT;
	return nu_copy_checked(dst, (const void *)user_src, n);
}

int copyout(uint32_t user_dst, const void *src, uint32_t n)
{
	if (!user_range_ok(user_dst, n))
		return -ERR_FAULT;
	return nu_copy_checked((void *)user_dst, src, n);
}

int copyin_str(char *dst, uint32_t user_src, uint32_t max)
{
	for (uint32_t i = 0; i < max; i++) {
		int rc = copyin(&dst[i], user_src + i, 1);
		if (rc < 0)
			return rc;
		if (!dst[i])
			return (int)i;
	}
	if (max)
		dst[max - 1] = '\0';
	return -ERR_NAMETOOLONG;
}
