/* The file server's tree, open-file table and archive loader
 * (servers/fs/pure_tree.c, pure_files.c, pure_load.c): paths, create and
 * unlink, copy-on-write of archive bytes, growth and truncation, space
 * limits, per-process open files, unlinked-but-open files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../servers/fs/pure_archive.h"
#include "../../servers/fs/pure_files.h"
#include "../../servers/fs/pure_load.h"
#include "../../servers/fs/pure_tree.h"
#include "uapi/errors.h"
#include "unit.h"

#define MiB (1u << 20)

static fs_node_t *get(fs_tree_t *t, const char *path)
{
	fs_node_t *n = NULL;
	return fs_tree_lookup(t, path, &n) == 0 ? n : NULL;
}

UNIT_TEST(fs_tree_paths)
{
	fs_tree_t t;
	fs_node_t *n;
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_tree_create(&t, "/etc", FS_NODE_DIR, NULL), 0);
	CHECK_EQ(fs_tree_create(&t, "/etc/motd", FS_NODE_FILE, &n), 0);
	CHECK(get(&t, "/etc/motd") == n);
	CHECK(get(&t, "//etc///motd") == n);
	CHECK(get(&t, "/etc/./motd") == n);
	CHECK(get(&t, "/etc/../etc/motd") == n);
	CHECK(get(&t, "/../../etc/motd") == n);
	CHECK(get(&t, "/") == t.root);
	CHECK(get(&t, "/etc/..") == t.root);
	CHECK_EQ(fs_tree_lookup(&t, "etc/motd", &n), -ERR_INVAL);
	CHECK_EQ(fs_tree_lookup(&t, "", &n), -ERR_INVAL);
	CHECK_EQ(fs_tree_lookup(&t, "/etc/motd/x", &n), -ERR_NOTDIR);
	CHECK_EQ(fs_tree_lookup(&t, "/etc/nothing", &n), -ERR_NOENT);
	char long_name[80];
	memset(long_name, 'a', sizeof(long_name));
	long_name[0] = '/';
	long_name[79] = '\0';
	CHECK_EQ(fs_tree_create(&t, long_name, FS_NODE_FILE, NULL),
		 -ERR_NAMETOOLONG);
	char long_path[300];
	memset(long_path, '/', sizeof(long_path));
	long_path[299] = '\0';
	CHECK_EQ(fs_tree_lookup(&t, long_path, &n), -ERR_NAMETOOLONG);
	fs_tree_destroy(&t);
}

UNIT_TEST(fs_tree_create_unlink)
{
	fs_tree_t t;
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_tree_create(&t, "/tmp", FS_NODE_DIR, NULL), 0);
	CHECK_EQ(fs_tree_create(&t, "/tmp", FS_NODE_DIR, NULL), -ERR_EXIST);
	CHECK_EQ(fs_tree_create(&t, "/", FS_NODE_DIR, NULL), -ERR_EXIST);
	CHECK_EQ(fs_tree_create(&t, "/tmp/..", FS_NODE_DIR, NULL), -ERR_EXIST);
	CHECK_EQ(fs_tree_create(&t, "/no/x", FS_NODE_FILE, NULL), -ERR_NOENT);
	CHECK_EQ(fs_tree_create(&t, "/tmp/b", FS_NODE_FILE, NULL), 0);
	CHECK_EQ(fs_tree_create(&t, "/tmp/a", FS_NODE_FILE, NULL), 0);
	CHECK_EQ(fs_tree_create(&t, "/tmp/c", FS_NODE_FILE, NULL), 0);
	CHECK_EQ(fs_tree_create(&t, "/tmp/a/x", FS_NODE_FILE, NULL),
		 -ERR_NOTDIR);
	CHECK_EQ(t.files, 3);
	CHECK_EQ(t.dirs, 2);
	fs_node_t *tmp = get(&t, "/tmp");
	CHECK_STR_EQ(fs_node_child(tmp, 0)->name, "a"); /* sorted */
	CHECK_STR_EQ(fs_node_child(tmp, 1)->name, "b");
	CHECK_STR_EQ(fs_node_child(tmp, 2)->name, "c");
	CHECK(fs_node_child(tmp, 3) == NULL);
	CHECK(fs_node_child(get(&t, "/tmp/a"), 0) == NULL);
	CHECK_EQ(fs_tree_unlink(&t, "/tmp"), -ERR_BUSY);
	CHECK_EQ(fs_tree_unlink(&t, "/"), -ERR_PERM);
	CHECK_EQ(fs_tree_unlink(&t, "/tmp/."), -ERR_INVAL);
	CHECK_EQ(fs_tree_unlink(&t, "/tmp/b"), 0);
	CHECK_EQ(fs_tree_unlink(&t, "/tmp/b"), -ERR_NOENT);
	CHECK_STR_EQ(fs_node_child(tmp, 1)->name, "c");
	CHECK_EQ(fs_tree_unlink(&t, "/tmp/a"), 0);
	CHECK_EQ(fs_tree_unlink(&t, "/tmp/c"), 0);
	CHECK_EQ(fs_tree_unlink(&t, "/tmp"), 0);
	CHECK_EQ(t.files, 0);
	CHECK_EQ(t.dirs, 1);
	fs_tree_destroy(&t);
}

