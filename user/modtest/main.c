/* Tests of the kernel's side of loadable modules (issue 13), run by init
 * with the module right (tests/configs/modtest.cfg, init's -m): the export
 * table; /lib/modules/hello.ko linked here with the pure module linker at
 * a reserved base, installed, listed and removed, 50 times with the
 * kernel's memory back; and every refusal leaving nothing behind. One line
 * "modtest NAME: ok|FAIL why" per check, then the summary. "modtest
 * wpfault" installs /test/modules/wpfault.ko, whose write to its own text
 * stops the kernel (proc.modfault). Roles of its children: noright,
 * reserver, holder. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "modtest.h"
#include "../lib/check.h"
#include "../lib/usage.h"

#define HELLO "/lib/modules/hello.ko"
#define FAILINIT "/test/modules/failinit.ko"
#define WPFAULT "/test/modules/wpfault.ko"
#define ROUNDS 50
#define CHILD_TICKS 3000
#define KERNEL_ADDR 0xC0001000u
#define SLOTS 16		 /* the kernel's LIMIT_MODULES */
#define MODULE_BYTES (16u << 20) /* its LIMIT_MODULE_BYTES */

static modfile_t hello, failinit;

/* The kernel's memory now (frames free or held by the heap, heap bytes in
 * use) plus our own pages, which our mallocs move. */
void modtest_mem_now(uint32_t *frames, uint32_t *heap_used)
{
	lv_mem_info_t m;
	lv_proc_info_t me;
	lv_mem_info(&m);
	*frames = m.frames_free + m.kheap_mapped / 4096 +
		  (lv_proc_find(lv_getpid(), &me) == 0 ? me.pages : 0);
	*heap_used = m.kheap_used;
}

const char *modtest_mem_back(uint32_t frames0, uint32_t heap0, uint32_t frames,
			     uint32_t heap, const char *when)
{
	if (frames == frames0 && heap == heap0)
		return NULL;
	return check_why("%s: frames %u -> %u, heap %u -> %u", when, frames0,
			 frames, heap0, heap);
}

/* The table slot of module id, or -1. */
static int slot_of(int id, lv_module_stat_t *st)
{
	for (int i = 0; lv_module_info(i, st) != -ERR_NOENT; i++)
		if (lv_module_info(i, st) == 0 && st->id == id)
			return i;
	return -1;
}

int modtest_table_empty(void)
{
	lv_module_stat_t st;
	for (int i = 0; lv_module_info(i, &st) != -ERR_NOENT; i++)
		if (lv_module_info(i, &st) == 0)
			return 0;
	return 1;
}

static const char *run_child(const char *args, unsigned flags, int want)
{
	int status, pid = lv_spawn("modtest", args, flags, 0, 0);
	if (pid < 0)
		return check_why("spawn %s: %s", args, lv_strerror(pid));
	if (check_wait_exit(pid, CHILD_TICKS, &status) < 0)
		return check_why("%s hung", args);
	if (status != want)
		return check_why("%s ended with %d", args, status);
	return NULL;
}

static const char *exports(void)
{
	lv_kexport_t e[64];
	unsigned abi = 0;
	int n = lv_module_exports(e, 64, &abi), rc;
	if (n < 8 || n > 64)
		return check_why("module_exports gave %d", n);
	if (abi != LV_KERNEL_ABI_VERSION)
		return check_why("ABI %u", abi);
	int found = 0;
	for (int i = 0; i < n; i++) {
		if (e[i].address < 0xC0000000u)
			return check_why("%s at 0x%x", e[i].name, e[i].address);
		found += strcmp(e[i].name, "kprintf") == 0 ||
			 strcmp(e[i].name, "kmalloc") == 0 ||
			 strcmp(e[i].name, "kfree") == 0;
	}
	if (found != 3)
		return "kprintf, kmalloc or kfree not exported";
	if ((rc = lv_module_exports(NULL, 0, NULL)) != n)
		return check_why("count only gave %d", rc);
	if ((rc = lv_module_exports((void *)KERNEL_ADDR, 4, NULL)) !=
	    -ERR_FAULT)
		return check_why("kernel buffer gave %d", rc);
	if ((rc = lv_module_exports(e, 4, (void *)KERNEL_ADDR)) != -ERR_FAULT)
		return check_why("kernel abi pointer gave %d", rc);
	return modtest_exports() == 0 ? NULL : "exports for linking";
}

