/* User memory as the kernel touches it (see space.h): copies between kernel
 * memory and a space's pages, current or not, backing reserved pages on the
 * way. The current space's pages fault in through the trap path
 * (space_resolve_fault); other spaces' through their page tables here. */
#include "core/proc.h"
#include "core/space.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

/* The frame behind va in s, backed first if reserved; write: the access
 * must be allowed by the page (not for the kernel's own loader writes). */
static int page_of(space_t *s, uint32_t va, int write, int check_write,
		   uint32_t *pa)
{
	uint32_t flags;
	if (nu_pd_lookup(s->pd, va, pa, &flags) < 0) {
		int rc = space_fault_in(s, va, check_write && write);
		if (rc < 0 || nu_pd_lookup(s->pd, va, pa, &flags) < 0)
			return rc == -ERR_NOMEM ? rc : -ERR_FAULT;
	}
	if (check_write && write && !(flags & NU_MAP_WRITE))
		return -ERR_FAULT;
	return 0;
}

/* Copies n bytes from src into s's pages page by page through their frames
 * (s need not be current), backing them first; with check_write only into
 * pages the process may write. */
static int write_pages(space_t *s, uint32_t va, const uint8_t *from, uint32_t n,
		       int check_write)
{
	while (n) {
		uint32_t pa;
		int rc = page_of(s, va, 1, check_write, &pa);
		if (rc < 0)
			return rc;
		uint32_t chunk = PAGE_SIZE - (va % PAGE_SIZE);
		if (chunk > n)
			chunk = n;
		if (nu_phys_write(pa, from, chunk) < 0)
			return -ERR_FAULT;
		va += chunk, from += chunk, n -= chunk;
	}
	return 0;
}

int space_write(space_t *s, uint32_t va, const void *src, uint32_t n)
{
	return write_pages(s, va, src, n, 0);
}

int space_read(space_t *s, uint32_t va, void *dst, uint32_t n)
{
	uint8_t *to = dst;
	while (n) {
		uint32_t pa;
		int rc = page_of(s, va, 0, 0, &pa);
		if (rc < 0)
			return rc;
		uint32_t chunk = PAGE_SIZE - (va % PAGE_SIZE);
		if (chunk > n)
			chunk = n;
		memcpy(to, PHYS_TO_VIRT(pa), chunk);
		va += chunk, to += chunk, n -= chunk;
	}
	return 0;
}

/* nu_copy_checked, telling a page the node had no frame for (-ERR_NOMEM)
 * from a bad address (-ERR_FAULT): the resolver notes which it was. */
static int checked_copy(void *dst, const void *src, uint32_t n)
{
	thread_t *self = sched_current();
	self->fault_nomem = 0;
	int rc = nu_copy_checked(dst, src, n);
	return rc == -ERR_FAULT && self->fault_nomem ? -ERR_NOMEM : rc;
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
	/* Reachable from here: one checked copy (write-protection holds; a
	 * reserved page faults in on the way). */
	if (dst->resident || dst->pd == nu_pd_current())
		return checked_copy((void *)dst_va, src, n);
	return write_pages(dst, dst_va, src, n, 1);
}

int copyin(void *dst, uint32_t user_src, uint32_t n)
{
	if (!user_range_ok(user_src, n))
		return -ERR_FAULT;
	return checked_copy(dst, (const void *)user_src, n);
}

int copyout(uint32_t user_dst, const void *src, uint32_t n)
{
	if (!user_range_ok(user_dst, n))
		return -ERR_FAULT;
	return checked_copy((void *)user_dst, src, n);
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

int space_resolve_fault(uint32_t va, int write)
{
	space_t *s = space_of_address(va);
	int rc = s ? space_fault_in(s, va, write) : -ERR_FAULT;
	if (rc == -ERR_NOMEM)
		sched_current()->fault_nomem = 1;
	return rc == 0;
}
