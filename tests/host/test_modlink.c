/* The module linker (servers/lkmd/pure_modlink.c) on real module files the
 * build makes from tests/host/modules/ with the host gcc: layout, R_386_32
 * and R_386_PC32 values worked out here by hand, the info record and the
 * parameters, then hostile files -- every header field, index and offset
 * corrupted, every truncation, seeded random mutations (ASan/UBSan catch
 * any stray access: each file lives in a buffer of exactly its size). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "uapi/elf.h"
#include "uapi/errors.h"
#include "uapi/module.h"
#include "unit.h"
#include "../../servers/lkmd/pure_modlink.h"

#define MOD_DIR "build/host/modules/"
#define BASE 0xD0000000u
#define BASE2 0xE1234000u
#define EXT_VAR 0xC0123450u
#define EXT_FUNC 0xC0100000u

typedef struct file {
	uint8_t *data;
	uint32_t size;
} file_t;

/* The fake export table; ctx, if not NULL, names one to pretend unknown. */
static int lookup(void *ctx, const char *name, uint32_t *addr)
{
	if (ctx && strcmp(name, ctx) == 0)
		return -1;
	if (strcmp(name, "ext_var") == 0)
		*addr = EXT_VAR;
	else if (strcmp(name, "ext_func") == 0)
		*addr = EXT_FUNC;
	else
		return -1;
	return 0;
}

static int read_module(const char *name, file_t *f, int line)
{
	char path[128];
	snprintf(path, sizeof(path), MOD_DIR "%s.o", name);
	FILE *fp = fopen(path, "rb");
	long n = -1;
	if (fp && fseek(fp, 0, SEEK_END) == 0)
		n = ftell(fp);
	f->data = n > 0 ? malloc(n) : NULL;
	if (!f->data || fseek(fp, 0, SEEK_SET) != 0 ||
	    fread(f->data, 1, n, fp) != (size_t)n) {
		unit_fail(__FILE__, line, "cannot read %s (make builds it)",
			  path);
		if (fp)
			fclose(fp);
		free(f->data);
		return 0;
	}
	fclose(fp);
	f->size = (uint32_t)n;
	return 1;
}

#define READ(name, f)                                                          \
	do {                                                                   \
		if (!read_module(name, f, __LINE__))                           \
			return;                                                \
	} while (0)

/* The file's own headers, read here without the linker. */
static elf32_ehdr_t *ehdr(const file_t *f) { return (elf32_ehdr_t *)f->data; }

static elf32_shdr_t *shdr(const file_t *f, uint32_t i)
{
	return (elf32_shdr_t *)(f->data + ehdr(f)->e_shoff +
				i * sizeof(elf32_shdr_t));
}

static uint32_t section(const file_t *f, const char *name)
{
	const elf32_shdr_t *names = shdr(f, ehdr(f)->e_shstrndx);
	for (uint32_t i = 1; i < ehdr(f)->e_shnum; i++)
		if (strcmp((char *)f->data + names->sh_offset +
			       shdr(f, i)->sh_name,
			   name) == 0)
			return i;
	return 0;
}

static uint32_t section_of_type(const file_t *f, uint32_t type)
{
	for (uint32_t i = 1; i < ehdr(f)->e_shnum; i++)
		if (shdr(f, i)->sh_type == type)
			return i;
	return 0;
}

static elf32_rel_t *rel(const file_t *f, const char *sec, uint32_t k)
{
	return (elf32_rel_t *)(f->data + shdr(f, section(f, sec))->sh_offset +
			       k * sizeof(elf32_rel_t));
}

static elf32_sym_t *sym(const file_t *f, uint32_t i)
{
	uint32_t st = section_of_type(f, SHT_SYMTAB);
	return (elf32_sym_t *)(f->data + shdr(f, st)->sh_offset +
			       i * sizeof(elf32_sym_t));
}

