/* The in-memory tree (see pure_tree.h): path walking, nodes made and
 * unlinked, file bytes read, written and copied on first write. */
#include <stdlib.h>
#include <string.h>
#include "uapi/errors.h"
#include "pure_tree.h"

#define MIN_CAP 64u

static int is_dot(const char *s, size_t n) { return n == 1 && s[0] == '.'; }

static int is_dotdot(const char *s, size_t n)
{
	return n == 2 && s[0] == '.' && s[1] == '.';
}

static fs_node_t *find_child(const fs_node_t *dir, const char *name, size_t n)
{
	for (fs_node_t *c = dir->child; c; c = c->next)
		if (strncmp(c->name, name, n) == 0 && c->name[n] == '\0')
			return c;
	return NULL;
}

/* The node that component name (n bytes) names inside dir. */
static int step(const fs_node_t *dir, const char *name, size_t n,
		fs_node_t **out)
{
	if (is_dot(name, n)) {
		*out = (fs_node_t *)dir;
		return 0;
	}
	if (is_dotdot(name, n)) {
		*out = (fs_node_t *)(dir->parent ? dir->parent : dir);
		return 0;
	}
	if (n >= FS_NAME_MAX)
		return -ERR_NAMETOOLONG;
	*out = find_child(dir, name, n);
	return *out ? 0 : -ERR_NOENT;
}

/* Walks path up to its last component: *dir is the directory that holds
 * it, *name and *len the component ("" for "/"). */
static int walk(fs_tree_t *t, const char *path, fs_node_t **dir,
		const char **name, size_t *len)
{
	fs_node_t *cur = t->root;
	const char *p = path;

	if (!path || path[0] != '/')
		return -ERR_INVAL;
	if (strnlen(path, FS_PATH_MAX) == FS_PATH_MAX)
		return -ERR_NAMETOOLONG;
	for (;;) {
		const char *end, *after;
		int rc;

		while (*p == '/')
			p++;
		for (end = p; *end && *end != '/'; end++)
			;
		for (after = end; *after == '/'; after++)
			;
		if (!*after) {
			*dir = cur;
			*name = p;
			*len = (size_t)(end - p);
			return 0;
		}
		rc = step(cur, p, (size_t)(end - p), &cur);
		if (rc < 0)
			return rc;
		if (cur->type != FS_NODE_DIR)
			return -ERR_NOTDIR; /* POSIX: a path prefix names a file
					     */
		p = after;
	}
}

int fs_tree_lookup(fs_tree_t *t, const char *path, fs_node_t **out)
{
	fs_node_t *dir;
	const char *name;
	size_t len;
	int rc = walk(t, path, &dir, &name, &len);

	if (rc < 0)
		return rc;
	if (len == 0) {
		*out = dir;
		return 0;
	}
	return step(dir, name, len, out);
}

static fs_node_t *node_new(fs_tree_t *t, const char *name, size_t n,
			   uint32_t type)
{
	fs_node_t *node = calloc(1, sizeof(*node));

	if (!node)
		return NULL;
	memcpy(node->name, name, n);
	node->type = type;
	node->mode = type == FS_NODE_DIR ? 0755 : 0644;
	node->ino = t->next_ino++;
	node->linked = 1;
	if (type == FS_NODE_DIR)
		t->dirs++;
	else
		t->files++;
	return node;
}

static void node_free(fs_tree_t *t, fs_node_t *n)
{
	if (n->own) {
		t->bytes -= n->cap;
		free(n->own);
	}
	free(n);
}

/* Puts c among dir's children, keeping them sorted by name. */
static void insert_child(fs_node_t *dir, fs_node_t *c)
{
	fs_node_t **link = &dir->child;

	while (*link && strcmp((*link)->name, c->name) < 0)
		link = &(*link)->next;
	c->next = *link;
	*link = c;
	c->parent = dir;
}

