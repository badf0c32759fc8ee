/* The system-call layer newlib expects (write, sbrk, fstat, ...) built on the
 * Lavender calls: descriptors 0-2 are the console, the others files of the
 * file server or sockets (glue.h). Errors become newlib errno values
 * (errno_of). */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "glue.h"

/* newlib's reentrant wrappers (_write_r, ...) copy this global into the
 * caller's reent errno; direct callers read the reent one: set both. */
#undef errno
extern int errno;

#define PAGE_SIZE 4096u
#define USER_TOP 0xB0000000u
#define HEAP_MAX (512u << 20) /* the heap region reserved after the image */

static int errno_of(int rc)
{
	switch (-rc) {
	case ERR_PERM: return EPERM;
	case ERR_NOENT: return ENOENT;
	case ERR_SRCH: return ESRCH;
	case ERR_INTR: return EINTR;
	case ERR_IO: return EIO;
	case ERR_2BIG: return E2BIG;
	case ERR_NOEXEC: return ENOEXEC;
	case ERR_BADF: return EBADF;
	case ERR_AGAIN: return EAGAIN;
	case ERR_NOMEM: return ENOMEM;
	case ERR_ACCES: return EACCES;
	case ERR_FAULT: return EFAULT;
	case ERR_BUSY: return EBUSY;
	case ERR_EXIST: return EEXIST;
	case ERR_NODEV: return ENODEV;
	case ERR_NOTDIR: return ENOTDIR;
	case ERR_ISDIR: return EISDIR;
	case ERR_INVAL: return EINVAL;
	case ERR_MFILE: return EMFILE;
	case ERR_NOSPC: return ENOSPC;
	case ERR_ROFS: return EROFS;
	case ERR_RANGE: return ERANGE;
	case ERR_NAMETOOLONG: return ENAMETOOLONG;
	case ERR_NOSYS: return ENOSYS;
	case ERR_LOOP: return ELOOP;
	case ERR_NOTSOCK: return ENOTSOCK;
	case ERR_DESTADDRREQ: return EDESTADDRREQ;
	case ERR_MSGSIZE: return EMSGSIZE;
	case ERR_NOPROTOOPT: return ENOPROTOOPT;
	case ERR_PROTONOSUPPORT: return EPROTONOSUPPORT;
	case ERR_OPNOTSUPP: return EOPNOTSUPP;
	case ERR_AFNOSUPPORT: return EAFNOSUPPORT;
	case ERR_ADDRINUSE: return EADDRINUSE;
	case ERR_ADDRNOTAVAIL: return EADDRNOTAVAIL;
	case ERR_NETDOWN: return ENETDOWN;
	case ERR_NETUNREACH: return ENETUNREACH;
	case ERR_ISCONN: return EISCONN;
	case ERR_NOTCONN: return ENOTCONN;
	case ERR_TIMEDOUT: return ETIMEDOUT;
	case ERR_CONNREFUSED: return ECONNREFUSED;
	case ERR_HOSTUNREACH: return EHOSTUNREACH;
	case ERR_DEADPORT: return EPIPE;
	case ERR_STALE: return ESTALE;
	}
	return EIO;
}

/* Sets errno from rc (-ERR_*) and returns -1. */
static int fail(int rc)
{
	errno = errno_of(rc);
	*__errno() = errno;
	return -1;
}

static int is_console(int fd) { return fd >= 0 && fd <= 2; }

static int is_socket(int fd) { return glue_fd_kind(fd) == GLUE_FD_SOCKET; }

/* A result of the back ends (0/count or -ERR_*) as newlib wants it. */
static int ret(int rc) { return rc < 0 ? fail(rc) : rc; }

int glue_ret(int rc) { return ret(rc); }

ssize_t write(int fd, const void *buf, size_t len)
{
	if (is_socket(fd))
		return ret(sock_fd_write(fd, buf, len));
	return ret(is_console(fd) ? console_fd_write(fd, buf, len)
				  : fs_fd_write(fd, buf, len));
}

ssize_t read(int fd, void *buf, size_t len)
{
	if (is_socket(fd))
		return ret(sock_fd_read(fd, buf, len));
	return ret(is_console(fd) ? console_fd_read(fd, buf, len)
				  : fs_fd_read(fd, buf, len));
}

int close(int fd)
{
	if (is_socket(fd))
		return ret(sock_fd_close(fd));
	return is_console(fd) ? 0 : ret(fs_fd_close(fd));
}

int fstat(int fd, struct stat *st)
{
	if (is_socket(fd))
		return ret(sock_fd_fstat(fd, st));
	if (!is_console(fd))
		return ret(fs_fd_fstat(fd, st));
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0620; /* a tty: stdout is line-buffered */
	return 0;
}

/* POSIX isatty(): 1 for the console's fds; 0 with errno ENOTTY for an
 * open file, EBADF for an fd that is not open. */
