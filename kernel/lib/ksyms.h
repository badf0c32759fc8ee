/* The kernel's own symbol table (text symbols), for backtraces and, later, for
 * resolving loadable modules. The table is generated at build time by
 * tools/gen-ksyms.sh from a first link of the kernel and placed in the .ksyms
 * section; the lookup functions are pure and take the table as arguments. */
#ifndef LAVENDER_LIB_KSYMS_H
#define LAVENDER_LIB_KSYMS_H
#include <stdint.h>

typedef struct ksym {
	uint32_t addr;
	uint32_t name_offset; /* into the names blob */
} ksym_t;

typedef struct ksym_table {
	const ksym_t *syms; /* sorted by addr, ascending */
	uint32_t count;
	const char *names;
	uint32_t text_end; /* first address past the last symbol's code */
} ksym_table_t;

/* Name of the symbol containing addr, offset into it in *offset; NULL when
 * addr lies before the first symbol or at/after text_end. */
const char *ksyms_find(const ksym_table_t *table, uint32_t addr,
		       uint32_t *offset);

/* Address of the symbol called name, 0 if there is none. */
uint32_t ksyms_addr(const ksym_table_t *table, const char *name);

#endif
