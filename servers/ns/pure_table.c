/* The name table (see pure_table.h): a fixed array scanned linearly, which
 * at NS_TABLE_CAP entries costs less than any index would. */
#include <string.h>
#include "uapi/errors.h"
#include "pure_table.h"

void ns_table_init(ns_table_t *t) { memset(t, 0, sizeof(*t)); }

int ns_str_check(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) ? 0 : -ERR_NAMETOOLONG;
}

int ns_name_check(const char *name)
{
	size_t len = strlen(name);
	if (len >= NS_TABLE_NAME_MAX)
		return -ERR_NAMETOOLONG;
	if (len == 0)
		return -ERR_INVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c <= ' ' || c >= 0x7f || c == '@')
			return -ERR_INVAL;
	}
	return 0;
}

/* 0 or -ERR_NAMETOOLONG for an optional type and attributes. */
static int fields_check(const char *type, const char *attrs)
{
	if (type && strlen(type) >= NS_TABLE_TYPE_MAX)
		return -ERR_NAMETOOLONG;
	if (attrs && strlen(attrs) >= NS_TABLE_ATTR_MAX)
		return -ERR_NAMETOOLONG;
	return 0;
}

static ns_rec_t *find(ns_table_t *t, const char *name)
{
	for (int i = 0; i < NS_TABLE_CAP; i++)
		if (t->recs[i].owner && strcmp(t->recs[i].name, name) == 0)
			return &t->recs[i];
	return NULL;
}

const ns_rec_t *ns_table_find(const ns_table_t *t, const char *name)
{
	return find((ns_table_t *)t, name);
}

static ns_rec_t *free_slot(ns_table_t *t)
{
	for (int i = 0; i < NS_TABLE_CAP; i++)
		if (!t->recs[i].owner)
			return &t->recs[i];
	return NULL;
}

/* An id no live entry has: the next count, wrapping past NS_TABLE_ID_MAX. */
static uint32_t next_id(ns_table_t *t)
{
	for (;;) {
		t->last_id = t->last_id >= NS_TABLE_ID_MAX ? 1 : t->last_id + 1;
		int taken = 0;
		for (int i = 0; i < NS_TABLE_CAP && !taken; i++)
			taken = t->recs[i].owner && t->recs[i].id == t->last_id;
		if (!taken)
			return t->last_id;
	}
}

/* Checks an entry's strings and owner: 0 or the error of ns_table_add (a
 * remote owner's first). */
static int entry_check(const char *name, const char *type, const char *attrs,
		       int owner)
{
	if (owner < 0)
		return -ERR_PERM;
	int rc = fields_check(type, attrs);
	if (rc == 0)
		rc = ns_name_check(name);
	if (rc == 0 && owner <= 0)
		rc = -ERR_INVAL;
	return rc;
}

/* 0, or -ERR_NOSPC when owner holds NS_TABLE_PER_OWNER names already. */
static int owner_room(const ns_table_t *t, int owner)
{
	int held = 0;
	for (int i = 0; i < NS_TABLE_CAP; i++)
		held += t->recs[i].owner == owner;
	return held >= NS_TABLE_PER_OWNER ? -ERR_NOSPC : 0;
}

/* Fills r as a live entry with a fresh id. */
static void fill(ns_table_t *t, ns_rec_t *r, const char *name, const char *type,
		 const char *attrs, int owner, int handle, uint32_t *id)
{
	memset(r, 0, sizeof(*r));
	strcpy(r->name, name);
	strcpy(r->type, type);
	strcpy(r->attrs, attrs);
	r->owner = owner;
	r->handle = handle;
	r->id = next_id(t);
	if (id)
		*id = r->id;
}

int ns_table_add(ns_table_t *t, const char *name, const char *type,
		 const char *attrs, int owner, int handle, uint32_t *id)
{
	type = type ? type : "";
	attrs = attrs ? attrs : "";
	int rc = entry_check(name, type, attrs, owner);
	if (rc < 0)
		return rc;
	if (find(t, name))
		return -ERR_EXIST;
	rc = owner_room(t, owner); /* one process may not take the table */
	if (rc < 0)
		return rc;
	ns_rec_t *r = free_slot(t);
	if (!r)
		return -ERR_NOSPC;
	fill(t, r, name, type, attrs, owner, handle, id);
	t->count++;
	return 0;
}

