/* The modules lkmd loaded and the symbols modules link against (lkmd.h):
 * the kernel's export table (module_exports) and, for each module lkmd
 * installed, its global symbols at their kernel addresses. A module is
 * linked only against the kernel and the modules its record names as
 * dependencies, so the records here say exactly who needs whom (the
 * kernel's reference counts are not wired for modules yet). lkmd gives
 * the kernel each module's dependencies as ids (module_install), and a
 * restarted lkmd adopts the modules installed then with those facts
 * (module_info): records without symbols, so modules cannot link against
 * them, but rmmod and lsmod know who uses whom. Modules another process
 * loads later are in the kernel's table only. */
#include <stdlib.h>
#include <string.h>
#include <lavender/syscall.h>
#include "lkmd.h"

#define KEXPORTS_MAX 256
#define TABLE_MAX LV_LKMD_LIST_MAX

typedef struct entry {
	int id; /* the kernel's; 0: free */
	moddeps_mod_t rec;
	uint32_t base;
	lv_modsym_t *syms; /* its globals, offsets from base */
	uint32_t nsyms;
	int adopted; /* installed before this lkmd started: no symbols */
} entry_t;

static lv_kexport_t kexports[KEXPORTS_MAX];
static int nkexports;
static uint32_t kernel_abi;
static entry_t table[TABLE_MAX];

/* The records of the modules installed now, from the kernel's table: their
 * names and, from the ids the kernel kept, the names they depend on (up
 * to max into out): count. */
static int kernel_records(moddeps_mod_t *out, int max)
{
	static lv_module_stat_t st[TABLE_MAX];
	int n = 0;
	for (int i = 0; n < TABLE_MAX && n < max; i++) {
		int rc = lv_module_info(i, &st[n]);
		if (rc == -ERR_NOENT)
			break;
		if (rc == 0 && st[n].name[0])
			n++;
	}
	for (int i = 0; i < n; i++) {
		moddeps_mod_t *r = &out[i];
		memset(r, 0, sizeof(*r));
		memcpy(r->name, st[i].name, sizeof(r->name));
		for (uint32_t d = 0; d < st[i].ndeps && d < LV_MODULE_DEPS_MAX;
		     d++)
			for (int k = 0; k < n; k++)
				if (st[k].id == st[i].deps[d])
					memcpy(r->depends[r->ndepends++],
					       st[k].name, LV_MODULE_NAME_MAX);
	}
	return n;
}

/* Adopts the modules installed now (a restarted lkmd) with the
 * dependencies the kernel kept. */
static void adopt(void)
{
	static moddeps_mod_t recs[TABLE_MAX];
	int n = kernel_records(recs, TABLE_MAX);
	for (int i = 0; i < n; i++) {
		table[i].id = table_kernel_id(recs[i].name);
		table[i].adopted = 1;
		table[i].rec = recs[i];
	}
}

int table_kernel_users(const char *name, char *users, size_t len)
{
	static moddeps_mod_t recs[TABLE_MAX];
	int n = kernel_records(recs, TABLE_MAX);
	return moddeps_users(recs, n, name, users, len);
}

int table_start(uint32_t *abi, int *nexports)
{
	unsigned v = 0;
	int n = lv_module_exports(kexports, KEXPORTS_MAX, &v);
	if (n < 0)
		return n;
	nkexports = n < KEXPORTS_MAX ? n : KEXPORTS_MAX;
	kernel_abi = v;
	*abi = v;
	*nexports = nkexports;
	adopt();
	return 0;
}

uint32_t table_kernel_abi(void) { return kernel_abi; }

static entry_t *find(const char *name)
{
	for (int i = 0; i < TABLE_MAX; i++)
		if (table[i].id && strcmp(table[i].rec.name, name) == 0)
			return &table[i];
	return NULL;
}

int table_lookup(void *ctx, const char *name, uint32_t *addr)
{
	const modlink_info_t *info = ctx;
	for (int i = 0; i < nkexports; i++)
		if (strcmp(kexports[i].name, name) == 0) {
			*addr = kexports[i].address;
			return 0;
		}
	for (int d = 0; d < info->ndepends; d++) {
		const entry_t *e = find(info->depends[d]);
		for (uint32_t i = 0; e && i < e->nsyms; i++)
			if (strcmp(e->syms[i].name, name) == 0) {
				*addr = e->base + e->syms[i].offset;
				return 0;
			}
	}
	return -ERR_NOENT;
}

int table_add(int id, const modlink_t *m)
{
	entry_t *e = NULL;
	for (int i = 0; i < TABLE_MAX && !e; i++)
		if (!table[i].id)
			e = &table[i];
	uint32_t n = modlink_globals(m, NULL, 0);
	lv_modsym_t *syms = malloc((n ? n : 1) * sizeof(*syms));
	if (!e || !syms) {
		free(syms);
		return -ERR_NOMEM;
	}
	memset(e, 0, sizeof(*e));
	e->nsyms = modlink_globals(m, syms, n);
	e->syms = syms;
	e->base = m->base;
	e->id = id;
	memcpy(e->rec.name, m->info.name, sizeof(e->rec.name));
	memcpy(e->rec.depends, m->info.depends, sizeof(e->rec.depends));
	e->rec.ndepends = m->info.ndepends;
	return 0;
}

void table_remove(const char *name)
{
	entry_t *e = find(name);
	if (!e)
		return;
	free(e->syms);
	memset(e, 0, sizeof(*e));
}

int table_known(const char *name)
{
	const entry_t *e = find(name);
	return e ? e->id : 0;
}

int table_linkable(const char *name)
{
	const entry_t *e = find(name);
	return e && !e->adopted ? e->id : 0;
}

int table_kernel_id(const char *name)
{
	lv_module_stat_t st;
	for (int i = 0;; i++) {
		int rc = lv_module_info(i, &st);
		if (rc == -ERR_NOENT)
			return 0;
		if (rc == 0 && strcmp(st.name, name) == 0)
			return st.id;
	}
}

int table_records(moddeps_mod_t *out, int max)
{
	int n = 0;
	for (int i = 0; i < TABLE_MAX && n < max; i++)
		if (table[i].id)
			out[n++] = table[i].rec;
	return n;
}
