/* Another node's files through newlib and libipc ("NODE:/path",
 * lavender/fs.h "Other nodes"); tests/cases_ripc_files.py runs it on two
 * nodes.
 *   rfiletest put PATH WORD...   writes the words (spaces between, a
 *       newline after) to PATH, made or emptied first: "rfiletest: wrote
 *       N bytes to PATH", or "rfiletest: PATH: WHY" and exit 1 (a remote
 *       PATH: "read-only file system: remote callers may only read").
 *   rfiletest remote NODE FILE WORD...   checks that NODE's FILE holds
 *       those words as put wrote them: read whole, at an offset, by stat,
 *       fstat and lseek, in NODE's directory listing, while a local file
 *       is open too; every change refused (-ERR_ROFS); ids per server; a
 *       ':' in a local name; a node name too long; none once the
 *       process pinned its file server (lv_fs_pin).
 *   rfiletest cache FILE NODE...   FILE of every NODE (more of them than
 *       LV_FS_REMOTE_MAX, all holding the local FILE's bytes) open at once:
 *       at most LV_FS_REMOTE_MAX rights are kept, and every one reads.
 * "rfiletest NAME: ok|FAIL ..." per check, then the summary; exits with
 * the failures. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <lavender/fs.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "../lib/fspath.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "rfiletest",
    "put PATH WORD... | remote NODE FILE WORD... | cache FILE NODE...",
    "put: writes the words to PATH (a remote PATH is refused). remote:\n"
    "checks that NODE's FILE holds them, read through \"NODE:FILE\", and\n"
    "that NODE's file server refuses every change. cache: FILE read through\n"
    "more nodes than libipc keeps rights for.",
    "ripc_files.*"};

#define TEXT_MAX 512
#define ROFS_TEXT "read-only file system: remote callers may only read"

static char text[TEXT_MAX]; /* the words as put writes them */
static size_t text_len;
static char node[LV_FS_NODE_MAX];
static char file[LV_FS_PATH_MAX];   /* FILE, absolute */
static char remote[LV_FS_PATH_MAX]; /* NODE:FILE */

static void join(int argc, char **argv)
{
	text_len = 0;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (text_len + n + 2 > sizeof(text))
			usage_error(&usage,
				    "the words are too long (at most "
				    "%d bytes)",
				    TEXT_MAX - 2);
		memcpy(text + text_len, argv[i], n);
		text_len += n;
		text[text_len++] = i + 1 < argc ? ' ' : '\n';
	}
	text[text_len] = '\0';
}

static int put(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = -1;

	if (fd >= 0) {
		n = write(fd, text, text_len);
		close(fd);
	}
	if (n != (ssize_t)text_len) {
		printf("rfiletest: %s: %s\n", path,
		       fs_path_strerror(path, errno));
		return 1;
	}
	printf("rfiletest: wrote %u bytes to %s\n", (unsigned)text_len, path);
	return 0;
}

/* The whole of path (at most cap bytes) into buf: its length, or -errno. */
static long slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	long got = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	while ((size_t)got < cap &&
	       (n = read(fd, buf + got, cap - (size_t)got)) > 0)
		got += n;
	close(fd);
	return got;
}

static const char *read_whole(void)
{
	static char buf[TEXT_MAX];
	long n = slurp(remote, buf, sizeof(buf));

	if (n < 0)
		return check_why("%s: %s", remote, strerror((int)-n));
	if ((size_t)n != text_len || memcmp(buf, text, text_len))
		return check_why("%s: %ld bytes \"%.*s\"", remote, n, (int)n,
				 buf);
	return NULL;
}

static const char *read_at_offset(void)
{
	char buf[TEXT_MAX];
	int fd = open(remote, O_RDONLY);
	off_t end = -1, at = -1;
	ssize_t n = -1;

	if (fd < 0)
		return check_why("open: %s", strerror(errno));
	end = lseek(fd, 0, SEEK_END);
	at = lseek(fd, 3, SEEK_SET);
	if (at == 3)
		n = read(fd, buf, sizeof(buf));
	close(fd);
	if (end != (off_t)text_len || at != 3)
		return check_why("SEEK_END %ld, SEEK_SET 3 -> %ld", (long)end,
				 (long)at);
	if (n != (ssize_t)text_len - 3 || memcmp(buf, text + 3, (size_t)n))
		return check_why("read at 3: %ld bytes", (long)n);
	return NULL;
}

static const char *stats(void)
{
	struct stat st, fst;
	int fd = open(remote, O_RDONLY), frc = -1;

	if (fd >= 0) {
		frc = fstat(fd, &fst);
		close(fd);
	}
	if (stat(remote, &st) < 0)
		return check_why("stat: %s", strerror(errno));
	if (frc < 0)
		return check_why("fstat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_size != (off_t)text_len ||
	    fst.st_size != st.st_size || fst.st_ino != st.st_ino)
		return check_why("stat size %ld, fstat size %ld",
				 (long)st.st_size, (long)fst.st_size);
	if (stat("nosuchnode-rf:/etc/motd", &st) == 0 || errno != EHOSTUNREACH)
		return check_why("an unknown node: errno %d, want EHOSTUNREACH",
				 errno);
	return NULL;
}

