/* Inside the module linker: the interface between pure_modlink.c (checks,
 * layout), pure_modreloc.c (linking) and pure_modinfo.c (the info and
 * parameter records of uapi/module.h). Callers use pure_modlink.h. */
#ifndef LAVENDER_LKMD_PURE_MODLINK_IMPL_H
#define LAVENDER_LKMD_PURE_MODLINK_IMPL_H
#include <stddef.h>
#include <stdint.h>
#include "uapi/elf.h"
#include "pure_modlink.h"

/* Copies section header i, symbol i of the symbol table; a string at idx
 * of the string table in section strsec. Only for what modlink_parse has
 * bounded (before it: only what it checked already). */
void modlink_shdr(const modlink_t *m, uint32_t i, elf32_shdr_t *sh);
void modlink_sym(const modlink_t *m, uint32_t i, elf32_sym_t *sym);
const char *modlink_str(const modlink_t *m, uint32_t strsec, uint32_t idx);

/* Reads the info record (rec, rec_size bytes: the section .lvmodinfo) and
 * the parameter records (params, params_size bytes: .lvmodparam, 0 if
 * none) into info: every string terminated, names well formed, types and
 * sizes known. 0 or -ERR_NOEXEC with the reason in err. */
int modinfo_parse(modlink_info_t *info, const uint8_t *rec, uint32_t rec_size,
		  const uint8_t *params, uint32_t params_size, char *err,
		  size_t errlen);

/* After relocation at base: reads init, exit and each parameter's address
 * from the image (the records at info_off and param_off), checks that the
 * functions lie in text and the variables in writable data, and records
 * their image offsets in info. 0 or -ERR_NOEXEC. */
int modinfo_place(modlink_info_t *info, const uint8_t *image,
		  const modlink_layout_t *layout, uint32_t info_off,
		  uint32_t param_off, uint32_t base, char *err, size_t errlen);

#endif
