/* elf_parse and elf_load (the static-PIE ELF32 loader): a synthetic image
 * built here (layout, .bss, R_386_RELATIVE and R_386_NONE relocations), every
 * rejection with its reason, the real build/user/hello loaded at two bases,
 * and fuzzed images (ASan/UBSan catch any out-of-bounds read or write). The
 * ELF layout and constants are the shared uapi/elf.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "system/elf.h"
#include "uapi/elf.h"
#include "uapi/errors.h"
#include "unit.h"

/* The synthetic image: file and addresses.
 *   file 0x0000-0x0400 -> vaddr 0x0000 (R X): headers, relocations, "text"
 *   file 0x0400-0x1000    a gap that must not be loaded (0xAA)
 *   file 0x1000-0x1200 -> vaddr 0x2000 (RW): dynamic section, data;
 *                         memsz 0x1800, so .bss is 0x2200-0x3800
 * span = 0x4000. */
#define SYN_SIZE 0x1200u
#define SYN_SPAN 0x4000u
#define SYN_ENTRY 0x100u
#define SEG1_FILESZ 0x400u
#define SEG2_OFF 0x1000u
#define SEG2_VADDR 0x2000u
#define SEG2_FILESZ 0x200u
#define SEG2_MEMSZ 0x1800u
#define DYN_VADDR SEG2_VADDR
#define DYN_SIZE 48u /* 6 entries: the last one follows DT_NULL */
#define REL_VADDR 0x200u
#define NREL 7
#define GAP_BYTE 0xAA

typedef struct reloc {
	uint32_t offset, info, value; /* value: the word before relocation */
} reloc_t;

static const reloc_t syn_relocs[NREL] = {
    {0x2040, R_386_RELATIVE, 0x11111111}, {0x2044, R_386_RELATIVE, SYN_ENTRY},
    {0x2048, R_386_NONE, 0xDEADBEEF},	  {0x204C, R_386_RELATIVE, 0x2050},
    {0x0300, R_386_RELATIVE, 0x12345678}, /* in the text segment */
    {0x3000, R_386_RELATIVE, 0},	  /* in .bss */
    {0x2061, R_386_RELATIVE, 0x01020304}, /* unaligned */
};

static uint32_t get32(const uint8_t *p, uint32_t off)
{
	uint32_t v;
	memcpy(&v, p + off, 4);
	return v;
}

static void put32(uint8_t *p, uint32_t off, uint32_t v)
{
	memcpy(p + off, &v, 4);
}

static elf32_ehdr_t *eh(uint8_t *f) { return (elf32_ehdr_t *)f; }

static elf32_phdr_t *ph(uint8_t *f, int i)
{
	return (elf32_phdr_t *)(f + sizeof(elf32_ehdr_t) +
				i * sizeof(elf32_phdr_t));
}

static elf32_phdr_t *add_phdr(uint8_t *f, uint32_t type, uint32_t offset,
			      uint32_t vaddr, uint32_t filesz, uint32_t memsz,
			      uint32_t flags)
{
	elf32_phdr_t *p = ph(f, eh(f)->e_phnum++);
	*p = (elf32_phdr_t){type,   offset, vaddr, vaddr,
			    filesz, memsz,  flags, 4096};
	return p;
}

/* The file offset of vaddr in the synthetic image. */
static uint32_t syn_off(uint32_t vaddr)
{
	return vaddr >= SEG2_VADDR ? vaddr - SEG2_VADDR + SEG2_OFF : vaddr;
}

static void syn_dyn(uint8_t *f, int i, int32_t tag, uint32_t val)
{
	uint32_t off = syn_off(DYN_VADDR) + i * 8;
	put32(f, off, (uint32_t)tag);
	put32(f, off + 4, val);
}

static void syn_rel(uint8_t *f, int i, uint32_t offset, uint32_t info)
{
	put32(f, REL_VADDR + i * 8, offset);
	put32(f, REL_VADDR + i * 8 + 4, info);
}

static uint8_t pattern(uint32_t i) { return (uint8_t)(i * 31 + 7); }