UNIT_TEST(fs_tree_read_write)
{
	fs_tree_t t;
	fs_node_t *n;
	char buf[64];
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_tree_create(&t, "/f", FS_NODE_FILE, &n), 0);
	CHECK_EQ(fs_node_read(n, 0, buf, sizeof(buf)), 0);
	CHECK_EQ(fs_node_write(&t, n, 0, "hello", 5), 5);
	CHECK_EQ(fs_node_write(&t, n, 5, " world", 6), 6);
	CHECK_EQ(fs_node_read(n, 0, buf, sizeof(buf)), 11);
	CHECK(memcmp(buf, "hello world", 11) == 0);
	CHECK_EQ(fs_node_read(n, 6, buf, 3), 3);
	CHECK(memcmp(buf, "wor", 3) == 0);
	CHECK_EQ(fs_node_read(n, 11, buf, 3), 0);
	CHECK_EQ(fs_node_read(n, 1000, buf, 3), 0);
	/* a gap reads as zeros */
	CHECK_EQ(fs_node_write(&t, n, 20, "!", 1), 1);
	CHECK_EQ(n->size, 21);
	CHECK_EQ(fs_node_read(n, 11, buf, 10), 10);
	for (int i = 0; i < 9; i++)
		CHECK_EQ(buf[i], 0);
	CHECK_EQ(buf[9], '!');
	CHECK_EQ(fs_node_truncate(&t, n, 5), 0);
	CHECK_EQ(fs_node_truncate(&t, n, 8), 0);
	CHECK_EQ(fs_node_read(n, 0, buf, sizeof(buf)), 8);
	CHECK(memcmp(buf, "hello\0\0\0", 8) == 0);
	CHECK_EQ(fs_node_truncate(&t, n, 0), 0);
	CHECK_EQ(t.bytes, 0);
	CHECK_EQ(fs_node_read(t.root, 0, buf, 1), -ERR_ISDIR);
	CHECK_EQ(fs_node_write(&t, t.root, 0, "x", 1), -ERR_ISDIR);
	CHECK_EQ(fs_node_truncate(&t, t.root, 0), -ERR_ISDIR);
	fs_tree_destroy(&t);
}