/* Reserve, link, install, check it is listed, remove, check it is gone. */
static const char *load_unload(const modfile_t *f, const char *param)
{
	prepared_t p;
	lv_module_stat_t st;
	const char *why = modtest_prepare(f, param, &p);
	if (why)
		return why;
	int id = lv_module_install(&p.req);
	if (id < 0 || p.req.init_rc != 0) {
		why = check_why("install: %s (init %d)", lv_strerror(id),
				p.req.init_rc);
		lv_module_remove(p.req.id);
	} else if (slot_of(id, &st) < 0 || st.state != LV_MODULE_LIVE ||
		   strcmp(st.name, p.req.name) != 0 || st.base != p.base ||
		   st.size != p.req.size || st.owner != lv_getpid()) {
		why = check_why("listed as state %u name '%s' base 0x%x",
				st.state, st.name, st.base);
		lv_module_remove(id);
	} else if (lv_module_remove(id) != 0 || slot_of(id, &st) >= 0) {
		why = "remove";
	}
	modtest_release(&p);
	return why;
}

static const char *load_hello(void)
{
	return load_unload(&hello, "greeting=modtest");
}

static const char *rounds(void)
{
	uint32_t frames0, heap0, frames, heap;
	const char *why = load_unload(&hello, NULL); /* warm-up */
	modtest_mem_now(&frames0, &heap0);
	for (int i = 0; i < ROUNDS && !why; i++)
		why = load_unload(&hello, "count=0x7");
	if (why)
		return why;
	modtest_mem_now(&frames, &heap);
	return modtest_mem_back(frames0, heap0, frames, heap,
				"after the rounds");
}

/* Child role: no module right, every module call but the table refused. */
static int role_noright(void)
{
	lv_kexport_t e[4];
	lv_module_install_t req;
	lv_module_stat_t st;
	unsigned base;
	memset(&req, 0, sizeof(req));
	int bad = (lv_module_exports(e, 4, NULL) != -ERR_PERM) +
		  (lv_module_reserve(4096, &base) != -ERR_PERM) +
		  (lv_module_install(&req) != -ERR_PERM) +
		  (lv_module_remove(1) != -ERR_PERM) +
		  (lv_module_wait(1, 0) != -ERR_PERM) +
		  (lv_module_info(0, &st) == -ERR_PERM) +
		  (lv_spawn("modtest", "modtest idle", LV_SPAWN_MODULE, 0, 0) !=
		   -ERR_PERM);
	return bad;
}

static const char *no_right(void) { return run_child("modtest noright", 0, 0); }

static const char *bad_reserve(void)
{
	unsigned base, sizes[] = {0, 100, 4097, MODULE_BYTES + 4096};
	int ids[SLOTS + 1], rc;
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if ((rc = lv_module_reserve(sizes[i], &base)) != -ERR_INVAL)
			return check_why("size %u gave %d", sizes[i], rc);
	if ((rc = lv_module_reserve(4096, NULL)) != -ERR_FAULT)
		return check_why("NULL base gave %d", rc);
	if ((rc = lv_module_reserve(4096, (unsigned *)KERNEL_ADDR)) !=
	    -ERR_FAULT)
		return check_why("kernel base pointer gave %d", rc);
	if (!modtest_table_empty())
		return "a refused reservation stayed";
	for (int i = 0; i <= SLOTS; i++)
		ids[i] = lv_module_reserve(4096, &base);
	rc = ids[SLOTS];
	for (int i = 0; i <= SLOTS; i++)
		if (ids[i] > 0)
			lv_module_remove(ids[i]);
	if (rc != -ERR_NOSPC)
		return check_why("reservation %d gave %d", SLOTS + 1, rc);
	ids[0] = lv_module_reserve(MODULE_BYTES, &base);
	ids[1] = lv_module_reserve(4096, &base);
	for (int i = 0; i < 2; i++)
		if (ids[i] > 0)
			lv_module_remove(ids[i]);
	if (ids[0] < 0 || ids[1] != -ERR_NOMEM)
		return check_why("16 MiB gave %d, then a page %d", ids[0],
				 ids[1]);
	return modtest_table_empty() ? NULL : "reservations left";
}

/* A request spoilt one way, and the error it must get. */
typedef struct spoilt {
	const char *what;
	int want;
	void (*spoil)(lv_module_install_t *r, prepared_t *p);
} spoilt_t;