/* Builds the valid synthetic image into f (SYN_SIZE bytes). */
static void syn_build(uint8_t *f)
{
	for (uint32_t i = 0; i < SYN_SIZE; i++)
		f[i] = pattern(i);
	memset(f + SEG1_FILESZ, GAP_BYTE, SEG2_OFF - SEG1_FILESZ);
	elf32_ehdr_t *h = eh(f);
	memset(h, 0, sizeof(*h));
	memcpy(h->e_ident, "\177ELF\1\1\1", 7);
	h->e_type = ET_DYN;
	h->e_machine = EM_386;
	h->e_version = EV_CURRENT;
	h->e_entry = SYN_ENTRY;
	h->e_phoff = sizeof(elf32_ehdr_t);
	h->e_ehsize = sizeof(elf32_ehdr_t);
	h->e_phentsize = sizeof(elf32_phdr_t);
	add_phdr(f, PT_LOAD, 0, 0, SEG1_FILESZ, SEG1_FILESZ, 5);
	add_phdr(f, PT_LOAD, SEG2_OFF, SEG2_VADDR, SEG2_FILESZ, SEG2_MEMSZ, 6);
	add_phdr(f, PT_DYNAMIC, syn_off(DYN_VADDR), DYN_VADDR, DYN_SIZE,
		 DYN_SIZE, 6);
	syn_dyn(f, 0, DT_DEBUG, 0);
	syn_dyn(f, 1, DT_REL, REL_VADDR);
	syn_dyn(f, 2, DT_RELSZ, NREL * 8);
	syn_dyn(f, 3, DT_RELENT, 8);
	syn_dyn(f, 4, DT_NULL, 0);
	syn_dyn(f, 5, DT_RELSZ, 0xFFFF); /* after DT_NULL: ignored */
	for (int i = 0; i < NREL; i++) {
		const reloc_t *r = &syn_relocs[i];
		syn_rel(f, i, r->offset, r->info);
		if (r->offset < SYN_SPAN - 0x1000) /* not .bss */
			put32(f, syn_off(r->offset), r->value);
	}
}

/* What elf_load must produce from f at base. */
static void syn_expected(const uint8_t *f, uint8_t *out, uint32_t base)
{
	memset(out, 0, SYN_SPAN);
	memcpy(out, f, SEG1_FILESZ);
	memcpy(out + SEG2_VADDR, f + SEG2_OFF, SEG2_FILESZ);
	for (int i = 0; i < NREL; i++)
		if (syn_relocs[i].info == R_386_RELATIVE)
			put32(out, syn_relocs[i].offset,
			      get32(out, syn_relocs[i].offset) + base);
}

/* An elf_target_t over a buffer of span bytes (checks every access). */
typedef struct buf_target {
	uint8_t *buf;
	uint32_t span;
} buf_target_t;

static int buf_write(void *ctx, uint32_t off, const void *src, uint32_t n)
{
	buf_target_t *b = ctx;
	if (off > b->span || n > b->span - off)
		return -ERR_FAULT;
	memcpy(b->buf + off, src, n);
	return 0;
}

static int buf_read(void *ctx, uint32_t off, void *dst, uint32_t n)
{
	buf_target_t *b = ctx;
	if (off > b->span || n > b->span - off)
		return -ERR_FAULT;
	memcpy(dst, b->buf + off, n);
	return 0;
}

static int load_into(const uint8_t *f, uint32_t size, const elf_image_t *img,
		     uint8_t *buf, uint32_t base, char *err, size_t errlen)
{
	buf_target_t b = {buf, img->span};
	elf_target_t t = {&b, buf_write, buf_read};
	return elf_load(f, size, img, &t, base, err, errlen);
}

/* A heap copy of exactly size bytes, so ASan sees any read past the end. */
static uint8_t *dup_exact(const uint8_t *f, uint32_t size)
{
	uint8_t *p = malloc(size ? size : 1);
	if (!p) {
		perror("malloc");
		exit(2);
	}
	memcpy(p, f, size);
	return p;
}

/* 1 when elf_parse rejects the file with a reason containing word. */
static int parse_rejects(const uint8_t *f, uint32_t size, const char *word,
			 int line)
{
	uint8_t *copy = dup_exact(f, size);
	elf_image_t img;
	char err[128] = "";
	int rc = elf_parse(copy, size, &img, err, sizeof(err));
	free(copy);
	if (rc != -ERR_NOEXEC) {
		unit_fail(__FILE__, line, "elf_parse returned %d, not %d (%s)",
			  rc, -ERR_NOEXEC, err);
		return 0;
	}
	if (!strstr(err, word)) {
		unit_fail(__FILE__, line, "reason \"%s\" lacks \"%s\"", err,
			  word);
		return 0;
	}
	return 1;
}

/* 1 when elf_parse accepts the file and elf_load rejects it at base with a
 * reason containing word. */
static int load_rejects(const uint8_t *f, uint32_t size, const char *word,
			int line)
{
	uint8_t *copy = dup_exact(f, size);
	elf_image_t img;
	char err[128] = "";
	int rc = elf_parse(copy, size, &img, err, sizeof(err));
	if (rc != 0) {
		unit_fail(__FILE__, line, "elf_parse returned %d (%s)", rc,
			  err);
		free(copy);
		return 0;
	}
	uint8_t *buf = calloc(1, img.span);
	rc = load_into(copy, size, &img, buf, 0x400000, err, sizeof(err));
	free(buf);
	free(copy);
	if (rc != -ERR_NOEXEC) {
		unit_fail(__FILE__, line, "elf_load returned %d, not %d (%s)",
			  rc, -ERR_NOEXEC, err);
		return 0;
	}
	if (!strstr(err, word)) {
		unit_fail(__FILE__, line, "reason \"%s\" lacks \"%s\"", err,
			  word);
		return 0;
	}
	return 1;
}

