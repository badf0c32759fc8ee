/* lkmd's dependency logic (pure_moddeps.h): a depth-first walk for the load
 * order with the path kept for naming a cycle, and a removal that takes a
 * module only once nothing left loaded needs it. */
#include <stdio.h>
#include <string.h>
#include "uapi/errors.h"
#include "pure_moddeps.h"

/* The walk of moddeps_order: the path from the named module down to the
 * module being read (for cycles), and the order written so far. */
struct walk {
	moddeps_read_t read;
	void *ctx;
	char (*order)[LV_MODULE_NAME_MAX];
	int n, max;
	const char *path[MODDEPS_MAX + 1];
	int depth;
	char *err;
	size_t errlen;
};

static int in_order(const struct walk *w, const char *name)
{
	for (int i = 0; i < w->n; i++)
		if (strcmp(w->order[i], name) == 0)
			return 1;
	return 0;
}

/* Names the cycle that name closes: from its first place on the path. */
static int cycle(struct walk *w, int from, const char *name)
{
	size_t used = (size_t)snprintf(w->err, w->errlen, "dependency cycle:");
	for (int i = from; i < w->depth && used < w->errlen; i++)
		used += (size_t)snprintf(w->err + used, w->errlen - used,
					 " %s ->", w->path[i]);
	if (used < w->errlen)
		snprintf(w->err + used, w->errlen - used, " %s", name);
	return -ERR_LOOP;
}

static int visit(struct walk *w, const char *name)
{
	moddeps_mod_t mod;
	for (int i = 0; i < w->depth; i++)
		if (strcmp(w->path[i], name) == 0)
			return cycle(w, i, name);
	if (in_order(w, name))
		return 0;
	if (w->depth == MODDEPS_MAX) {
		snprintf(w->err, w->errlen,
			 "dependencies nest deeper than %d modules",
			 MODDEPS_MAX);
		return -ERR_2BIG;
	}
	memset(&mod, 0, sizeof(mod));
	int rc = w->read(w->ctx, name, &mod, w->err, w->errlen);
	if (rc != 0)
		return rc > 0 ? 0 : rc;
	w->path[w->depth++] = name;
	for (int i = 0; i < mod.ndepends && i < LV_MODULE_DEPS_MAX; i++) {
		/* the record is copied: names live on in the order only */
		char dep[LV_MODULE_NAME_MAX];
		snprintf(dep, sizeof(dep), "%s", mod.depends[i]);
		rc = visit(w, dep);
		if (rc < 0)
			return rc;
	}
	w->depth--;
	if (w->n == w->max) {
		snprintf(w->err, w->errlen, "more than %d modules to load",
			 w->max);
		return -ERR_2BIG;
	}
	snprintf(w->order[w->n++], LV_MODULE_NAME_MAX, "%s", name);
	return 0;
}

int moddeps_order(const char *name, moddeps_read_t read, void *ctx,
		  char order[][LV_MODULE_NAME_MAX], int max, char *err,
		  size_t errlen)
{
	struct walk w = {.read = read,
			 .ctx = ctx,
			 .order = order,
			 .max = max,
			 .err = err,
			 .errlen = errlen};
	int rc = visit(&w, name);
	return rc < 0 ? rc : w.n;
}

static const moddeps_mod_t *find(const moddeps_mod_t *loaded, int n,
				 const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(loaded[i].name, name) == 0)
			return &loaded[i];
	return NULL;
}

static int needs(const moddeps_mod_t *m, const char *name)
{
	for (int i = 0; i < m->ndepends && i < LV_MODULE_DEPS_MAX; i++)
		if (strcmp(m->depends[i], name) == 0)
			return 1;
	return 0;
}

void moddeps_append(char *list, size_t len, const char *name)
{
	size_t used = strnlen(list, len);
	size_t want = strlen(name) + (used ? 1 : 0);
	if (used + want < len)
		snprintf(list + used, len - used, "%s%s", used ? "," : "",
			 name);
	else if (len > 4)
		snprintf(list + len - 4, 4, "...");
}

int moddeps_users(const moddeps_mod_t *loaded, int n, const char *name,
		  char *users, size_t len)
{
	int count = 0;
	if (len)
		users[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (!needs(&loaded[i], name))
			continue;
		moddeps_append(users, len, loaded[i].name);
		count++;
	}
	return count;
}

/* 1 when order[0..k) holds name. */
static int listed(char (*order)[LV_MODULE_NAME_MAX], int k, const char *name)
{
	for (int i = 0; i < k; i++)
		if (strcmp(order[i], name) == 0)
			return 1;
	return 0;
}

/* 1 when every loaded module that depends on name is in order[0..k). */
static int unused(const moddeps_mod_t *loaded, int n,
		  char (*order)[LV_MODULE_NAME_MAX], int k, const char *name)
{
	for (int i = 0; i < n; i++)
		if (needs(&loaded[i], name) &&
		    !listed(order, k, loaded[i].name))
			return 0;
	return 1;
}

int moddeps_removal(const moddeps_mod_t *loaded, int n, const char *name,
		    char order[][LV_MODULE_NAME_MAX], char *err, size_t errlen)
{
	char users[LV_MODULE_NAME_MAX * 2];
	if (!find(loaded, n, name)) {
		snprintf(err, errlen, "module %s is not loaded", name);
		return -ERR_NOENT;
	}
	if (moddeps_users(loaded, n, name, users, sizeof(users)) > 0) {
		snprintf(err, errlen,
			 "module %s is in use by %s (remove them first)", name,
			 users);
		return -ERR_BUSY;
	}
	int k = 0;
	snprintf(order[k++], LV_MODULE_NAME_MAX, "%s", name);
	/* order grows as a queue: each removed module's dependencies are
	 * looked at once all their users are in it */
	for (int at = 0; at < k; at++) {
		const moddeps_mod_t *m = find(loaded, n, order[at]);
		for (int d = 0; m && d < m->ndepends && d < LV_MODULE_DEPS_MAX;
		     d++) {
			const char *dep = m->depends[d];
			if (k < n && find(loaded, n, dep) &&
			    !listed(order, k, dep) &&
			    unused(loaded, n, order, k, dep))
				snprintf(order[k++], LV_MODULE_NAME_MAX, "%s",
					 dep);
		}
	}
	return k;
}
