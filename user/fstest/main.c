/* The file server seen by a program: newlib's stdio and POSIX calls on
 * initrd files (/etc/motd, /bin/NAME, /test/fstest) and run-time files in
 * /tmp, directory listings, errors as errno, the sealed boot image, a big
 * file read in chunks, many files, and malformed requests. Needs the name
 * server and the file server running; /test/fstest is compared with the boot
 * module "fstest" when there is one. Leaves nothing behind, so it can run
 * again (by hand too: "/test/fstest"). Prints "fstest NAME: ok|FAIL ..." per
 * check, then "fstest: N passed, M failed"; exits with M. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <lavender/fs.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "../lib/usage.h"

#define FSTEST_PATH "/test/fstest" /* this program in the initrd */

/* The first line of rootfs/etc/motd. */
#define MOTD_FIRST                                                             \
	"Welcome to Lavender/x86, a microkernel after Lavender (Ritsumeikan, " \
	"1998).\n"

/* The whole file at path through stdio into buf (cap bytes): its length,
 * or -1. */
static long slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return (long)n;
}

static int put_file(const char *path, const char *mode, const char *text)
{
	FILE *f = fopen(path, mode);

	if (!f)
		return -1;
	int rc = fputs(text, f);
	return fclose(f) == 0 && rc >= 0 ? 0 : -1;
}

/* errno after a call that must fail with -1. */
static int fails_with(int rc, int err) { return rc == -1 && errno == err; }

static off_t size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* 1 if directory path lists name with type. */
static int dir_has(const char *path, const char *name, uint32_t type)
{
	lv_fs_dir_t d;
	const lv_fs_dirent_t *e;

	if (lv_fs_opendir(&d, path) < 0)
		return 0;
	while ((e = lv_fs_nextdir(&d)))
		if (strcmp(e->name, name) == 0)
			return e->type == type;
	return 0;
}

static void test_archive_files(void)
{
	char line[128], buf[2048];
	struct stat st;
	FILE *f;

	CHECK("server", lv_fs_server() > 0);
	f = fopen("/etc/motd", "r");
	CHECK("motd_fopen", f != NULL);
	CHECK("motd_fgets", f && fgets(line, sizeof(line), f) &&
				strcmp(line, MOTD_FIRST) == 0);
	if (f)
		fclose(f);
	long n = slurp("/etc/motd", buf, sizeof(buf));
	printf("fstest info: /etc/motd %ld bytes\n", n);
	CHECK("motd_stat", stat("/etc/motd", &st) == 0 && S_ISREG(st.st_mode) &&
			       st.st_size == n && n > 0);
	CHECK("stat_dir", stat("/etc", &st) == 0 && S_ISDIR(st.st_mode));
	struct stat a, b, c;
	CHECK("paths", stat("/etc/motd", &a) == 0 &&
			   stat("//etc/./motd", &b) == 0 &&
			   stat("/bin/../etc/motd", &c) == 0 &&
			   a.st_ino == b.st_ino && a.st_ino == c.st_ino);
	CHECK("readdir_etc", dir_has("/etc", "motd", LV_FS_FILE) &&
				 dir_has("/etc", "hosts", LV_FS_FILE));
	/* Programs a user runs in /bin, servers in /sbin, tests in /test. */
	CHECK("readdir_bin", dir_has("/bin", "hello", LV_FS_FILE) &&
				 !dir_has("/bin", "fstest", LV_FS_FILE) &&
				 !dir_has("/bin", "fs", LV_FS_FILE));
	CHECK("readdir_sbin_test", dir_has("/sbin", "fs", LV_FS_FILE) &&
				       dir_has("/test", "fstest", LV_FS_FILE));
	CHECK("readdir_root", dir_has("/", "bin", LV_FS_DIR) &&
				  dir_has("/", "etc", LV_FS_DIR) &&
				  dir_has("/", "tmp", LV_FS_DIR));
}