#define CHECK_PARSE_REJECTS(f, size, word)                                     \
	CHECK(parse_rejects((f), (size), (word), __LINE__))
#define CHECK_LOAD_REJECTS(f, size, word)                                      \
	CHECK(load_rejects((f), (size), (word), __LINE__))

/* 1 when the decimal number n appears in s as a whole number (not inside a
 * longer one, nor in a 0x... hex number). */
static int names_number(const char *s, unsigned n)
{
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' ||
		    (p > s && p[-1] >= '0' && p[-1] <= '9'))
			continue;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			p += 2;
			while ((*p >= '0' && *p <= '9') ||
			       (*p >= 'a' && *p <= 'f') ||
			       (*p >= 'A' && *p <= 'F'))
				p++;
			if (!*p)
				break;
			continue;
		}
		if (strtoul(p, NULL, 10) == n)
			return 1;
	}
	return 0;
}

#define SYN(f)                                                                 \
	uint8_t f[SYN_SIZE] __attribute__((aligned(16)));                      \
	syn_build(f)

UNIT_TEST(elf_parse_synthetic)
{
	SYN(f);
	elf_image_t img;
	char err[128] = "";
	memset(&img, 0x5A, sizeof(img));
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	CHECK_EQ(img.entry, SYN_ENTRY);
	CHECK_EQ(img.span, SYN_SPAN); /* 0x3800 rounded up to a page */
	CHECK_EQ(img.nsegments, 2);
	CHECK_EQ(img.segments[0].vaddr, 0);
	CHECK_EQ(img.segments[0].offset, 0);
	CHECK_EQ(img.segments[0].filesz, SEG1_FILESZ);
	CHECK_EQ(img.segments[0].memsz, SEG1_FILESZ);
	CHECK_EQ(img.segments[0].flags, 5);
	CHECK_EQ(img.segments[0].flags & PF_W, 0);
	CHECK_EQ(img.segments[1].vaddr, SEG2_VADDR);
	CHECK_EQ(img.segments[1].offset, SEG2_OFF);
	CHECK_EQ(img.segments[1].filesz, SEG2_FILESZ);
	CHECK_EQ(img.segments[1].memsz, SEG2_MEMSZ);
	CHECK_EQ(img.segments[1].flags & PF_W, PF_W);
	CHECK_EQ(img.dynamic_vaddr, DYN_VADDR);
	CHECK_EQ(img.dynamic_size, DYN_SIZE);

	/* A span already on a page boundary stays as it is. */
	ph(f, 1)->p_memsz = SYN_SPAN - SEG2_VADDR;
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	CHECK_EQ(img.span, SYN_SPAN);
	ph(f, 1)->p_memsz++;
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	CHECK_EQ(img.span, SYN_SPAN + 0x1000);
}

UNIT_TEST(elf_parse_skips_other_headers)
{
	SYN(f);
	elf_image_t img;
	char err[128] = "";
	/* Non-loadable headers and an empty PT_LOAD are not segments. */
	add_phdr(f, PT_PHDR, 0x34, 0x34, 0x80, 0x80, 4);
	add_phdr(f, PT_LOAD, 0, 0x9000, 0, 0, 6);
	add_phdr(f, 0x6474E551 /* PT_GNU_STACK */, 0, 0, 0, 0, 6);
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	CHECK_EQ(img.nsegments, 2);
	CHECK_EQ(img.span, SYN_SPAN);
	/* Without PT_DYNAMIC there is nothing to relocate. */
	ph(f, 2)->p_type = PT_NULL;
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	CHECK_EQ(img.dynamic_vaddr, 0);
	CHECK_EQ(img.dynamic_size, 0);
}

