/* Reading cpio "newc" archives in place (see pure_archive.h). Every length
 * is checked against what is left of the buffer before it is used. */
#include <string.h>
#include "uapi/errors.h"
#include "pure_archive.h"

#define FIELD_LEN 8u
#define MAGIC_LEN 6u
#define TRAILER "TRAILER!!!"

/* Header fields, in order after the magic. */
enum field {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	F_COUNT
};

_Static_assert(MAGIC_LEN + F_COUNT * FIELD_LEN == FS_ARCHIVE_HEADER,
	       "newc header size");

static int hex_digit(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Field f of the header at h; -1 if it is not 8 hex digits. */
static int64_t field(const uint8_t *h, enum field f)
{
	const uint8_t *p = h + MAGIC_LEN + (size_t)f * FIELD_LEN;
	uint32_t v = 0;

	for (unsigned i = 0; i < FIELD_LEN; i++) {
		int d = hex_digit(p[i]);
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	return v;
}

static size_t pad4(size_t n) { return (4 - (n & 3)) & 3; }

/* The archive name without a leading "./" or "/"; "." becomes "". */
static const char *strip_prefix(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else if (name[0] == '.' && name[1] == '\0')
			name++;
		else
			return name;
	}
}

/* 1 if the normalised path has no empty, "." or ".." component. */
static int path_ok(const char *p)
{
	if (!*p)
		return 1;
	for (;;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!end)
			return 1;
		p = end + 1;
	}
}

int fs_archive_next(const uint8_t *buf, size_t len, size_t *pos,
		    fs_archive_entry_t *e)
{
	size_t at = *pos, left, namesize, filesize, skip;
	const uint8_t *h = buf + at;
	const char *name;
	int64_t mode, fsize, nsize;

	if (at > len || len - at < FS_ARCHIVE_HEADER)
		return -ERR_INVAL;
	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return -ERR_INVAL;
	for (int f = 0; f < F_COUNT; f++)
		if (field(h, f) < 0)
			return -ERR_INVAL;
	mode = field(h, F_MODE);
	fsize = field(h, F_FILESIZE);
	nsize = field(h, F_NAMESIZE);
	left = len - at - FS_ARCHIVE_HEADER;
	namesize = (size_t)nsize;
	if (namesize == 0 || namesize > left)
		return -ERR_INVAL;
	name = (const char *)h + FS_ARCHIVE_HEADER;
	if (memchr(name, '\0', namesize) != name + namesize - 1)
		return -ERR_INVAL; /* no NUL, or one inside the name */
	if (strcmp(name, TRAILER) == 0)
		return 0;
	skip = namesize + pad4(FS_ARCHIVE_HEADER + namesize);
	filesize = (size_t)fsize;
	if (skip > left || filesize > left - skip ||
	    pad4(filesize) > left - skip - filesize)
		return -ERR_INVAL;
	e->supported = 1;
	switch ((uint32_t)mode & FS_MODE_TYPE) {
	case FS_MODE_FILE: break;
	case FS_MODE_DIR:
		if (filesize)
			return -ERR_INVAL;
		break;
	default: e->supported = 0; /* framed well: the others go on */
	}
	e->path = strip_prefix(name);
	if (!path_ok(e->path))
		e->supported = 0;
	e->ino = (uint32_t)field(h, F_INO);
	e->nlink = (uint32_t)field(h, F_NLINK);
	e->devmajor = (uint32_t)field(h, F_DEVMAJOR);
	e->devminor = (uint32_t)field(h, F_DEVMINOR);
	e->data = h + FS_ARCHIVE_HEADER + skip;
	e->size = (uint32_t)filesize;
	e->mode = (uint32_t)mode & (FS_MODE_TYPE | FS_MODE_PERM);
	*pos = at + FS_ARCHIVE_HEADER + skip + filesize + pad4(filesize);
	return 1;
}

int fs_archive_check(const uint8_t *buf, size_t len)
{
	size_t pos = 0;
	fs_archive_entry_t e;
	int n = 0, rc;

	while ((rc = fs_archive_next(buf, len, &pos, &e)) == 1)
		n++;
	return rc < 0 ? rc : n;
}

/* path without its leading slashes, so "/etc" and "etc" compare equal. */
static const char *skip_slashes(const char *path)
{
	while (*path == '/')
		path++;
	return path;
}

int fs_archive_find(const uint8_t *buf, size_t len, const char *path,
		    fs_archive_entry_t *e)
{
	size_t pos = 0;
	fs_archive_entry_t cur;
	int rc, found = 0;

	path = skip_slashes(path);
	while ((rc = fs_archive_next(buf, len, &pos, &cur)) == 1) {
		if (cur.supported && strcmp(cur.path, path) == 0) {
			*e = cur;
			found = 1;
		}
	}
	if (rc < 0)
		return rc;
	return found ? 0 : -ERR_NOENT;
}

/* The last component of path if path lies directly inside dir, else NULL. */
static const char *child_name(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!*path)
		return NULL; /* the root is inside nothing */
	if (n) {
		if (strncmp(path, dir, n) != 0 || path[n] != '/')
			return NULL;
		path += n + 1;
	}
	return strchr(path, '/') ? NULL : path;
}

int fs_archive_list(const uint8_t *buf, size_t len, const char *dir,
		    fs_archive_fn_t fn, void *ctx)
{
	size_t pos = 0;
	fs_archive_entry_t cur;
	int rc, n = 0;

	if (fs_archive_check(buf, len) < 0)
		return -ERR_INVAL;
	dir = skip_slashes(dir);
	while ((rc = fs_archive_next(buf, len, &pos, &cur)) == 1) {
		const char *name =
		    cur.supported ? child_name(cur.path, dir) : NULL;
		if (name) {
			fn(&cur, name, ctx);
			n++;
		}
	}
	return rc < 0 ? rc : n;
}