static void unknown_id(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->id += 1000;
}
static void wrong_size(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->size += 4096;
}
static void text_unaligned(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->text_end += 1;
}
static void ro_before_text(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->text_end = r->size;
	r->ro_end = 0;
}
static void ro_past_size(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->ro_end = r->size + 4096;
}
static void init_outside_text(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->init_offset = r->text_end;
}
static void exit_outside_text(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->exit_offset = r->size - 4;
}
static void empty_name(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->name[0] = 0;
}
static void slash_name(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	strcpy(r->name, "../hello");
}
static void long_name(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	memset(r->name, 'a', sizeof(r->name));
}
static void many_syms(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->nsyms = LV_MODULE_SYMS_MAX + 1;
}
static void sym_outside_text(lv_module_install_t *r, prepared_t *p)
{
	p->syms[0].offset = r->text_end;
}
static void sym_long_name(lv_module_install_t *r, prepared_t *p)
{
	(void)r;
	memset(p->syms[0].name, 'x', sizeof(p->syms[0].name));
}
static void syms_kernel(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->symbols = KERNEL_ADDR;
}
static void image_null(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->image = 0;
}
static void image_kernel(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->image = KERNEL_ADDR;
}

static void deps_unknown(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->deps[0] = 0x7fff;
	r->ndeps = 1;
}
static void deps_itself(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->deps[0] = r->id; /* reserved, not installed */
	r->ndeps = 1;
}
static void deps_many(lv_module_install_t *r, prepared_t *p)
{
	(void)p;
	r->ndeps = LV_MODULE_DEPS_MAX + 1;
}

static const spoilt_t spoilt[] = {
    {"dependency not installed", -ERR_INVAL, deps_unknown},
    {"dependency on itself", -ERR_INVAL, deps_itself},
    {"too many dependencies", -ERR_INVAL, deps_many},
    {"unknown id", -ERR_NOENT, unknown_id},
    {"size", -ERR_INVAL, wrong_size},
    {"text_end unaligned", -ERR_INVAL, text_unaligned},
    {"ro_end before text_end", -ERR_INVAL, ro_before_text},
    {"ro_end past size", -ERR_INVAL, ro_past_size},
    {"init outside text", -ERR_INVAL, init_outside_text},
    {"exit outside text", -ERR_INVAL, exit_outside_text},
    {"empty name", -ERR_INVAL, empty_name},
    {"name with /", -ERR_INVAL, slash_name},
    {"unterminated name", -ERR_INVAL, long_name},
    {"too many symbols", -ERR_INVAL, many_syms},
    {"symbol outside text", -ERR_INVAL, sym_outside_text},
    {"unterminated symbol", -ERR_INVAL, sym_long_name},
    {"symbols in the kernel", -ERR_FAULT, syms_kernel},
    {"image at 0", -ERR_FAULT, image_null},
    {"image in the kernel", -ERR_FAULT, image_kernel},
};

/* Each spoilt request refused, the reservation still only reserved; then
 * the good request installs. */
static const char *bad_install(void)
{
	prepared_t p;
	lv_module_stat_t st;
	uint32_t frames0, heap0, frames, heap;
	int rc, id;
	const char *why = modtest_prepare(&hello, NULL, &p);
	if (why)
		return why;
	modtest_mem_now(&frames0, &heap0);
	lv_module_install_t good = p.req;
	lv_modsym_t sym0 = p.syms[0];
	if ((rc = lv_module_install(NULL)) != -ERR_FAULT ||
	    (rc = lv_module_install((void *)KERNEL_ADDR)) != -ERR_FAULT)
		why = check_why("request pointer gave %d", rc);
	for (unsigned i = 0; !why && i < sizeof(spoilt) / sizeof(spoilt[0]);
	     i++) {
		p.req = good;
		p.syms[0] = sym0;
		spoilt[i].spoil(&p.req, &p);
		rc = lv_module_install(&p.req);
		modtest_mem_now(&frames, &heap);
		if (rc != spoilt[i].want)
			why = check_why("%s gave %d", spoilt[i].what, rc);
		else if (slot_of(good.id, &st) < 0 ||
			 st.state != LV_MODULE_RESERVED || frames != frames0 ||
			 heap != heap0)
			why = check_why("%s left state %u, frames %u -> %u",
					spoilt[i].what, st.state, frames0,
					frames);
	}
	p.req = good;
	p.syms[0] = sym0;
	id = lv_module_install(&p.req);
	if (!why && id < 0)
		why = check_why("then the good request: %s", lv_strerror(id));
	/* hello's start is not pending: its verdict is 0 at once */
	if (!why && ((rc = lv_module_wait(id, 0)) != 0 ||
		     (rc = lv_module_wait(0x7fff, 0)) != -ERR_NOENT))
		why = check_why("module_wait gave %d", rc);
	lv_module_remove(id > 0 ? id : good.id);
	modtest_release(&p);
	return why ? why : modtest_table_empty() ? NULL : "left in the table";
}

