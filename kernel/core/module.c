/* Loadable kernel modules, the mechanism (see module.h). A fixed table of
 * LIMIT_MODULES slots; a slot is a reservation of the module area (an
 * address range, no memory yet) until its image is installed: then the
 * image lives in frames of its own mapped at the reserved base, text and
 * read-only data read-only (CR0.WP is set at boot, so ring 0 faults on a
 * write there too; the frames' direct-map alias stays writable, as the
 * kernel's own text is). There is no NX without PAE: data is executable.
 * One unmapped guard page follows each image. Not reentrant: the kernel is
 * not preemptible and nothing here blocks, except a module's own init or
 * exit, during which its slot is LOADING or UNLOADING and refuses every
 * other change. */
#include "core/module.h"
#include "core/kmem.h"
#include "core/kproc.h"
#include "core/limits.h"
#include "core/proc.h"
#include "core/sched.h"
#include "core/space.h"
#include "nucleus/nucleus.h"
#include "lib/errstr.h"
#include "lib/export.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "uapi/errors.h"

typedef struct module {
	int id; /* 0: free slot */
	uint32_t state;
	int owner;     /* pid that reserved it; 0 once that process ended */
	uint32_t refs; /* users that keep it loaded: its driver's sessions */
	int32_t users[LV_MODULE_USERS_MAX]; /* their pids (kmodule_users) */
	char name[LV_MODULE_NAME_MAX];
	uint32_t base, size, text_end, ro_end;
	uint32_t exit_offset;
	lv_modsym_t *syms; /* nsyms, sorted by offset, all inside text */
	uint32_t nsyms;
	proc_t *proc; /* its kernel-side process while that lives */
	int pid;      /* that process's pid (kept once it ended) */
	int32_t deps[LV_MODULE_DEPS_MAX]; /* ids it depends on */
	uint32_t ndeps;
	int pending; /* init said its thread reports the start (kmodule_*) */
	int verdict; /* what it reported (or -ERR_IO: it ended first) */
} module_t;

/* The loaders waiting for a start's verdict (module_wait_started): one
 * queue, each waiter checks its module again when woken. */
static wait_queue_t started_q;

static module_t table[LIMIT_MODULES];
static uint32_t total_bytes; /* of every slot, reservations too */
static int next_id = 1;

static module_t *find(int id)
{
	for (int i = 0; id > 0 && i < LIMIT_MODULES; i++)
		if (table[i].id == id)
			return &table[i];
	return NULL;
}

/* The lowest address of the area where size bytes and a guard page fit
 * between the other slots, or 0. */
static uint32_t find_room(uint32_t size)
{
	uint32_t at = MODULE_AREA_BASE;
	for (int i = 0; i < LIMIT_MODULES; i++) {
		const module_t *m = &table[i];
		if (size + PAGE_SIZE > MODULE_AREA_LIMIT - at)
			return 0;
		if (m->id && m->base < at + size + PAGE_SIZE &&
		    at < m->base + m->size + PAGE_SIZE) {
			at = m->base + m->size + PAGE_SIZE;
			i = -1; /* look at every slot again from there */
		}
	}
	return at;
}

int module_reserve(uint32_t size, int owner, uint32_t *base)
{
	if (size == 0 || size % PAGE_SIZE || size > LIMIT_MODULE_BYTES)
		return -ERR_INVAL;
	module_t *m = NULL;
	for (int i = 0; i < LIMIT_MODULES && !m; i++)
		if (!table[i].id)
			m = &table[i];
	if (!m)
		return -ERR_NOSPC;
	if (size > LIMIT_MODULE_BYTES - total_bytes)
		return -ERR_NOMEM;
	uint32_t at = find_room(size);
	if (!at)
		return -ERR_NOMEM;
	memset(m, 0, sizeof(*m));
	m->id = next_id++;
	m->state = LV_MODULE_RESERVED;
	m->owner = owner;
	m->base = at;
	m->size = size;
	total_bytes += size;
	*base = at;
	return m->id;
}

/* Unmaps [base, base + mapped) and gives its frames back. */
static void unmap_image(uint32_t base, uint32_t mapped)
{
	for (uint32_t off = 0; off < mapped; off += PAGE_SIZE) {
		uint32_t pa, f = nu_irq_save();
		if (nu_unmap_kernel_page(base + off, &pa) == 0)
			nu_frame_free(pa);
		nu_irq_restore(f);
	}
}

