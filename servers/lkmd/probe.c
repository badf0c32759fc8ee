/* modprobe and removal (lkmd.h): a module is loaded after the modules its
 * record depends on, read from the same folder (LV_LKMD_DIR for a name),
 * in the order pure_moddeps gives; a failure removes again what the probe
 * loaded. rmmod refuses a module that a loaded module depends on (naming
 * it), forced too, as the kernel does; modprobe -r removes the module and then
 * the dependencies nothing else uses, users first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/syscall.h>
#include "lkmd.h"

/* What a probe reads: the named module's file, its folder for the rest. */
struct probe {
	char dir[LV_LKMD_PATH_MAX];
	char top[LV_MODULE_NAME_MAX];
	char top_path[LV_LKMD_PATH_MAX];
};

static int path_of(const struct probe *p, const char *name, char *path,
		   char *msg, size_t len)
{
	if (strcmp(name, p->top) == 0) {
		memcpy(path, p->top_path, LV_LKMD_PATH_MAX);
		return 0;
	}
	return load_path(p->dir, name, path, LV_LKMD_PATH_MAX, msg, len);
}

/* moddeps_read_t: name's record from its file; 1 when it is loaded. */
static int read_record(void *ctx, const char *name, moddeps_mod_t *mod,
		       char *err, size_t errlen)
{
	char path[LV_LKMD_PATH_MAX];
	lkmd_file_t f;
	if (table_kernel_id(name))
		return 1;
	int rc = path_of(ctx, name, path, err, errlen);
	if (rc == 0)
		rc = load_parse(path, &f, err, errlen);
	if (rc < 0)
		return rc;
	free(f.data);
	const modlink_info_t *info = &lkmd_link.info;
	if (strcmp(info->name, name) != 0)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "%s: holds module %s, not %s", path,
				      info->name, name);
	memcpy(mod->name, info->name, sizeof(mod->name));
	memcpy(mod->depends, info->depends, sizeof(mod->depends));
	mod->ndepends = info->ndepends;
	return 0;
}

/* Fills p for what: a name in LV_LKMD_DIR, or a file (read for its
 * module's name) whose folder holds the dependencies. */
static int resolve(const char *what, struct probe *p, char *msg, size_t len)
{
	lkmd_file_t f;
	int rc = load_path(LV_LKMD_DIR, what, p->top_path, sizeof(p->top_path),
			   msg, len);
	if (rc < 0)
		return rc;
	if (!strchr(what, '/')) {
		snprintf(p->dir, sizeof(p->dir), "%s", LV_LKMD_DIR);
		snprintf(p->top, sizeof(p->top), "%s", what);
		return 0;
	}
	rc = load_parse(p->top_path, &f, msg, len);
	if (rc < 0)
		return rc;
	free(f.data);
	memcpy(p->top, lkmd_link.info.name, sizeof(p->top));
	memcpy(p->dir, p->top_path, sizeof(p->dir));
	*strrchr(p->dir, '/') = '\0';
	return 0;
}

/* The refusal of rmmod (forced too) and modprobe -r of a module that
 * loaded modules depend on: their code was linked against its. */
static int in_use_by(const char *name, const char *users, char *msg, size_t len)
{
	return modlink_refuse(msg, len, -ERR_BUSY,
			      "module %s is in use by %s (remove them first)",
			      name, users);
}

/* Removes one module, by lkmd's record or the kernel's table; one whose
 * driver has sessions only by force (which ends them first). */
static int remove_one(const char *name, int force, char *msg, size_t len)
{
	char users[LV_LKMD_USERS_MAX];
	int id = table_known(name);
	if (!id)
		id = table_kernel_id(name);
	if (!id)
		return modlink_refuse(
		    msg, len, -ERR_NOENT,
		    "module %s is not loaded (lsmod lists them)", name);
	int rc = users_check(name, force, msg, len);
	if (rc < 0)
		return rc;
	rc = lv_module_remove(id);
	if (rc == -ERR_BUSY &&
	    table_kernel_users(name, users, sizeof(users)) > 0)
		return in_use_by(name, users, msg, len);
	if (rc == -ERR_BUSY)
		return modlink_refuse(
		    msg, len, rc,
		    "module %s is in use (the kernel counts users "
		    "of it) or its init or exit runs",
		    name);
	if (rc < 0)
		return modlink_refuse(msg, len, rc, "module %s: %s", name,
				      lv_strerror(rc));
	table_remove(name);
	printf("lkmd: removed %s (id %d)\n", name, id);
	return 0;
}

int load_probe(const char *what, const char *params, size_t psize,
	       msg_lkmd_result_t *r)
{
	static struct probe p;
	static char order[MODDEPS_MAX][LV_MODULE_NAME_MAX];
	char path[LV_LKMD_PATH_MAX], scratch[LV_LKMD_MESSAGE_MAX];
	char *msg = r->message;
	size_t len = sizeof(r->message);
	int rc = resolve(what, &p, msg, len);
	if (rc < 0)
		return rc;
	memcpy(r->name, p.top, sizeof(r->name));
	if ((r->id = table_kernel_id(p.top)))
		return r->id; /* loaded already: nothing to do */
	int n = moddeps_order(p.top, read_record, &p, order, MODDEPS_MAX,
			      scratch, sizeof(scratch));
	if (n == -ERR_LOOP ||
	    n == -ERR_2BIG) /* the walk's own: name the file */
		return modlink_refuse(msg, len, n, "%s: %s", p.top_path,
				      scratch);
	if (n < 0) /* read_record's: "FILE: why" already */
		return modlink_refuse(msg, len, n, "%s", scratch);
	for (int i = 0; i < n; i++) {
		int top = strcmp(order[i], p.top) == 0;
		rc = path_of(&p, order[i], path, msg, len);
		if (rc == 0)
			rc = load_file(path, top ? params : "", top ? psize : 1,
				       r);
		if (rc >= 0)
			continue;
		while (i-- > 0) /* what this probe loaded goes again */
			remove_one(order[i], 0, scratch, sizeof(scratch));
		memcpy(r->name, p.top, sizeof(r->name));
		return rc;
	}
	return rc;
}

int load_remove(const char *name, uint32_t flags, msg_lkmd_result_t *r)
{
	static moddeps_mod_t recs[LV_LKMD_LIST_MAX];
	static char order[LV_LKMD_LIST_MAX][LV_MODULE_NAME_MAX];
	char users[LV_LKMD_USERS_MAX];
	char *msg = r->message;
	size_t len = sizeof(r->message);
	int n = table_records(recs, LV_LKMD_LIST_MAX), k = 1;

	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(order[0], sizeof(order[0]), "%s", name);
	if (!table_known(name))
		return remove_one(name, flags & LV_LKMD_FORCE, msg,
				  len); /* not lkmd's: no records */
	if (flags & LV_LKMD_DEPS) {
		k = moddeps_removal(recs, n, name, order, msg, len);
		if (k < 0)
			return k;
	} else if (moddeps_users(recs, n, name, users, sizeof(users)) > 0) {
		return in_use_by(name, users, msg, len); /* -f too */
	}
	for (int i = 0; i < k; i++) {
		int rc = remove_one(order[i], flags & LV_LKMD_FORCE, msg, len);
		if (rc < 0)
			return rc;
	}
	return 0;
}