UNIT_TEST(fs_tree_big_and_limits)
{
	fs_tree_t t;
	fs_node_t *a, *b;
	static uint8_t chunk[1000];
	CHECK_EQ(fs_tree_init(&t, 64 * 1024), 0);
	CHECK_EQ(fs_tree_create(&t, "/a", FS_NODE_FILE, &a), 0);
	CHECK_EQ(fs_tree_create(&t, "/b", FS_NODE_FILE, &b), 0);
	for (uint32_t i = 0; i < 40; i++) {
		memset(chunk, (int)i, sizeof(chunk));
		CHECK_EQ(fs_node_write(&t, a, i * 1000, chunk, 1000), 1000);
	}
	CHECK_EQ(a->size, 40000);
	for (uint32_t i = 0; i < 40; i++) {
		CHECK_EQ(fs_node_read(a, i * 1000 + 500, chunk, 1), 1);
		CHECK_EQ(chunk[0], i);
	}
	CHECK(t.bytes <= 64 * 1024);
	/* the tree's space runs out for b; a is unharmed */
	CHECK_EQ(fs_node_write(&t, b, 0, chunk, 1000), 1000);
	CHECK_EQ(fs_node_truncate(&t, b, 60 * 1024), -ERR_NOSPC);
	CHECK_EQ(b->size, 1000);
	CHECK_EQ(fs_node_write(&t, b, 0xFFFFFFF0u, chunk, 100), -ERR_NOSPC);
	CHECK_EQ(fs_node_write(&t, b, FS_FILE_MAX, chunk, 1), -ERR_NOSPC);
	CHECK_EQ(fs_node_truncate(&t, b, FS_FILE_MAX + 1), -ERR_NOSPC);
	CHECK_EQ(fs_tree_unlink(&t, "/a"), 0);
	CHECK_EQ(fs_node_truncate(&t, b, 60 * 1024), 0);
	fs_tree_destroy(&t);
}

UNIT_TEST(fs_tree_copy_on_write)
{
	static const uint8_t archive_bytes[] = "read-only archive bytes";
	fs_tree_t t;
	fs_node_t *n;
	char buf[64];
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_tree_create(&t, "/f", FS_NODE_FILE, &n), 0);
	fs_node_borrow(&t, n, archive_bytes, 9, 0444);
	CHECK_EQ(t.bytes, 0);
	CHECK_EQ(fs_node_read(n, 0, buf, sizeof(buf)), 9);
	CHECK(memcmp(buf, "read-only", 9) == 0);
	CHECK_EQ(fs_node_truncate(&t, n, 4), 0); /* still borrowed */
	CHECK_EQ(t.bytes, 0);
	CHECK_EQ(fs_node_write(&t, n, 4, "-WRITE", 6), 6);
	CHECK(t.bytes > 0);
	CHECK_EQ(fs_node_read(n, 0, buf, sizeof(buf)), 10);
	CHECK(memcmp(buf, "read-WRITE", 10) == 0);
	/* the archive's bytes did not change (the copy took the write) */
	CHECK(memcmp(archive_bytes, "read-only archive bytes", 23) == 0);
	fs_tree_destroy(&t);
}

/* A sealed tree (the boot image) refuses every change; the root still
 * takes new entries, and those are not sealed. */
UNIT_TEST(fs_tree_sealed)
{
	fs_tree_t t;
	fs_node_t *f, *n;
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_tree_create(&t, "/etc", FS_NODE_DIR, NULL), 0);
	CHECK_EQ(fs_tree_create(&t, "/etc/motd", FS_NODE_FILE, &f), 0);
	CHECK_EQ(fs_node_write(&t, f, 0, "hi", 2), 2);
	fs_tree_seal(&t);
	CHECK_EQ(fs_node_write(&t, f, 0, "x", 1), -ERR_ROFS);
	CHECK_EQ(fs_node_truncate(&t, f, 0), -ERR_ROFS);
	CHECK_EQ(fs_tree_open(&t, "/etc/motd", FS_O_WRITE, &n), -ERR_ROFS);
	CHECK_EQ(fs_tree_open(&t, "/etc/motd", FS_O_READ | FS_O_TRUNC, &n),
		 -ERR_ROFS);
	CHECK_EQ(fs_tree_open(&t, "/etc/new", FS_O_WRITE | FS_O_CREATE, &n),
		 -ERR_ROFS);
	CHECK_EQ(fs_tree_create(&t, "/etc/d", FS_NODE_DIR, NULL), -ERR_ROFS);
	CHECK_EQ(fs_tree_unlink(&t, "/etc/motd"), -ERR_ROFS);
	CHECK_EQ(fs_tree_unlink(&t, "/etc"), -ERR_ROFS);
	CHECK_EQ(fs_tree_open(&t, "/etc/motd", FS_O_READ, &n), 0);
	fs_node_release(&t, n);
	CHECK_EQ(fs_tree_create(&t, "/tmp", FS_NODE_DIR, NULL), 0);
	CHECK_EQ(fs_tree_open(&t, "/tmp/f", FS_O_WRITE | FS_O_CREATE, &n), 0);
	CHECK_EQ(fs_node_write(&t, n, 0, "ok", 2), 2);
	fs_node_release(&t, n);
	CHECK_EQ(fs_tree_unlink(&t, "/tmp/f"), 0);
	CHECK_EQ(fs_tree_unlink(&t, "/tmp"), 0);
	fs_tree_destroy(&t);
}

