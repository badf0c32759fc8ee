/* The file server's client calls (see lavender/fs.h): each packs one
 * fs_proto.h request and makes an lv_rpc call on the cached right of the
 * local server, or of another node's (fs_remote.c) for "NODE:/path" and
 * the _on calls. */
#include <string.h>
#include <lavender/fs.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "fs_remote.h"
#include "ns_cached.h"

static ns_cached_t server = NS_CACHED_INIT(LV_FS_NAME);

int lv_fs_server(void) { return ns_cached_get(&server); }

void lv_fs_use(int handle) { server.handle = handle; }

static int pinned; /* the right lv_fs_pin set (0: none) */

int lv_fs_pin(int owner)
{
	lv_ns_entry_t e;
	int h = lv_ns_lookup(LV_FS_NAME, &e);
	if (h < 0)
		return h;
	if (owner <= 0 || e.owner != owner) {
		lv_handle_close(h);
		return -ERR_ACCES;
	}
	int old = __sync_lock_test_and_set(&server.handle, h);
	if (old > 0 && old != h)
		lv_handle_close(old);
	pinned = h;
	return 0;
}

int lv_fs_pinned(void) { return pinned > 0 && server.handle == pinned; }

static int local(const char *node) { return !node || !node[0]; }

/* One call to node's file server (NULL or "": the local one) with the
 * request in req (the caller's: several threads may call at once). A dead
 * server is forgotten and the request goes once more to the server
 * registered now (init restarts it): safe for every request, since a file
 * server's whole state (open files, run-time files) dies with it, so
 * nothing the old one may have done can be done twice. A remote one is
 * dead too when its node's protocol server restarted (the proxy dies):
 * a request it ran then is run again, harmless for a reader (a second
 * open leaves one file open there; a second close is -ERR_BADF). A node
 * that does not answer (-ERR_TIMEDOUT) keeps its right: it may come back. */
static int call(const char *node, const uint8_t *req, uint32_t op, size_t len,
		void *reply, size_t reply_max, size_t *reply_len)
{
	int rc = -ERR_DEADPORT;

	if (!local(node) && pinned)
		return -ERR_ACCES; /* it trusts its own file server only */
	for (int tries = 0; tries < 2 && ns_cached_dead(rc); tries++) {
		int h = local(node) ? lv_fs_server() : fs_remote_get(node);
		if (h < 0)
			return h;
		rc = lv_rpc(h, op, req, len, reply, reply_max, reply_len,
			    LV_WAIT_FOREVER);
		if (!ns_cached_dead(rc))
			break;
		if (local(node))
			ns_cached_forget(&server, h);
		else
			fs_remote_forget(node, h);
	}
	return rc;
}

/* Puts path's server-side part into req at off and its node (see
 * lv_fs_path_split) into node; the request's length, or -ERR_*. */
static int put_path(uint8_t *req, size_t off, const char *path, char *node)
{
	size_t n;
	int rc;

	if (!path)
		return -ERR_FAULT;
	rc = lv_fs_path_split(path, node, &path);
	if (rc < 0)
		return rc;
	n = strnlen(path, LV_FS_PATH_MAX);
	if (n == LV_FS_PATH_MAX)
		return -ERR_NAMETOOLONG;
	memcpy(req + off, path, n + 1);
	return (int)(off + n + 1);
}

/* A path-only request (stat, unlink, mkdir). */
static int path_call(uint32_t op, const char *path, void *reply,
		     size_t reply_max)
{
	uint8_t req[LV_MSG_PAYLOAD_MAX];
	char node[LV_FS_NODE_MAX];
	int len = put_path(req, offsetof(msg_fs_path_t, path), path, node);

	if (len < 0)
		return len;
	return call(node, req, op, (size_t)len, reply, reply_max, NULL);
}

int lv_fs_open(const char *path, uint32_t flags, lv_fs_stat_t *st)
{
	lv_fs_stat_t ignored;
	uint8_t req[LV_MSG_PAYLOAD_MAX];
	char node[LV_FS_NODE_MAX];
	int len = put_path(req, offsetof(msg_fs_open_t, path), path, node);

	if (len < 0)
		return len;
	memcpy(req, &flags, sizeof(flags));
	return call(node, req, FS_OPEN, (size_t)len, st ? st : &ignored,
		    sizeof(*st), NULL);
}

/* A request of one struct (close, fstat, truncate) to node's server. */
static int struct_call(const char *node, uint32_t op, const void *r, size_t len,
		       void *reply, size_t reply_max)
{
	uint8_t req[LV_MSG_PAYLOAD_MAX];
	memcpy(req, r, len);
	return call(node, req, op, len, reply, reply_max, NULL);
}

int lv_fs_close_on(const char *node, int id)
{
	msg_fs_id_t r = {.id = id};
	return struct_call(node, FS_CLOSE, &r, sizeof(r), NULL, 0);
}

int lv_fs_close(int id) { return lv_fs_close_on(NULL, id); }