int fs_tree_init(fs_tree_t *t, size_t bytes_max)
{
	memset(t, 0, sizeof(*t));
	t->next_ino = 1;
	t->bytes_max = bytes_max;
	t->root = node_new(t, "", 0, FS_NODE_DIR);
	return t->root ? 0 : -ERR_NOMEM;
}

static void free_subtree(fs_tree_t *t, fs_node_t *n)
{
	while (n->child) {
		fs_node_t *c = n->child;
		n->child = c->next;
		free_subtree(t, c);
	}
	node_free(t, n);
}

void fs_tree_destroy(fs_tree_t *t)
{
	if (t->root)
		free_subtree(t, t->root);
	t->root = NULL;
}

int fs_tree_create(fs_tree_t *t, const char *path, uint32_t type,
		   fs_node_t **out)
{
	fs_node_t *dir, *node;
	const char *name;
	size_t len;
	int rc;

	if (type != FS_NODE_FILE && type != FS_NODE_DIR)
		return -ERR_INVAL;
	rc = walk(t, path, &dir, &name, &len);
	if (rc < 0)
		return rc;
	if (len == 0 || is_dot(name, len) || is_dotdot(name, len))
		return -ERR_EXIST;
	if (len >= FS_NAME_MAX)
		return -ERR_NAMETOOLONG;
	if (find_child(dir, name, len))
		return -ERR_EXIST;
	if (dir->sealed)
		return -ERR_ROFS;
	node = node_new(t, name, len, type);
	if (!node)
		return -ERR_NOMEM;
	insert_child(dir, node);
	if (out)
		*out = node;
	return 0;
}

int fs_tree_unlink(fs_tree_t *t, const char *path)
{
	fs_node_t *dir, *node, **link;
	const char *name;
	size_t len;
	int rc = walk(t, path, &dir, &name, &len);

	if (rc < 0)
		return rc;
	if (len == 0)
		return -ERR_PERM;
	if (is_dot(name, len) || is_dotdot(name, len))
		return -ERR_INVAL;
	rc = step(dir, name, len, &node);
	if (rc < 0)
		return rc;
	if (node->sealed || dir->sealed)
		return -ERR_ROFS;
	if (node->child)
		return -ERR_BUSY;
	for (link = &dir->child; *link != node; link = &(*link)->next)
		;
	*link = node->next;
	node->next = NULL;
	node->parent = NULL;
	node->linked = 0;
	if (node->type == FS_NODE_DIR)
		t->dirs--;
	else
		t->files--;
	if (node->opens == 0)
		node_free(t, node);
	return 0;
}

int fs_tree_open(fs_tree_t *t, const char *path, uint32_t flags,
		 fs_node_t **out)
{
	fs_node_t *n;
	int rc;

	if ((flags & ~FS_O_ALL) || !(flags & (FS_O_READ | FS_O_WRITE)))
		return -ERR_INVAL;
	rc = fs_tree_lookup(t, path, &n);
	if (rc == -ERR_NOENT && (flags & FS_O_CREATE))
		rc = fs_tree_create(t, path, FS_NODE_FILE, &n);
	else if (rc == 0 && (flags & FS_O_CREATE) && (flags & FS_O_EXCL))
		rc = -ERR_EXIST;
	if (rc < 0)
		return rc;
	if (n->type == FS_NODE_DIR &&
	    (flags & (FS_O_WRITE | FS_O_TRUNC | FS_O_APPEND)))
		return -ERR_ISDIR; /* POSIX open(): EISDIR */
	if (n->sealed && (flags & (FS_O_WRITE | FS_O_TRUNC | FS_O_APPEND)))
		return -ERR_ROFS;
	if ((flags & FS_O_TRUNC) && (flags & FS_O_WRITE))
		fs_node_truncate(t, n, 0); /* cannot fail: frees only */
	n->opens++;
	*out = n;
	return 0;
}

void fs_node_release(fs_tree_t *t, fs_node_t *n)
{
	if (n->opens)
		n->opens--;
	if (!n->linked && n->opens == 0)
		node_free(t, n);
}

