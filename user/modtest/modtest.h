/* user/modtest's loader steps, shared between its files: what lkmd will do
 * (read a module file, check and link it with the pure module linker at a
 * base the kernel reserved, hand it over), in the small. */
#ifndef MODTEST_H
#define MODTEST_H
#include <stdint.h>
#include "uapi/module.h"
#include "../../servers/lkmd/pure_modlink.h"

#define MODTEST_SYMS 64

typedef struct modfile {
	uint8_t *data;
	uint32_t size;
} modfile_t;

/* One module ready to install: reserved (req.id), linked at its base. */
typedef struct prepared {
	modlink_t link;
	uint8_t *image; /* req.size bytes */
	uint32_t base;
	lv_modsym_t syms[MODTEST_SYMS];
	lv_module_install_t req;
} prepared_t;

/* Reads the kernel's export table (once); 0 or -ERR_*. */
int modtest_exports(void);
/* Reads path into f (malloc'd); 0 or -ERR_*. */
int modtest_read(const char *path, modfile_t *f);
/* Checks and links f, with param ("key=value" or NULL) set, into a new
 * reservation; NULL, or why not (nothing reserved then). */
const char *modtest_prepare(const modfile_t *f, const char *param,
			    prepared_t *p);
/* The kernel's memory now (free frames and heap pages, heap bytes in use)
 * plus the caller's own pages. */
void modtest_mem_now(uint32_t *frames, uint32_t *heap_used);
/* NULL if the memory (frames0, heap0) is back (frames, heap), else why,
 * naming when. */
const char *modtest_mem_back(uint32_t frames0, uint32_t heap0, uint32_t frames,
			     uint32_t heap, const char *when);
/* "modtest kproc" (kproc.c): modules as kernel-side processes. */
int modtest_kproc(void);
/* Frees p's image (not its reservation or module). */
void modtest_release(prepared_t *p);

#endif
