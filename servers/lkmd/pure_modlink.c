/* The module linker (see pure_modlink.h), first phase: ELF checks and
 * layout (modlink_parse); pure_modreloc.c links. The format is uapi/elf.h's
 * (gABI ch. 4, i386 psABI "Relocation Types"); the info record is
 * pure_modinfo.c's. Every header is copied out of the file before use (no
 * unaligned reads of a hostile buffer), and every offset is checked before it
 * is used. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "uapi/elf.h"
#include "uapi/errors.h"
#include "pure_modlink.h"
#include "pure_modlink_impl.h"

enum sec_class { SEC_NONE, SEC_TEXT, SEC_RO, SEC_RW, SEC_BSS };

int modlink_refuse(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* [off, off + len) lies within size bytes, without overflow. */
static int in_bounds(uint32_t off, uint32_t len, uint32_t size)
{
	return off <= size && len <= size - off;
}

void modlink_shdr(const modlink_t *m, uint32_t i, elf32_shdr_t *sh)
{
	memcpy(sh, m->file + m->shoff + i * sizeof(*sh), sizeof(*sh));
}

void modlink_sym(const modlink_t *m, uint32_t i, elf32_sym_t *sym)
{
	elf32_shdr_t sh;
	modlink_shdr(m, m->symtab, &sh);
	memcpy(sym, m->file + sh.sh_offset + i * sizeof(*sym), sizeof(*sym));
}

/* A string of the table in section strsec, once that table is checked
 * (NUL-terminated) and idx is below its size. */
const char *modlink_str(const modlink_t *m, uint32_t strsec, uint32_t idx)
{
	elf32_shdr_t sh;
	modlink_shdr(m, strsec, &sh);
	return (const char *)m->file + sh.sh_offset + idx;
}

/* A section's name for messages: checked by check_sections first. */
static const char *sec_name(const modlink_t *m, uint32_t i)
{
	elf32_shdr_t sh;
	modlink_shdr(m, i, &sh);
	return modlink_str(m, m->shstrndx, sh.sh_name);
}

static const char *sym_name(const modlink_t *m, const elf32_sym_t *sym)
{
	if (ELF32_ST_TYPE(sym->st_info) == STT_SECTION &&
	    sym->st_shndx < m->shnum)
		return sec_name(m, sym->st_shndx);
	return modlink_str(m, m->strtab, sym->st_name);
}

const char *modlink_reloc_name(uint32_t type)
{
	static const char *const names[] = {
	    [R_386_NONE] = "R_386_NONE",
	    [R_386_32] = "R_386_32",
	    [R_386_PC32] = "R_386_PC32",
	    [R_386_GOT32] = "R_386_GOT32",
	    [R_386_PLT32] = "R_386_PLT32",
	    [R_386_COPY] = "R_386_COPY",
	    [R_386_GLOB_DAT] = "R_386_GLOB_DAT",
	    [R_386_JMP_SLOT] = "R_386_JMP_SLOT",
	    [R_386_RELATIVE] = "R_386_RELATIVE",
	    [R_386_GOTOFF] = "R_386_GOTOFF",
	    [R_386_GOTPC] = "R_386_GOTPC",
	    [R_386_32PLT] = "R_386_32PLT",
	    [R_386_16] = "R_386_16",
	    [R_386_PC16] = "R_386_PC16",
	    [R_386_8] = "R_386_8",
	    [R_386_PC8] = "R_386_PC8",
	    [R_386_IRELATIVE] = "R_386_IRELATIVE",
	    [R_386_GOT32X] = "R_386_GOT32X",
	};
	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "?";
}

