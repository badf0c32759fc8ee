/* Archive to tree (see pure_load.h). */
#include <string.h>
#include "uapi/errors.h"
#include "pure_archive.h"
#include "pure_load.h"

/* Makes the directory abs (an absolute path) unless it exists. */
static int ensure_dir(fs_tree_t *t, const char *abs)
{
	fs_node_t *n;
	int rc = fs_tree_lookup(t, abs, &n);

	if (rc == 0)
		return n->type == FS_NODE_DIR ? 0 : -ERR_INVAL;
	if (rc != -ERR_NOENT)
		return rc;
	return fs_tree_create(t, abs, FS_NODE_DIR, NULL);
}

/* Makes every directory above the entry's path, in abs (its absolute
 * form). */
static int ensure_parents(fs_tree_t *t, char *abs)
{
	for (char *p = strchr(abs + 1, '/'); p; p = strchr(p + 1, '/')) {
		int rc;
		*p = '\0';
		rc = ensure_dir(t, abs);
		*p = '/';
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* GNU cpio stores a hard-linked file's bytes once, with its last name;
 * the earlier names come with size 0. For such a name, the bytes of the
 * link (same ino and device) that carries them, later in the archive. */
static void link_data(const uint8_t *buf, size_t len, size_t pos,
		      fs_archive_entry_t *e)
{
	fs_archive_entry_t o;

	if (e->nlink < 2 || e->size != 0)
		return;
	while (fs_archive_next(buf, len, &pos, &o) == 1)
		if (o.supported && o.ino == e->ino && o.size &&
		    o.devmajor == e->devmajor && o.devminor == e->devminor &&
		    (o.mode & FS_MODE_TYPE) == FS_MODE_FILE) {
			e->data = o.data;
			e->size = o.size;
			return;
		}
}

static int add_entry(fs_tree_t *t, const fs_archive_entry_t *e)
{
	char abs[FS_PATH_MAX];
	fs_node_t *n;
	size_t len = strlen(e->path);
	int rc;

	if (len + 2 > sizeof(abs))
		return -ERR_NAMETOOLONG;
	abs[0] = '/';
	memcpy(abs + 1, e->path, len + 1);
	rc = ensure_parents(t, abs);
	if (rc < 0)
		return rc;
	if ((e->mode & FS_MODE_TYPE) == FS_MODE_DIR) {
		rc = ensure_dir(t, abs);
		if (rc == 0 && fs_tree_lookup(t, abs, &n) == 0)
			n->mode = e->mode & FS_MODE_PERM;
		return rc;
	}
	rc = fs_tree_lookup(t, abs, &n);
	if (rc == -ERR_NOENT)
		rc = fs_tree_create(t, abs, FS_NODE_FILE, &n);
	if (rc < 0)
		return rc;
	if (n->type != FS_NODE_FILE)
		return -ERR_INVAL;
	fs_node_borrow(t, n, e->data, e->size, e->mode & FS_MODE_PERM);
	return 0;
}

int fs_load_archive(fs_tree_t *t, const uint8_t *buf, size_t len,
		    uint32_t *skipped)
{
	size_t pos = 0;
	fs_archive_entry_t e;
	int rc, n = 0;

	rc = fs_archive_check(buf, len);
	if (rc < 0)
		return rc;
	if (skipped)
		*skipped = 0;
	while ((rc = fs_archive_next(buf, len, &pos, &e)) == 1) {
		if (!e.supported) {
			if (skipped)
				(*skipped)++;
			continue;
		}
		if ((e.mode & FS_MODE_TYPE) == FS_MODE_FILE)
			link_data(buf, len, pos, &e);
		rc = add_entry(t, &e);
		if (rc < 0)
			return rc;
		n++;
	}
	return rc < 0 ? rc : n;
}
