/* The module linker of lkmd, pure (no system calls: lkmd and the host tests
 * run it on memory buffers). It checks a module file -- an ELF32 i386
 * relocatable object, hostile until checked -- lays its loaded sections out
 * into one image, resolves its undefined symbols through the caller,
 * relocates it for the kernel address it will live at, and reads its info
 * record and parameters. docs/architecture.md "Modules" describes
 * the file format and this contract. Two phases, so that the caller learns
 * the size before it reserves memory:
 *   modlink_parse   checks everything in the file, lays it out, reads the
 *                   info record (name, version, ABI, dependencies, params);
 *   modlink_link    writes the image at a base into the caller's buffer.
 * Every refusal returns a negative code (-ERR_NOEXEC for a malformed or
 * unsupported file) and writes a message naming the problem into err. */
#ifndef LAVENDER_LKMD_PURE_MODLINK_H
#define LAVENDER_LKMD_PURE_MODLINK_H
#include <stddef.h>
#include <stdint.h>
#include "uapi/module.h"

#define MODLINK_PAGE 4096u
#define MODLINK_MAX_SECTIONS 256      /* e_shnum of a module file, at most */
#define MODLINK_MAX_ALIGN 4096u	      /* largest sh_addralign of a section */
#define MODLINK_MAX_IMAGE (16u << 20) /* bytes of the laid-out image */
#define MODLINK_NOT_LOADED 0xFFFFFFFFu

/* The image, [0, size): text [0, text_end), read-only data [text_end,
 * ro_end), writable data [ro_end, size) of which [bss_start, size) is only
 * zeros. text_end, ro_end and size are multiples of MODLINK_PAGE, so the
 * kernel can map text read-only and executable and read-only data
 * read-only. Sizes and offsets in bytes from the image's start. */
typedef struct modlink_layout {
	uint32_t size, text_end, ro_end, bss_start;
} modlink_layout_t;

typedef struct modlink_param {
	char name[LV_MODPARAM_NAME_MAX];
	char description[LV_MODPARAM_DESC_MAX];
	uint32_t type, size; /* LV_MODPARAM_*, bytes */
	uint32_t offset;     /* of the variable in the image (modlink_link) */
} modlink_param_t;

/* The info record, checked: every string NUL-terminated in its array. */
typedef struct modlink_info {
	uint32_t abi_version; /* for the caller to check: modlink_check_abi */
	char name[LV_MODULE_NAME_MAX];
	char version[LV_MODULE_VERSION_MAX];
	char description[LV_MODULE_DESC_MAX];
	char depends[LV_MODULE_DEPS_MAX][LV_MODULE_NAME_MAX];
	int ndepends;
	modlink_param_t params[LV_MODULE_PARAMS_MAX];
	int nparams;
	/* Set by modlink_link: image offsets of init and exit, inside text. */
	int has_init, has_exit;
	uint32_t init_offset, exit_offset;
} modlink_info_t;

/* The linker's state for one file; the file must stay unchanged from
 * modlink_parse until the last call. Fields are read-only to callers. */
typedef struct modlink {
	const uint8_t *file;
	uint32_t file_size, shoff, shnum, shstrndx;
	uint32_t symtab, strtab, nsyms; /* section indices; symbol count */
	uint32_t sec_offset[MODLINK_MAX_SECTIONS]; /* or MODLINK_NOT_LOADED */
	uint32_t info_section, param_section;	   /* 0: none */
	modlink_layout_t layout;
	modlink_info_t info;
	int linked; /* modlink_link succeeded, at base */
	uint32_t base;
} modlink_t;

/* Checks file (size bytes) and fills m: header, every section, symbol and
 * relocation (types R_386_32 and R_386_PC32 only), the layout and the info
 * record. 0, or -ERR_NOEXEC with the reason in err. */
int modlink_parse(modlink_t *m, const void *file, uint32_t size, char *err,
		  size_t errlen);

/* Finds an exported symbol: 0 and *addr, or nonzero if unknown. */
typedef int (*modlink_lookup_t)(void *ctx, const char *name, uint32_t *addr);

/* Resolves every undefined symbol through lookup (-ERR_NOENT "unknown
 * symbol NAME" if one is missing; COMMON symbols were refused by
 * modlink_parse), then writes the image as it must sit at base (page
 * aligned, base + size not past 4 GiB) into image (image_size >=
 * m->layout.size bytes): sections copied, the rest zero, relocations
 * applied; then checks that init and exit lie in text and each parameter in
 * writable data, and records their offsets in m->info. On failure the
 * image's content is undefined and m is not linked. */
int modlink_link(modlink_t *m, uint32_t base, void *image, uint32_t image_size,
		 modlink_lookup_t lookup, void *ctx, char *err, size_t errlen);

/* 0 if the module was built for kernel_abi, else -ERR_NOEXEC naming both. */
int modlink_check_abi(const modlink_t *m, uint32_t kernel_abi, char *err,
		      size_t errlen);

/* Sets a parameter of a linked module from "key=value" in its image:
 * int decimal or 0x hex within int32, bool 0/1/y/n/true/false, string up
 * to size-1 bytes (the rest of the array zeroed). Unknown key -ERR_NOENT,
 * no '=' or a malformed value -ERR_INVAL, out of range -ERR_RANGE, each
 * with a message naming it; the image is unchanged on failure. */
int modlink_param_set(const modlink_t *m, void *image, uint32_t image_size,
		      const char *arg, char *err, size_t errlen);

/* The image offset of the defined symbol name (function or object in a
 * loaded section): 0, or -ERR_NOENT. */
int modlink_symbol(const modlink_t *m, const char *name, uint32_t *offset);

/* The module's function symbols in text (local ones too), for the
 * kernel's backtraces: up to max into out as {image offset, name cut to
 * LV_MODSYM_NAME_MAX - 1 bytes}, in symbol-table order. Returns how many
 * there are (more than max: the rest left out). After modlink_parse. */
uint32_t modlink_functions(const modlink_t *m, lv_modsym_t *out, uint32_t max);

/* The module's global symbols (functions, objects and untyped ones, as
 * assembler labels are, defined in its
 * loaded sections, names shorter than LV_MODSYM_NAME_MAX) as {image offset,
 * name}: what it offers the modules that depend on it (lkmd links those
 * against base + offset). Up to max into out; returns how many there are.
 * After modlink_parse. */
uint32_t modlink_globals(const modlink_t *m, lv_modsym_t *out, uint32_t max);

/* Writes a refusal's message (printf format) into err (errlen bytes) and
 * returns rc: the linker's, and its callers' for their own refusals. */
int modlink_refuse(char *err, size_t errlen, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The psABI's name of an i386 relocation type ("R_386_GOTPC"), or "?". */
const char *modlink_reloc_name(uint32_t type);

#endif
