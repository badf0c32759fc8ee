/* Running programs: the image comes from the file server (/bin/NAME, read into
 * memory and started with spawn_ex) or, when no such file exists, from the
 * boot module NAME. The foreground program is waited for (Ctrl-C ends it,
 * see input.c); background ones are kept in a table and reaped before each
 * prompt. Not the built-ins (builtins.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <lavender/fs.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "../lib/fspath.h"
#include "sh.h"

#define JOBS_MAX 16
#define ARGS_MAX 512	    /* the kernel's limit for an argument string */
#define IMAGE_MAX (8 << 20) /* the kernel's limit for spawn_ex */
#define BIN_DIR "/bin/"

/* A background program; pid 0 marks a free slot. */
typedef struct job {
	int pid;
	char name[LV_NAME_MAX];
} job_t;

static job_t jobs[JOBS_MAX];

/* Reads the whole file path into a buffer the caller frees. 0 or -ERR_*:
 * the error of open, fstat or read (fs_errno_err: -ERR_NOENT only for no
 * such file; a remote path's own errors, lavender/fs.h), -ERR_ISDIR,
 * -ERR_2BIG, -ERR_NOEXEC, -ERR_NOMEM. */
static int read_file(const char *path, void **image, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t size, n = 0;
	ssize_t got = 0;
	int fd = open(path, O_RDONLY), rc = 0;

	if (fd < 0)
		return fs_errno_err(errno);
	if (fstat(fd, &st) < 0) {
		rc = fs_errno_err(errno);
		goto out_close;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > IMAGE_MAX) {
		rc = S_ISDIR(st.st_mode)		 ? -ERR_ISDIR
		     : S_ISREG(st.st_mode) && st.st_size ? -ERR_2BIG
							 : -ERR_NOEXEC;
		goto out_close;
	}
	size = (size_t)st.st_size;
	buf = malloc(size);
	if (!buf) {
		rc = -ERR_NOMEM;
		goto out_close;
	}
	while (n < size && (got = read(fd, buf + n, size - n)) > 0)
		n += (size_t)got;
	if (got < 0) {
		rc = fs_errno_err(errno);
		goto out_close;
	}
	*image = buf;
	*len = n;
	buf = NULL;
out_close:
	free(buf);
	close(fd);
	return rc;
}

/* The last part of a path. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Starts name with the argument string args; the pid or -ERR_*. A name with
 * a '/' is a path of the file server only (a relative one starts at /;
 * "NODE:/path" is read from NODE's file server and runs here). A plain
 * name is /bin/NAME when the file server opens it, else the boot module
 * NAME (whatever open's error: without a file server, boot modules must
 * still run). */
static int start(const char *name, const char *args)
{
	char path[SH_LINE_MAX + sizeof(BIN_DIR)];
	const char *file = path;
	void *image = NULL;
	size_t len = 0;
	int rc, is_path = strchr(name, '/') != NULL;

	if (is_path)
		file = files_path(name, path, sizeof(path));
	else
		snprintf(path, sizeof(path), BIN_DIR "%s", name);
	rc = read_file(file, &image, &len);
	if (rc < 0 && !is_path)
		return lv_spawn(name, args, LV_SPAWN_DEFAULT, 0, 0);
	if (rc < 0)
		return rc;
	lv_spawn_t req = {.name = base_name(name),
			  .elf = image,
			  .elf_len = (uint32_t)len,
			  .args = args,
			  .flags = LV_SPAWN_DEFAULT};
	rc = lv_spawn_ex(&req);
	free(image);
	return rc;
}

static int add_job(int pid, const char *name)
{
	for (int i = 0; i < JOBS_MAX; i++) {
		if (jobs[i].pid)
			continue;
		jobs[i].pid = pid;
		strncpy(jobs[i].name, base_name(name), LV_NAME_MAX - 1);
		jobs[i].name[LV_NAME_MAX - 1] = '\0';
		return 0;
	}
	return -ERR_NOSPC;
}

static int free_jobs(void)
{
	int n = 0;
	for (int i = 0; i < JOBS_MAX; i++)
		n += jobs[i].pid == 0;
	return n;
}

/* Waits for pid, started with SH_FG_STARTING set; returns its status. */
static int wait_foreground(int pid)
{
	int status = 0, rc;

	input_set_foreground(pid);
	rc = lv_wait(pid, &status);
	input_set_foreground(0);
	if (rc < 0) {
		printf("sh: wait for %d: %s\n", pid, lv_strerror(rc));
		return 1;
	}
	/* Ended by Ctrl-C: 130 (128 + SIGINT), as a Unix shell says. */
	return input_interrupted(pid) ? SH_STATUS_INTERRUPTED : status;
}

int exec_run(const sh_cmd_t *cmd)
{
	const char *name = cmd->argv[0];
	char args[ARGS_MAX], node[LV_FS_NODE_MAX];
	const char *rest;
	int pid, remote = lv_fs_path_split(name, node, &rest) != 0;

	if (parse_join(cmd->argv, args, sizeof(args)) < 0) {
		printf("sh: %s: argument list too long\n", name);
		return SH_CANNOT_RUN;
	}
	if (cmd->background && !free_jobs()) {
		printf("sh: too many background jobs (%d; jobs lists them)\n",
		       JOBS_MAX);
		return SH_CANNOT_RUN;
	}
	if (!cmd->background)
		input_set_foreground(SH_FG_STARTING);
	pid = start(name, args);
	if (pid < 0)
		input_set_foreground(0);
	if (pid == -ERR_NOENT && !remote) {
		printf("sh: %s: not found\n", name);
		return SH_NOT_FOUND;
	}
	if (pid < 0) {
		/* Another node's path: its errors as a remote file's (no such
		 * node, no answer, no such file there). */
		printf("sh: %s: %s\n", name,
		       remote ? lv_fs_remote_strerror(pid) : lv_strerror(pid));
		return pid == -ERR_NOENT ? SH_NOT_FOUND : SH_CANNOT_RUN;
	}
	if (!cmd->background)
		return wait_foreground(pid);
	add_job(pid, name);
	printf("[%d]\n", pid);
	return 0;
}

void exec_reap(void)
{
	lv_proc_info_t info;
	int status;

	for (int i = 0; i < JOBS_MAX; i++) {
		job_t *j = &jobs[i];
		if (!j->pid)
			continue;
		if (lv_proc_find(j->pid, &info) == 0 &&
		    info.state != LV_PROC_ZOMBIE)
			continue;
		status = 0;
		if (lv_wait(j->pid, &status) == j->pid)
			printf("[%d] done %d\n", j->pid, status);
		j->pid = 0;
	}
}

void exec_list_jobs(void)
{
	for (int i = 0; i < JOBS_MAX; i++)
		if (jobs[i].pid)
			printf("[%d] %s\n", jobs[i].pid, jobs[i].name);
}
