/* Unpacks the file server's requests (lavender/fs_proto.h) and calls the
 * pure logic. Every handler checks the whole request before it changes
 * anything, and sets the reply's size (0 on errors). */
#include <stddef.h>
#include <string.h>
#include <lavender/fs_proto.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "fs/service.h"

_Static_assert(LV_FS_O_READ == FS_O_READ && LV_FS_O_WRITE == FS_O_WRITE &&
		   LV_FS_O_CREATE == FS_O_CREATE &&
		   LV_FS_O_TRUNC == FS_O_TRUNC &&
		   LV_FS_O_APPEND == FS_O_APPEND && LV_FS_O_EXCL == FS_O_EXCL,
	       "open flags: wire and tree agree");
_Static_assert(LV_FS_PATH_MAX == FS_PATH_MAX && LV_FS_NAME_MAX == FS_NAME_MAX &&
		   LV_FS_FILE_MAX == FS_FILE_MAX,
	       "limits: wire and tree agree");

/* Copies the path at offset off of m's request into path: -ERR_INVAL
 * unless NUL-terminated inside the payload; -ERR_NAMETOOLONG. */
static int get_path(const lv_msg_t *m, size_t in, size_t off, char *path)
{
	const char *p = (const char *)m->payload + off;
	size_t n;
	const char *nul;

	if (in <= off)
		return -ERR_INVAL;
	n = in - off;
	nul = memchr(p, '\0', n);
	if (!nul)
		return n >= LV_FS_PATH_MAX ? -ERR_NAMETOOLONG : -ERR_INVAL;
	if ((size_t)(nul - p) >= LV_FS_PATH_MAX)
		return -ERR_NAMETOOLONG;
	memcpy(path, p, (size_t)(nul - p) + 1);
	return 0;
}

static void put_stat(lv_msg_t *m, const fs_node_t *n)
{
	lv_fs_stat_t st = {
	    .type = n->type == FS_NODE_DIR ? LV_FS_DIR : LV_FS_FILE,
	    .size = n->type == FS_NODE_DIR ? 0 : n->size,
	    .ino = n->ino,
	    .mode = n->mode,
	};
	memcpy(m->payload, &st, sizeof(st));
	m->h.size = sizeof(st);
}

/* A process counts as alive until it is a zombie or gone (pids are not
 * reused). A remote caller (negative sender) is not a process here: its
 * files stay until it closes them, within its own client's share. */
static int alive(int32_t pid, void *ctx)
{
	lv_proc_info_t info;
	(void)ctx;
	return pid < 0 ||
	       (lv_proc_find(pid, &info) == 0 && info.state != LV_PROC_ZOMBIE);
}

/* The tree is exported read-only: a remote caller (a negative sender,
 * act_for) may open for reading, read, stat and list; whatever would
 * change the tree is -ERR_ROFS for it. */
static int may_change(const lv_msg_t *m)
{
	return m->h.sender < 0 ? -ERR_ROFS : 0;
}

#define FS_O_CHANGES (FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC | FS_O_APPEND)

/* The sender's open file named by the request's first word, or NULL. */
static fs_file_t *req_file(fs_server_t *s, const lv_msg_t *m, size_t in)
{
	int32_t id;

	if (in < sizeof(id))
		return NULL;
	memcpy(&id, m->payload, sizeof(id));
	return fs_files_get(&s->files, m->h.sender, id);
}

static int fs_open_srv(lv_msg_t *m, void *ctx)
{
	fs_server_t *s = ctx;
	size_t in = m->h.size;
	char path[LV_FS_PATH_MAX];
	uint32_t flags;
	fs_node_t *n;
	int rc;

	m->h.size = 0;
	if (m->h.sender == 0)
		return -ERR_PERM; /* the kernel opens nothing */
	rc = get_path(m, in, offsetof(msg_fs_open_t, path), path);
	if (rc < 0)
		return rc;
	memcpy(&flags, m->payload, sizeof(flags));
	if ((flags & FS_O_CHANGES) && (rc = may_change(m)) < 0)
		return rc;
	if (fs_files_room(&s->files, m->h.sender) == -ERR_NOSPC)
		fs_files_reap(&s->files, alive, NULL);
	rc = fs_files_room(&s->files, m->h.sender);
	if (rc < 0)
		return rc; /* the table, or this client's share, is full */
	rc = fs_tree_open(&s->tree, path, flags, &n);
	if (rc < 0)
		return rc;
	rc = fs_files_add(&s->files, m->h.sender, n, flags);
	put_stat(m, n);
	return rc; /* there was room: the id */
}

static int fs_close_srv(lv_msg_t *m, void *ctx)
{
	fs_server_t *s = ctx;
	msg_fs_id_t req;

	if (m->h.size < sizeof(req)) {
		m->h.size = 0;
		return -ERR_INVAL;
	}
	memcpy(&req, m->payload, sizeof(req));
	m->h.size = 0;
	return fs_files_close(&s->files, m->h.sender, req.id);
}

static int fs_read_srv(lv_msg_t *m, void *ctx)
{
	fs_server_t *s = ctx;
	size_t in = m->h.size;
	fs_file_t *f = req_file(s, m, in);
	msg_fs_read_t req;
	int rc;

	m->h.size = 0;
	if (in < sizeof(req))
		return -ERR_INVAL;
	if (!f || !(f->flags & FS_O_READ))
		return -ERR_BADF;
	memcpy(&req, m->payload, sizeof(req));
	if (req.len > LV_FS_READ_MAX)
		req.len = LV_FS_READ_MAX;
	rc = fs_node_read(f->node, req.offset, m->payload, req.len);
	if (rc > 0)
		m->h.size = (uint32_t)rc;
	return rc;
}

