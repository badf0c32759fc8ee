/* Loading static-PIE ELF32 i386 programs (ET_DYN, only R_386_RELATIVE
 * relocations) at a base chosen at load time. Pure: it works on memory
 * buffers, so host tests exercise it. Programs are PIE so that any program can
 * later share a space with another (process groups) or live in the resident
 * area: the loader, not the build, picks the address. */
#ifndef LAVENDER_SYSTEM_ELF_H
#define LAVENDER_SYSTEM_ELF_H
#include <stddef.h>
#include <stdint.h>
#include "uapi/elf.h" /* PF_W for the segments' flags */

#define ELF_MAX_SEGMENTS 8

typedef struct elf_segment {
	uint32_t vaddr, memsz, offset, filesz, flags; /* flags: PF_* */
} elf_segment_t;

typedef struct elf_image {
	uint32_t entry; /* relative to the base */
	uint32_t span;	/* bytes from 0 to the end of the last segment, paged */
	elf_segment_t segments[ELF_MAX_SEGMENTS];
	int nsegments;
	uint32_t dynamic_vaddr, dynamic_size; /* 0 if no PT_DYNAMIC */
} elf_image_t;

/* Checks the file and fills img. On failure returns -ERR_NOEXEC and writes a
 * reason into err. */
int elf_parse(const void *file, uint32_t size, elf_image_t *img, char *err,
	      size_t errlen);
/* Where elf_load writes the image: offsets are from the image's start
 * (img->span bytes, zero-filled by the owner of the target); read and write
 * return 0 or -ERR_FAULT outside it. The loader needs no buffer of the
 * image's size: the kernel writes straight into the new process's pages. */
typedef struct elf_target {
	void *ctx;
	int (*write)(void *ctx, uint32_t off, const void *src, uint32_t n);
	int (*read)(void *ctx, uint32_t off, void *dst, uint32_t n);
} elf_target_t;

/* Lays the image out through to as it will sit at base, and applies its
 * relocations. -ERR_NOEXEC with a reason (naming the relocation type) on
 * anything it cannot do. */
int elf_load(const void *file, uint32_t size, const elf_image_t *img,
	     const elf_target_t *to, uint32_t base, char *err, size_t errlen);

#endif