static void free_slot(module_t *m)
{
	total_bytes -= m->size;
	kfree(m->syms);
	memset(m, 0, sizeof(*m));
}

static int name_ok(const char *name)
{
	size_t n = strnlen(name, LV_MODULE_NAME_MAX);
	if (n == 0 || n == LV_MODULE_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static int layout_ok(const module_t *m, const lv_module_install_t *req)
{
	uint32_t text = req->text_end, ro = req->ro_end;
	return req->size == m->size && text % PAGE_SIZE == 0 &&
	       ro % PAGE_SIZE == 0 && text <= ro && ro <= req->size &&
	       (req->init_offset == LV_MODULE_NO_ENTRY ||
		req->init_offset < text) &&
	       (req->exit_offset == LV_MODULE_NO_ENTRY ||
		req->exit_offset < text);
}

/* Every symbol inside text with its name terminated; sorts them by offset
 * (insertion sort: at most LV_MODULE_SYMS_MAX). */
static int symbols_ok(lv_modsym_t *syms, uint32_t n, uint32_t text_end)
{
	for (uint32_t i = 0; i < n; i++) {
		if (syms[i].offset >= text_end ||
		    strnlen(syms[i].name, LV_MODSYM_NAME_MAX) ==
			LV_MODSYM_NAME_MAX)
			return 0;
		lv_modsym_t s = syms[i];
		uint32_t j = i;
		for (; j > 0 && syms[j - 1].offset > s.offset; j--)
			syms[j] = syms[j - 1];
		syms[j] = s;
	}
	return 1;
}

static int name_loaded(const char *name)
{
	for (int i = 0; i < LIMIT_MODULES; i++)
		if (table[i].id && table[i].state != LV_MODULE_RESERVED &&
		    strcmp(table[i].name, name) == 0)
			return 1;
	return 0;
}

/* Each page in a fresh frame, filled from the user's image, then mapped:
 * text and read-only data without write permission. */
static int map_image(const module_t *m, uint32_t image)
{
	uint32_t off;
	int rc = 0;
	for (off = 0; off < m->size && rc == 0; off += PAGE_SIZE) {
		uint32_t f = nu_irq_save();
		uint32_t pa = nu_frame_alloc();
		nu_irq_restore(f);
		if (!pa) {
			rc = -ERR_NOMEM;
			break;
		}
		rc = copyin(PHYS_TO_VIRT(pa), image + off, PAGE_SIZE);
		f = nu_irq_save();
		if (rc == 0)
			rc = nu_map_kernel_page(m->base + off, pa,
						off >= m->ro_end ? NU_MAP_WRITE
								 : 0);
		if (rc < 0)
			nu_frame_free(pa);
		nu_irq_restore(f);
	}
	if (rc < 0)
		unmap_image(m->base, off);
	return rc;
}

/* Ends m's process if it lives (its threads, ports, IRQ lines go). */
static void end_process(module_t *m)
{
	if (m->proc)
		proc_exit(m->proc, PROC_STATUS_KILLED); /* the hook clears it */
}

/* The ids a module depends on: installed modules (live or dead), not
 * itself. */
static int deps_ok(const lv_module_install_t *req)
{
	if (req->ndeps > LV_MODULE_DEPS_MAX)
		return 0;
	for (uint32_t i = 0; i < req->ndeps; i++) {
		const module_t *d = find(req->deps[i]);
		if (!d || d->id == req->id ||
		    (d->state != LV_MODULE_LIVE && d->state != LV_MODULE_DEAD))
			return 0;
	}
	return 1;
}

/* What a failed init returned, as an error of the one list. */
static int init_error(int rc)
{
	if (rc > -1000 && strcmp(err_name(rc), "ERR_?") != 0)
		return rc;
	return -ERR_IO;
}

int module_install(int owner, const lv_module_install_t *req, lv_modsym_t *syms,
		   int *init_rc)
{
	module_t *m = find(req->id);
	int rc = 0;
	*init_rc = 1;
	if (!m || m->state != LV_MODULE_RESERVED)
		rc = -ERR_NOENT;
	else if (m->owner != owner)
		rc = -ERR_PERM;
	else if (!layout_ok(m, req) || req->nsyms > LV_MODULE_SYMS_MAX ||
		 !name_ok(req->name) ||
		 !symbols_ok(syms, req->nsyms, req->text_end) || !deps_ok(req))
		rc = -ERR_INVAL;
	else if (name_loaded(req->name))
		rc = -ERR_EXIST;
	if (rc < 0) {
		kfree(syms);
		return rc;
	}
	m->state = LV_MODULE_LOADING;
	m->text_end = req->text_end;
	m->ro_end = req->ro_end;
	memcpy(m->name, req->name, sizeof(m->name));
	rc = map_image(m, req->image);
	if (rc < 0) { /* the reservation stays for another try */
		m->state = LV_MODULE_RESERVED;
		memset(m->name, 0, sizeof(m->name));
		kfree(syms);
		return rc;
	}
	rc = kproc_create(m->name, &m->proc);
	if (rc < 0) {
		unmap_image(m->base, m->size);
		m->state = LV_MODULE_RESERVED;
		memset(m->name, 0, sizeof(m->name));
		kfree(syms);
		return rc;
	}
	m->pid = m->proc->pid;
	m->syms = syms;
	m->nsyms = req->nsyms;
	m->exit_offset = req->exit_offset;
	memcpy(m->deps, req->deps, req->ndeps * sizeof(m->deps[0]));
	m->ndeps = req->ndeps; /* kept while init runs: its slot is LOADING */
	if (req->init_offset != LV_MODULE_NO_ENTRY) {
		int (*init)(void) = (int (*)(void))(m->base + req->init_offset);
		kproc_set_calling(m->proc);
		*init_rc = init();
		kproc_set_calling(NULL);
		if (*init_rc < 0) {
			rc = init_error(*init_rc);
			kprintf("module %s: init failed: %s; unloaded\n",
				m->name, err_str(rc));
			end_process(m); /* threads init started, its IRQ */
			unmap_image(m->base, m->size);
			free_slot(m);
			return rc;
		}
	}
	m->state = LV_MODULE_LIVE;
	return m->id;
}

/* While a module's exit runs: its process had ended before the removal
 * (a fault, a kill, its thread returned), so what it held -- I/O ports,
 * IRQ lines -- may be another driver's by now. */
static int exiting_was_dead;

int kmodule_exit_after_death(void) { return exiting_was_dead; }
LV_EXPORT(kmodule_exit_after_death);

/* 1 when another installed module depends on id: its code was linked
 * against id's, so id stays while it is loaded (whatever its state, dead
 * too; a module LOADING has its deps kept already). */
static int has_dependents(int id)
{
	for (int i = 0; i < LIMIT_MODULES; i++)
		for (uint32_t d = 0; table[i].id && d < table[i].ndeps; d++)
			if (table[i].deps[d] == id)
				return 1;
	return 0;
}

int module_remove(int id, int caller)
{
	module_t *m = find(id);
	if (!m)
		return -ERR_NOENT;
	if (m->state == LV_MODULE_RESERVED) {
		if (m->owner != caller)
			return -ERR_PERM;
		free_slot(m);
		return 0;
	}
	if ((m->state != LV_MODULE_LIVE && m->state != LV_MODULE_DEAD) ||
	    m->refs || has_dependents(id))
		return -ERR_BUSY;
	exiting_was_dead = m->state == LV_MODULE_DEAD;
	m->state = LV_MODULE_UNLOADING;
	end_process(m); /* nothing of it may run once the image goes */
	if (m->exit_offset != LV_MODULE_NO_ENTRY)
		((void (*)(void))(m->base + m->exit_offset))();
	exiting_was_dead = 0;
	unmap_image(m->base, m->size);
	free_slot(m);
	return 0;
}

int module_stat(int index, lv_module_stat_t *out)
{
	if (index < 0 || index >= LIMIT_MODULES)
		return -ERR_NOENT;
	const module_t *m = &table[index];
	if (!m->id)
		return -ERR_SRCH;
	memset(out, 0, sizeof(*out));
	out->id = m->id;
	out->state = m->state;
	out->base = m->base;
	out->size = m->size;
	out->owner = m->owner;
	out->refs = m->refs;
	out->pid = m->pid;
	memcpy(out->users, m->users, sizeof(out->users));
	memcpy(out->deps, m->deps, sizeof(out->deps));
	out->ndeps = m->ndeps;
	memcpy(out->name, m->name, sizeof(out->name));
	return 0;
}

int kmodule_users(const int *pids, unsigned n)
{
	proc_t *p = kproc_caller();
	if (n > LV_MODULE_USERS_MAX || (n && !pids))
		return -ERR_INVAL;
	for (int i = 0; p && i < LIMIT_MODULES; i++) {
		module_t *m = &table[i];
		if (!m->id || m->proc != p)
			continue;
		memset(m->users, 0, sizeof(m->users));
		for (unsigned k = 0; k < n; k++)
			m->users[k] = pids[k];
		m->refs = n;
		return 0;
	}
	return -ERR_PERM;
}
LV_EXPORT(kmodule_users);

/* The module whose process is the caller's (kproc_caller), or NULL. */
static module_t *module_of_caller(void)
{
	proc_t *p = kproc_caller();
	for (int i = 0; p && i < LIMIT_MODULES; i++)
		if (table[i].id && table[i].proc == p)
			return &table[i];
	return NULL;
}

int kmodule_start_pending(void)
{
	module_t *m = module_of_caller();
	if (!m || m->state != LV_MODULE_LOADING)
		return -ERR_PERM;
	m->pending = 1;
	return 0;
}
LV_EXPORT(kmodule_start_pending);

static void verdict(module_t *m, int rc)
{
	uint32_t f = nu_irq_save();
	m->pending = 0;
	m->verdict = rc;
	sched_wake_all(&started_q, 0);
	nu_irq_restore(f);
}

int kmodule_started(int rc)
{
	module_t *m = module_of_caller();
	if (!m || !m->pending || rc > 0)
		return !m || !m->pending ? -ERR_PERM : -ERR_INVAL;
	verdict(m, rc);
	return 0;
}
LV_EXPORT(kmodule_started);

int module_wait_started(int id, uint32_t ticks)
{
	uint64_t deadline = nu_ticks() + ticks;
	uint32_t f = nu_irq_save();
	module_t *m = find(id);
	int rc = 0;
	while (m && m->pending && rc == 0) {
		rc = sched_block(&started_q, deadline);
		m = find(id);
	}
	if (rc == 0)
		rc = m ? m->verdict : -ERR_NOENT;
	nu_irq_restore(f);
	return rc;
}

int module_starter(const proc_t *p)
{
	for (int i = 0; p && i < LIMIT_MODULES; i++)
		if (table[i].id && table[i].proc == p)
			return table[i].owner;
	return 0;
}

/* A module's process ended: a live module is dead from now on (its ports
 * died with the process); module_remove frees it. */
static void process_ended(module_t *m, const proc_t *p)
{
	m->proc = NULL;
	m->refs = 0; /* its sessions ended with its ports */
	if (m->pending)
		verdict(m, -ERR_IO); /* ended before it reported */
	if (m->state != LV_MODULE_LIVE)
		return; /* its init failed, or it is being removed */
	m->state = LV_MODULE_DEAD;
	kprintf("module %s: its process %s (pid %d) ended with status %d; "
		"the module is dead until removed\n",
		m->name, p->name, p->pid, p->exit_code);
}

/* A process's reservations go with it; its installed modules stay. A
 * module's own process ending makes the module dead. */
static void release_owner(proc_t *p)
{
	for (int i = 0; i < LIMIT_MODULES; i++) {
		module_t *m = &table[i];
		if (m->id && m->proc == p)
			process_ended(m, p);
		if (!m->id || m->owner != p->pid)
			continue;
		if (m->state == LV_MODULE_RESERVED)
			free_slot(m);
		else
			m->owner = 0;
	}
}

/* "[name] symbol+0xoff" for an address inside an installed module. */
static int symbolize(uint32_t addr, char *buf, size_t size)
{
	for (int i = 0; i < LIMIT_MODULES; i++) {
		const module_t *m = &table[i];
		if (!m->id || m->state == LV_MODULE_RESERVED ||
		    addr - m->base >= m->size)
			continue;
		uint32_t off = addr - m->base;
		const lv_modsym_t *best = NULL;
		for (uint32_t s = 0; s < m->nsyms && m->syms[s].offset <= off;
		     s++)
			best = &m->syms[s];
		if (best && off < m->text_end)
			fmt_snprintf(buf, size, "[%s] %s+0x%x", m->name,
				     best->name, off - best->offset);
		else
			fmt_snprintf(buf, size, "[%s] +0x%x", m->name, off);
		return 1;
	}
	return 0;
}

void module_init(void)
{
	proc_add_release_hook(release_owner);
	nu_symbolize_set_resolver(symbolize);
}