UNIT_TEST(fs_tree_open_flags)
{
	fs_tree_t t;
	fs_node_t *n, *m;
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_tree_open(&t, "/f", FS_O_READ, &n), -ERR_NOENT);
	CHECK_EQ(fs_tree_open(&t, "/f", FS_O_WRITE | FS_O_CREATE, &n), 0);
	CHECK_EQ(n->opens, 1);
	CHECK_EQ(fs_node_write(&t, n, 0, "abc", 3), 3);
	CHECK_EQ(
	    fs_tree_open(&t, "/f", FS_O_CREATE | FS_O_EXCL | FS_O_WRITE, &m),
	    -ERR_EXIST);
	CHECK_EQ(fs_tree_open(&t, "/f", FS_O_READ | FS_O_TRUNC, &m), 0);
	CHECK(m == n && n->size == 3); /* TRUNC without WRITE: ignored */
	CHECK_EQ(fs_tree_open(&t, "/f", FS_O_WRITE | FS_O_TRUNC, &m), 0);
	CHECK_EQ(n->size, 0);
	CHECK_EQ(n->opens, 3);
	CHECK_EQ(fs_tree_open(&t, "/", FS_O_READ, &m), 0);
	CHECK_EQ(fs_tree_open(&t, "/", FS_O_WRITE, &m), -ERR_ISDIR);
	CHECK_EQ(fs_tree_open(&t, "/f", 0, &m), -ERR_INVAL);
	CHECK_EQ(fs_tree_open(&t, "/f", FS_O_READ | 0x100, &m), -ERR_INVAL);
	fs_node_release(&t, t.root);
	for (int i = 0; i < 3; i++)
		fs_node_release(&t, n);
	CHECK_EQ(n->opens, 0);
	fs_tree_destroy(&t);
}

static int alive_odd(int32_t pid, void *ctx)
{
	(void)ctx;
	return pid % 2;
}

UNIT_TEST(fs_files_table)
{
	fs_tree_t t;
	fs_files_t *f = malloc(sizeof(*f));
	fs_node_t *n;
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	fs_files_init(f, &t);
	CHECK_EQ(fs_tree_open(&t, "/x", FS_O_WRITE | FS_O_CREATE, &n), 0);
	int id = fs_files_add(f, 7, n, FS_O_WRITE);
	CHECK(id > 0);
	CHECK(fs_files_get(f, 7, id) != NULL);
	CHECK(fs_files_get(f, 8, id) == NULL); /* another process's id */
	CHECK(fs_files_get(f, 7, id + FS_FILES_MAX) == NULL);
	CHECK(fs_files_get(f, 7, 0) == NULL && fs_files_get(f, 7, -3) == NULL);
	CHECK_EQ(fs_files_close(f, 8, id), -ERR_BADF);
	CHECK_EQ(fs_files_close(f, 7, id), 0);
	CHECK_EQ(fs_files_close(f, 7, id), -ERR_BADF); /* stale */
	/* fill the table, reap the even pids' files */
	for (int i = 0; i < FS_FILES_MAX; i++) {
		CHECK_EQ(fs_tree_open(&t, "/x", FS_O_READ, &n), 0);
		CHECK(fs_files_add(f, 100 + i, n, FS_O_READ) > 0);
	}
	CHECK_EQ(fs_files_room(f, 1), -ERR_NOSPC);
	CHECK_EQ(fs_tree_open(&t, "/x", FS_O_READ, &n), 0);
	CHECK_EQ(fs_files_add(f, 1, n, FS_O_READ), -ERR_NOSPC);
	fs_node_release(&t, n);
	CHECK_EQ(fs_files_reap(f, alive_odd, NULL), FS_FILES_MAX / 2);
	CHECK_EQ(fs_files_room(f, 1), 0);
	CHECK_EQ(n->opens, FS_FILES_MAX / 2);
	fs_files_close_all(f);
	/* one client holds at most FS_FILES_PER_CLIENT; others still may */
	for (int i = 0; i < FS_FILES_PER_CLIENT; i++) {
		CHECK_EQ(fs_files_room(f, 9), 0);
		CHECK_EQ(fs_tree_open(&t, "/x", FS_O_READ, &n), 0);
		CHECK(fs_files_add(f, 9, n, FS_O_READ) > 0);
	}
	CHECK_EQ(fs_files_room(f, 9), -ERR_MFILE);
	CHECK_EQ(fs_files_room(f, 10), 0);
	fs_files_close_all(f);
	/* A remote caller (negative sender) is a client of its own: its ids
	 * are its, its share is its. */
	int remote = 0;
	for (int i = 0; i < FS_FILES_PER_CLIENT; i++) {
		CHECK_EQ(fs_files_room(f, -5), 0);
		CHECK_EQ(fs_tree_open(&t, "/x", FS_O_READ, &n), 0);
		remote = fs_files_add(f, -5, n, FS_O_READ);
		CHECK(remote > 0);
	}
	CHECK_EQ(fs_files_room(f, -5), -ERR_MFILE);
	CHECK_EQ(fs_files_room(f, -6), 0);
	CHECK_EQ(fs_files_room(f, 5), 0);
	CHECK(fs_files_get(f, -5, remote) != NULL);
	CHECK(fs_files_get(f, -6, remote) == NULL);
	CHECK(fs_files_get(f, 5, remote) == NULL);
	CHECK(fs_files_get(f, 0, remote) == NULL);
	CHECK_EQ(fs_files_close(f, 5, remote), -ERR_BADF);
	CHECK_EQ(fs_files_close(f, -5, remote), 0);
	fs_files_close_all(f);
	CHECK_EQ(n->opens, 0);
	free(f);
	fs_tree_destroy(&t);
}