static const char *duplicate(void)
{
	prepared_t a, b;
	const char *why = modtest_prepare(&hello, NULL, &a);
	if (why)
		return why;
	int id = lv_module_install(&a.req), rc = -1;
	why = id < 0 ? "first install" : modtest_prepare(&hello, NULL, &b);
	if (!why) {
		rc = lv_module_install(&b.req);
		if (rc != -ERR_EXIST)
			why = check_why("second hello gave %d", rc);
		lv_module_remove(rc > 0 ? rc : b.req.id);
		modtest_release(&b);
	}
	lv_module_remove(id);
	modtest_release(&a);
	return why ? why : modtest_table_empty() ? NULL : "left in the table";
}

/* A module another depends on stays: hello installed, a second hello
 * (named hello_user) installed depending on it; removing the first is
 * -ERR_BUSY, whoever asks, until the second is gone. */
static const char *dependent(void)
{
	prepared_t a, b;
	lv_module_stat_t st;
	int rc = 0, user = -1;
	const char *why = modtest_prepare(&hello, NULL, &a);
	if (why)
		return why;
	int id = lv_module_install(&a.req);
	why = id < 0 ? "first install" : modtest_prepare(&hello, NULL, &b);
	if (!why) {
		snprintf(b.req.name, sizeof(b.req.name), "hello_user");
		b.req.deps[0] = id;
		b.req.ndeps = 1;
		user = lv_module_install(&b.req);
		if (user < 0)
			why = check_why("the dependent: %s", lv_strerror(user));
		else if ((rc = lv_module_remove(id)) != -ERR_BUSY)
			why = check_why("remove of its dependency gave %d", rc);
		else if (slot_of(id, &st) < 0 || st.state != LV_MODULE_LIVE)
			why = "the refused removal changed it";
		else if ((rc = lv_module_remove(user)) != 0)
			why = check_why("remove of the dependent gave %d", rc);
		if (user < 0)
			lv_module_remove(b.req.id); /* the reservation */
		else if (slot_of(user, &st) >= 0)
			lv_module_remove(user);
		modtest_release(&b);
	}
	if ((rc = lv_module_remove(id)) != 0 && !why)
		why = check_why("then its removal gave %d", rc);
	modtest_release(&a);
	return why ? why : modtest_table_empty() ? NULL : "left in the table";
}

static const char *failing_init(void)
{
	uint32_t frames0, heap0, frames, heap;
	const char *why = NULL;
	for (int round = 0; round < 2 && !why; round++) {
		prepared_t p;
		if (round == 1) /* after a warm-up */
			modtest_mem_now(&frames0, &heap0);
		if ((why = modtest_prepare(&failinit, NULL, &p)))
			break;
		int rc = lv_module_install(&p.req);
		if (rc != -ERR_NODEV || p.req.init_rc != -ERR_NODEV)
			why = check_why("gave %d, init %d", rc, p.req.init_rc);
		else if (lv_module_remove(p.req.id) != -ERR_NOENT)
			why = "its reservation stayed";
		if (rc > 0)
			lv_module_remove(rc);
		modtest_release(&p);
	}
	modtest_mem_now(&frames, &heap);
	if (!why && (frames != frames0 || heap != heap0))
		why = check_why("frames %u -> %u, heap %u -> %u", frames0,
				frames, heap0, heap);
	return why ? why : modtest_table_empty() ? NULL : "left in the table";
}

/* Child role: reserves 64 KiB; "holder" then waits to be killed. */
static int role_reserver(int hold)
{
	unsigned base;
	int id = lv_module_reserve(0x10000, &base);
	while (hold && id > 0)
		lv_sleep(1000);
	return id > 0 ? 0 : 1;
}

static const char *reservation_of_ended(void)
{
	uint32_t frames0, heap0, frames, heap;
	modtest_mem_now(&frames0, &heap0);
	const char *why = run_child("modtest reserver", LV_SPAWN_MODULE, 0);
	if (why)
		return why;
	modtest_mem_now(&frames, &heap);
	if (!modtest_table_empty())
		return "the reservation outlived its owner";
	if (frames != frames0 || heap != heap0)
		return check_why("frames %u -> %u, heap %u -> %u", frames0,
				 frames, heap0, heap);
	return NULL;
}

/* Another process's reservation: not ours to install or remove; gone when
 * it is killed. Waits for it by looking at the table (bounded). */
