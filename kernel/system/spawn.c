/* Process creation from boot images (see spawn.h). */
#include "system/spawn.h"
#include "system/sysport.h"
#include "core/kmem.h"
#include "core/limits.h"
#include "nucleus/nucleus.h"
#include "system/bootfs.h"
#include "system/elf.h"
#include "system/placement.h"
#include "system/policy.h"
#include "lib/args.h"
#include "lib/string.h"
#include "uapi/errors.h"

/* Lays out argc, argv[], NULL, envp NULL and the strings below stack_top
 * (args split and unquoted by args_split); returns the initial user esp, or
 * a negative error. */
static int64_t build_stack(space_t *s, uint32_t stack_top, const char *args)
{
	char strings[SPAWN_ARGS_MAX];
	uint32_t words[SPAWN_ARGV_MAX + 4];
	size_t len = strlcpy(strings, args, sizeof(strings));
	if (len >= sizeof(strings))
		return -ERR_2BIG;
	uint32_t str_base = (stack_top - (len + 1)) & ~3u;
	int argc = args_split(strings, words + 1, SPAWN_ARGV_MAX);
	if (argc < 0)
		return argc;
	for (int i = 1; i <= argc; i++)
		words[i] += str_base;
	words[0] = (uint32_t)argc;
	words[1 + argc] = 0; /* argv terminator */
	words[2 + argc] = 0; /* empty environment */
	uint32_t nwords = 3 + (uint32_t)argc;
	uint32_t esp = (str_base - nwords * 4) & ~15u;
	int rc = space_write(s, str_base, strings, (uint32_t)len + 1);
	if (rc == 0)
		rc = space_write(s, esp, words, nwords * 4);
	return rc < 0 ? rc : (int64_t)esp;
}

/* Pages that no writable segment covers become read-only (text, rodata). */
static void protect_segments(space_t *s, const elf_image_t *img, uint32_t base)
{
	for (uint32_t page = 0; page < img->span; page += PAGE_SIZE) {
		int writable = 0;
		for (int i = 0; i < img->nsegments; i++) {
			const elf_segment_t *seg = &img->segments[i];
			uint32_t first = seg->vaddr & PAGE_MASK;
			if ((seg->flags & PF_W) && page >= first &&
			    page < seg->vaddr + seg->memsz)
				writable = 1;
		}
		if (!writable)
			space_protect(s, base + page, PAGE_SIZE, 0);
	}
}

/* Drops what a spawn reserved before the process existed (owner 0). */
static void unreserve(space_t *s, uint32_t va, uint32_t len)
{
	uint32_t owned;
	space_unmap(s, va, len, 0, &owned);
}

/* elf_load writes straight into the new space's pages (no staging copy in
 * the kernel heap, whatever the image's size). */
typedef struct image_pages {
	space_t *space;
	uint32_t base, span;
} image_pages_t;

static int image_write(void *ctx, uint32_t off, const void *src, uint32_t n)
{
	image_pages_t *ip = ctx;
	if (off > ip->span || n > ip->span - off)
		return -ERR_FAULT;
	return space_write(ip->space, ip->base + off, src, n);
}

static int image_read(void *ctx, uint32_t off, void *dst, uint32_t n)
{
	image_pages_t *ip = ctx;
	if (off > ip->span || n > ip->span - off)
		return -ERR_FAULT;
	return space_read(ip->space, ip->base + off, dst, n);
}

/* Loads the image into pl's space at pl->image_base; *entry gets the
 * absolute entry point. On failure nothing of the image stays mapped. */
static int load_image(const placement_t *pl, const uint8_t *file, uint32_t size,
		      const char *image, uint32_t *entry, uint32_t *span)
{
	elf_image_t img;
	char why[80];
	int rc = elf_parse(file, size, &img, why, sizeof(why));
	if (rc < 0)
		goto bad_image;
	if (img.span > pl->image_limit - pl->image_base ||
	    (img.span + pl->stack_size) / PAGE_SIZE > LIMIT_MEM_PAGES) {
		kprintf("spawn: %s: image of %u KiB and stack of %u KiB over "
			"the process memory limit (%u KiB)\n",
			image, img.span / 1024, pl->stack_size / 1024,
			LIMIT_MEM_PAGES * 4);
		return -ERR_NOMEM;
	}
	/* Reserved, not backed: pages the loader writes are backed as it
	 * goes; .bss stays untouched until the program uses it. */
	rc =
	    space_reserve(pl->space, pl->image_base, img.span, NU_MAP_WRITE, 0);
	if (rc < 0)
		return rc;
	image_pages_t ip = {pl->space, pl->image_base, img.span};
	elf_target_t to = {&ip, image_write, image_read};
	rc = elf_load(file, size, &img, &to, pl->image_base, why, sizeof(why));
	if (rc < 0) {
		unreserve(pl->space, pl->image_base, img.span);
		goto bad_image; /* "out of memory" or what is wrong with it */
	}
	protect_segments(pl->space, &img, pl->image_base);
	*entry = pl->image_base + img.entry;
	*span = img.span;
	return 0;
bad_image:
	kprintf("spawn: %s: %s\n", image, why);
	return rc;
}