UNIT_TEST(elf_load_synthetic)
{
	SYN(f);
	elf_image_t img;
	char err[128] = "";
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	static uint8_t buf[SYN_SPAN], want[SYN_SPAN];
	const uint32_t bases[] = {0x400000, 0x10000000, 0, 0xFFFFF000};
	for (unsigned b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
		uint32_t base = bases[b];
		memset(buf, 0, sizeof(buf));
		CHECK_EQ(
		    load_into(f, SYN_SIZE, &img, buf, base, err, sizeof(err)),
		    0);
		syn_expected(f, want, base);
		CHECK(memcmp(buf, want, SYN_SPAN) == 0);
		/* The same, spelled out. */
		CHECK_EQ(get32(buf, 0x2040), 0x11111111u + base);
		CHECK_EQ(get32(buf, 0x2044), SYN_ENTRY + base);
		CHECK_EQ(get32(buf, 0x2048), 0xDEADBEEF); /* R_386_NONE */
		CHECK_EQ(get32(buf, 0x204C), 0x2050 + base);
		CHECK_EQ(get32(buf, 0x0300), 0x12345678u + base);
		CHECK_EQ(get32(buf, 0x3000), base); /* .bss word */
		CHECK_EQ(get32(buf, 0x2061), 0x01020304u + base);
		CHECK_EQ(buf[0x10], 3); /* e_type: ET_DYN */
		CHECK_EQ(buf[0x2300], 0);
		CHECK_EQ(buf[SYN_SPAN - 1], 0);
		/* File bytes landed at their addresses; gap and .bss zero. */
		CHECK_EQ(buf[0x3F0], pattern(0x3F0));
		CHECK_EQ(buf[0x21F0], pattern(0x11F0));
		for (uint32_t i = SEG1_FILESZ; i < SEG2_VADDR; i++)
			CHECK_EQ(buf[i], 0);
		for (uint32_t i = SEG2_VADDR + SEG2_FILESZ; i < SYN_SPAN; i++)
			if (i < 0x3000 || i >= 0x3004)
				CHECK_EQ(buf[i], 0);
	}
}

UNIT_TEST(elf_load_without_relocations)
{
	SYN(f);
	elf_image_t img;
	char err[128] = "";
	static uint8_t buf[SYN_SPAN], want[SYN_SPAN];
	/* No PT_DYNAMIC, then DT_RELSZ 0: the image is the plain layout. */
	for (int pass = 0; pass < 2; pass++) {
		syn_build(f);
		if (pass == 0)
			ph(f, 2)->p_type = PT_NULL;
		else
			syn_dyn(f, 2, DT_RELSZ, 0);
		CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
		memset(buf, 0, sizeof(buf));
		CHECK_EQ(load_into(f, SYN_SIZE, &img, buf, 0x400000, err,
				   sizeof(err)),
			 0);
		syn_expected(f, want, 0);
		CHECK(memcmp(buf, want, SYN_SPAN) == 0);
		CHECK_EQ(get32(buf, 0x2040), 0x11111111);
	}
}

UNIT_TEST(elf_reject_not_elf)
{
	SYN(f);
	f[1] = 'X';
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "not an ELF");
	syn_build(f);
	f[0] = 0;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "not an ELF");
	/* Too short for a header, even with the right magic. */
	syn_build(f);
	CHECK_PARSE_REJECTS(f, sizeof(elf32_ehdr_t) - 1, "not an ELF");
	CHECK_PARSE_REJECTS(f, 4, "not an ELF");
	CHECK_PARSE_REJECTS(f, 0, "not an ELF");
}

UNIT_TEST(elf_reject_class_endian_machine)
{
	SYN(f);
	f[4] = 2; /* ELFCLASS64 */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "32-bit");
	syn_build(f);
	f[5] = 2; /* ELFDATA2MSB */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "little-endian");
	syn_build(f);
	eh(f)->e_machine = 62; /* EM_X86_64 */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "i386");
	eh(f)->e_machine = 0x0300; /* EM_386, big-endian */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "i386");
}

UNIT_TEST(elf_reject_not_pie)
{
	SYN(f);
	eh(f)->e_type = ET_EXEC;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "-pie");
	eh(f)->e_type = ET_REL;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "-pie");
}

UNIT_TEST(elf_reject_interp)
{
	SYN(f);
	add_phdr(f, PT_INTERP, 0x300, 0x300, 0x13, 0x13, 4);
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "dynamic linker");
	syn_build(f);
	ph(f, 0)->p_type = PT_INTERP; /* first, before any PT_LOAD */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "dynamic linker");
}

UNIT_TEST(elf_reject_program_header_table)
{
	SYN(f);
	eh(f)->e_phnum = 0;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "program header");
	syn_build(f);
	eh(f)->e_phoff = SYN_SIZE + 4; /* past the end */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "program header");
	eh(f)->e_phoff = 0xFFFFFFE0; /* offset + size wraps */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "program header");
	/* The table runs past the end of the file by one entry. */
	syn_build(f);
	eh(f)->e_phoff = SYN_SIZE - 2 * sizeof(elf32_phdr_t);
	eh(f)->e_phnum = 3;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "program header");
	syn_build(f);
	eh(f)->e_phnum = 0xFFFF;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "program header");
	/* The whole table present but the file cut inside it. */
	syn_build(f);
	CHECK_PARSE_REJECTS(f,
			    sizeof(elf32_ehdr_t) + 3 * sizeof(elf32_phdr_t) - 1,
			    "program header");
	syn_build(f);
	eh(f)->e_phoff += 2; /* misaligned (read in place as structures) */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "program header");
	syn_build(f);
	eh(f)->e_phentsize = 40;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "program header");
}

