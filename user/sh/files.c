/* Built-ins on files of the file server: ls (newlib's stat, then dir.c for
 * a directory) and cat (newlib's open/read). There is no current directory:
 * a relative path starts at the root. "NODE:/path" is NODE's file
 * (lavender/fs.h "Other nodes"): newlib and libipc take it as it is, and
 * errors say what a remote one means (fspath.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <lavender/fs.h>
#include <lavender/syscall.h>
#include "../lib/fspath.h"
#include "sh.h"

/* One entry: its size (or "dir") and name, a directory's with a '/'. */
static void print_entry(const char *name, int is_dir, unsigned size, void *ctx)
{
	(void)ctx;
	if (is_dir)
		printf("     dir  %s/\n", name);
	else
		printf("%8u  %s\n", size, name);
}

const char *files_path(const char *path, char *buf, size_t size)
{
	char node[LV_FS_NODE_MAX];
	const char *rest;

	if (path[0] == '/' || lv_fs_path_split(path, node, &rest) != 0)
		return path; /* absolute, or another node's (or a bad node) */
	snprintf(buf, size, "/%s", path);
	return buf;
}

static int ls_one(const char *name)
{
	char buf[SH_LINE_MAX + 1];
	const char *path = files_path(name, buf, sizeof(buf));
	struct stat st;
	int rc;

	if (stat(path, &st) < 0) {
		printf("ls: %s: %s\n", name, fs_path_strerror(name, errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		print_entry(name, 0, (unsigned)st.st_size, NULL);
		return 0;
	}
	rc = dir_list(path, print_entry, NULL);
	if (rc < 0) {
		printf("ls: %s: %s\n", name,
		       path[0] == '/' ? lv_strerror(rc)
				      : lv_fs_remote_strerror(rc));
		return 1;
	}
	return 0;
}

int builtin_ls(int argc, char **argv)
{
	int status = 0;

	if (argc < 2)
		return ls_one("/");
	for (int i = 1; i < argc; i++) {
		if (argc > 2)
			printf("%s:\n", argv[i]);
		status |= ls_one(argv[i]);
	}
	return status;
}

static int cat_one(const char *name)
{
	char path[SH_LINE_MAX + 1], buf[512];
	ssize_t n;
	int fd = open(files_path(name, path, sizeof(path)), O_RDONLY);
	int status = 0;

	if (fd < 0) {
		printf("cat: %s: %s\n", name, fs_path_strerror(name, errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	if (n < 0) {
		printf("cat: %s: %s\n", name, fs_path_strerror(name, errno));
		status = 1;
	}
	close(fd);
	return status;
}

int builtin_cat(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		printf("usage: cat FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		status |= cat_one(argv[i]);
	return status;
}
