/* Self-test of the export table (lib/export.h): every exported function
 * kept under link-time optimisation with its own name at its address (not
 * a renamed .constprop/.isra copy) and callable through the table. */
#include "ktest/ktest.h"
#include "core/kexport.h"
#include "lib/string.h"
#include "uapi/module.h"

static const kexport_t *lookup(const char *name)
{
	for (uint32_t i = 0; i < kexport_count(); i++)
		if (strcmp(kexport_at(i)->name, name) == 0)
			return kexport_at(i);
	return NULL;
}

int ktest_kexports(void)
{
	static const char *const needed[] = {"kprintf", "kmalloc", "kfree",
					     "memcpy",	"memset",  "nu_inb",
					     "nu_outb", "nu_ticks"};
	const ksym_table_t *t = nu_ksyms();
	uint32_t n = kexport_count(), off;
	KT_ASSERT(n >= sizeof(needed) / sizeof(needed[0]));
	KT_ASSERT(kexport_at(n) == NULL);
	for (uint32_t i = 0; i < n; i++) {
		const kexport_t *e = kexport_at(i);
		KT_ASSERT(strlen(e->name) < LV_KEXPORT_NAME_MAX);
		const char *sym = ksyms_find(t, (uint32_t)e->addr, &off);
		if (!sym || strcmp(sym, e->name) != 0 || off != 0) {
			kprintf("ktest: export %s at %p is %s+0x%x\n", e->name,
				e->addr, sym ? sym : "?", off);
			return -1;
		}
		for (uint32_t j = 0; j < i; j++)
			KT_ASSERT(strcmp(kexport_at(j)->name, e->name) != 0);
	}
	for (uint32_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		KT_ASSERT(lookup(needed[i]) != NULL);
	/* Called as a module calls them: through the table's addresses. */
	void *(*volatile alloc)(size_t) =
	    (void *(*)(size_t))lookup("kmalloc")->addr;
	void (*volatile release)(void *) =
	    (void (*)(void *))lookup("kfree")->addr;
	size_t (*volatile length)(const char *) =
	    (size_t(*)(const char *))lookup("strlen")->addr;
	char *p = alloc(64);
	KT_ASSERT(p != NULL);
	memcpy(p, "exported", 9);
	KT_ASSERT_EQ(length(p), 8);
	release(p);
	return 0;
}