/* gABI 4 "ELF Header": an i386 relocatable object with our header sizes. */
static int check_header(modlink_t *m, char *err, size_t errlen)
{
	elf32_ehdr_t h;
	if (m->file_size < sizeof(h))
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "truncated: %u bytes, shorter than an ELF header",
		    m->file_size);
	memcpy(&h, m->file, sizeof(h));
	if (memcmp(h.e_ident, ELFMAG, SELFMAG) != 0)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "not an ELF file");
	if (h.e_ident[EI_CLASS] != ELFCLASS32 ||
	    h.e_ident[EI_DATA] != ELFDATA2LSB)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "not 32-bit little-endian ELF");
	if (h.e_ident[EI_VERSION] != EV_CURRENT || h.e_version != EV_CURRENT)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "ELF version %u/%u, not 1",
				      h.e_ident[EI_VERSION], h.e_version);
	if (h.e_machine != EM_386)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "machine %u, not i386 (3)", h.e_machine);
	if (h.e_type != ET_REL)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "not an ELF relocatable (type %u): build the "
		    "module with -c, do not link it",
		    h.e_type);
	if (h.e_ehsize != sizeof(h) || h.e_shentsize != sizeof(elf32_shdr_t))
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "header sizes %u/%u, not 52/40",
				      h.e_ehsize, h.e_shentsize);
	if (h.e_shnum == 0 || h.e_shnum > MODLINK_MAX_SECTIONS)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "%u sections: 1 to %u supported",
				      h.e_shnum, MODLINK_MAX_SECTIONS);
	if (!in_bounds(h.e_shoff, h.e_shnum * sizeof(elf32_shdr_t),
		       m->file_size))
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "truncated: section headers past the end");
	if (h.e_shstrndx == SHN_UNDEF || h.e_shstrndx >= h.e_shnum)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section name table index %u out of range", h.e_shstrndx);
	m->shoff = h.e_shoff;
	m->shnum = h.e_shnum;
	m->shstrndx = h.e_shstrndx;
	return 0;
}

/* gABI 4 "String Table": a table ends with a NUL, so any index below its
 * size starts a terminated string. Checks its bounds itself: the section
 * name table is read before the other headers are checked. */
static int check_strtab(const modlink_t *m, uint32_t i, char *err,
			size_t errlen)
{
	elf32_shdr_t sh;
	modlink_shdr(m, i, &sh);
	if (sh.sh_type != SHT_STRTAB || sh.sh_size == 0 ||
	    !in_bounds(sh.sh_offset, sh.sh_size, m->file_size) ||
	    m->file[sh.sh_offset + sh.sh_size - 1] != '\0')
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section %u is not a NUL-terminated string table", i);
	return 0;
}

/* Which part of the image a section goes to, or SEC_NONE (not loaded);
 * -ERR_NOEXEC for what a module may not have. */
static int classify(const modlink_t *m, uint32_t i, const elf32_shdr_t *sh,
		    char *err, size_t errlen)
{
	uint32_t a = sh->sh_addralign;
	if (!(sh->sh_flags & SHF_ALLOC))
		return SEC_NONE;
	if (sh->sh_type != SHT_PROGBITS && sh->sh_type != SHT_NOBITS &&
	    sh->sh_type != SHT_NOTE)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section %s: type %u not supported in a module",
		    sec_name(m, i), sh->sh_type);
	if (sh->sh_flags & SHF_TLS)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section %s: thread-local storage not supported",
		    sec_name(m, i));
	if ((sh->sh_flags & SHF_WRITE) && (sh->sh_flags & SHF_EXECINSTR))
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "section %s is writable and executable",
				      sec_name(m, i));
	if (a > MODLINK_MAX_ALIGN || (a & (a - 1)))
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section %s: alignment %u is not a power of two "
		    "up to %u",
		    sec_name(m, i), a, MODLINK_MAX_ALIGN);
	if (sh->sh_size > MODLINK_MAX_IMAGE)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section %s: %u bytes, more than an image holds",
		    sec_name(m, i), sh->sh_size);
	if (sh->sh_flags & SHF_EXECINSTR)
		return SEC_TEXT;
	if (!(sh->sh_flags & SHF_WRITE))
		return SEC_RO;
	return sh->sh_type == SHT_NOBITS ? SEC_BSS : SEC_RW;
}