UNIT_TEST(elf_reject_bad_segment)
{
	SYN(f);
	elf_image_t img;
	char err[128];
	ph(f, 1)->p_filesz = SEG2_MEMSZ + 1; /* filesz > memsz */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "segment");
	/* offset + filesz one past the end; exactly at the end is fine. */
	syn_build(f);
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	ph(f, 1)->p_filesz = SEG2_FILESZ + 1;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "segment");
	syn_build(f);
	ph(f, 1)->p_offset = SYN_SIZE + 0x1000;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "segment");
	ph(f, 1)->p_offset = 0xFFFFFF00; /* offset + filesz wraps */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "segment");
	/* A truncated file: the last segment no longer fits. */
	syn_build(f);
	CHECK_PARSE_REJECTS(f, SYN_SIZE - 1, "segment");
	/* Absurd addresses or sizes (vaddr + memsz would wrap). */
	syn_build(f);
	ph(f, 1)->p_vaddr = 0xFFFFF000;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "segment");
	syn_build(f);
	ph(f, 1)->p_memsz = 0xFFFFF000;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "segment");
}

UNIT_TEST(elf_reject_too_many_segments)
{
	SYN(f);
	elf_image_t img;
	char err[128];
	while (eh(f)->e_phnum < 2 + ELF_MAX_SEGMENTS)
		add_phdr(f, PT_LOAD, 0, 0x4000, 0x10, 0x10, 4);
	eh(f)->e_phnum = 1 + ELF_MAX_SEGMENTS; /* 8 PT_LOAD + PT_DYNAMIC */
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	CHECK_EQ(img.nsegments, ELF_MAX_SEGMENTS);
	eh(f)->e_phnum++;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "too many");
}

UNIT_TEST(elf_reject_no_load)
{
	SYN(f);
	ph(f, 0)->p_type = PT_PHDR;
	ph(f, 1)->p_type = PT_NULL;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "no loadable");
	/* PT_LOADs that are all empty do not count. */
	syn_build(f);
	ph(f, 0)->p_memsz = ph(f, 0)->p_filesz = 0;
	ph(f, 1)->p_memsz = ph(f, 1)->p_filesz = 0;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "no loadable");
}

UNIT_TEST(elf_reject_entry_outside)
{
	SYN(f);
	elf_image_t img;
	char err[128];
	eh(f)->e_entry = SEG2_VADDR + SEG2_MEMSZ - 1; /* last byte: fine */
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	eh(f)->e_entry = SEG2_VADDR + SEG2_MEMSZ;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "entry");
	eh(f)->e_entry = 0xFFFFFFFF;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "entry");
}

UNIT_TEST(elf_reject_dynamic_outside)
{
	SYN(f);
	ph(f, 2)->p_vaddr = SYN_SPAN - 16; /* 48 bytes from 16 before the end */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "dynamic");
	ph(f, 2)->p_vaddr = SYN_SPAN + 0x1000;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "dynamic");
	ph(f, 2)->p_vaddr = DYN_VADDR + 2; /* misaligned */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "dynamic");
	ph(f, 2)->p_vaddr = 0xFFFFFFF0; /* vaddr + size wraps */
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "dynamic");
	syn_build(f);
	ph(f, 2)->p_memsz = 0xFFFFFFF0;
	CHECK_PARSE_REJECTS(f, SYN_SIZE, "dynamic");
}

UNIT_TEST(elf_reject_relocation_table)
{
	SYN(f);
	syn_dyn(f, 1, DT_REL, SYN_SPAN - 8); /* 56 bytes, 8 before the end */
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "relocation table");
	syn_dyn(f, 1, DT_REL, SYN_SPAN + 8);
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "relocation table");
	syn_dyn(f, 1, DT_REL, REL_VADDR + 1); /* misaligned */
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "relocation table");
	syn_dyn(f, 1, DT_REL, 0xFFFFFFF8); /* rel + relsz wraps */
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "relocation table");
	syn_build(f);
	syn_dyn(f, 2, DT_RELSZ, 0xFFFFFFF8);
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "relocation table");
	syn_build(f);
	syn_dyn(f, 3, DT_RELENT, 12); /* Elf32_Rela size */
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "relocation table");
	syn_dyn(f, 3, DT_RELENT, 0);
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "relocation table");
}

