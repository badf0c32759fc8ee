/* ELF32 static-PIE loader (see elf.h). The format is uapi/elf.h's: gABI 4
 * (ELF header, e_ident), gABI 5 (program headers, the dynamic section) and
 * the i386 psABI's relocation types; only what static-PIE programs use. */
#include "system/elf.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "uapi/elf.h"
#include "uapi/errors.h"

#define ELF_PAGE 4096u

static int fail_rc(char *err, size_t errlen, const char *why, int rc)
{
	fmt_snprintf(err, errlen, "%s", why);
	return rc;
}

static int fail(char *err, size_t errlen, const char *why)
{
	return fail_rc(err, errlen, why, -ERR_NOEXEC);
}

/* The program header, dynamic and relocation tables are read in place as
 * structures, so they must be 4-byte aligned (as linkers lay them out); file
 * and buf are assumed aligned. */
static int check_header(const elf32_ehdr_t *h, uint32_t size, char *err,
			size_t errlen)
{
	if (size < sizeof(*h) || memcmp(h->e_ident, ELFMAG, SELFMAG) != 0)
		return fail(err, errlen, "not an ELF file");
	if (h->e_ident[EI_CLASS] != ELFCLASS32 ||
	    h->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen, "not 32-bit little-endian ELF");
	if (h->e_machine != EM_386)
		return fail(err, errlen, "not an i386 program");
	if (h->e_type != ET_DYN)
		return fail(
		    err, errlen,
		    "not position-independent (ET_DYN): link with -pie");
	if (h->e_phentsize != sizeof(elf32_phdr_t) || h->e_phnum == 0 ||
	    h->e_phoff % 4 || h->e_phoff > size ||
	    h->e_phnum * sizeof(elf32_phdr_t) > size - h->e_phoff)
		return fail(err, errlen, "bad program header table");
	return 0;
}

int elf_parse(const void *file, uint32_t size, elf_image_t *img, char *err,
	      size_t errlen)
{
	const elf32_ehdr_t *h = file;
	int rc = check_header(h, size, err, errlen);
	if (rc < 0)
		return rc;
	memset(img, 0, sizeof(*img));
	const elf32_phdr_t *ph =
	    (const elf32_phdr_t *)((const uint8_t *)file + h->e_phoff);
	uint32_t end = 0;
	for (int i = 0; i < h->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			return fail(err, errlen, "needs a dynamic linker");
		if (ph[i].p_type == PT_DYNAMIC) {
			img->dynamic_vaddr = ph[i].p_vaddr;
			img->dynamic_size = ph[i].p_memsz;
		}
		if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
			continue;
		if (img->nsegments == ELF_MAX_SEGMENTS)
			return fail(err, errlen, "too many segments");
		if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_offset > size ||
		    ph[i].p_filesz > size - ph[i].p_offset ||
		    ph[i].p_vaddr > 0x40000000u || ph[i].p_memsz > 0x40000000u)
			return fail(err, errlen,
				    "segment outside the file or too big");
		img->segments[img->nsegments++] = (elf_segment_t){
		    ph[i].p_vaddr, ph[i].p_memsz, ph[i].p_offset,
		    ph[i].p_filesz, ph[i].p_flags};
		if (ph[i].p_vaddr + ph[i].p_memsz > end)
			end = ph[i].p_vaddr + ph[i].p_memsz;
	}
	if (!img->nsegments)
		return fail(err, errlen, "no loadable segment");
	img->span = (end + ELF_PAGE - 1) & ~(ELF_PAGE - 1);
	if (h->e_entry >= end)
		return fail(err, errlen, "entry point outside the image");
	if (img->dynamic_size &&
	    (img->dynamic_vaddr % 4 || img->dynamic_vaddr > img->span ||
	     img->dynamic_size > img->span - img->dynamic_vaddr))
		return fail(err, errlen,
			    "dynamic section misaligned or outside the image");
	img->entry = h->e_entry;
	return 0;
}

static int relocate(const elf_image_t *img, const elf_target_t *to,
		    uint32_t base, char *err, size_t errlen)
{
	uint32_t rel = 0, relsz = 0, relent = sizeof(elf32_rel_t);
	uint32_t ndyn = img->dynamic_size / sizeof(elf32_dyn_t);
	for (uint32_t i = 0; i < ndyn; i++) {
		elf32_dyn_t dyn;
		if (to->read(to->ctx, img->dynamic_vaddr + i * sizeof(dyn),
			     &dyn, sizeof(dyn)) < 0)
			return fail(err, errlen, "dynamic section unreadable");
		if (dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_REL)
			rel = dyn.d_val;
		else if (dyn.d_tag == DT_RELSZ)
			relsz = dyn.d_val;
		else if (dyn.d_tag == DT_RELENT)
			relent = dyn.d_val;
	}
	if (!relsz)
		return 0;
	if (relent != sizeof(elf32_rel_t) || rel % 4 || rel > img->span ||
	    relsz > img->span - rel)
		return fail(err, errlen, "bad relocation table");
	for (uint32_t i = 0; i < relsz / sizeof(elf32_rel_t); i++) {
		elf32_rel_t r;
		uint32_t v;
		if (to->read(to->ctx, rel + i * sizeof(r), &r, sizeof(r)) < 0)
			return fail(err, errlen, "bad relocation table");
		uint32_t type = ELF32_R_TYPE(r.r_info);
		if (type == R_386_NONE)
			continue;
		if (type != R_386_RELATIVE) {
			fmt_snprintf(err, errlen,
				     "unsupported relocation type %u at 0x%x",
				     type, r.r_offset);
			return -ERR_NOEXEC;
		}
		if (r.r_offset > img->span - 4)
			return fail(err, errlen,
				    "relocation outside the image");
		int rc = to->read(to->ctx, r.r_offset, &v, 4);
		v += base;
		if (rc == 0)
			rc = to->write(to->ctx, r.r_offset, &v, 4);
		if (rc == -ERR_NOMEM)
			return fail_rc(err, errlen, "out of memory", rc);
		if (rc < 0)
			return fail(err, errlen,
				    "relocation outside the image");
	}
	return 0;
}

int elf_load(const void *file, uint32_t size, const elf_image_t *img,
	     const elf_target_t *to, uint32_t base, char *err, size_t errlen)
{
	(void)size; /* elf_parse bounded every segment by size */
	for (int i = 0; i < img->nsegments; i++) {
		const elf_segment_t *s = &img->segments[i];
		int rc = s->filesz
			     ? to->write(to->ctx, s->vaddr,
					 (const uint8_t *)file + s->offset,
					 s->filesz)
			     : 0;
		if (rc ==
		    -ERR_NOMEM) /* the target's shortage, not the file's */
			return fail_rc(err, errlen, "out of memory", rc);
		if (rc < 0)
			return fail(err, errlen, "segment outside the image");
	}
	if (img->dynamic_size)
		return relocate(img, to, base, err, errlen);
	return 0;
}
