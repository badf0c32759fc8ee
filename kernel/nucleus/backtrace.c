/* Stack backtraces by frame-pointer walk (the kernel is built with
 * -fno-omit-frame-pointer), symbolised with the kernel's own symbol table (and
 * loaded modules' symbols through the resolver core installs). The
 * walk reads the stack with nu_probe_read32, so a corrupt chain ends the trace
 * instead of faulting again. */
#include "nucleus/nucleus.h"
#include "lib/fmt.h"

#define BACKTRACE_MAX 24

extern const uint32_t ksyms_count;
extern const ksym_t ksyms_syms[];
extern const char ksyms_names[];
extern const char _text_end[];

const ksym_table_t *nu_ksyms(void)
{
	static ksym_table_t table;
	table.syms = ksyms_syms;
	table.count = ksyms_count;
	table.names = ksyms_names;
	table.text_end = (uint32_t)_text_end;
	return &table;
}

static nu_symbol_resolver_t resolver;

void nu_symbolize_set_resolver(nu_symbol_resolver_t r) { resolver = r; }

void nu_symbolize(uint32_t addr, char *buf, size_t size)
{
	uint32_t off;
	const char *name = ksyms_find(nu_ksyms(), addr, &off);
	if (name)
		fmt_snprintf(buf, size, "%s+0x%x", name, off);
	else if (!resolver || !resolver(addr, buf, size))
		fmt_snprintf(buf, size, "?");
}

int nu_backtrace_collect(uint32_t ebp, uint32_t *pcs, int max)
{
	int n = 0;
	while (ebp && n < max) {
		uint32_t next, ret;
		if (ebp % 4 || ebp < KERNEL_BASE)
			break;
		if (nu_probe_read32((const uint32_t *)ebp, &next) ||
		    nu_probe_read32((const uint32_t *)ebp + 1, &ret))
			break;
		if (!ret)
			break;
		pcs[n++] = ret;
		if (next <=
		    ebp) /* stacks grow down: callers' frames lie above */
			break;
		ebp = next;
	}
	return n;
}

void nu_backtrace_print(uint32_t eip, uint32_t ebp)
{
	uint32_t pcs[BACKTRACE_MAX];
	char name[80];
	int depth = 0;
	kprintf("backtrace:\n");
	if (eip) {
		nu_symbolize(eip, name, sizeof(name));
		kprintf("  #%d 0x%08x %s\n", depth++, eip, name);
	}
	int n = nu_backtrace_collect(ebp, pcs, BACKTRACE_MAX);
	for (int i = 0; i < n; i++) {
		/* A return address points after the call; name the call itself.
		 */
		nu_symbolize(pcs[i] - 1, name, sizeof(name));
		kprintf("  #%d 0x%08x %s\n", depth++, pcs[i], name);
	}
}