void fs_node_borrow(fs_tree_t *t, fs_node_t *n, const uint8_t *data,
		    uint32_t size, uint32_t mode)
{
	if (n->own) {
		t->bytes -= n->cap;
		free(n->own);
	}
	n->own = NULL;
	n->cap = 0;
	n->data = data;
	n->size = size;
	n->mode = mode;
}

/* Gives file n an own buffer of at least need bytes holding its current
 * bytes (the copy of copy-on-write). */
static int reserve(fs_tree_t *t, fs_node_t *n, uint32_t need)
{
	size_t cap, others = t->bytes - n->cap;
	uint8_t *buf;

	if (n->own && n->cap >= need)
		return 0;
	cap = n->cap * 2 > need ? n->cap * 2 : need;
	if (cap < MIN_CAP)
		cap = MIN_CAP;
	if (cap > FS_FILE_MAX || cap > t->bytes_max - others)
		cap = need; /* doubling does not fit: just what is needed */
	if (cap > t->bytes_max || others > t->bytes_max - cap)
		return -ERR_NOSPC;
	if (n->own) {
		buf = realloc(n->own, cap);
	} else {
		buf = malloc(cap);
		if (buf && n->size)
			memcpy(buf, n->data, n->size);
	}
	if (!buf)
		return -ERR_NOMEM;
	t->bytes = others + cap;
	n->own = buf;
	n->data = buf;
	n->cap = (uint32_t)cap;
	return 0;
}

int fs_node_read(const fs_node_t *n, uint32_t offset, void *buf, uint32_t len)
{
	uint32_t count;

	if (n->type != FS_NODE_FILE)
		return -ERR_ISDIR;
	if (offset >= n->size)
		return 0;
	count = n->size - offset < len ? n->size - offset : len;
	memcpy(buf, n->data + offset, count);
	return (int)count;
}

int fs_node_write(fs_tree_t *t, fs_node_t *n, uint32_t offset, const void *buf,
		  uint32_t len)
{
	uint32_t end;
	int rc;

	if (n->type != FS_NODE_FILE)
		return -ERR_ISDIR;
	if (n->sealed)
		return -ERR_ROFS;
	if (len == 0)
		return 0;
	if (offset > FS_FILE_MAX || len > FS_FILE_MAX - offset)
		return -ERR_NOSPC;
	end = offset + len;
	rc = reserve(t, n, end > n->size ? end : n->size);
	if (rc < 0)
		return rc;
	if (offset > n->size)
		memset(n->own + n->size, 0, offset - n->size);
	memcpy(n->own + offset, buf, len);
	if (end > n->size)
		n->size = end;
	return (int)len;
}

int fs_node_truncate(fs_tree_t *t, fs_node_t *n, uint32_t size)
{
	int rc;

	if (n->type != FS_NODE_FILE)
		return -ERR_ISDIR;
	if (n->sealed)
		return -ERR_ROFS;
	if (size > FS_FILE_MAX)
		return -ERR_NOSPC;
	if (size == 0 && n->own) {
		t->bytes -= n->cap;
		free(n->own);
		n->own = NULL;
		n->cap = 0;
	}
	if (size <= n->size) { /* a borrowed prefix stays valid */
		n->size = size;
		if (size == 0)
			n->data = NULL;
		return 0;
	}
	rc = reserve(t, n, size);
	if (rc < 0)
		return rc;
	memset(n->own + n->size, 0, size - n->size);
	n->size = size;
	return 0;
}

fs_node_t *fs_node_child(const fs_node_t *n, uint32_t index)
{
	fs_node_t *c = n->type == FS_NODE_DIR ? n->child : NULL;

	while (c && index--)
		c = c->next;
	return c;
}

static void seal_below(fs_node_t *n)
{
	for (fs_node_t *c = n->child; c; c = c->next) {
		c->sealed = 1;
		seal_below(c);
	}
}

void fs_tree_seal(fs_tree_t *t) { seal_below(t->root); }
