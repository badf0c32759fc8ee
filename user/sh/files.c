/* Built-ins on files of the file server: ls (newlib's stat, then dir.c for
 * a directory) and cat (newlib's open/read). There is no current directory:
 * a relative path starts at the root. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <lavender/syscall.h>
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
	if (path[0] == '/')
		return path;
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
		printf("ls: %s: %s\n", name, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		print_entry(name, 0, (unsigned)st.st_size, NULL);
		return 0;
	}
	rc = dir_list(path, print_entry, NULL);
	if (rc < 0) {
		printf("ls: %s: %s\n", name, lv_strerror(rc));
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
	char buf[512];
	ssize_t n;
	int fd = open(files_path(name, buf, sizeof(buf)), O_RDONLY);
	int status = 0;

	if (fd < 0) {
		printf("cat: %s: %s\n", name, strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	if (n < 0) {
		printf("cat: %s: %s\n", name, strerror(errno));
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