UNIT_TEST(fs_files_unlinked_stays_open)
{
	fs_tree_t t;
	fs_files_t *f = malloc(sizeof(*f));
	fs_node_t *n;
	char buf[8];
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	fs_files_init(f, &t);
	CHECK_EQ(fs_tree_open(&t, "/x", FS_O_WRITE | FS_O_CREATE, &n), 0);
	int id = fs_files_add(f, 5, n, FS_O_WRITE);
	CHECK_EQ(fs_node_write(&t, n, 0, "data", 4), 4);
	CHECK_EQ(fs_tree_unlink(&t, "/x"), 0);
	CHECK(get(&t, "/x") == NULL);
	fs_file_t *file = fs_files_get(f, 5, id);
	CHECK(file != NULL);
	CHECK_EQ(fs_node_read(file->node, 0, buf, sizeof(buf)), 4);
	CHECK_EQ(fs_files_close(f, 5, id), 0); /* frees it (ASan: no leak) */
	CHECK_EQ(t.bytes, 0);
	free(f);
	fs_tree_destroy(&t);
}

/* A newc entry (see test_fs_archive.c for the layout). */
static size_t put(uint8_t *b, size_t len, const char *name, uint32_t mode,
		  const char *data)
{
	char h[FS_ARCHIVE_HEADER + 1];
	uint32_t size = data ? (uint32_t)strlen(data) : 0;
	uint32_t ns = (uint32_t)strlen(name) + 1;
	snprintf(h, sizeof(h),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, ns, 0u);
	memcpy(b + len, h, FS_ARCHIVE_HEADER);
	len += FS_ARCHIVE_HEADER;
	memcpy(b + len, name, ns);
	len += ns;
	while (len & 3)
		b[len++] = 0;
	if (size)
		memcpy(b + len, data, size);
	len += size;
	while (len & 3)
		b[len++] = 0;
	return len;
}

/* put() with the ino and nlink of a hard link. */
static size_t put_link(uint8_t *b, size_t len, const char *name, uint32_t ino,
		       uint32_t mode, const char *data)
{
	size_t at = len;
	char f[9];
	len = put(b, len, name, mode, data);
	snprintf(f, sizeof(f), "%08X", ino);
	memcpy(b + at + 6, f, 8); /* c_ino */
	snprintf(f, sizeof(f), "%08X", 2u);
	memcpy(b + at + 6 + 4 * 8, f, 8); /* c_nlink */
	return len;
}