static void test_errors(void)
{
	struct stat st;
	FILE *f;
	char c;

	errno = 0;
	f = fopen("/etc/nothing", "r");
	CHECK("missing_fopen", f == NULL && errno == ENOENT);
	CHECK("missing_stat", fails_with(stat("/etc/nothing", &st), ENOENT));
	CHECK("missing_parent",
	      fails_with(open("/no/dir/x", O_WRONLY | O_CREAT, 0644), ENOENT));
	CHECK("missing_unlink", fails_with(unlink("/tmp/nothing"), ENOENT));
	CHECK("excl",
	      fails_with(open("/etc/motd", O_WRONLY | O_CREAT | O_EXCL, 0644),
			 EEXIST));
	int fd = open("/etc/motd", O_RDONLY);
	CHECK("readonly_fd", fd >= 3 && fails_with(write(fd, "x", 1), EBADF));
	close(fd);
	fd = open("/tmp/wo", O_WRONLY | O_CREAT, 0644);
	CHECK("writeonly_fd", fd >= 3 && fails_with(read(fd, &c, 1), EBADF));
	close(fd);
	unlink("/tmp/wo");
	CHECK("dir_open_write", fails_with(open("/etc", O_WRONLY), EISDIR));
	fd = open("/etc", O_RDONLY);
	CHECK("dir_read", fd >= 3 && fails_with(read(fd, &c, 1), EISDIR));
	close(fd);
	CHECK("file_as_dir",
	      fails_with(open("/etc/motd/x", O_RDONLY), ENOTDIR) &&
		  fails_with(stat("/etc/motd/x", &st), ENOTDIR));
	fd = open("/etc/motd", O_RDONLY);
	errno = 0;
	CHECK("isatty_file", fd >= 3 && isatty(fd) == 0 && errno == ENOTTY);
	close(fd);
	errno = 0;
	CHECK("isatty_closed", isatty(fd) == 0 && errno == EBADF);
	CHECK("dir_unlink_busy", lv_fs_mkdir("/tmp/busy") == 0 &&
				     put_file("/tmp/busy/f", "w", "x") == 0 &&
				     fails_with(unlink("/tmp/busy"), EBUSY) &&
				     unlink("/tmp/busy/f") == 0 &&
				     unlink("/tmp/busy") == 0);
	CHECK("root_unlink", fails_with(unlink("/"), EPERM));
	CHECK("relative_path", fails_with(open("etc/motd", O_RDONLY), EINVAL));
	CHECK("bad_fd", fails_with(read(40, &c, 1), EBADF) &&
			    fails_with(close(40), EBADF));
}