UNIT_TEST(elf_reject_relocation_outside)
{
	SYN(f);
	elf_image_t img;
	char err[128];
	static uint8_t buf[SYN_SPAN];
	/* The last whole word of the image is fine... */
	syn_rel(f, 1, SYN_SPAN - 4, R_386_RELATIVE);
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	CHECK_EQ(load_into(f, SYN_SIZE, &img, buf, 0x1000, err, sizeof(err)),
		 0);
	CHECK_EQ(get32(buf, SYN_SPAN - 4), 0x1000);
	/* ... a word that crosses the end is not. */
	syn_rel(f, 1, SYN_SPAN - 3, R_386_RELATIVE);
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "outside");
	syn_rel(f, 1, SYN_SPAN, R_386_RELATIVE);
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "outside");
	syn_rel(f, 1, 0xFFFFFFFE, R_386_RELATIVE);
	CHECK_LOAD_REJECTS(f, SYN_SIZE, "outside");
	/* R_386_NONE is ignored wherever it points. */
	syn_rel(f, 1, 0xFFFFFFFE, R_386_NONE);
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, sizeof(err)), 0);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(load_into(f, SYN_SIZE, &img, buf, 0x1000, err, sizeof(err)),
		 0);
}

UNIT_TEST(elf_reject_unsupported_relocation)
{
	static const uint32_t types[] = {R_386_32,	   R_386_PC32,
					 6 /* GLOB_DAT */, 7 /* JMP_SLOT */,
					 10 /* GOTPC */,   42 /* IRELATIVE */};
	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		SYN(f);
		/* The symbol index (high bits) is not part of the type. */
		syn_rel(f, 3, 0x204C, types[i] | 5 << 8);
		uint8_t *copy = dup_exact(f, SYN_SIZE);
		elf_image_t img;
		char err[128] = "";
		CHECK_EQ(elf_parse(copy, SYN_SIZE, &img, err, sizeof(err)), 0);
		uint8_t *buf = calloc(1, img.span);
		CHECK_EQ(load_into(copy, SYN_SIZE, &img, buf, 0x400000, err,
				   sizeof(err)),
			 -ERR_NOEXEC);
		free(buf);
		free(copy);
		if (!strstr(err, "relocation") || !names_number(err, types[i]))
			unit_fail(__FILE__, __LINE__,
				  "reason \"%s\" does not name type %u", err,
				  types[i]);
		CHECK_EQ(unit_failures(), 0);
	}
}

UNIT_TEST(elf_err_truncated)
{
	SYN(f);
	elf_image_t img;
	char err[8];
	memset(err, 'Z', sizeof(err));
	f[0] = 0;
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, 6), -ERR_NOEXEC);
	CHECK_STR_EQ(err, "not a"); /* cut to the buffer, terminated */
	CHECK_EQ(err[6], 'Z');
	/* No room for a reason at all is not an error. */
	CHECK_EQ(elf_parse(f, SYN_SIZE, &img, err, 0), -ERR_NOEXEC);
	CHECK_EQ(err[6], 'Z');
}

/* --- the real program ---------------------------------------------------- */

#define HELLO_PATH "build/user/hello"

typedef struct file {
	uint8_t *data;
	uint32_t size;
} file_t;

/* Reads HELLO_PATH into an exact-size heap buffer; 0 (and a failure) if it
 * is missing. */
static int read_hello(file_t *out, int line)
{
	FILE *fp = fopen(HELLO_PATH, "rb");
	if (!fp) {
		unit_fail(__FILE__, line,
			  "%s missing (run from the repo root after "
			  "`make %s`)",
			  HELLO_PATH, HELLO_PATH);
		return 0;
	}
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	rewind(fp);
	out->data = malloc(n > 0 ? n : 1);
	out->size = (uint32_t)n;
	if (n <= 0 || fread(out->data, 1, n, fp) != (size_t)n) {
		unit_fail(__FILE__, line, "cannot read %s", HELLO_PATH);
		fclose(fp);
		return 0;
	}
	fclose(fp);
	return 1;
}

/* The file offset holding vaddr, found independently of elf.c, or -1. */
static long file_offset(const file_t *f, uint32_t vaddr)
{
	elf32_ehdr_t h;
	memcpy(&h, f->data, sizeof(h));
	for (int i = 0; i < h.e_phnum; i++) {
		elf32_phdr_t p;
		memcpy(&p, f->data + h.e_phoff + i * sizeof(p), sizeof(p));
		if (p.p_type == PT_LOAD && vaddr >= p.p_vaddr &&
		    vaddr - p.p_vaddr < p.p_filesz)
			return p.p_offset + (vaddr - p.p_vaddr);
	}
	return -1;
}

typedef struct rel_table {
	long offset; /* in the file */
	uint32_t size;
} rel_table_t;