/* Reserves the stack and writes argv; returns the initial esp or an
 * error. */
static int64_t setup_stack(const placement_t *pl, const char *args)
{
	uint32_t bottom = pl->stack_top - pl->stack_size;
	int rc = space_reserve(pl->space, bottom, pl->stack_size,
			       NU_MAP_WRITE | SPACE_STACK, 0);
	if (rc < 0)
		return rc;
	int64_t esp = build_stack(pl->space, pl->stack_top, args);
	if (esp < 0)
		unreserve(pl->space, bottom, pl->stack_size);
	return esp;
}

/* The reserved handles of a new process: the name server's port (if one is
 * registered) and the right its parent passed. */
static void give_rights(proc_t *p, const right_t *boot)
{
	sysport_give_ns(p);
	if (boot) {
		right_t r = {.type = LV_RIGHT_SEND, .port = boot->port};
		right_retain(&r);
		handle_install_at(p, LV_BOOT_HANDLE, &r);
	}
}

unsigned spawn_rights(unsigned flags)
{
	return (flags & LV_SPAWN_NUCLEUS ? LV_PRIV_NUCLEUS : 0) |
	       (flags & LV_SPAWN_SCHED ? LV_PRIV_SCHED : 0) |
	       (flags & LV_SPAWN_MODULE ? LV_PRIV_MODULE : 0) |
	       (flags & LV_SPAWN_NET ? LV_PRIV_NET : 0);
}

int spawn_image(const spawn_req_t *req)
{
	const uint8_t *file;
	uint32_t size, entry = 0, span = 0;
	placement_t pl;
	proc_t *p;
	int rc = 0;
	if (req->elf) {
		file = req->elf;
		size = req->elf_len;
	} else {
		rc = bootfs_find(req->image, &file, &size);
	}
	if (rc < 0)
		return rc;
	rc = placement_choose(req->flags, req->group, req->stack_size, &pl);
	if (rc < 0)
		return rc;
	rc = load_image(&pl, file, size, req->image, &entry, &span);
	if (rc < 0)
		goto out_space;
	int64_t esp = setup_stack(&pl, req->args);
	if (esp < 0) {
		rc = (int)esp;
		goto out_image;
	}
	rc = proc_create(req->image, req->parent, pl.space, req->handles_max,
			 &p);
	if (rc < 0)
		goto out_stack;
	p->slot = pl.slot;
	if (!pl.space->creator)
		pl.space->creator = p->pid;
	p->map_lo = pl.map_lo;
	p->map_hi = pl.map_hi;
	p->own_lo =
	    pl.slot ? pl.map_lo : 0; /* slot 0: the space's first owner */
	p->own_hi = pl.slot ? pl.map_hi : GROUP_SLOT_SIZE;
	p->stack_lo = pl.stack_top - pl.stack_size;
	p->stack_hi = pl.stack_top;
	p->rights = spawn_rights(req->flags);
	p->mem_pages = (span + pl.stack_size) / PAGE_SIZE;
	space_set_owner(pl.space, 0, p->pid);
	policy_place_new(p);
	give_rights(p, req->boot_right);
	thread_t *t = thread_create_user(p, entry, (uint32_t)esp);
	if (!t) {
		/* Ends as a zombie child with status -ERR_NOMEM: the parent's
		 * wait(-1) collects it like any other. */
		proc_exit(p, -ERR_NOMEM);
		return -ERR_NOMEM;
	}
	proc_add_thread(p, t);
	return p->pid;
out_stack:
	unreserve(pl.space, pl.stack_top - pl.stack_size, pl.stack_size);
out_image:
	unreserve(pl.space, pl.image_base, span);
out_space:
	space_put(pl.space);
	return rc;
}