int isatty(int fd)
{
	struct stat st;

	if (is_console(fd))
		return 1;
	if (fstat(fd, &st) == 0) {
		errno = ENOTTY;
		*__errno() = ENOTTY;
	}
	return 0;
}

off_t lseek(int fd, off_t offset, int whence)
{
	if (!is_console(fd) && !is_socket(fd)) {
		off_t rc = fs_fd_lseek(fd, offset, whence);
		return rc < 0 ? fail((int)rc) : rc;
	}
	errno = ESPIPE;
	*__errno() = ESPIPE;
	return -1;
}

/* Heap: [heap_start, heap_brk) in use, pages mapped up to heap_mapped; the
 * region ends at heap_limit. Pages are mapped when the break passes them and
 * unmapped when it falls back below them. */
extern char _end[];
static uintptr_t heap_start, heap_brk, heap_mapped, heap_limit;

static uintptr_t page_up(uintptr_t a)
{
	return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static void heap_init(void)
{
	heap_start = page_up((uintptr_t)_end);
	heap_brk = heap_mapped = heap_start;
	heap_limit = heap_start + HEAP_MAX;
	if (heap_limit > USER_TOP || heap_limit < heap_start)
		heap_limit = USER_TOP;
}

void *sbrk(ptrdiff_t incr)
{
	uintptr_t old, new, end;

	if (!heap_start)
		heap_init();
	old = heap_brk;
	if (incr > 0 && (uintptr_t)incr > heap_limit - old)
		goto fail_nomem;
	if (incr < 0 && (uintptr_t)0 - (uintptr_t)incr > old - heap_start)
		goto fail_nomem;
	new = old + (uintptr_t)incr;
	end = page_up(new);
	if (end > heap_mapped) {
		if (lv_mem_map((void *)heap_mapped, end - heap_mapped,
			       LV_MAP_WRITE) < 0)
			goto fail_nomem;
		heap_mapped = end;
	} else if (end < heap_mapped) {
		if (lv_mem_unmap((void *)end, heap_mapped - end) == 0)
			heap_mapped = end;
	}
	heap_brk = new;
	return (void *)old;

fail_nomem:
	fail(-ERR_NOMEM);
	return (void *)-1;
}

int kill(pid_t pid, int sig)
{
	lv_proc_info_t info;
	int rc;

	if (sig < 0 || sig >= NSIG)
		return fail(-ERR_INVAL); /* POSIX kill(): EINVAL */
	if (pid <= 0)
		return fail(-ERR_SRCH); /* no process groups: none to signal */
	if (sig == 0)			/* only asks whether pid exists */
		rc = lv_proc_find(pid, &info);
	else
		rc = lv_kill(pid);
	return rc < 0 ? fail(rc) : 0;
}

pid_t getpid(void) { return lv_getpid(); }

int gettimeofday(struct timeval *tv, void *tz)
{
	lv_time_t t;
	int rc;

	(void)tz;
	rc = lv_time(&t);
	if (rc < 0)
		return fail(rc);
	if (t.hz == 0)
		return fail(-ERR_IO);
	if (tv) {
		tv->tv_sec = (time_t)(t.boot_epoch + t.ticks / t.hz);
		tv->tv_usec = (suseconds_t)(t.ticks % t.hz * 1000000u / t.hz);
	}
	return 0;
}

/* In CLOCKS_PER_SEC units: the return value is the time since boot,
 * tms_utime the caller's CPU time (ticks_used); the rest are 0. */
clock_t times(struct tms *buf)
{
	lv_time_t t;
	lv_proc_info_t info;
	int rc;

	rc = lv_time(&t);
	if (rc < 0)
		return (clock_t)fail(rc);
	if (t.hz == 0)
		return (clock_t)fail(-ERR_IO);
	if (buf) {
		memset(buf, 0, sizeof(*buf));
		if (lv_proc_find(lv_getpid(), &info) == 0)
			buf->tms_utime =
			    (clock_t)(info.ticks_used * CLOCKS_PER_SEC / t.hz);
	}
	return (clock_t)(t.ticks * CLOCKS_PER_SEC / t.hz);
}

void _exit(int code) { lv_exit(code); }

/* The status is stored as POSIX wait() does: WEXITSTATUS gives the code. */
pid_t wait(int *status)
{
	int code = 0;
	int rc = lv_wait(-1, &code);

	if (rc < 0)
		return fail(rc);
	if (status)
		*status = (code & 0xff) << 8;
	return rc;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int mode = va_arg(ap, int);
	va_end(ap);
	return ret(fs_fd_open(path, flags, mode));
}

int stat(const char *path, struct stat *st)
{
	return ret(fs_path_stat(path, st));
}

int unlink(const char *path) { return ret(fs_path_unlink(path)); }

int link(const char *old, const char *new)
{
	(void)old;
	(void)new;
	return fail(-ERR_NOSYS);
}

/* Processes are started with lv_spawn, not fork and exec. */
pid_t fork(void) { return fail(-ERR_NOSYS); }

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	return fail(-ERR_NOSYS);
}
