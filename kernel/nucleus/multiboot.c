/* Multiboot 1 parser (see multiboot.h). Pure: no hardware access. */
#include "nucleus/multiboot.h"
#include "lib/string.h"
#include "uapi/errors.h"

/* Copies a NUL-terminated loader string, reading it one byte at a time so a
 * string running off reachable memory is cut rather than overrun. Returns 1
 * when the string was cut. */
static int copy_string(mb_translate_t translate, uint32_t pa, char *dst,
		       uint32_t size)
{
	uint32_t i;
	for (i = 0; i + 1 < size; i++) {
		const char *c = translate(pa + i, 1);
		if (!c)
			break;
		dst[i] = *c;
		if (!*c)
			return 0;
	}
	dst[i] = '\0';
	/* dst is full: the string fitted exactly if it ends right here. */
	const char *end = i + 1 == size ? translate(pa + i, 1) : NULL;
	return !end || *end;
}

static void parse_mmap(const mb_info_t *mbi, mb_translate_t translate,
		       boot_info_t *info)
{
	uint32_t pos = 0;
	while (pos + sizeof(mb_mmap_entry_t) <= mbi->mmap_length) {
		const mb_mmap_entry_t *e =
		    translate(mbi->mmap_addr + pos, sizeof(*e));
		if (!e || e->size < 20)
			break;
		if (info->nregions == BOOT_MAX_REGIONS) {
			info->truncated = info->regions_truncated = 1;
			break;
		}
		boot_region_t *r = &info->regions[info->nregions++];
		r->base = e->base;
		r->length = e->length;
		r->type = e->type;
		pos += e->size + 4;
	}
}

static void parse_modules(const mb_info_t *mbi, mb_translate_t translate,
			  boot_info_t *info)
{
	for (uint32_t i = 0; i < mbi->mods_count; i++) {
		const mb_module_t *m =
		    translate(mbi->mods_addr + i * sizeof(*m), sizeof(*m));
		if (!m)
			break;
		if (info->nmodules == BOOT_MAX_MODULES) {
			info->truncated = 1;
			break;
		}
		boot_module_t *bm = &info->modules[info->nmodules++];
		bm->start = m->start;
		bm->end = m->end;
		bm->name[0] = '\0';
		if (m->string)
			info->truncated |= copy_string(
			    translate, m->string, bm->name, sizeof(bm->name));
	}
}

int mb_parse(uint32_t magic, uint32_t mbi_pa, mb_translate_t translate,
	     boot_info_t *info)
{
	memset(info, 0, sizeof(*info));
	if (magic != MB_BOOTLOADER_MAGIC)
		return -ERR_INVAL;
	const mb_info_t *mbi = translate(mbi_pa, sizeof(*mbi));
	if (!mbi)
		return -ERR_INVAL;
	if (mbi->flags & MB_INFO_MEMORY) {
		info->mem_lower_kib = mbi->mem_lower;
		info->mem_upper_kib = mbi->mem_upper;
	}
	if ((mbi->flags & MB_INFO_CMDLINE) && mbi->cmdline)
		info->truncated |=
		    copy_string(translate, mbi->cmdline, info->cmdline,
				sizeof(info->cmdline));
	if ((mbi->flags & MB_INFO_LOADER_NAME) && mbi->boot_loader_name)
		copy_string(translate, mbi->boot_loader_name, info->loader,
			    sizeof(info->loader));
	if (mbi->flags & MB_INFO_MMAP)
		parse_mmap(mbi, translate, info);
	if (info->nregions == 0 && (mbi->flags & MB_INFO_MEMORY)) {
		/* No map: the two classic ranges below 640 KiB and above 1 MiB.
		 */
		info->regions[0] =
		    (boot_region_t){0, mbi->mem_lower * 1024ull, 1};
		info->regions[1] =
		    (boot_region_t){0x100000, mbi->mem_upper * 1024ull, 1};
		info->nregions = 2;
	}
	if (mbi->flags & MB_INFO_MODS)
		parse_modules(mbi, translate, info);
	return 0;
}