static void test_runtime_file(void)
{
	char line[64], buf[64];
	FILE *f;

	CHECK("create", put_file("/tmp/a.txt", "w", "line one\n") == 0 &&
			    size_of("/tmp/a.txt") == 9);
	f = fopen("/tmp/a.txt", "r");
	CHECK("read_back", f && fgets(line, sizeof(line), f) &&
			       strcmp(line, "line one\n") == 0 &&
			       !fgets(line, sizeof(line), f));
	if (f)
		fclose(f);
	CHECK("append", put_file("/tmp/a.txt", "a", "line two\n") == 0 &&
			    slurp("/tmp/a.txt", buf, sizeof(buf)) == 18 &&
			    memcmp(buf, "line one\nline two\n", 18) == 0);
	int fd = open("/tmp/a.txt", O_WRONLY | O_APPEND);
	CHECK("append_ignores_seek", fd >= 3 && lseek(fd, 0, SEEK_SET) == 0 &&
					 write(fd, "!", 1) == 1 &&
					 lseek(fd, 0, SEEK_CUR) == 19 &&
					 size_of("/tmp/a.txt") == 19);
	close(fd);
	fd = open("/tmp/a.txt", O_RDWR);
	CHECK("seek_read",
	      fd >= 3 && lseek(fd, 5, SEEK_SET) == 5 && read(fd, buf, 3) == 3 &&
		  memcmp(buf, "one", 3) == 0 && lseek(fd, 0, SEEK_CUR) == 8);
	CHECK("seek_end_write", lseek(fd, -4, SEEK_END) == 15 &&
				    write(fd, "TWO", 3) == 3 &&
				    lseek(fd, 0, SEEK_SET) == 0 &&
				    read(fd, buf, sizeof(buf)) == 19 &&
				    memcmp(buf + 14, "tTWO!", 5) == 0);
	CHECK("seek_bad", fails_with(lseek(fd, -100, SEEK_CUR), EINVAL) &&
			      fails_with(lseek(fd, 0, 7), EINVAL));
	struct stat st;
	CHECK("fstat",
	      fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 19);
	close(fd);
	CHECK("truncate", put_file("/tmp/a.txt", "w", "") == 0 &&
			      size_of("/tmp/a.txt") == 0);
	CHECK("unlink", unlink("/tmp/a.txt") == 0 &&
			    size_of("/tmp/a.txt") == -1 && errno == ENOENT &&
			    fails_with(unlink("/tmp/a.txt"), ENOENT));
	fd = open("/tmp/b", O_RDWR | O_CREAT, 0644);
	CHECK("unlink_open",
	      fd >= 3 && write(fd, "kept", 4) == 4 && unlink("/tmp/b") == 0 &&
		  size_of("/tmp/b") == -1 && lseek(fd, 0, SEEK_SET) == 0 &&
		  read(fd, buf, 8) == 4 && memcmp(buf, "kept", 4) == 0 &&
		  close(fd) == 0);
}

/* The boot image (/etc, /bin as shipped) is read-only to every process:
 * no write, truncation, unlink or new entry; new top-level paths are not. */
static void test_boot_image_read_only(void)
{
	static char before[1024], after[1024];
	long n = slurp("/etc/hosts", before, sizeof(before));

	CHECK("rofs_append", n > 0 && put_file("/etc/hosts", "a", "x\n") < 0 &&
				 errno == EROFS);
	CHECK("rofs_trunc",
	      fails_with(open("/etc/motd", O_WRONLY | O_TRUNC), EROFS));
	CHECK("rofs_write_bin", fails_with(open("/bin/hello", O_RDWR), EROFS));
	CHECK("rofs_unlink", fails_with(unlink("/bin/hello"), EROFS) &&
				 fails_with(unlink("/etc/motd"), EROFS) &&
				 fails_with(unlink("/etc"), EROFS));
	CHECK("rofs_create",
	      fails_with(open("/etc/new", O_WRONLY | O_CREAT, 0644), EROFS) &&
		  fails_with(open("/bin/ne2k", O_WRONLY | O_CREAT, 0755),
			     EROFS) &&
		  lv_fs_mkdir("/bin/sub") == -ERR_ROFS);
	CHECK("rofs_unchanged",
	      slurp("/etc/hosts", after, sizeof(after)) == n &&
		  memcmp(after, before, (size_t)n) == 0);
	CHECK("new_top_level",
	      put_file("/newtop", "w", "ok\n") == 0 && unlink("/newtop") == 0 &&
		  lv_fs_mkdir("/home") == 0 &&
		  put_file("/home/f", "w", "ok\n") == 0 &&
		  unlink("/home/f") == 0 && unlink("/home") == 0);
}

/* /test/fstest read in odd chunks through newlib equals the file read
 * again through lv_fs_read. (Not the boot module "fstest":
 * the initrd holds programs without their debug sections, mkinitrd
 * --strip; host.fs_archive_* check the archive's bytes.) */
static void test_big_archive_file(void)
{
	static char a[1000], b[1000];
	off_t size = size_of(FSTEST_PATH);
	int fd = open(FSTEST_PATH, O_RDONLY), same = fd >= 3, ref = 0;
	unsigned total = 0;

	ref = lv_fs_open(FSTEST_PATH, LV_FS_O_READ, NULL);
	while (same && ref >= 0) {
		int n = read(fd, a, sizeof(a));
		int m = lv_fs_read(ref, total, b, sizeof(b));
		if (n != m || n < 0 || memcmp(a, b, (size_t)n) != 0)
			same = 0;
		if (n <= 0)
			break;
		total += (unsigned)n;
	}
	close(fd);
	if (ref >= 0)
		lv_fs_close(ref);
	printf("fstest info: " FSTEST_PATH " %u bytes (against lv_fs_read)\n",
	       total);
	CHECK("big_archive_chunks",
	      same && ref >= 0 && size > 100000 && total == (unsigned)size);
}