/* The symbol table: sh_link a string table, whole entries. */
static int check_symtab(modlink_t *m, uint32_t i, const elf32_shdr_t *sh,
			char *err, size_t errlen)
{
	if (sh->sh_entsize != sizeof(elf32_sym_t) ||
	    sh->sh_size % sizeof(elf32_sym_t) || sh->sh_size == 0)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "symbol table: bad entry size or table size");
	if (sh->sh_link == 0 || sh->sh_link >= m->shnum)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "symbol table: string table index %u out of "
		    "range",
		    sh->sh_link);
	if (sh->sh_info > sh->sh_size / sizeof(elf32_sym_t))
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "symbol table: first global %u out of range", sh->sh_info);
	int rc = check_strtab(m, sh->sh_link, err, errlen);
	if (rc < 0)
		return rc;
	m->symtab = i;
	m->strtab = sh->sh_link;
	m->nsyms = sh->sh_size / sizeof(elf32_sym_t);
	return 0;
}

/* One section header: in the file, its name in range, not RELA. */
static int check_section(modlink_t *m, uint32_t i, char *err, size_t errlen)
{
	elf32_shdr_t sh, names;
	modlink_shdr(m, i, &sh);
	modlink_shdr(m, m->shstrndx, &names);
	if (sh.sh_name >= names.sh_size)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "section %u: name index %u out of range",
				      i, sh.sh_name);
	if (sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL &&
	    !in_bounds(sh.sh_offset, sh.sh_size, m->file_size))
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "truncated: section %s past the end of the file",
		    sec_name(m, i));
	if (sh.sh_type == SHT_RELA)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section %s: RELA relocations are not used on "
		    "i386 (REL only)",
		    sec_name(m, i));
	if (sh.sh_type == SHT_SYMTAB_SHNDX)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "extended section indices not supported");
	return 0;
}

/* gABI 4 "Symbol Table": each name and section index in range. COMMON
 * symbols are refused (gcc's default -fno-common makes none): a module's
 * every variable has its place in .bss or .data. */
static int check_symbols(const modlink_t *m, char *err, size_t errlen)
{
	elf32_shdr_t strs, sec;
	modlink_shdr(m, m->strtab, &strs);
	for (uint32_t i = 1; i < m->nsyms; i++) {
		elf32_sym_t s;
		modlink_sym(m, i, &s);
		if (s.st_name >= strs.sh_size)
			return modlink_refuse(
			    err, errlen, -ERR_NOEXEC,
			    "symbol %u: name index %u out of range", i,
			    s.st_name);
		const char *name = modlink_str(m, m->strtab, s.st_name);
		if (s.st_shndx == SHN_COMMON)
			return modlink_refuse(err, errlen, -ERR_NOEXEC,
					      "common symbol %s: build with "
					      "-fno-common",
					      name);
		if (ELF32_ST_TYPE(s.st_info) == STT_TLS)
			return modlink_refuse(
			    err, errlen, -ERR_NOEXEC,
			    "symbol %s: thread-local storage not "
			    "supported",
			    name);
		if (s.st_shndx == SHN_UNDEF && !*name)
			return modlink_refuse(
			    err, errlen, -ERR_NOEXEC,
			    "symbol %u: undefined and nameless", i);
		if (s.st_shndx == SHN_UNDEF || s.st_shndx == SHN_ABS)
			continue;
		if (s.st_shndx >= m->shnum)
			return modlink_refuse(
			    err, errlen, -ERR_NOEXEC,
			    "symbol %s: section index %u out of "
			    "range",
			    name, s.st_shndx);
		modlink_shdr(m, s.st_shndx, &sec);
		if (s.st_value > sec.sh_size)
			return modlink_refuse(
			    err, errlen, -ERR_NOEXEC,
			    "symbol %s: value 0x%x past its section", name,
			    s.st_value);
	}
	return 0;
}

/* One relocation of a loaded section (i386 psABI: REL, the addend in the
 * word relocated): type, symbol index and offset in range. */
