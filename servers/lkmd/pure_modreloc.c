/* The module linker's second phase (see pure_modlink.h): symbol
 * resolution and relocation into the caller's image (modlink_link), and
 * lookups in a parsed module. Everything it reads was bounded by
 * modlink_parse; i386 psABI "Relocation Types". */
#include <stdio.h>
#include <string.h>
#include "uapi/elf.h"
#include "uapi/errors.h"
#include "pure_modlink.h"
#include "pure_modlink_impl.h"

/* i386 words are little-endian, whatever the host. */
static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* S: the value of symbol i where the image sits at base. */
static int sym_value(const modlink_t *m, uint32_t i, uint32_t base,
		     modlink_lookup_t lookup, void *ctx, uint32_t *v, char *err,
		     size_t errlen)
{
	elf32_sym_t s;
	modlink_sym(m, i, &s);
	if (s.st_shndx == SHN_ABS) {
		*v = s.st_value;
		return 0;
	}
	if (s.st_shndx != SHN_UNDEF) {
		*v = base + m->sec_offset[s.st_shndx] + s.st_value;
		return 0;
	}
	const char *name = modlink_str(m, m->strtab, s.st_name);
	if (lookup(ctx, name, v) != 0)
		return modlink_refuse(err, errlen, -ERR_NOENT,
				      "unknown symbol %s", name);
	return 0;
}

/* Every undefined symbol, used or not, must resolve before anything is
 * written (as Linux's loader does). */
