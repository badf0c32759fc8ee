/* Process creation from boot images (see spawn.h). */
#include "system/spawn.h"
#include "core/kmem.h"
#include "nucleus/nucleus.h"
#include "system/bootfs.h"
#include "system/elf.h"
#include "system/policy.h"
#include "lib/string.h"
#include "uapi/errors.h"

/* Lays out argc, argv[], NULL, envp NULL and the strings at the top of the
 * stack; returns the initial user esp, or a negative error. */
static int64_t build_stack(space_t *s, const char *args)
{
	char strings[SPAWN_ARGS_MAX];
	uint32_t words[SPAWN_ARGV_MAX + 4];
	size_t len = strlcpy(strings, args, sizeof(strings));
	if (len >= sizeof(strings))
		return -ERR_2BIG;
	uint32_t str_base = (USER_STACK_TOP - (len + 1)) & ~3u;
	int argc = 0;
	for (char *p = strings; *p;) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		if (argc == SPAWN_ARGV_MAX)
			return -ERR_2BIG;
		words[1 + argc++] = str_base + (uint32_t)(p - strings);
		while (*p && *p != ' ')
			p++;
	}
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
static void protect_segments(proc_t *p, const elf_image_t *img, uint32_t base)
{
	for (uint32_t page = 0; page < img->span; page += PAGE_SIZE) {
		int writable = 0;
		for (int i = 0; i < img->nsegments; i++) {
			const elf_segment_t *s = &img->segments[i];
			uint32_t first = s->vaddr & PAGE_MASK;
			if ((s->flags & ELF_PF_W) && page >= first &&
			    page < s->vaddr + s->memsz)
				writable = 1;
		}
		if (!writable)
			space_protect(&p->space, base + page, PAGE_SIZE, 0);
	}
}

static int load_image(proc_t *p, const uint8_t *file, uint32_t size,
		      uint32_t base, const char *image, uint32_t *entry)
{
	elf_image_t img;
	char why[80];
	int rc = elf_parse(file, size, &img, why, sizeof(why));
	if (rc < 0)
		goto bad_image;
	if (img.span > USER_STACK_TOP - USER_STACK_SIZE - base)
		return -ERR_NOMEM;
	uint8_t *buf = kzalloc(img.span);
	if (!buf)
		return -ERR_NOMEM;
	rc = elf_load(file, size, &img, buf, base, why, sizeof(why));
	if (rc == 0)
		rc = space_map_anon(&p->space, base, img.span, NU_MAP_WRITE);
	if (rc == 0)
		rc = space_write(&p->space, base, buf, img.span);
	if (rc == 0)
		protect_segments(p, &img, base);
	kfree(buf);
	if (rc == -ERR_NOEXEC)
		goto bad_image;
	*entry = base + img.entry;
	return rc;
bad_image:
	kprintf("spawn: %s: %s\n", image, why);
	return rc;
}

int spawn_image(const char *image, const char *args, proc_t *parent,
		uint32_t base)
{
	const uint8_t *file;
	uint32_t size, entry = 0;
	proc_t *p;
	int rc = bootfs_find(image, &file, &size);
	if (rc < 0)
		return rc;
	rc = proc_create(image, parent, &p);
	if (rc < 0)
		return rc;
	rc = load_image(p, file, size, base, image, &entry);
	if (rc < 0)
		goto out_free;
	rc = space_map_anon(&p->space, USER_STACK_TOP - USER_STACK_SIZE,
			    USER_STACK_SIZE, NU_MAP_WRITE);
	if (rc < 0)
		goto out_free;
	int64_t esp = build_stack(&p->space, args);
	if (esp < 0) {
		rc = (int)esp;
		goto out_free;
	}
	policy_place_new(p);
	thread_t *t = thread_create_user(p, entry, (uint32_t)esp);
	if (!t) {
		rc = -ERR_NOMEM;
		goto out_free;
	}
	proc_add_thread(p, t);
	return p->pid;
out_free:
	space_destroy(&p->space);
	p->pid = 0;
	return rc;
}