/* Finds the relocation table through the file's own PT_DYNAMIC. */
static int hello_rel_table(const file_t *f, rel_table_t *t, int line)
{
	elf32_ehdr_t h;
	memcpy(&h, f->data, sizeof(h));
	long dyn = -1;
	uint32_t dynsz = 0;
	for (int i = 0; i < h.e_phnum; i++) {
		elf32_phdr_t p;
		memcpy(&p, f->data + h.e_phoff + i * sizeof(p), sizeof(p));
		if (p.p_type == PT_DYNAMIC) {
			dyn = file_offset(f, p.p_vaddr);
			dynsz = p.p_filesz;
		}
	}
	uint32_t rel = 0, relsz = 0, relent = 0;
	for (uint32_t i = 0; dyn >= 0 && i + 8 <= dynsz; i += 8) {
		uint32_t tag = get32(f->data, dyn + i);
		uint32_t val = get32(f->data, dyn + i + 4);
		if (tag == DT_NULL)
			break;
		if (tag == DT_REL)
			rel = val;
		else if (tag == DT_RELSZ)
			relsz = val;
		else if (tag == DT_RELENT)
			relent = val;
	}
	t->offset = file_offset(f, rel);
	t->size = relsz;
	if (dyn < 0 || t->offset < 0 || relsz == 0 || relent != 8) {
		unit_fail(__FILE__, line,
			  "%s: no usable relocation table (dynamic %ld, rel "
			  "0x%x, relsz %u, relent %u)",
			  HELLO_PATH, dyn, rel, relsz, relent);
		return 0;
	}
	return 1;
}

UNIT_TEST(elf_hello_two_bases)
{
	file_t f;
	if (!read_hello(&f, __LINE__))
		return;
	rel_table_t t;
	if (!hello_rel_table(&f, &t, __LINE__))
		return;
	elf_image_t img;
	char err[128] = "";
	CHECK_EQ(elf_parse(f.data, f.size, &img, err, sizeof(err)), 0);
	CHECK(img.nsegments >= 2);
	CHECK_EQ(img.span % 4096, 0);
	CHECK(img.entry < img.span);
	CHECK(img.dynamic_size > 0);
	const uint32_t base1 = 0x400000, base2 = 0x10000000;
	uint8_t *a = calloc(1, img.span), *b = calloc(1, img.span);
	uint8_t *reloc = calloc(1, img.span); /* 1: byte of a relocated word */
	CHECK(a && b && reloc);
	CHECK_EQ(load_into(f.data, f.size, &img, a, base1, err, sizeof(err)),
		 0);
	CHECK_EQ(load_into(f.data, f.size, &img, b, base2, err, sizeof(err)),
		 0);

	/* Every R_386_RELATIVE word differs by the base difference and holds
	 * its file value plus the base; nothing else differs. */
	uint32_t nrelative = 0, ndiffer = 0;
	for (uint32_t i = 0; i + 8 <= t.size; i += 8) {
		uint32_t off = get32(f.data, t.offset + i);
		uint32_t type = get32(f.data, t.offset + i + 4) & 0xFF;
		CHECK(type == R_386_RELATIVE || type == R_386_NONE);
		if (type != R_386_RELATIVE)
			continue;
		nrelative++;
		CHECK(off <= img.span - 4);
		long foff = file_offset(&f, off);
		uint32_t orig = foff >= 0 ? get32(f.data, foff) : 0;
		CHECK_EQ(get32(a, off), orig + base1);
		CHECK_EQ(get32(b, off), orig + base2);
		if (get32(b, off) - get32(a, off) == base2 - base1)
			ndiffer++;
		memset(reloc + off, 1, 4);
	}
	CHECK(nrelative > 0);
	CHECK_EQ(ndiffer, nrelative);
	for (uint32_t i = 0; i < img.span; i++)
		if (!reloc[i] && a[i] != b[i])
			CHECK_EQ(i,
				 -1); /* a difference no relocation explains */
	/* Outside relocated words, the image is the file laid out. */
	for (int s = 0; s < img.nsegments; s++) {
		const elf_segment_t *seg = &img.segments[s];
		for (uint32_t i = 0; i < seg->memsz; i++) {
			uint8_t want =
			    i < seg->filesz ? f.data[seg->offset + i] : 0;
			if (!reloc[seg->vaddr + i])
				CHECK_EQ(a[seg->vaddr + i], want);
		}
	}
	free(reloc);
	free(b);
	free(a);
	free(f.data);
}

/* --- fuzzing ------------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

typedef struct range {
	uint32_t start, len;
} range_t;

typedef struct fuzz_stats {
	int accepted, rejected, loaded, load_rejected;
} fuzz_stats_t;

/* Mutates a copy of f (flips, random bytes and words in the hot ranges or
 * anywhere, truncation), then parses and loads it; checks what elf_parse
 * promises when it accepts. 0 (after a failure) on a broken promise. */