int lv_fs_fstat_on(const char *node, int id, lv_fs_stat_t *st)
{
	msg_fs_id_t r = {.id = id};
	return struct_call(node, FS_FSTAT, &r, sizeof(r), st, sizeof(*st));
}

int lv_fs_fstat(int id, lv_fs_stat_t *st)
{
	return lv_fs_fstat_on(NULL, id, st);
}

int lv_fs_truncate_on(const char *node, int id, uint32_t size)
{
	msg_fs_truncate_t r = {.id = id, .size = size};
	return struct_call(node, FS_TRUNCATE, &r, sizeof(r), NULL, 0);
}

int lv_fs_truncate(int id, uint32_t size)
{
	return lv_fs_truncate_on(NULL, id, size);
}

int lv_fs_read(int id, uint32_t offset, void *buf, size_t len)
{
	return lv_fs_read_on(NULL, id, offset, buf, len);
}

int lv_fs_read_on(const char *node, int id, uint32_t offset, void *buf,
		  size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t want = len - done;
		msg_fs_read_t r = {.id = id, .offset = offset + (uint32_t)done};
		int rc;

		if (want > LV_FS_READ_MAX)
			want = LV_FS_READ_MAX;
		r.len = (uint32_t)want;
		rc = struct_call(node, FS_READ, &r, sizeof(r),
				 (uint8_t *)buf + done, want);
		if (rc < 0)
			return done ? (int)done : rc;
		if (rc == 0)
			break;
		done += (size_t)rc;
		if ((size_t)rc < want)
			break; /* the end of the file */
	}
	return (int)done;
}

int lv_fs_write(int id, uint32_t offset, const void *buf, size_t len,
		uint32_t *end)
{
	return lv_fs_write_on(NULL, id, offset, buf, len, end);
}

int lv_fs_write_on(const char *node, int id, uint32_t offset, const void *buf,
		   size_t len, uint32_t *end)
{
	size_t done = 0;
	msg_fs_write_reply_t out = {.end = offset};
	uint8_t req[LV_MSG_PAYLOAD_MAX];

	do {
		size_t n = len - done;
		msg_fs_write_t w = {.id = id,
				    .offset = offset + (uint32_t)done};
		int rc;

		if (n > LV_FS_WRITE_MAX)
			n = LV_FS_WRITE_MAX;
		w.len = (uint32_t)n;
		memcpy(req, &w, sizeof(w));
		memcpy(req + sizeof(w), (const uint8_t *)buf + done, n);
		rc = call(node, req, FS_WRITE, sizeof(w) + n, &out, sizeof(out),
			  NULL);
		if (rc < 0)
			return done ? (int)done : rc;
		if (rc == 0 && n)
			return -ERR_IO; /* the server must take it all */
		done += (size_t)rc;
	} while (done < len);
	if (end)
		*end = out.end;
	return (int)done;
}

int lv_fs_stat(const char *path, lv_fs_stat_t *st)
{
	return path_call(FS_STAT, path, st, sizeof(*st));
}

int lv_fs_unlink(const char *path)
{
	return path_call(FS_UNLINK, path, NULL, 0);
}

int lv_fs_mkdir(const char *path) { return path_call(FS_MKDIR, path, NULL, 0); }

int lv_fs_readdir(const char *path, uint32_t index, lv_fs_dirent_t *out,
		  int max)
{
	size_t got = 0;
	uint8_t req[LV_MSG_PAYLOAD_MAX];
	char node[LV_FS_NODE_MAX];
	int len = put_path(req, offsetof(msg_fs_readdir_t, path), path, node);
	int rc;

	if (len < 0)
		return len;
	if (max <= 0)
		return 0;
	memcpy(req, &index, sizeof(index));
	rc = call(node, req, FS_READDIR, (size_t)len, out,
		  (size_t)max * sizeof(*out), &got);
	if (rc < 0)
		return rc;
	return (int)(got / sizeof(*out)); /* at most max: the rest is cut */
}

int lv_fs_opendir(lv_fs_dir_t *d, const char *path)
{
	lv_fs_stat_t st;
	int rc = lv_fs_stat(path, &st);

	if (rc < 0)
		return rc;
	if (st.type != LV_FS_DIR)
		return -ERR_INVAL;
	if (strlen(path) >= sizeof(d->path))
		return -ERR_NAMETOOLONG; /* "NODE:" and a path that fits */
	memset(d, 0, sizeof(*d));
	memcpy(d->path, path, strlen(path) + 1);
	return 0;
}

const lv_fs_dirent_t *lv_fs_nextdir(lv_fs_dir_t *d)
{
	if (d->next == d->count) {
		int rc;
		if (d->end)
			return NULL;
		rc = lv_fs_readdir(d->path, d->index, d->ent, LV_FS_DIR_BATCH);
		if (rc <= 0) {
			d->end = 1;
			d->error = rc;
			d->count = d->next = 0;
			return NULL;
		}
		d->index += (uint32_t)rc;
		d->count = rc;
		d->next = 0;
	}
	return &d->ent[d->next++];
}