static uint8_t *section_bytes(const file_t *f, const char *name)
{
	return f->data + shdr(f, section(f, name))->sh_offset;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

/* Parses a copy of f's first len bytes in a buffer of exactly len bytes;
 * the return code, the message in err. */
static int parse_len(const file_t *f, uint32_t len, modlink_t *m, char *err,
		     size_t errlen)
{
	uint8_t *copy = malloc(len ? len : 1);
	memcpy(copy, f->data, len);
	err[0] = '\0';
	int rc = modlink_parse(m, copy, len, err, errlen);
	free(copy);
	return rc;
}

/* Expects modlink_parse to refuse f with code and a message containing
 * want. */
static int parse_refuses(const file_t *f, int code, const char *want, int line)
{
	modlink_t m;
	char err[256];
	int rc = parse_len(f, f->size, &m, err, sizeof(err));
	if (rc == code && strstr(err, want))
		return 1;
	unit_fail(__FILE__, line, "parse: rc %d, \"%s\"; wanted %d, \"%s\"", rc,
		  err, code, want);
	return 0;
}

#define PARSE_REFUSES(f, want)                                                 \
	do {                                                                   \
		if (!parse_refuses(f, -ERR_NOEXEC, want, __LINE__))            \
			return;                                                \
	} while (0)

/* Parses and links f at base into a new image (*img, freed by the caller). */
static int link_file(const file_t *f, modlink_t *m, uint32_t base,
		     uint8_t **img, const char *unknown, char *err, size_t n)
{
	*img = NULL;
	int rc = modlink_parse(m, f->data, f->size, err, n);
	if (rc < 0)
		return rc;
	*img = malloc(m->layout.size);
	return modlink_link(m, base, *img, m->layout.size, lookup,
			    (void *)unknown, err, n);
}

/* Reads module name into *f (unless f->data is set), parses and links it
 * at base into *img (or fails the test). */
#define LINK_OK(name, f, m, base, img)                                         \
	do {                                                                   \
		char err_[256] = "";                                           \
		if (!(f)->data)                                                \
			READ(name, f);                                         \
		int rc_ =                                                      \
		    link_file(f, m, base, img, NULL, err_, sizeof(err_));      \
		if (rc_ != 0)                                                  \
			unit_fail(__FILE__, __LINE__, "link: %d %s", rc_,      \
				  err_);                                       \
		CHECK_EQ(rc_, 0);                                              \
	} while (0)

/* Reads module name into *f and parses it into *m (or fails the test). */
#define PARSE_OK(name, f, m)                                                   \
	do {                                                                   \
		char err_[256] = "";                                           \
		READ(name, f);                                                 \
		if (modlink_parse(m, (f)->data, (f)->size, err_,               \
				  sizeof(err_)) != 0) {                        \
			unit_fail(__FILE__, __LINE__, "parse: %s", err_);      \
			return;                                                \
		}                                                              \
	} while (0)

static uint32_t symoff(const modlink_t *m, const char *name)
{
	uint32_t off = 0xFFFFFFFFu;
	if (modlink_symbol(m, name, &off) < 0)
		unit_fail(__FILE__, __LINE__, "no symbol %s", name);
	return off;
}

UNIT_TEST(modlink_good_layout)
{
	file_t f = {0};
	modlink_t m;
	PARSE_OK("good", &f, &m);
	const modlink_layout_t *l = &m.layout;
	CHECK_EQ(l->text_end % MODLINK_PAGE, 0);
	CHECK_EQ(l->ro_end % MODLINK_PAGE, 0);
	CHECK_EQ(l->size % MODLINK_PAGE, 0);
	CHECK(l->text_end > 0 && l->ro_end > l->text_end);
	CHECK(l->bss_start > l->ro_end && l->size > l->bss_start);
	CHECK(symoff(&m, "tramp") < l->text_end);
	CHECK(symoff(&m, "good_init") < l->text_end);
	uint32_t ro = symoff(&m, "ro_table");
	CHECK(ro >= l->text_end && ro < l->ro_end);
	uint32_t arr = symoff(&m, "local_arr"), a64 = symoff(&m, "aligned64");
	CHECK(arr >= l->ro_end && arr < l->bss_start);
	CHECK(a64 >= l->ro_end && a64 < l->bss_start);
	CHECK_EQ(a64 % 64, 0);
	uint32_t bss = symoff(&m, "bss_arr");
	CHECK(bss >= l->bss_start && bss + 400 <= l->size);
	CHECK_EQ(bss % 256, 0);
	/* every loaded section once, in its class, aligned, not overlapping */
	for (uint32_t i = 1; i < ehdr(&f)->e_shnum; i++) {
		const elf32_shdr_t *sh = shdr(&f, i);
		uint32_t off = m.sec_offset[i];
		CHECK_EQ(off == MODLINK_NOT_LOADED,
			 !(sh->sh_flags & SHF_ALLOC));
		if (off == MODLINK_NOT_LOADED)
			continue;
		CHECK_EQ(off % (sh->sh_addralign ? sh->sh_addralign : 1), 0);
		uint32_t lo = sh->sh_flags & SHF_EXECINSTR ? 0
			      : sh->sh_flags & SHF_WRITE   ? l->ro_end
							   : l->text_end;
		uint32_t hi = sh->sh_flags & SHF_EXECINSTR ? l->text_end
			      : sh->sh_flags & SHF_WRITE   ? l->size
							   : l->ro_end;
		CHECK(off >= lo && off + sh->sh_size <= hi);
		for (uint32_t j = 1; j < i; j++) {
			uint32_t o2 = m.sec_offset[j];
			if (o2 != MODLINK_NOT_LOADED && sh->sh_size &&
			    shdr(&f, j)->sh_size)
				CHECK(off >= o2 + shdr(&f, j)->sh_size ||
				      o2 >= off + sh->sh_size);
		}
	}
	free(f.data);
}

/* Each relocated word against the psABI's formula: R_386_32 = S + A,
 * R_386_PC32 = S + A - P, at two bases. */
static void check_words(const modlink_t *m, const uint8_t *img, uint32_t base)
{
	uint32_t pc = symoff(m, "pc_word"), tramp = symoff(m, "tramp");
	CHECK_EQ(get32(img + symoff(m, "p_ext")), EXT_VAR);
	CHECK_EQ(get32(img + symoff(m, "p_ext_off")), EXT_VAR + 8);
	CHECK_EQ(get32(img + symoff(m, "p_local")),
		 base + symoff(m, "local_arr") + 12);
	CHECK_EQ(get32(img + pc), EXT_FUNC - (base + pc));
	CHECK_EQ(get32(img + symoff(m, "pc_word_add")),
		 EXT_FUNC + 16 - (base + symoff(m, "pc_word_add")));
	/* local_fn: tramp's call (5 bytes) and ret (1) come first */
	CHECK_EQ(get32(img + symoff(m, "pc_local")),
		 base + tramp + 6 - (base + symoff(m, "pc_local")));
	CHECK_EQ(img[tramp], 0xE8); /* call rel32: A = -4 */
	CHECK_EQ(get32(img + tramp + 1), EXT_FUNC - 4 - (base + tramp + 1));
}

UNIT_TEST(modlink_good_relocations)
{
	file_t f = {0};
	modlink_t m, m2;
	uint8_t *img, *img2;
	LINK_OK("good", &f, &m, BASE, &img);
	check_words(&m, img, BASE);
	CHECK(m.linked && m.base == BASE);
	LINK_OK("good", &f, &m2, BASE2, &img2);
	check_words(&m2, img2, BASE2);
	/* bytes without relocations are the file's, bss is zero */
	const int32_t ro[4] = {5, 6, 7, 8};
	CHECK(memcmp(img + symoff(&m, "ro_table"), ro, sizeof(ro)) == 0);
	CHECK_EQ(get32(img + symoff(&m, "aligned64")), 0x64);
	for (uint32_t i = m.layout.bss_start; i < m.layout.size; i++)
		CHECK_EQ(img[i], 0);
	free(img);
	free(img2);
	free(f.data);
}

UNIT_TEST(modlink_good_info)
{
	file_t f = {0};
	modlink_t m;
	uint8_t *img;
	LINK_OK("good", &f, &m, BASE, &img);
	const modlink_info_t *in = &m.info;
	CHECK_STR_EQ(in->name, "good");
	CHECK_STR_EQ(in->version, "1.2.3");
	CHECK_STR_EQ(in->description, "module linker test fixture");
	CHECK_EQ(in->abi_version, LV_KERNEL_ABI_VERSION);
	CHECK_EQ(in->ndepends, 2);
	CHECK_STR_EQ(in->depends[0], "base");
	CHECK_STR_EQ(in->depends[1], "util-x");
	CHECK(in->has_init && in->has_exit);
	CHECK_EQ(in->init_offset, symoff(&m, "good_init"));
	CHECK_EQ(in->exit_offset, symoff(&m, "good_exit"));
	CHECK_EQ(in->nparams, 3);
	static const struct {
		const char *name, *desc;
		uint32_t type, size;
	} want[] = {{"irq", "IRQ line of the card", LV_MODPARAM_INT, 4},
		    {"debug", "log every frame", LV_MODPARAM_BOOL, 1},
		    {"mode", "media type", LV_MODPARAM_STRING, 16}};
	for (int i = 0; i < 3; i++) { /* in the order the compiler wrote them */
		const modlink_param_t *p = NULL;
		for (int k = 0; k < in->nparams; k++)
			if (strcmp(in->params[k].name, want[i].name) == 0)
				p = &in->params[k];
		CHECK(p);
		CHECK_STR_EQ(p->description, want[i].desc);
		CHECK_EQ(p->type, want[i].type);
		CHECK_EQ(p->size, want[i].size);
		CHECK_EQ(p->offset, symoff(&m, want[i].name));
	}
	CHECK_EQ(get32(img + symoff(&m, "irq")), 9); /* the defaults */
	CHECK_EQ(img[symoff(&m, "debug")], 0);
	CHECK_STR_EQ((char *)img + symoff(&m, "mode"), "auto");
	free(img);
	free(f.data);
}

UNIT_TEST(modlink_good_debug_info_ignored)
{
	file_t f = {0};
	modlink_t m;
	uint8_t *img;
	READ("good_debug", &f);
	CHECK(section(&f, ".rel.debug_info") != 0); /* present, not applied */
	LINK_OK("good_debug", &f, &m, BASE, &img);
	check_words(&m, img, BASE);
	CHECK_STR_EQ(m.info.name, "good");
	free(img);
	free(f.data);
}

/* No code, no init or exit, no parameters or dependencies: an empty text
 * part and nothing to place. */
UNIT_TEST(modlink_minimal)
{
	file_t f = {0};
	modlink_t m;
	uint8_t *img;
	LINK_OK("minimal", &f, &m, BASE, &img);
	CHECK_STR_EQ(m.info.name, "minimal");
	CHECK_STR_EQ(m.info.version, "");
	CHECK_EQ(m.info.has_init + m.info.has_exit, 0);
	CHECK_EQ(m.info.ndepends + m.info.nparams, 0);
	CHECK_EQ(m.layout.text_end, 0);
	CHECK_EQ(m.layout.ro_end, MODLINK_PAGE);
	CHECK_EQ(m.layout.size, MODLINK_PAGE);
	free(img);
	free(f.data);
}

UNIT_TEST(modlink_abi_version)
{
	file_t f = {0};
	modlink_t m;
	char err[256];
	PARSE_OK("good", &f, &m);
	CHECK_EQ(modlink_check_abi(&m, LV_KERNEL_ABI_VERSION, err, sizeof(err)),
		 0);
	put32(section_bytes(&f, LV_MODINFO_SECTION) + 4,
	      LV_KERNEL_ABI_VERSION + 1);
	CHECK_EQ(modlink_parse(&m, f.data, f.size, err, sizeof(err)), 0);
	CHECK_EQ(m.info.abi_version, LV_KERNEL_ABI_VERSION + 1);
	CHECK_EQ(modlink_check_abi(&m, LV_KERNEL_ABI_VERSION, err, sizeof(err)),
		 -ERR_NOEXEC);
	char want[160];
	snprintf(want, sizeof(want),
		 "module good was built for kernel ABI version %u, this "
		 "kernel has version %u",
		 LV_KERNEL_ABI_VERSION + 1, LV_KERNEL_ABI_VERSION);
	CHECK(strstr(err, want));
	free(f.data);
}

/* key=value: the value written, or the code and message with the image
 * unchanged. */
static int set_param(const modlink_t *m, uint8_t *img, const char *arg,
		     int code, const char *want, int line)
{
	char err[256] = "";
	uint8_t *before = malloc(m->layout.size);
	memcpy(before, img, m->layout.size);
	int rc =
	    modlink_param_set(m, img, m->layout.size, arg, err, sizeof(err));
	int same = memcmp(before, img, m->layout.size) == 0;
	free(before);
	if (rc == code && (code == 0 || (same && strstr(err, want))))
		return 1;
	unit_fail(__FILE__, line, "%s: rc %d \"%s\" (image %s)", arg, rc, err,
		  same ? "unchanged" : "changed");
	return 0;
}

#define SET_OK(arg)                                                            \
	do {                                                                   \
		if (!set_param(&m, img, arg, 0, "", __LINE__))                 \
			return;                                                \
	} while (0)
#define SET_REFUSED(arg, code, want)                                           \
	do {                                                                   \
		if (!set_param(&m, img, arg, code, want, __LINE__))            \
			return;                                                \
	} while (0)

UNIT_TEST(modlink_params)
{
	file_t f = {0};
	modlink_t m;
	uint8_t *img;
	LINK_OK("good", &f, &m, BASE, &img);
	uint8_t *irq = img + symoff(&m, "irq"),
		*dbg = img + symoff(&m, "debug");
	char *mode = (char *)img + symoff(&m, "mode");
	SET_OK("irq=12");
	CHECK_EQ(get32(irq), 12);
	SET_OK("irq=0x1F");
	CHECK_EQ(get32(irq), 31);
	SET_OK("irq=-5");
	CHECK_EQ((int32_t)get32(irq), -5);
	SET_OK("irq=2147483647");
	CHECK_EQ(get32(irq), 0x7FFFFFFF);
	SET_OK("irq=-2147483648");
	CHECK_EQ(get32(irq), 0x80000000u);
	SET_REFUSED("irq=2147483648", -ERR_RANGE, "parameter irq:");
	SET_REFUSED("irq=0x100000000", -ERR_RANGE, "is not an int");
	SET_REFUSED("irq=99999999999999999999", -ERR_RANGE, "is not an int");
	SET_REFUSED("irq=12abc", -ERR_INVAL, "\"12abc\" is not an int");
	SET_REFUSED("irq=", -ERR_INVAL, "is not an int");
	SET_REFUSED("irq=0x", -ERR_INVAL, "is not an int");
	SET_REFUSED("irq=+3", -ERR_INVAL, "is not an int");
	for (int i = 0; i < 3; i++) {
		static const char *const on[] = {"debug=1", "debug=y",
						 "debug=true"};
		static const char *const off[] = {"debug=0", "debug=n",
						  "debug=false"};
		SET_OK(on[i]);
		CHECK_EQ(*dbg, 1);
		SET_OK(off[i]);
		CHECK_EQ(*dbg, 0);
	}
	SET_REFUSED("debug=maybe", -ERR_INVAL, "\"maybe\" is not a bool");
	SET_REFUSED("debug=", -ERR_INVAL, "is not a bool");
	SET_OK("mode=10baseT");
	CHECK_STR_EQ(mode, "10baseT");
	SET_OK("mode=123456789012345"); /* 15 bytes: the most */
	CHECK_STR_EQ(mode, "123456789012345");
	SET_OK("mode=");
	CHECK(memcmp(mode, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0);
	SET_REFUSED("mode=1234567890123456", -ERR_RANGE,
		    "parameter mode: value of 16 bytes, at most 15");
	SET_REFUSED("nosuch=1", -ERR_NOENT,
		    "module good has no parameter \"nosuch\"");
	SET_REFUSED("ir=1", -ERR_NOENT, "no parameter \"ir\"");
	SET_REFUSED("irq", -ERR_INVAL, "\"irq\": expected key=value");
	SET_REFUSED("=5", -ERR_INVAL, "expected key=value");
	free(img);
	free(f.data);
}

UNIT_TEST(modlink_link_arguments)
{
	file_t f = {0};
	modlink_t m;
	char err[256];
	PARSE_OK("good", &f, &m);
	uint8_t *img = malloc(m.layout.size);
	/* a parameter cannot be set before the image is linked */
	CHECK_EQ(modlink_param_set(&m, img, m.layout.size, "irq=1", err,
				   sizeof(err)),
		 -ERR_INVAL);
	CHECK_EQ(modlink_link(&m, BASE + 0x10, img, m.layout.size, lookup, NULL,
			      err, sizeof(err)),
		 -ERR_INVAL);
	CHECK(strstr(err, "not page-aligned"));
	CHECK_EQ(modlink_link(&m, 0x100000000ull - MODLINK_PAGE, img,
			      m.layout.size, lookup, NULL, err, sizeof(err)),
		 -ERR_INVAL);
	CHECK_EQ(modlink_link(&m, 0x100000000ull - m.layout.size, img,
			      m.layout.size, lookup, NULL, err, sizeof(err)),
		 0); /* ends exactly at 4 GiB */
	CHECK_EQ(modlink_link(&m, BASE, img, m.layout.size - 1, lookup, NULL,
			      err, sizeof(err)),
		 -ERR_INVAL);
	CHECK(strstr(err, "needed"));
	CHECK(!m.linked);
	free(img);
	free(f.data);
}

UNIT_TEST(modlink_unknown_symbol)
{
	file_t f = {0};
	modlink_t m;
	uint8_t *img;
	char err[256];
	READ("good", &f);
	CHECK_EQ(link_file(&f, &m, BASE, &img, "ext_var", err, sizeof(err)),
		 -ERR_NOENT);
	CHECK_STR_EQ(err, "unknown symbol ext_var");
	CHECK(!m.linked);
	free(img);
	CHECK_EQ(link_file(&f, &m, BASE, &img, "ext_func", err, sizeof(err)),
		 -ERR_NOENT);
	CHECK_STR_EQ(err, "unknown symbol ext_func");
	free(img);
	free(f.data);
}

/* What a module file must not be: refused by modlink_parse, or (where the
 * relocated image shows it) by modlink_link. */
UNIT_TEST(modlink_fixtures_refused)
{
	static const struct {
		const char *file, *want;
		int at_link;
	} cases[] = {
	    {"common", "common symbol counter: build with -fno-common", 0},
	    {"noinfo", "no module info record (section .lvmodinfo)", 0},
	    {"twoinfo", "2 module info records: one LV_MODULE per module", 0},
	    {"good_pic", "not supported in .text", 0},
	    {"badinit", "module badinit: init at 0x", 1},
	    {"badparam", "module badparam: parameter limit at 0x", 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		file_t f = {0};
		modlink_t m;
		uint8_t *img;
		char err[256] = "";
		READ(cases[i].file, &f);
		int rc = link_file(&f, &m, BASE, &img, NULL, err, sizeof(err));
		int linked = img != NULL; /* parse passed */
		free(img);
		free(f.data);
		if (rc != -ERR_NOEXEC || !strstr(err, cases[i].want) ||
		    linked != cases[i].at_link || m.linked)
			unit_fail(__FILE__, __LINE__, "%s: %d %s",
				  cases[i].file, rc, err);
	}
}

/* gcc -fpic's first unsupported relocation is its GOT base (i386 psABI). */
UNIT_TEST(modlink_pic_names_type)
{
	file_t f = {0};
	READ("good_pic", &f);
	PARSE_REFUSES(&f, "relocation type 10 (R_386_GOTPC) not supported");
	PARSE_REFUSES(&f, "only R_386_32 and R_386_PC32 (build with -fno-pic)");
	free(f.data);
}

/* good.o, read once per test (each runs in a process of its own). */
static const file_t *good_file(void)
{
	static file_t f;
	if (!f.data)
		read_module("good", &f, __LINE__);
	return &f;
}

/* Parses good.o with n bytes at file offset `at` replaced: refused with
 * want, or accepted if want is NULL. */
static int patched(uint32_t at, const void *bytes, size_t n, const char *want,
		   int line)
{
	const file_t *g = good_file();
	modlink_t m;
	char err[256];
	if (!g->data)
		return 0;
	file_t f = {malloc(g->size), g->size};
	memcpy(f.data, g->data, g->size);
	memcpy(f.data + at, bytes, n);
	int ok = want
		     ? parse_refuses(&f, -ERR_NOEXEC, want, line)
		     : modlink_parse(&m, f.data, f.size, err, sizeof(err)) == 0;
	if (!ok && !want)
		unit_fail(__FILE__, line, "refused: %s", err);
	free(f.data);
	return ok;
}

#define PATCHED_BYTES(at, bytes, n, want)                                      \
	do {                                                                   \
		if (!patched(at, bytes, n, want, __LINE__))                    \
			return;                                                \
	} while (0)
#define PATCHED(at, value, n, want)                                            \
	do {                                                                   \
		uint32_t v_ = (value);                                         \
		PATCHED_BYTES(at, &v_, n, want);                               \
	} while (0)

/* File offsets in good.o: a section header, a symbol (by name), the k-th
 * relocation of a section, a parameter record (by name). */
static uint32_t shdr_at(const char *sec)
{
	const file_t *g = good_file();
	return ehdr(g)->e_shoff + section(g, sec) * sizeof(elf32_shdr_t);
}

static uint32_t sym_at(const char *name)
{
	const file_t *g = good_file();
	const elf32_shdr_t *st = shdr(g, section_of_type(g, SHT_SYMTAB));
	const char *strs = (char *)g->data + shdr(g, st->sh_link)->sh_offset;
	for (uint32_t i = 1; i < st->sh_size / sizeof(elf32_sym_t); i++)
		if (strcmp(strs + sym(g, i)->st_name, name) == 0)
			return (uint8_t *)sym(g, i) - g->data;
	unit_fail(__FILE__, __LINE__, "good.o has no symbol %s", name);
	return 0;
}

static uint32_t rel_at(const char *sec, uint32_t k)
{
	const file_t *g = good_file();
	return (uint8_t *)rel(g, sec, k) - g->data;
}

static uint32_t param_at(const char *name)
{
	const file_t *g = good_file();
	const elf32_shdr_t *sh = shdr(g, section(g, LV_MODPARAM_SECTION));
	for (uint32_t o = 0; o < sh->sh_size; o += sizeof(lv_modparam_t))
		if (strcmp((char *)g->data + sh->sh_offset + o, name) == 0)
			return sh->sh_offset + o;
	unit_fail(__FILE__, __LINE__, "good.o has no parameter %s", name);
	return 0;
}

#define SECTION_FIELD(sec, field, value, want)                                 \
	PATCHED(shdr_at(sec) + offsetof(elf32_shdr_t, field), value, 4, want)
#define SYMBOL_FIELD(name, field, value, want)                                 \
	PATCHED(sym_at(name) + offsetof(elf32_sym_t, field), value,            \
		sizeof(((elf32_sym_t *)0)->field), want)
#define RELOC_FIELD(sec, k, field, value, want)                                \
	PATCHED(rel_at(sec, k) + offsetof(elf32_rel_t, field), value, 4, want)
#define INFO_FIELD(field, bytes, n, want)                                      \
	PATCHED_BYTES(                                                         \
	    shdr(good_file(), section(good_file(), LV_MODINFO_SECTION))        \
		    ->sh_offset +                                              \
		offsetof(lv_modinfo_t, field),                                 \
	    bytes, n, want)
#define PARAM_FIELD(name, field, bytes, n, want)                               \
	PATCHED_BYTES(param_at(name) + offsetof(lv_modparam_t, field), bytes,  \
		      n, want)

UNIT_TEST(modlink_header_fields)
{
	static const struct {
		uint32_t off, size, value;
		const char *want;
	} cases[] = {
	    {0, 1, 0x7E, "not an ELF file"},
	    {3, 1, 'f', "not an ELF file"},
	    {EI_CLASS, 1, 2, "not 32-bit little-endian"},
	    {EI_DATA, 1, 2, "not 32-bit little-endian"},
	    {EI_VERSION, 1, 0, "ELF version 0/1, not 1"},
	    {16, 2, ET_DYN, "not an ELF relocatable (type 3)"},
	    {16, 2, ET_EXEC, "not an ELF relocatable (type 2)"},
	    {18, 2, 62, "machine 62, not i386"},
	    {18, 2, 0x0300, "machine 768, not i386"},
	    {20, 4, 2, "ELF version 1/2, not 1"},
	    {40, 2, 64, "header sizes 64/40"},
	    {46, 2, 64, "header sizes 52/64"},
	    {48, 2, 0, "0 sections"},
	    {48, 2, MODLINK_MAX_SECTIONS + 1, "257 sections"},
	    {48, 2, 0xFFFF, "65535 sections"},
	    {32, 4, 0xFFFFFFF0, "section headers past the end"},
	    {50, 2, 0, "section name table index 0 out of range"},
	    {50, 2, 999, "section name table index 999 out of range"},
	    {50, 2, 1, "section 1 is not a NUL-terminated string table"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		PATCHED(cases[i].off, cases[i].value, cases[i].size,
			cases[i].want);
	const file_t *g = good_file(); /* headers one byte past the end */
	PATCHED(offsetof(elf32_ehdr_t, e_shoff),
		g->size - ehdr(g)->e_shnum * sizeof(elf32_shdr_t) + 1, 4,
		"section headers past the end");
}

UNIT_TEST(modlink_section_headers)
{
	SECTION_FIELD(".data", sh_offset, 0x7FFFFFF0,
		      "truncated: section .data past the end of the file");
	SECTION_FIELD(".data", sh_offset, 0xFFFFFF00, "section .data past");
	SECTION_FIELD(".data", sh_size, 0xFFFFFFF0, "section .data past");
	SECTION_FIELD(".bss", sh_size, MODLINK_MAX_IMAGE + 1,
		      "section .bss: 16777217 bytes");
	SECTION_FIELD(".bss", sh_size, MODLINK_MAX_IMAGE - 8,
		      "image larger than");
	SECTION_FIELD(".data", sh_addralign, 3, "alignment 3 is not a power");
	SECTION_FIELD(".data", sh_addralign, 8192, "alignment 8192");
	SECTION_FIELD(".data", sh_flags, SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR,
		      "section .data is writable and executable");
	SECTION_FIELD(".data", sh_flags, SHF_ALLOC | SHF_WRITE | SHF_TLS,
		      "thread-local storage");
	SECTION_FIELD(".data", sh_type, SHT_INIT_ARRAY,
		      "section .data: type 14 not supported");
	SECTION_FIELD(".data", sh_name, 0x10000,
		      "section 3: name index 65536 out of range");
	SECTION_FIELD(".rel.data", sh_type, SHT_RELA,
		      "section .rel.data: RELA relocations are not used on "
		      "i386");
	SECTION_FIELD(".rel.data", sh_entsize, 12, "bad relocation entry");
	SECTION_FIELD(".rel.data", sh_size, 0x14, "bad relocation entry");
	SECTION_FIELD(".rel.data", sh_link, 0, "is not the symbol table");
	SECTION_FIELD(".rel.data", sh_link, 999, "is not the symbol table");
	SECTION_FIELD(".rel.data", sh_info, 0, "target section index 0");
	SECTION_FIELD(".rel.data", sh_info, 999, "target section index 999");
	SECTION_FIELD(".rel.data", sh_info, 5, "relocates .bss, which has no");
	SECTION_FIELD(".symtab", sh_link, 999,
		      "string table index 999 out of range");
	SECTION_FIELD(".symtab", sh_link, 1, "section 1 is not a NUL-term");
	SECTION_FIELD(".symtab", sh_entsize, 24, "symbol table: bad entry");
	SECTION_FIELD(".symtab", sh_size, 17, "symbol table: bad entry");
	SECTION_FIELD(".symtab", sh_info, 1000, "first global 1000");
	SECTION_FIELD(".symtab", sh_type, SHT_PROGBITS, "0 symbol tables");
	SECTION_FIELD(".strtab", sh_size, 3, "is not a NUL-terminated");
	SECTION_FIELD(".strtab", sh_type, SHT_PROGBITS, "not a NUL-term");
	SECTION_FIELD(".lvmodinfo", sh_size, 271,
		      "section .lvmodinfo: 271 bytes, an info record has 272");
	SECTION_FIELD(".lvmodinfo", sh_flags, 0, ".lvmodinfo is not loaded");
	SECTION_FIELD(".lvmodparam", sh_size, 3 * sizeof(lv_modparam_t) + 4,
		      "section .lvmodparam: 376 bytes, not up to 16");
	SECTION_FIELD(".comment", sh_type, SHT_SYMTAB,
		      "2 symbol tables, not 1");
	SECTION_FIELD(".shstrtab", sh_offset, 0xFFFFFFF0, "not a NUL-term");
	const file_t *g = good_file();
	SECTION_FIELD(".lvmodparam", sh_name,
		      shdr(g, section(g, LV_MODINFO_SECTION))->sh_name,
		      "two sections .lvmodinfo: one module per file");
	SECTION_FIELD(".lvmodinfo", sh_type, SHT_NOBITS,
		      "section .rel.lvmodinfo relocates .lvmodinfo, which has "
		      "no bytes");
	SECTION_FIELD(".lvmodinfo", sh_type, SHT_NOTE,
		      "section .lvmodinfo is not loaded data");
}

/* The function symbols the kernel's backtraces get: good_init and
 * good_exit at their offsets in text, no data symbol, none past max. */
UNIT_TEST(modlink_functions_for_backtraces)
{
	file_t f = {0};
	modlink_t m;
	lv_modsym_t syms[16], one[2];
	PARSE_OK("good", &f, &m);
	uint32_t n = modlink_functions(&m, syms, 16);
	CHECK(n >= 2 && n <= 16);
	int init = 0, exit = 0;
	for (uint32_t i = 0; i < n; i++) {
		CHECK(syms[i].offset < m.layout.text_end);
		CHECK(strcmp(syms[i].name, "local_arr") != 0);
		if (strcmp(syms[i].name, "good_init") == 0)
			init = syms[i].offset == symoff(&m, "good_init");
		if (strcmp(syms[i].name, "good_exit") == 0)
			exit = syms[i].offset == symoff(&m, "good_exit");
	}
	CHECK(init && exit);
	memset(one, 0x5A, sizeof(one));
	CHECK_EQ(modlink_functions(&m, one, 1), n);
	CHECK_EQ(one[1].offset, 0x5A5A5A5Au); /* nothing past max */
	CHECK_EQ(modlink_functions(&m, NULL, 0), n);
	free(f.data);
}

UNIT_TEST(modlink_symbols)
{
	SYMBOL_FIELD("local_arr", st_shndx, 16,
		     "symbol local_arr: section index 16 out of range");
	SYMBOL_FIELD("local_arr", st_shndx, SHN_COMMON,
		     "common symbol local_arr");
	SYMBOL_FIELD("local_arr", st_value, 0x81,
		     "symbol local_arr: value 0x81 past its section");
	SYMBOL_FIELD("local_arr", st_info, STB_GLOBAL << 4 | STT_TLS,
		     "symbol local_arr: thread-local");
	SYMBOL_FIELD("local_arr", st_shndx, 13, /* .symtab: not loaded */
		     "relocation in .data against local_arr, which is not");
	SYMBOL_FIELD("ext_var", st_name, 0, "undefined and nameless");
	SYMBOL_FIELD("ext_var", st_name, 0x100000,
		     "name index 1048576 out of range");
}

/* .rel.data of good.o: 0 pc_word (PC32 ext_func), ... 3 p_local (32). */
UNIT_TEST(modlink_relocations_hostile)
{
	const file_t *g = good_file();
	uint32_t info = rel(g, ".rel.data", 3)->r_info;
	uint32_t data_size = shdr(g, section(g, ".data"))->sh_size;
	uint32_t nsyms = shdr(g, section_of_type(g, SHT_SYMTAB))->sh_size /
			 sizeof(elf32_sym_t);
	static const struct {
		uint32_t type;
		const char *want;
	} types[] = {
	    {R_386_NONE, "relocation type 0 (R_386_NONE) not supported"},
	    {R_386_GOT32, "relocation type 3 (R_386_GOT32) not supported"},
	    {R_386_PLT32, "relocation type 4 (R_386_PLT32) not supported"},
	    {R_386_RELATIVE, "relocation type 8 (R_386_RELATIVE) not"},
	    {R_386_GOTOFF, "relocation type 9 (R_386_GOTOFF) not supported"},
	    {R_386_GOTPC, "relocation type 10 (R_386_GOTPC) not supported in "
			  ".data at 0x50"},
	    {R_386_16, "relocation type 20 (R_386_16) not supported"},
	    {R_386_GOT32X, "relocation type 43 (R_386_GOT32X) not supported"},
	    {200, "relocation type 200 (?) not supported"},
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		RELOC_FIELD(".rel.data", 3, r_info,
			    (info & ~0xFFu) | types[i].type, types[i].want);
	RELOC_FIELD(".rel.data", 3, r_info, (nsyms << 8) | R_386_32,
		    "relocation in .data at 0x50: symbol index");
	RELOC_FIELD(".rel.data", 3, r_info, R_386_32,
		    "symbol index 0 out of range");
	RELOC_FIELD(".rel.data", 3, r_info, 0xFFFFFF00u | R_386_32,
		    "symbol index 16777215 out of range");
	RELOC_FIELD(".rel.data", 3, r_offset, data_size - 4, NULL);
	RELOC_FIELD(".rel.data", 3, r_offset, data_size - 3,
		    "relocation offset 0x7d outside section .data (128 bytes)");
	RELOC_FIELD(".rel.data", 3, r_offset, data_size,
		    "outside section .data");
	RELOC_FIELD(".rel.data", 3, r_offset, 0xFFFFFFFE,
		    "relocation offset 0xfffffffe outside section .data");
	RELOC_FIELD(".rel.text", 0, r_offset, 0xFFFFFFFF, "outside section");
}

UNIT_TEST(modlink_info_record_hostile)
{
	char full[LV_MODPARAM_DESC_MAX];
	memset(full, 'a', sizeof(full));
	const uint32_t magic = 0x12345678, type = 9, bool_size = 4;
	INFO_FIELD(magic, &magic, 4, "bad magic 0x12345678 in the module info");
	INFO_FIELD(name, full, LV_MODULE_NAME_MAX, "module name missing");
	INFO_FIELD(name, "", 1, "module name missing");
	INFO_FIELD(name, "a/b", 4, "not [A-Za-z0-9_-]");
	INFO_FIELD(version, full, LV_MODULE_VERSION_MAX,
		   "module good: version or description not terminated");
	INFO_FIELD(description, full, LV_MODULE_DESC_MAX,
		   "version or description not terminated");
	INFO_FIELD(depends[0], "", 1,
		   "module good: dependency 2 is not a module name");
	INFO_FIELD(depends[1], "good", 5, "dependency 2 is not");
	INFO_FIELD(depends[2], full, LV_MODULE_NAME_MAX, "dependency 3 is not");
	INFO_FIELD(depends[0], "a b", 4, "dependency 1 is not");
	PARAM_FIELD("irq", type, &type, 4,
		    "module good: parameter irq: type 9 with 4 bytes");
	PARAM_FIELD("irq", name, "", 1, "name or description malformed");
	PARAM_FIELD("irq", name, "ir-q", 5, "name or description malformed");
	PARAM_FIELD("irq", description, full, LV_MODPARAM_DESC_MAX,
		    "name or description malformed");
	PARAM_FIELD("debug", name, "irq", 4, "parameter irq twice");
	PARAM_FIELD("debug", size, &bool_size, 4,
		    "parameter debug: type 2 with 4 bytes");
}

/* Every proper prefix of a module file is refused, with a message. */
static int truncations(const char *name, int line)
{
	file_t f = {0};
	modlink_t m;
	char err[256];
	if (!read_module(name, &f, line))
		return 0;
	for (uint32_t len = 0; len < f.size; len++) {
		int rc = parse_len(&f, len, &m, err, sizeof(err));
		if (rc != -ERR_NOEXEC || !err[0]) {
			unit_fail(__FILE__, line, "%s cut at %u: rc %d \"%s\"",
				  name, len, rc, err);
			free(f.data);
			return 0;
		}
	}
	free(f.data);
	return 1;
}

UNIT_TEST(modlink_truncated)
{
	CHECK(truncations("good", __LINE__));
	CHECK(truncations("good_debug", __LINE__));
}

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* One mutated file: parse, link and set a parameter in buffers of exact
 * size; each step either succeeds or refuses with a message. 1 if the
 * whole chain succeeded, 0 if refused, -1 if a refusal had no message. */
static int try_mutant(const uint8_t *data, uint32_t size)
{
	modlink_t m;
	char err[256] = "";
	uint8_t *copy = malloc(size);
	memcpy(copy, data, size);
	int rc = modlink_parse(&m, copy, size, err, sizeof(err));
	if (rc == 0 && m.layout.size <= (1u << 20)) {
		uint8_t *img = malloc(m.layout.size);
		rc = modlink_link(&m, BASE, img, m.layout.size, lookup, NULL,
				  err, sizeof(err));
		if (rc == 0 && m.info.nparams)
			rc = modlink_param_set(&m, img, m.layout.size, "irq=7",
					       err, sizeof(err));
		rc = rc == -ERR_NOENT ? 0 : rc; /* a renamed parameter */
		free(img);
	}
	free(copy);
	if (rc < 0)
		return err[0] ? 0 : -1;
	return 1;
}

/* Seeded mutations of good.o: 1-4 bytes set at random places, or a word
 * set to a boundary value inside the headers; never a crash (ASan), a
 * message for every refusal, and both outcomes reached. */
UNIT_TEST(modlink_fuzz)
{
	static const uint32_t edges[] = {
	    0,	    1,		4,	    0x7F,	0xFF,
	    0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFC, 0xFFFFFFFF};
	const file_t f = *good_file();
	if (!f.data)
		return;
	uint8_t *mut = malloc(f.size);
	uint32_t seed = 0x13572468, shoff = ehdr(&f)->e_shoff;
	int linked = 0, refused = 0;
	for (int iter = 0; iter < 30000; iter++) {
		memcpy(mut, f.data, f.size);
		int n = 1 + xorshift(&seed) % 4;
		for (int k = 0; k < n; k++) {
			uint32_t r = xorshift(&seed);
			if (r & 1) {
				mut[r % f.size] = (uint8_t)(r >> 24);
				continue;
			}
			/* a header word: ELF header or section headers */
			uint32_t at = (r >> 1) % 2
					  ? (r >> 8) % 52
					  : shoff + (r >> 8) % (f.size - shoff);
			uint32_t v = edges[(r >> 2) % 10];
			memcpy(mut + (at < f.size - 4 ? at : f.size - 4), &v,
			       (r >> 4) % 2 ? 4 : 2);
		}
		int out = try_mutant(mut, f.size);
		if (out < 0) {
			unit_fail(__FILE__, __LINE__,
				  "iteration %d: refused without a message",
				  iter);
			break;
		}
		linked += out;
		refused += !out;
	}
	free(mut);
	CHECK(linked > 1000 && refused > 1000);
}

/* What a module offers the modules that depend on it: its global symbols
 * (data, functions, assembler labels) at their offsets; no static, no
 * undefined symbol, nothing past max. */
UNIT_TEST(modlink_globals_for_dependents)
{
	file_t f = {0};
	modlink_t m;
	lv_modsym_t syms[32], one[2];
	static const char *const want[] = {"local_arr", "p_ext", "ro_table",
					   "bss_arr",	"tramp", "pc_word"};
	static const char *const never[] = {
	    "irq",	"good_init", "local_fn",      "ext_var",
	    "ext_func", "mode",	     "lv_module_info"};
	PARSE_OK("good", &f, &m);
	uint32_t n = modlink_globals(&m, syms, 32);
	CHECK(n >= 6 && n <= 32);
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		int found = 0;
		for (uint32_t i = 0; i < n; i++)
			if (strcmp(syms[i].name, want[w]) == 0)
				found = syms[i].offset == symoff(&m, want[w]);
		if (!found)
			unit_fail(__FILE__, __LINE__, "%s not at its offset",
				  want[w]);
	}
	for (uint32_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(never) / sizeof(never[0]); k++)
			CHECK(strcmp(syms[i].name, never[k]) != 0);
	memset(one, 0x5A, sizeof(one));
	CHECK_EQ(modlink_globals(&m, one, 1), n);
	CHECK_EQ(one[1].offset, 0x5A5A5A5Au);
	CHECK_EQ(modlink_globals(&m, NULL, 0), n);
	free(f.data);
}
