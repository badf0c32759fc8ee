/* Proves the newlib build serves freestanding i386 programs: a program using
 * printf, malloc, strtol, qsort and time links with nothing undefined. It is
 * linked, not run: user processes arrive with the Processes issue, whose
 * system-call stubs replace the failing ones below. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>

static int compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	int v[4] = {3, 1, 2, (int)strtol("42", NULL, 10)};
	qsort(v, 4, sizeof(int), compare_ints);
	char *p = malloc(64);
	snprintf(p, 64, "%d %.2f %s", v[0], 3.25, "ok");
	printf("%s %ld\n", p, (long)time(NULL));
	free(p);
	return 0;
}

/* Every system call newlib needs, failing with ENOSYS. */
#define FAIL_ENOSYS                                                            \
	do {                                                                   \
		errno = ENOSYS;                                                \
		return -1;                                                     \
	} while (0)

int write(int fd, const void *buf, size_t n) { FAIL_ENOSYS; }
int read(int fd, void *buf, size_t n) { FAIL_ENOSYS; }
int close(int fd) { FAIL_ENOSYS; }
int fstat(int fd, struct stat *st) { FAIL_ENOSYS; }
int isatty(int fd) { FAIL_ENOSYS; }
off_t lseek(int fd, off_t off, int whence) { FAIL_ENOSYS; }
int kill(int pid, int sig) { FAIL_ENOSYS; }
int getpid(void) { return 1; }
int gettimeofday(struct timeval *tv, void *tz) { FAIL_ENOSYS; }
void *sbrk(ptrdiff_t n)
{
	errno = ENOMEM;
	return (void *)-1;
}
void _exit(int code)
{
	for (;;)
		;
}
void _start(void) { _exit(main()); }