static int resolve_all(const modlink_t *m, modlink_lookup_t lookup, void *ctx,
		       char *err, size_t errlen)
{
	for (uint32_t i = 1; i < m->nsyms; i++) {
		elf32_sym_t s;
		uint32_t v;
		modlink_sym(m, i, &s);
		if (s.st_shndx != SHN_UNDEF)
			continue;
		int rc = sym_value(m, i, 0, lookup, ctx, &v, err, errlen);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* i386 psABI "Relocation Types": R_386_32 is S + A, R_386_PC32 is
 * S + A - P, with A the word at P (REL); checked by modlink_parse. */
static int apply_rel_section(const modlink_t *m, const elf32_shdr_t *sh,
			     uint8_t *image, uint32_t base,
			     modlink_lookup_t lookup, void *ctx, char *err,
			     size_t errlen)
{
	uint32_t target = m->sec_offset[sh->sh_info];
	for (uint32_t k = 0; k < sh->sh_size / sizeof(elf32_rel_t); k++) {
		elf32_rel_t r;
		uint32_t s;
		memcpy(&r, m->file + sh->sh_offset + k * sizeof(r), sizeof(r));
		int rc = sym_value(m, ELF32_R_SYM(r.r_info), base, lookup, ctx,
				   &s, err, errlen);
		if (rc < 0)
			return rc;
		uint8_t *word = image + target + r.r_offset;
		uint32_t v = s + get_le32(word);
		if (ELF32_R_TYPE(r.r_info) == R_386_PC32)
			v -= base + target + r.r_offset;
		put_le32(word, v);
	}
	return 0;
}

static int write_image(const modlink_t *m, uint8_t *image, uint32_t base,
		       modlink_lookup_t lookup, void *ctx, char *err,
		       size_t errlen)
{
	memset(image, 0, m->layout.size);
	for (uint32_t i = 1; i < m->shnum; i++) {
		elf32_shdr_t sh;
		modlink_shdr(m, i, &sh);
		if (m->sec_offset[i] != MODLINK_NOT_LOADED &&
		    sh.sh_type != SHT_NOBITS)
			memcpy(image + m->sec_offset[i], m->file + sh.sh_offset,
			       sh.sh_size);
	}
	for (uint32_t i = 1; i < m->shnum; i++) {
		elf32_shdr_t sh;
		modlink_shdr(m, i, &sh);
		if (sh.sh_type != SHT_REL ||
		    m->sec_offset[sh.sh_info] == MODLINK_NOT_LOADED)
			continue;
		int rc = apply_rel_section(m, &sh, image, base, lookup, ctx,
					   err, errlen);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int modlink_link(modlink_t *m, uint32_t base, void *image, uint32_t image_size,
		 modlink_lookup_t lookup, void *ctx, char *err, size_t errlen)
{
	m->linked = 0;
	if (base % MODLINK_PAGE || base + (uint64_t)m->layout.size > 1ull << 32)
		return modlink_refuse(
		    err, errlen, -ERR_INVAL,
		    "load base 0x%x: not page-aligned or the image "
		    "passes 4 GiB",
		    base);
	if (image_size < m->layout.size)
		return modlink_refuse(err, errlen, -ERR_INVAL,
				      "image buffer of %u bytes, %u needed",
				      image_size, m->layout.size);
	int rc = resolve_all(m, lookup, ctx, err, errlen);
	if (rc == 0)
		rc = write_image(m, image, base, lookup, ctx, err, errlen);
	if (rc == 0)
		rc = modinfo_place(
		    &m->info, image, &m->layout, m->sec_offset[m->info_section],
		    m->param_section ? m->sec_offset[m->param_section] : 0,
		    base, err, errlen);
	if (rc < 0)
		return rc;
	m->linked = 1;
	m->base = base;
	return 0;
}

int modlink_check_abi(const modlink_t *m, uint32_t kernel_abi, char *err,
		      size_t errlen)
{
	if (m->info.abi_version == kernel_abi)
		return 0;
	return modlink_refuse(
	    err, errlen, -ERR_NOEXEC,
	    "module %s was built for kernel ABI version %u, this "
	    "kernel has version %u: rebuild it",
	    m->info.name, m->info.abi_version, kernel_abi);
}

/* The symbols modlink_functions (globals 0) or modlink_globals (1) give. */
static uint32_t collect(const modlink_t *m, lv_modsym_t *out, uint32_t max,
			int globals)
{
	uint32_t n = 0;
	for (uint32_t i = 1; i < m->nsyms; i++) {
		elf32_sym_t s;
		modlink_sym(m, i, &s);
		uint32_t type = ELF32_ST_TYPE(s.st_info);
		if (s.st_shndx == SHN_UNDEF || s.st_shndx >= SHN_LORESERVE ||
		    m->sec_offset[s.st_shndx] == MODLINK_NOT_LOADED)
			continue;
		const char *name = modlink_str(m, m->strtab, s.st_name);
		uint32_t off = m->sec_offset[s.st_shndx] + s.st_value;
		if (globals ? ELF32_ST_BIND(s.st_info) != STB_GLOBAL ||
				  (type != STT_FUNC && type != STT_OBJECT &&
				   type != STT_NOTYPE) ||
				  strlen(name) >= LV_MODSYM_NAME_MAX
			    : type != STT_FUNC || off >= m->layout.text_end)
			continue;
		if (n < max) {
			out[n].offset = off;
			snprintf(out[n].name, sizeof(out[n].name), "%s", name);
		}
		n++;
	}
	return n;
}

uint32_t modlink_functions(const modlink_t *m, lv_modsym_t *out, uint32_t max)
{
	return collect(m, out, max, 0);
}

uint32_t modlink_globals(const modlink_t *m, lv_modsym_t *out, uint32_t max)
{
	return collect(m, out, max, 1);
}

int modlink_symbol(const modlink_t *m, const char *name, uint32_t *offset)
{
	for (uint32_t i = 1; i < m->nsyms; i++) {
		elf32_sym_t s;
		modlink_sym(m, i, &s);
		uint32_t type = ELF32_ST_TYPE(s.st_info);
		if (s.st_shndx == SHN_UNDEF || s.st_shndx >= SHN_LORESERVE ||
		    (type != STT_FUNC && type != STT_OBJECT &&
		     type != STT_NOTYPE) ||
		    m->sec_offset[s.st_shndx] == MODLINK_NOT_LOADED ||
		    strcmp(modlink_str(m, m->strtab, s.st_name), name) != 0)
			continue;
		*offset = m->sec_offset[s.st_shndx] + s.st_value;
		return 0;
	}
	return -ERR_NOENT;
}