/* One local and one remote descriptor open at once, read in turns: each
 * reaches its own server (ids are per server and may be equal). */
static const char *both_servers(void)
{
	char l[16], r[16];
	int lfd = open("/etc/motd", O_RDONLY), rfd = open(remote, O_RDONLY);
	const char *why = NULL;

	if (lfd < 0 || rfd < 0)
		why = check_why("open: %s", strerror(errno));
	else if (read(rfd, r, 4) != 4 || read(lfd, l, 7) != 7 ||
		 read(rfd, r + 4, 2) != 2)
		why = check_why("read: %s", strerror(errno));
	else if (memcmp(l, "Welcome", 7) || memcmp(r, text, 6))
		why = check_why("local \"%.7s\", remote \"%.6s\"", l, r);
	if (lfd >= 0)
		close(lfd);
	if (rfd >= 0)
		close(rfd);
	return why;
}

static const char *listed(void)
{
	static lv_fs_dir_t d;
	char dir[LV_FS_PATH_MAX];
	const char *base = strrchr(file, '/') + 1;
	const lv_fs_dirent_t *e;
	int rc;

	snprintf(dir, sizeof(dir), "%s:%.*s", node, (int)(base - file), file);
	rc = lv_fs_opendir(&d, dir);
	if (rc < 0)
		return check_why("%s: %s", dir, lv_strerror(rc));
	while ((e = lv_fs_nextdir(&d)))
		if (strcmp(e->name, base) == 0)
			return e->type == LV_FS_FILE && e->size == text_len
				   ? NULL
				   : check_why("%s: size %u", base,
					       (unsigned)e->size);
	return check_why("%s not in %s (%s)", base, dir, lv_strerror(d.error));
}

/* Every change of NODE's tree is refused, and the file is as it was. */
static const char *refused(void)
{
	char path[LV_FS_PATH_MAX + LV_FS_NODE_MAX];
	static const int modes[] = {O_WRONLY, O_RDWR, O_RDONLY | O_CREAT,
				    O_RDONLY | O_TRUNC, O_WRONLY | O_APPEND};
	int rc;

	for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		int fd = open(remote, modes[i], 0644);
		if (fd >= 0 || errno != EROFS)
			return check_why("open mode %#x: fd %d, errno %d",
					 modes[i], fd, errno);
	}
	snprintf(path, sizeof(path), "%s:/tmp/rfiletest.new", node);
	if (open(path, O_WRONLY | O_CREAT | O_EXCL, 0644) >= 0 ||
	    errno != EROFS)
		return check_why("create %s: errno %d", path, errno);
	if (unlink(remote) == 0 || errno != EROFS)
		return check_why("unlink: errno %d", errno);
	snprintf(path, sizeof(path), "%s:/tmp/rfiletest.d", node);
	if ((rc = lv_fs_mkdir(path)) != -ERR_ROFS)
		return check_why("mkdir: %s", lv_strerror(rc));
	if (strcmp(fs_path_strerror(remote, EROFS), ROFS_TEXT))
		return check_why("the message: %s",
				 fs_path_strerror(remote, EROFS));
	return read_whole();
}

/* The plain id calls are the local server's: the remote id goes through
 * the _on calls only. */
static const char *ids_per_server(void)
{
	char buf[8];
	lv_fs_stat_t st;
	int id = lv_fs_open(remote, LV_FS_O_READ, &st);
	int rc;

	if (id <= 0)
		return check_why("lv_fs_open: %s", lv_strerror(id));
	rc = lv_fs_read_on(node, id, 0, buf, sizeof(buf));
	if (rc != (int)(text_len < 8 ? text_len : 8) ||
	    memcmp(buf, text, (size_t)rc))
		return check_why("lv_fs_read_on: %d", rc);
	if (st.size != text_len)
		return check_why("open's stat size %u", (unsigned)st.size);
	if ((rc = lv_fs_write_on(node, id, 0, "x", 1, NULL)) != -ERR_ROFS)
		return check_why("lv_fs_write_on: %s", lv_strerror(rc));
	if ((rc = lv_fs_close_on(node, id)) != 0)
		return check_why("lv_fs_close_on: %s", lv_strerror(rc));
	if ((rc = lv_fs_close_on(node, id)) != -ERR_BADF)
		return check_why("a second close: %s", lv_strerror(rc));
	return NULL;
}

/* rfiletest cache FILE NODE...: NODE:FILE open for every NODE at once
 * keeps LV_FS_REMOTE_MAX rights at most (more NODEs than that are
 * required), and every descriptor still reads the local FILE's bytes (a
 * right pushed out is looked up again: the same caller there, the same
 * ids). */
