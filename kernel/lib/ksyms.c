/* Symbol lookup over a sorted address table (see ksyms.h). */
#include "lib/ksyms.h"
#include "lib/string.h"

const char *ksyms_find(const ksym_table_t *table, uint32_t addr,
		       uint32_t *offset)
{
	if (!table->count || addr < table->syms[0].addr ||
	    addr >= table->text_end)
		return NULL;
	uint32_t lo = 0, hi = table->count; /* answer in [lo, hi) */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (table->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - table->syms[lo].addr;
	return table->names + table->syms[lo].name_offset;
}

uint32_t ksyms_addr(const ksym_table_t *table, const char *name)
{
	for (uint32_t i = 0; i < table->count; i++)
		if (strcmp(table->names + table->syms[i].name_offset, name) ==
		    0)
			return table->syms[i].addr;
	return 0;
}