/* 256 KiB written in 3000-byte pieces, read back in 777-byte ones. */
static void test_big_runtime_file(void)
{
	enum { SIZE = 256 * 1024, W = 3000, R = 777 };
	static uint8_t w[W], r[R];
	int fd = open("/tmp/big", O_RDWR | O_CREAT | O_TRUNC, 0644), ok = 1;

	for (unsigned off = 0; ok && off < SIZE; off += W) {
		unsigned n = SIZE - off < W ? SIZE - off : W;
		for (unsigned i = 0; i < n; i++)
			w[i] = (uint8_t)((off + i) * 7 + (off + i) / 251);
		ok = write(fd, w, n) == (int)n;
	}
	CHECK("big_write", ok && size_of("/tmp/big") == SIZE);
	lseek(fd, 0, SEEK_SET);
	unsigned off = 0;
	for (int n; ok && (n = read(fd, r, R)) > 0; off += (unsigned)n)
		for (int i = 0; i < n; i++)
			if (r[i] != (uint8_t)((off + i) * 7 + (off + i) / 251))
				ok = 0;
	CHECK("big_read_chunks", ok && off == SIZE);
	close(fd);
	CHECK("big_unlink", unlink("/tmp/big") == 0);
}

static void test_many_files(void)
{
	enum { N = 100 };
	char path[64], text[32], buf[32];
	int ok = lv_fs_mkdir("/tmp/many") == 0;
	lv_fs_dir_t d;
	const lv_fs_dirent_t *e;
	int count = 0, sorted = 1;
	char last[LV_FS_NAME_MAX] = "";

	for (int i = 0; ok && i < N; i++) {
		snprintf(path, sizeof(path), "/tmp/many/f%03d", i);
		snprintf(text, sizeof(text), "file %d\n", i);
		ok = put_file(path, "w", text) == 0;
	}
	CHECK("many_create", ok);
	CHECK("many_opendir", lv_fs_opendir(&d, "/tmp/many") == 0);
	while ((e = lv_fs_nextdir(&d))) {
		if (strcmp(last, e->name) >= 0)
			sorted = 0;
		memcpy(last, e->name, sizeof(last));
		count++;
	}
	CHECK("many_listed", count == N && sorted && d.error == 0);
	for (int i = 0; ok && i < N; i++) {
		snprintf(path, sizeof(path), "/tmp/many/f%03d", i);
		snprintf(text, sizeof(text), "file %d\n", i);
		long n = slurp(path, buf, sizeof(buf));
		ok = n == (long)strlen(text) &&
		     memcmp(buf, text, (size_t)n) == 0;
	}
	CHECK("many_contents", ok);
	CHECK("many_dir_busy", fails_with(unlink("/tmp/many"), EBUSY));
	for (int i = 0; ok && i < N; i++) {
		snprintf(path, sizeof(path), "/tmp/many/f%03d", i);
		ok = unlink(path) == 0;
	}
	CHECK("many_unlink", ok && lv_fs_opendir(&d, "/tmp/many") == 0 &&
				 lv_fs_nextdir(&d) == NULL && d.error == 0 &&
				 unlink("/tmp/many") == 0);
}

/* Descriptors: the client's table is bounded, and closing gives them back
 * (the server's table of 256 would fill if ids leaked). */
