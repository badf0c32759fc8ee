/* Address spaces over the nucleus's page directories (see space.h). */
#include "core/space.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

int space_init(space_t *s)
{
	s->pd = nu_pd_create();
	s->pages = 0;
	return s->pd ? 0 : -ERR_NOMEM;
}

static void release_frame(uint32_t pa)
{
	if (nu_frame_free(pa) < 0)
		panic("space: user page 0x%08x was not an allocated frame", pa);
}

void space_destroy(space_t *s)
{
	if (!s->pd)
		return;
	nu_pd_destroy(s->pd, release_frame);
	s->pd = 0;
	s->pages = 0;
}

static int range_ok(uint32_t va, uint32_t len)
{
	return va % PAGE_SIZE == 0 && len % PAGE_SIZE == 0 && len &&
	       va >= PAGE_SIZE && va < USER_LIMIT && len <= USER_LIMIT - va;
}

int space_map_anon(space_t *s, uint32_t va, uint32_t len, uint32_t flags)
{
	if (!range_ok(va, len))
		return -ERR_INVAL;
	uint32_t pa;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE)
		if (nu_pd_lookup(s->pd, va + off, &pa) == 0)
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
			space_unmap(s, va, off ? off : PAGE_SIZE);
			return rc;
		}
		s->pages++;
	}
	return 0;
}

int space_unmap(space_t *s, uint32_t va, uint32_t len)
{
	if (!range_ok(va, len))
		return -ERR_INVAL;
	int rc = 0;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE) {
		uint32_t pa;
		if (nu_pd_unmap(s->pd, va + off, &pa) < 0) {
			rc = -ERR_NOENT;
			continue;
		}
		release_frame(pa);
		s->pages--;
	}
	return rc;
}

int space_protect(space_t *s, uint32_t va, uint32_t len, uint32_t flags)
{
	if (!range_ok(va, len))
		return -ERR_INVAL;
	uint32_t pa;
	for (uint32_t off = 0; off < len; off += PAGE_SIZE)
		if (nu_pd_lookup(s->pd, va + off, &pa) < 0)
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
		if (nu_pd_lookup(s->pd, va, &pa) < 0)
			return -ERR_FAULT;
		uint32_t chunk = PAGE_SIZE - (va % PAGE_SIZE);
		if (chunk > n)
			chunk = n;
		memcpy(PHYS_TO_VIRT(pa), from, chunk);
		va += chunk, from += chunk, n -= chunk;
	}
	return 0;
}

static int user_range(uint32_t addr, uint32_t n)
{
	return addr < USER_LIMIT && n <= USER_LIMIT - addr;
}

int copyin(void *dst, uint32_t user_src, uint32_t n)
{
	if (!user_range(user_src, n))
		return -ERR_FAULT;
	return nu_copy_checked(dst, (const void *)user_src, n);
}

int copyout(uint32_t user_dst, const void *src, uint32_t n)
{
	if (!user_range(user_dst, n))
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