#define CACHE_NODES 16
static int cache(const char *path, int count, char **nodes)
{
	static char want[TEXT_MAX * 8], got[sizeof(want)];
	char name[CACHE_NODES][LV_FS_PATH_MAX + LV_FS_NODE_MAX];
	int fd[CACHE_NODES], handles0 = 0, most = 0, i;
	long len = slurp(path, want, sizeof(want));
	lv_proc_info_t me;
	const char *why = NULL;

	if (count <= LV_FS_REMOTE_MAX || count > CACHE_NODES)
		usage_error(&usage, "cache wants %d to %d nodes",
			    LV_FS_REMOTE_MAX + 1, CACHE_NODES);
	check_init("rfiletest");
	if (len < 0 || len == (long)sizeof(want))
		why = check_why("%s: unread, or over %u bytes", path,
				(unsigned)sizeof(want) - 1);
	if (lv_proc_find(getpid(), &me) == 0)
		handles0 = me.handles;
	for (i = 0; i < count; i++) {
		snprintf(name[i], sizeof(name[i]), "%s:%s", nodes[i], path);
		fd[i] = open(name[i], O_RDONLY);
		if (lv_proc_find(getpid(), &me) == 0 &&
		    me.handles - handles0 > most)
			most = me.handles - handles0;
	}
	for (i = 0; i < count; i++) {
		long n = fd[i] < 0 ? -1 : (long)read(fd[i], got, sizeof(got));
		if (!why && (n != len || memcmp(got, want, (size_t)len)))
			why = check_why("%s: fd %d, read %ld of %ld bytes (%s)",
					name[i], fd[i], n, len,
					fs_path_strerror(name[i], errno));
		if (fd[i] >= 0)
			close(fd[i]);
	}
	if (!why && most > LV_FS_REMOTE_MAX)
		why = check_why("%d more handles for %d nodes, at most %d",
				most, count, LV_FS_REMOTE_MAX);
	check_report("cache_bounded", !why, why);
	return check_summary();
}

/* A local name with ':' is reached by its absolute path. */
static const char *local_colon(void)
{
	static const char dir[] = "/tmp/rf:", path[] = "/tmp/rf:/x";
	char buf[TEXT_MAX];
	long n = -1;
	int rc = lv_fs_mkdir(dir);

	if (rc < 0)
		return check_why("mkdir %s: %s", dir, lv_strerror(rc));
	if (put(path) == 0)
		n = slurp(path, buf, sizeof(buf));
	unlink(path);
	lv_fs_unlink(dir);
	if (n != (long)text_len || memcmp(buf, text, text_len))
		return check_why("%s read back %ld bytes", path, n);
	return NULL;
}

static const char *long_node(void)
{
	char path[LV_FS_NODE_MAX + sizeof(":/etc/motd")];

	memset(path, 'n', LV_FS_NODE_MAX);
	strcpy(path + LV_FS_NODE_MAX, ":/etc/motd");
	if (open(path, O_RDONLY) >= 0 || errno != ENAMETOOLONG)
		return check_why("errno %d, want ENAMETOOLONG", errno);
	return NULL;
}

/* A process that pinned its file server (lv_fs_pin: init, lkmd) asks no
 * other node's. Last: the pin stays. */
static const char *pinned_local_only(void)
{
	lv_ns_entry_t e;
	lv_fs_stat_t st;
	int h = lv_ns_lookup(LV_FS_NAME, &e), rc;

	if (h < 0)
		return check_why("lookup fs: %s", lv_strerror(h));
	lv_handle_close(h);
	if ((rc = lv_fs_pin(e.owner)) < 0)
		return check_why("lv_fs_pin: %s", lv_strerror(rc));
	if ((rc = lv_fs_stat(remote, &st)) != -ERR_ACCES)
		return check_why("remote stat: %s", lv_strerror(rc));
	if ((rc = lv_fs_stat("/etc/motd", &st)) < 0)
		return check_why("local stat: %s", lv_strerror(rc));
	return NULL;
}

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	if (argc >= 4 && strcmp(argv[1], "put") == 0) {
		join(argc - 3, argv + 3);
		return put(argv[2]);
	}
	if (argc >= 4 && strcmp(argv[1], "cache") == 0)
		return cache(argv[2], argc - 3, argv + 3);
	if (argc < 5 || strcmp(argv[1], "remote") != 0)
		usage_error(&usage, "put PATH WORD..., remote NODE FILE "
				    "WORD... or cache FILE NODE...");
	if (strlen(argv[2]) >= sizeof(node) || argv[3][0] != '/' ||
	    strlen(argv[3]) >= sizeof(file))
		usage_error(&usage,
			    "NODE (at most %d bytes) and an absolute "
			    "FILE",
			    LV_FS_NODE_MAX - 1);
	strcpy(node, argv[2]);
	strcpy(file, argv[3]);
	snprintf(remote, sizeof(remote), "%s:%s", node, file);
	join(argc - 4, argv + 4);
	check_init("rfiletest");
	check_run("read_whole", read_whole);
	check_run("read_at_offset", read_at_offset);
	check_run("stats", stats);
	check_run("both_servers", both_servers);
	check_run("listed", listed);
	check_run("refused", refused);
	check_run("ids_per_server", ids_per_server);
	check_run("local_colon", local_colon);
	check_run("long_node", long_node);
	check_run("pinned_local_only", pinned_local_only);
	return check_summary();
}