static int check_reloc(const modlink_t *m, uint32_t target,
		       const elf32_shdr_t *tsh, const elf32_rel_t *r, char *err,
		       size_t errlen)
{
	uint32_t type = ELF32_R_TYPE(r->r_info), symi = ELF32_R_SYM(r->r_info);
	const char *tname = sec_name(m, target);
	if (type != R_386_32 && type != R_386_PC32)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "relocation type %u (%s) not supported in %s at "
		    "0x%x: only R_386_32 and R_386_PC32 (build "
		    "with -fno-pic)",
		    type, modlink_reloc_name(type), tname, r->r_offset);
	if (symi == 0 || symi >= m->nsyms)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "relocation in %s at 0x%x: symbol index %u out "
		    "of range",
		    tname, r->r_offset, symi);
	if (!in_bounds(r->r_offset, 4, tsh->sh_size))
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "relocation offset 0x%x outside section %s (%u "
		    "bytes)",
		    r->r_offset, tname, tsh->sh_size);
	elf32_sym_t s;
	modlink_sym(m, symi, &s);
	if (s.st_shndx != SHN_UNDEF && s.st_shndx != SHN_ABS &&
	    m->sec_offset[s.st_shndx] == MODLINK_NOT_LOADED)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "relocation in %s against %s, which is not "
		    "loaded",
		    tname, sym_name(m, &s));
	return 0;
}

/* A REL section: header fields, then each entry if its target is loaded
 * (relocations of debug information are not applied, so not read). */
static int check_rel_section(const modlink_t *m, uint32_t i, char *err,
			     size_t errlen)
{
	elf32_shdr_t sh, tsh;
	modlink_shdr(m, i, &sh);
	if (sh.sh_entsize != sizeof(elf32_rel_t) ||
	    sh.sh_size % sizeof(elf32_rel_t))
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "section %s: bad relocation entry size",
				      sec_name(m, i));
	if (sh.sh_link != m->symtab)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section %s: symbol table index %u is not the "
		    "symbol table",
		    sec_name(m, i), sh.sh_link);
	if (sh.sh_info == 0 || sh.sh_info >= m->shnum)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section %s: target section index %u out of "
		    "range",
		    sec_name(m, i), sh.sh_info);
	if (m->sec_offset[sh.sh_info] == MODLINK_NOT_LOADED)
		return 0;
	modlink_shdr(m, sh.sh_info, &tsh);
	if (tsh.sh_type == SHT_NOBITS)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "section %s relocates %s, which has no bytes",
		    sec_name(m, i), sec_name(m, sh.sh_info));
	for (uint32_t k = 0; k < sh.sh_size / sizeof(elf32_rel_t); k++) {
		elf32_rel_t r;
		memcpy(&r, m->file + sh.sh_offset + k * sizeof(r), sizeof(r));
		int rc = check_reloc(m, sh.sh_info, &tsh, &r, err, errlen);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static uint32_t align_up(uint32_t v, uint32_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Places the loaded sections of one class from off; the new end, or
 * -ERR_NOEXEC if the image would pass MODLINK_MAX_IMAGE. */
static int64_t place_class(modlink_t *m, int cls, uint32_t off, char *err,
			   size_t errlen)
{
	for (uint32_t i = 1; i < m->shnum; i++) {
		elf32_shdr_t sh;
		modlink_shdr(m, i, &sh);
		if (classify(m, i, &sh, err, errlen) != cls)
			continue;
		off = align_up(off, sh.sh_addralign ? sh.sh_addralign : 1);
		if (sh.sh_size > MODLINK_MAX_IMAGE - off)
			return modlink_refuse(err, errlen, -ERR_NOEXEC,
					      "image larger than %u bytes",
					      MODLINK_MAX_IMAGE);
		m->sec_offset[i] = off;
		off += sh.sh_size;
	}
	return off;
}

/* Text, read-only data, data, bss; page boundaries between the first
 * three (sizes are bounded, so the additions cannot overflow). */
static int lay_out(modlink_t *m, char *err, size_t errlen)
{
	static const int order[] = {SEC_TEXT, SEC_RO, SEC_RW, SEC_BSS};
	uint32_t *marks[] = {&m->layout.text_end, &m->layout.ro_end,
			     &m->layout.bss_start, NULL};
	int64_t off = 0;
	for (int c = 0; c < 4; c++) {
		off = place_class(m, order[c], (uint32_t)off, err, errlen);
		if (off < 0)
			return (int)off;
		if (c < 2)
			off = align_up((uint32_t)off, MODLINK_PAGE);
		if (marks[c])
			*marks[c] = (uint32_t)off;
	}
	if (off > MODLINK_MAX_IMAGE - MODLINK_PAGE)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "image larger than %u bytes",
				      MODLINK_MAX_IMAGE);
	m->layout.size = align_up((uint32_t)off, MODLINK_PAGE);
	return 0;
}

/* Every section header in bounds before any table is read; then the
 * symbol table, every loaded section's kind (classify refuses what a
 * module may not hold) and the symbols. */
static int check_sections(modlink_t *m, char *err, size_t errlen)
{
	elf32_shdr_t sh;
	uint32_t symtab = 0, nsymtabs = 0;
	int rc = check_strtab(m, m->shstrndx, err, errlen);
	for (uint32_t i = 1; rc == 0 && i < m->shnum; i++) {
		rc = check_section(m, i, err, errlen);
		modlink_shdr(m, i, &sh);
		if (sh.sh_type == SHT_SYMTAB) {
			symtab = i;
			nsymtabs++;
		}
	}
	if (rc == 0 && nsymtabs != 1) /* gABI: at most one; we need it */
		rc = modlink_refuse(err, errlen, -ERR_NOEXEC,
				    "%u symbol tables, not 1", nsymtabs);
	if (rc == 0) {
		modlink_shdr(m, symtab, &sh);
		rc = check_symtab(m, symtab, &sh, err, errlen);
	}
	for (uint32_t i = 1; rc == 0 && i < m->shnum; i++) {
		modlink_shdr(m, i, &sh);
		rc = classify(m, i, &sh, err, errlen);
		if (rc > SEC_NONE)
			m->sec_offset[i] = 0; /* placed by lay_out */
		rc = rc < 0 ? rc : 0;
	}
	return rc < 0 ? rc : check_symbols(m, err, errlen);
}

static int find_section(modlink_t *m, const char *name, uint32_t *found,
			char *err, size_t errlen)
{
	*found = 0;
	for (uint32_t i = 1; i < m->shnum; i++) {
		if (strcmp(sec_name(m, i), name) != 0)
			continue;
		if (*found)
			return modlink_refuse(
			    err, errlen, -ERR_NOEXEC,
			    "two sections %s: one module per file", name);
		elf32_shdr_t sh;
		modlink_shdr(m, i, &sh);
		if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_ALLOC))
			return modlink_refuse(err, errlen, -ERR_NOEXEC,
					      "section %s is not loaded data",
					      name);
		*found = i;
	}
	return 0;
}