static int fuzz_once(const file_t *f, const range_t *hot, int nhot,
		     fuzz_stats_t *st, int line)
{
	uint32_t size = f->size;
	if (rng() % 4 == 0)
		size = rng() % (f->size + 1);
	uint8_t *copy = malloc(size ? size : 1);
	memcpy(copy, f->data, size);
	int nmut = 1 + rng() % 6;
	for (int m = 0; m < nmut && size > 0; m++) {
		uint32_t pos;
		if (rng() % 8 != 0 && nhot) {
			const range_t *r = &hot[rng() % nhot];
			pos = r->start + rng() % r->len;
		} else {
			pos = rng() % size;
		}
		if (pos >= size)
			continue;
		switch (rng() % 4) {
		case 0: copy[pos] ^= 1u << (rng() % 8); break;
		case 1: copy[pos] = (uint8_t)rng(); break;
		case 2: copy[pos] = (uint8_t)(copy[pos] + 1); break;
		default:
			if (pos + 4 <= size)
				put32(copy, pos & ~3u,
				      rng() % 2 ? rng() : rng() % 0x5000);
			break;
		}
	}
	elf_image_t img;
	char err[128] = "";
	int rc = elf_parse(copy, size, &img, err, sizeof(err));
	if (rc != 0) {
		st->rejected++;
		free(copy);
		if (rc != -ERR_NOEXEC || !err[0]) {
			unit_fail(__FILE__, line, "elf_parse: %d \"%s\"", rc,
				  err);
			return 0;
		}
		return 1;
	}
	st->accepted++;
	int ok = img.nsegments >= 1 && img.nsegments <= ELF_MAX_SEGMENTS &&
		 img.span % 4096 == 0 && img.entry < img.span;
	for (int s = 0; s < img.nsegments; s++) {
		const elf_segment_t *seg = &img.segments[s];
		ok = ok && seg->filesz <= seg->memsz && seg->offset <= size &&
		     seg->filesz <= size - seg->offset &&
		     seg->vaddr <= img.span &&
		     seg->memsz <= img.span - seg->vaddr;
	}
	ok = ok && img.dynamic_vaddr <= img.span &&
	     img.dynamic_size <= img.span - img.dynamic_vaddr;
	if (!ok) {
		unit_fail(__FILE__, line, "elf_parse accepted a bad image");
		free(copy);
		return 0;
	}
	if (img.span > (64u << 20)) { /* not worth the allocation */
		free(copy);
		return 1;
	}
	uint8_t *buf = calloc(1, img.span);
	rc = load_into(copy, size, &img, buf, rng(), err, sizeof(err));
	free(buf);
	free(copy);
	if (rc == 0) {
		st->loaded++;
	} else if (rc == -ERR_NOEXEC && err[0]) {
		st->load_rejected++;
	} else {
		unit_fail(__FILE__, line, "elf_load: %d \"%s\"", rc, err);
		return 0;
	}
	return 1;
}

UNIT_TEST(elf_fuzz_synthetic)
{
	SYN(data);
	file_t f = {data, SYN_SIZE};
	const range_t hot[] = {
	    {0, sizeof(elf32_ehdr_t) + 3 * sizeof(elf32_phdr_t)},
	    {syn_off(DYN_VADDR), DYN_SIZE},
	    {REL_VADDR, NREL * 8},
	};
	fuzz_stats_t st = {0};
	rng_state = 0x5EED0E1F;
	for (int i = 0; i < 6000; i++)
		if (!fuzz_once(&f, hot, 3, &st, __LINE__))
			return;
	/* Both outcomes happened at both stages, or the fuzzing is toothless.
	 */
	CHECK(st.accepted > 100);
	CHECK(st.rejected > 100);
	CHECK(st.loaded > 100);
	CHECK(st.load_rejected > 10);
}

UNIT_TEST(elf_fuzz_hello)
{
	file_t f;
	if (!read_hello(&f, __LINE__))
		return;
	rel_table_t t;
	if (!hello_rel_table(&f, &t, __LINE__))
		return;
	elf32_ehdr_t h;
	memcpy(&h, f.data, sizeof(h));
	elf_image_t img;
	char err[128] = "";
	CHECK_EQ(elf_parse(f.data, f.size, &img, err, sizeof(err)), 0);
	long dyn = file_offset(&f, img.dynamic_vaddr);
	CHECK(dyn >= 0);
	const range_t hot[] = {
	    {0, h.e_phoff + h.e_phnum * sizeof(elf32_phdr_t)},
	    {(uint32_t)dyn, img.dynamic_size},
	    {(uint32_t)t.offset, t.size},
	};
	fuzz_stats_t st = {0};
	rng_state = 0xC0FFEE1234ull;
	for (int i = 0; i < 3000; i++)
		if (!fuzz_once(&f, hot, 3, &st, __LINE__))
			return;
	CHECK(st.accepted > 100);
	CHECK(st.rejected > 100);
	CHECK(st.loaded > 100);
	CHECK(st.load_rejected > 10);
	free(f.data);
}