/* Hard links as GNU cpio writes them (bytes once, with the last name) all
 * read the bytes; symlinks, devices, fifos and ".." paths are skipped and
 * counted, and the rest of the archive still loads. */
UNIT_TEST(fs_load_links_and_other_types)
{
	static uint8_t b[4096];
	size_t len = 0;
	fs_tree_t t;
	char buf[32];
	uint32_t skipped = 99;
	len = put_link(b, len, "bin/a", 7, FS_MODE_FILE | 0755, NULL);
	len = put(b, len, "bin/link", 0120777, "a");  /* a symlink */
	len = put(b, len, "dev/null", 0020666, NULL); /* a device */
	len = put(b, len, "x/../y", FS_MODE_FILE | 0644, "z");
	len = put_link(b, len, "bin/b", 8, FS_MODE_FILE | 0755, "other");
	len = put_link(b, len, "bin/c", 7, FS_MODE_FILE | 0755, "shared");
	len = put(b, len, "TRAILER!!!", 0, NULL);
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_load_archive(&t, b, len, &skipped), 3);
	CHECK_EQ(skipped, 3);
	CHECK_EQ(fs_node_read(get(&t, "/bin/a"), 0, buf, sizeof(buf)), 6);
	CHECK(memcmp(buf, "shared", 6) == 0);
	CHECK_EQ(fs_node_read(get(&t, "/bin/c"), 0, buf, sizeof(buf)), 6);
	CHECK_EQ(fs_node_read(get(&t, "/bin/b"), 0, buf, sizeof(buf)), 5);
	fs_node_t *n;
	CHECK_EQ(fs_tree_lookup(&t, "/bin/link", &n), -ERR_NOENT);
	CHECK_EQ(fs_tree_lookup(&t, "/dev/null", &n), -ERR_NOENT);
	fs_tree_destroy(&t);
}

UNIT_TEST(fs_load_archive)
{
	static uint8_t b[4096];
	size_t len = 0;
	fs_tree_t t;
	char buf[32];
	len = put(b, len, ".", FS_MODE_DIR | 0755, NULL);
	len = put(b, len, "etc/motd", FS_MODE_FILE | 0644, "hi\n");
	len = put(b, len, "bin/hello", FS_MODE_FILE | 0755, "ELF");
	len = put(b, len, "bin", FS_MODE_DIR | 0711, NULL);
	len = put(b, len, "etc/motd", FS_MODE_FILE | 0600, "hello\n");
	len = put(b, len, "TRAILER!!!", 0, NULL);
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_load_archive(&t, b, len, NULL), 5);
	fs_node_t *motd = get(&t, "/etc/motd");
	CHECK(motd != NULL);
	CHECK_EQ(motd->mode, 0600);
	CHECK_EQ(fs_node_read(motd, 0, buf, sizeof(buf)), 6); /* later wins */
	CHECK(motd->data >= b && motd->data < b + len);	      /* borrowed */
	CHECK_EQ(get(&t, "/etc")->type, FS_NODE_DIR);	      /* made */
	CHECK_EQ(get(&t, "/bin")->mode, 0711);
	CHECK_EQ(t.files, 2);
	CHECK_EQ(t.dirs, 3);
	CHECK_EQ(t.bytes, 0);
	fs_tree_destroy(&t);

	/* a file and a directory at one path */
	len = 0;
	len = put(b, len, "etc", FS_MODE_FILE | 0644, "x");
	len = put(b, len, "etc/motd", FS_MODE_FILE | 0644, "hi\n");
	len = put(b, len, "TRAILER!!!", 0, NULL);
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_load_archive(&t, b, len, NULL), -ERR_INVAL);
	fs_tree_destroy(&t);

	/* corrupt: nothing added */
	CHECK_EQ(fs_tree_init(&t, MiB), 0);
	CHECK_EQ(fs_load_archive(&t, b, len - 4, NULL), -ERR_INVAL);
	CHECK_EQ(t.files + t.dirs, 1);
	fs_tree_destroy(&t);
}