/* The info record and the parameter records, read from the file. */
static int read_info(modlink_t *m, char *err, size_t errlen)
{
	elf32_shdr_t sh, psh = {0};
	int rc =
	    find_section(m, LV_MODINFO_SECTION, &m->info_section, err, errlen);
	if (rc == 0)
		rc = find_section(m, LV_MODPARAM_SECTION, &m->param_section,
				  err, errlen);
	if (rc < 0)
		return rc;
	if (!m->info_section)
		return modlink_refuse(
		    err, errlen, -ERR_NOEXEC,
		    "no module info record (section %s): declare "
		    "one with LV_MODULE()",
		    LV_MODINFO_SECTION);
	modlink_shdr(m, m->info_section, &sh);
	if (m->param_section)
		modlink_shdr(m, m->param_section, &psh);
	return modinfo_parse(&m->info, m->file + sh.sh_offset, sh.sh_size,
			     m->file + psh.sh_offset, psh.sh_size, err, errlen);
}

int modlink_parse(modlink_t *m, const void *file, uint32_t size, char *err,
		  size_t errlen)
{
	memset(m, 0, sizeof(*m));
	for (uint32_t i = 0; i < MODLINK_MAX_SECTIONS; i++)
		m->sec_offset[i] = MODLINK_NOT_LOADED;
	m->file = file;
	m->file_size = size;
	int rc = check_header(m, err, errlen);
	if (rc == 0)
		rc = check_sections(m, err, errlen);
	for (uint32_t i = 1; rc == 0 && i < m->shnum; i++) {
		elf32_shdr_t sh;
		modlink_shdr(m, i, &sh);
		if (sh.sh_type == SHT_REL)
			rc = check_rel_section(m, i, err, errlen);
	}
	if (rc == 0)
		rc = lay_out(m, err, errlen);
	if (rc == 0)
		rc = read_info(m, err, errlen);
	return rc;
}