static int fs_write_srv(lv_msg_t *m, void *ctx)
{
	fs_server_t *s = ctx;
	size_t in = m->h.size;
	fs_file_t *f = req_file(s, m, in);
	msg_fs_write_t req;
	msg_fs_write_reply_t out;
	int rc;

	m->h.size = 0;
	if ((rc = may_change(m)) < 0)
		return rc;
	if (in < sizeof(req))
		return -ERR_INVAL;
	memcpy(&req, m->payload, sizeof(req));
	if (req.len > LV_FS_WRITE_MAX || in - sizeof(req) < req.len)
		return -ERR_INVAL;
	if (!f || !(f->flags & FS_O_WRITE))
		return -ERR_BADF;
	if (f->flags & FS_O_APPEND)
		req.offset = f->node->size;
	rc = fs_node_write(&s->tree, f->node, req.offset,
			   m->payload + sizeof(req), req.len);
	if (rc < 0)
		return rc;
	out.end = req.offset + (uint32_t)rc;
	memcpy(m->payload, &out, sizeof(out));
	m->h.size = sizeof(out);
	return rc;
}

static int fs_stat_srv(lv_msg_t *m, void *ctx)
{
	fs_server_t *s = ctx;
	size_t in = m->h.size;
	char path[LV_FS_PATH_MAX];
	fs_node_t *n;
	int rc;

	m->h.size = 0;
	rc = get_path(m, in, offsetof(msg_fs_path_t, path), path);
	if (rc == 0)
		rc = fs_tree_lookup(&s->tree, path, &n);
	if (rc < 0)
		return rc;
	put_stat(m, n);
	return 0;
}

static int fs_fstat_srv(lv_msg_t *m, void *ctx)
{
	fs_file_t *f = req_file(ctx, m, m->h.size);

	m->h.size = 0;
	if (!f)
		return -ERR_BADF;
	put_stat(m, f->node);
	return 0;
}

static int fs_readdir_srv(lv_msg_t *m, void *ctx)
{
	fs_server_t *s = ctx;
	size_t in = m->h.size;
	char path[LV_FS_PATH_MAX];
	lv_fs_dirent_t ent;
	uint32_t index, n = 0;
	fs_node_t *dir, *c;
	int rc;

	m->h.size = 0;
	rc = get_path(m, in, offsetof(msg_fs_readdir_t, path), path);
	if (rc == 0)
		rc = fs_tree_lookup(&s->tree, path, &dir);
	if (rc < 0)
		return rc;
	if (dir->type != FS_NODE_DIR)
		return -ERR_NOTDIR;
	memcpy(&index, m->payload, sizeof(index));
	for (c = fs_node_child(dir, index); c && n < LV_FS_DIRENTS_MAX;
	     c = c->next, n++) {
		memset(&ent, 0, sizeof(ent));
		memcpy(ent.name, c->name, sizeof(ent.name));
		ent.type = c->type == FS_NODE_DIR ? LV_FS_DIR : LV_FS_FILE;
		ent.size = c->type == FS_NODE_DIR ? 0 : c->size;
		memcpy(m->payload + n * sizeof(ent), &ent, sizeof(ent));
	}
	m->h.size = n * (uint32_t)sizeof(ent);
	return (int)n;
}

/* The path operations that answer nothing but a status. */
static int path_op(lv_msg_t *m, fs_server_t *s, uint32_t op)
{
	size_t in = m->h.size;
	char path[LV_FS_PATH_MAX];
	int rc;

	m->h.size = 0;
	rc = may_change(m);
	if (rc == 0)
		rc = get_path(m, in, offsetof(msg_fs_path_t, path), path);
	if (rc < 0)
		return rc;
	if (op == FS_MKDIR)
		return fs_tree_create(&s->tree, path, FS_NODE_DIR, NULL);
	return fs_tree_unlink(&s->tree, path);
}

static int fs_unlink_srv(lv_msg_t *m, void *ctx)
{
	return path_op(m, ctx, FS_UNLINK);
}

static int fs_mkdir_srv(lv_msg_t *m, void *ctx)
{
	return path_op(m, ctx, FS_MKDIR);
}

static int fs_truncate_srv(lv_msg_t *m, void *ctx)
{
	fs_server_t *s = ctx;
	size_t in = m->h.size;
	fs_file_t *f = req_file(s, m, in);
	msg_fs_truncate_t req;
	int rc;

	m->h.size = 0;
	if ((rc = may_change(m)) < 0)
		return rc;
	if (in < sizeof(req))
		return -ERR_INVAL;
	if (!f || !(f->flags & FS_O_WRITE))
		return -ERR_BADF;
	memcpy(&req, m->payload, sizeof(req));
	return fs_node_truncate(&s->tree, f->node, req.size);
}

static const lv_op_t fs_ops[] = {
    {FS_OPEN, fs_open_srv},	  {FS_CLOSE, fs_close_srv},
    {FS_READ, fs_read_srv},	  {FS_WRITE, fs_write_srv},
    {FS_STAT, fs_stat_srv},	  {FS_FSTAT, fs_fstat_srv},
    {FS_READDIR, fs_readdir_srv}, {FS_UNLINK, fs_unlink_srv},
    {FS_MKDIR, fs_mkdir_srv},	  {FS_TRUNCATE, fs_truncate_srv},
};

int fs_serve(int port, fs_server_t *s)
{
	return lv_serve(port, fs_ops, sizeof(fs_ops) / sizeof(fs_ops[0]), s,
			NULL);
}