static const char *others_reservation(void)
{
	lv_module_stat_t st;
	int status,
	    rc = 0,
	    pid = lv_spawn("modtest", "modtest holder", LV_SPAWN_MODULE, 0, 0);
	if (pid < 0)
		return check_why("spawn: %s", lv_strerror(pid));
	int slot = -1;
	for (int tries = 0; tries < 500 && slot < 0; tries++) {
		for (int i = 0; i < SLOTS && slot < 0; i++)
			if (lv_module_info(i, &st) == 0 && st.owner == pid)
				slot = i;
		if (slot < 0)
			lv_sleep(1);
	}
	const char *why = slot < 0 ? "the holder reserved nothing" : NULL;
	if (!why && (rc = lv_module_remove(st.id)) != -ERR_PERM)
		why = check_why("remove gave %d", rc);
	if (!why) {
		prepared_t p;
		why = modtest_prepare(&hello, NULL, &p);
		if (!why) {
			int mine = p.req.id;
			p.req.id = st.id;
			p.req.size = st.size;
			if ((rc = lv_module_install(&p.req)) != -ERR_PERM)
				why = check_why("install gave %d", rc);
			lv_module_remove(mine);
			modtest_release(&p);
		}
	}
	lv_kill(pid);
	check_wait_exit(pid, CHILD_TICKS, &status);
	if (!why && (rc = lv_module_remove(12345678)) != -ERR_NOENT)
		why = check_why("unknown id gave %d", rc);
	return why ? why : modtest_table_empty() ? NULL : "left in the table";
}

/* Installs wpfault.ko: its init's write to its text stops the kernel. */
static int wpfault(void)
{
	modfile_t f;
	prepared_t p;
	const char *why = NULL;
	if (modtest_exports() < 0 || modtest_read(WPFAULT, &f) < 0)
		why = "cannot read " WPFAULT;
	else if (!(why = modtest_prepare(&f, NULL, &p)))
		why =
		    check_why("install returned %d", lv_module_install(&p.req));
	printf("modtest wpfault: FAIL %s\n", why);
	return 1;
}

static const usage_t usage = {
    "modtest", "[wpfault|kproc|ne2k|ne2k_echo|ne2k_pci]",
    "Tests the kernel's side of loadable modules: exports, install and\n"
    "remove of /lib/modules/hello.ko, refusals; needs the module right\n"
    "(init -m). wpfault: a module writing to its text, which stops the\n"
    "kernel. kproc: modules as kernel-side processes (kecho, kfault).\n"
    "ne2k: the NE2000 module loaded, used with nicdump and nicsend, stopped\n"
    "and removed. ne2k_echo (with nicecho on a second node): 50 rounds of\n"
    "load, frames both ways, stop and remove; a full receiver's drops;\n"
    "protocol servers' sessions; I/O-port claims against the user-mode\n"
    "driver. ne2k_pci: the module on QEMU's ne2k_pci.",
    "proc.modtest, proc.modfault, proc.kproc, proc.kproc_ne2k, "
    "proc.kproc_ne2k_equal, proc.kproc_ne2k_pci"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	const char *role = argc >= 2 ? argv[1] : "";
	if (strcmp(role, "noright") == 0)
		return role_noright();
	if (strcmp(role, "reserver") == 0 || strcmp(role, "holder") == 0)
		return role_reserver(role[0] == 'h');
	if (strcmp(role, "idle") == 0)
		return 0;
	if (strcmp(role, "wpfault") == 0)
		return wpfault();
	if (strcmp(role, "kproc") == 0)
		return modtest_kproc();
	if (strcmp(role, "ne2k") == 0)
		return modtest_ne2k();
	if (strcmp(role, "ne2k_echo") == 0)
		return modtest_ne2k_echo();
	if (strcmp(role, "ne2k_pci") == 0)
		return modtest_ne2k_pci();
	if (argc >= 2)
		usage_error(&usage, "unexpected argument '%s'", argv[1]);
	check_init("modtest");
	if (modtest_read(HELLO, &hello) < 0 ||
	    modtest_read(FAILINIT, &failinit) < 0) {
		printf("modtest: cannot read %s or %s\n", HELLO, FAILINIT);
		return 1;
	}
	check_run("exports", exports);
	check_run("load_hello", load_hello);
	check_run("rounds", rounds);
	check_run("no_right", no_right);
	check_run("bad_reserve", bad_reserve);
	check_run("bad_install", bad_install);
	check_run("duplicate", duplicate);
	check_run("dependent", dependent);
	check_run("failing_init", failing_init);
	check_run("reservation_of_ended", reservation_of_ended);
	check_run("others_reservation", others_reservation);
	return check_summary();
}