static void test_descriptors(void)
{
	int fds[80], n = 0, first = -1, ok = 1;

	for (int i = 0; i < 300 && ok; i++) {
		int fd = open("/etc/motd", O_RDONLY);
		if (first < 0)
			first = fd;
		ok = fd == first && close(fd) == 0;
	}
	CHECK("fd_reuse", ok && first >= 3);
	while (n < 80 && (fds[n] = open("/etc/motd", O_RDONLY)) >= 0)
		n++;
	CHECK("fd_limit", n >= 32 && n < 80 && errno == EMFILE);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	/* The server's own bound, past the glue: one process holds at most
	 * FS_FILES_PER_CLIENT (64) of its 256 open files. */
	static int ids[100];
	int got = 0, rc = 0;
	while (got < 100 &&
	       (rc = lv_fs_open("/etc/motd", LV_FS_O_READ, NULL)) > 0)
		ids[got++] = rc;
	CHECK("server_file_share", got == 64 && rc == -ERR_MFILE);
	for (int i = 0; i < got; i++)
		lv_fs_close(ids[i]);
	rc = lv_fs_open("/etc/motd", LV_FS_O_READ, NULL);
	CHECK("server_file_share_back", rc > 0 && lv_fs_close(rc) == 0);
}

/* Requests built by hand: the server must check every field. */
static void test_bad_requests(void)
{
	static uint8_t req[LV_MSG_PAYLOAD_MAX];
	int h = lv_fs_server();
	msg_fs_read_t rd = {.id = 12345, .offset = 0, .len = 10};
	msg_fs_write_t wr = {.id = 1, .offset = 0, .len = 100};

	memset(req, 'a', sizeof(req));
	CHECK("bad_path_unterminated",
	      lv_rpc(h, FS_STAT, req, 10, NULL, 0, NULL, 1000) == -ERR_INVAL);
	CHECK("bad_path_too_long", lv_rpc(h, FS_STAT, req, 300, NULL, 0, NULL,
					  1000) == -ERR_NAMETOOLONG);
	CHECK("bad_open_short",
	      lv_rpc(h, FS_OPEN, req, 2, NULL, 0, NULL, 1000) == -ERR_INVAL);
	CHECK("bad_unknown_op", lv_rpc(h, 0x4653FFFFu, req, 4, NULL, 0, NULL,
				       1000) == -ERR_NOSYS);
	CHECK("bad_id", lv_rpc(h, FS_READ, &rd, sizeof(rd), NULL, 0, NULL,
			       1000) == -ERR_BADF);
	memcpy(req, &wr, sizeof(wr));
	CHECK("bad_write_len", lv_rpc(h, FS_WRITE, req, sizeof(wr) + 10, NULL,
				      0, NULL, 1000) == -ERR_INVAL);
	int id = lv_fs_open("/etc/motd", LV_FS_O_READ, NULL);
	CHECK("stale_id", id > 0 && lv_fs_close(id) == 0 &&
			      lv_fs_close(id) == -ERR_BADF &&
			      lv_fs_read(id, 0, req, 4) == -ERR_BADF);
	CHECK("bad_flags", lv_fs_open("/etc/motd", 0, NULL) == -ERR_INVAL &&
			       lv_fs_open("/etc/motd", 0x80 | LV_FS_O_READ,
					  NULL) == -ERR_INVAL);
	CHECK("readdir_file",
	      lv_fs_readdir("/etc/motd", 0, NULL, 1) == -ERR_NOTDIR);
}

static const usage_t usage = {
    "fstest", "",
    "The file server from a program: stdio and POSIX calls on the "
    "initrd's\nfiles and on /tmp, directory listings, errors as errno, the "
    "sealed boot\nimage (/etc, /bin refuse every change), big files, many "
    "files, bad\nrequests. Leaves nothing behind, so it can run again. One "
    "line per\ncheck, then the summary; exits with the failures.",
    "proc.fs, sh.test_programs"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	check_init("fstest");
	test_archive_files();
	test_errors();
	test_runtime_file();
	test_boot_image_read_only();
	test_big_archive_file();
	test_big_runtime_file();
	test_many_files();
	test_descriptors();
	test_bad_requests();
	return check_summary();
}