int ns_table_claim(ns_table_t *t, const char *name, const char *type,
		   const char *attrs, int owner, int handle, uint32_t *id,
		   ns_rec_t *old)
{
	type = type ? type : "";
	attrs = attrs ? attrs : "";
	int rc = entry_check(name, type, attrs, owner);
	if (rc < 0)
		return rc;
	ns_rec_t *r = find(t, name);
	if (!r)
		return -ERR_NOENT;
	if (r->heir != owner)
		return -ERR_EXIST;
	rc = owner_room(t, owner);
	if (rc < 0)
		return rc;
	if (old)
		*old = *r;
	fill(t, r, name, type, attrs, owner, handle, id);
	return 0;
}

int ns_table_handover(ns_table_t *t, const char *name, int caller, int admin,
		      int heir)
{
	ns_rec_t *r = find(t, name);
	if (!r)
		return -ERR_NOENT;
	if (caller <= 0 || (r->owner != caller && caller != admin))
		return -ERR_PERM;
	if (heir < 0 || heir == r->owner)
		return -ERR_INVAL;
	r->heir = heir;
	return 0;
}

/* The entry name that caller may change, or NULL and *rc (a remote caller
 * learns nothing about the name). */
static ns_rec_t *owned(ns_table_t *t, const char *name, int caller, int *rc)
{
	ns_rec_t *r = caller < 0 ? NULL : find(t, name);
	*rc = caller < 0	   ? -ERR_PERM
	      : !r		   ? -ERR_NOENT
	      : r->owner != caller ? -ERR_PERM
				   : 0;
	return *rc ? NULL : r;
}

const ns_rec_t *ns_table_find_exported(const ns_table_t *t, const char *name)
{
	const ns_rec_t *r = ns_table_find(t, name);
	return r && (r->flags & NS_TABLE_EXPORT) ? r : NULL;
}

int ns_table_set_flags(ns_table_t *t, const char *name, int caller,
		       uint32_t flags, ns_rec_t *out)
{
	int rc;
	ns_rec_t *r = owned(t, name, caller, &rc);
	if (!r)
		return rc;
	if (flags & ~NS_TABLE_FLAGS)
		return -ERR_INVAL;
	r->flags = flags;
	if (out)
		*out = *r;
	return 0;
}

int ns_table_modify(ns_table_t *t, const char *name, int caller,
		    const char *type, const char *attrs, ns_rec_t *out)
{
	int rc = caller < 0 ? -ERR_PERM : fields_check(type, attrs);
	if (rc < 0)
		return rc;
	ns_rec_t *r = owned(t, name, caller, &rc);
	if (!r)
		return rc;
	if (type)
		strcpy(r->type, type);
	if (attrs)
		strcpy(r->attrs, attrs);
	if (out)
		*out = *r;
	return 0;
}

static void take(ns_table_t *t, ns_rec_t *r, ns_rec_t *out)
{
	if (out)
		*out = *r;
	memset(r, 0, sizeof(*r));
	t->count--;
}

int ns_table_remove(ns_table_t *t, const char *name, int caller, ns_rec_t *out)
{
	int rc;
	ns_rec_t *r = owned(t, name, caller, &rc);
	if (!r)
		return rc;
	take(t, r, out);
	return 0;
}

int ns_table_remove_id(ns_table_t *t, uint32_t id, ns_rec_t *out)
{
	for (int i = 0; i < NS_TABLE_CAP; i++) {
		ns_rec_t *r = &t->recs[i];
		if (id && r->owner && r->id == id) {
			take(t, r, out);
			return 0;
		}
	}
	return -ERR_NOENT;
}

static int matches(const ns_rec_t *r, const char *prefix, const char *type)
{
	if (!r->owner)
		return 0;
	if (prefix && strncmp(r->name, prefix, strlen(prefix)) != 0)
		return 0;
	return !type || !*type || strcmp(r->type, type) == 0;
}

int ns_table_list(const ns_table_t *t, const char *prefix, const char *type,
		  unsigned offset, const ns_rec_t **out, int max, int *total)
{
	const ns_rec_t *sorted[NS_TABLE_CAP];
	int n = 0, stored = 0;
	for (int i = 0; i < NS_TABLE_CAP; i++) {
		const ns_rec_t *r = &t->recs[i];
		if (!matches(r, prefix, type))
			continue;
		int j = n++; /* insertion sort by name */
		for (; j > 0 && strcmp(sorted[j - 1]->name, r->name) > 0; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = r;
	}
	for (unsigned i = offset; i < (unsigned)n && stored < max; i++)
		out[stored++] = sorted[i];
	if (total)
		*total = n;
	return stored;
}
