/* The console back end of newlib's calls (fds 0-2): the console server over
 * IPC (lavender/console.h), or the kernel's console calls when there is no
 * console server (none registered, no name server, or it died). Reads are
 * canonical unless the program asked for raw ones (console_mode.h). */
#include <string.h>
#include <lavender/console.h>
#include <lavender/syscall.h>
#include "console_mode.h"
#include "glue.h"
#include "pure_linedisc.h"

#define BUSY_TICKS 100

static int raw_mode;
static ld_t ld;
static int ld_ready;	       /* ld was initialised */
static char line[LD_LINE_MAX]; /* a whole line not yet handed out */
static uint32_t line_len, line_at;

void console_set_raw(int raw) { raw_mode = raw; }

/* -ERR_NOENT: no server known; the others: the one known just went away. */
static int use_kernel(int rc)
{
	return rc == -ERR_NOENT || rc == -ERR_DEADPORT || rc == -ERR_STALE ||
	       rc == -ERR_BADF;
}

static int kernel_write(const char *p, size_t len)
{
	size_t done = 0;
	while (done < len) {
		int rc = lv_console_write(p + done, len - done);
		if (rc < 0)
			return done ? (int)done : rc;
		if (rc == 0)
			break;
		done += (size_t)rc;
	}
	return (int)done;
}

int console_fd_write(int fd, const void *buf, size_t len)
{
	if (fd == 0)
		return -ERR_BADF;
	if (len == 0)
		return 0;
	int rc = lv_con_write(buf, len);
	return use_kernel(rc) ? kernel_write(buf, len) : rc;
}

/* Reads through the console server, else the kernel. -ERR_BUSY from the
 * kernel: a console server took the line (and the bytes the kernel held);
 * it registers its name right after, so ask again a few ticks long. */
static int raw_read(void *buf, size_t len)
{
	for (int tick = 0;; tick++) {
		int rc = lv_con_read(buf, len);
		if (!use_kernel(rc))
			return rc;
		rc = lv_console_read(buf, len);
		if (rc != -ERR_BUSY || tick == BUSY_TICKS)
			return rc;
		lv_sleep(1);
	}
}

/* Feeds typed bytes to the line discipline until a line ends (1), end of
 * file (0) or an error of the console (< 0); echoes as it goes. A byte at
 * a time: what was typed past the line's end stays with the console for
 * the next reader (the shell, once this program ended). */
static int gather_line(void)
{
	for (;;) {
		uint8_t c;
		char echo[LD_ECHO_MAX];
		uint32_t n = 0;
		int rc = raw_read(&c, 1);
		if (rc <= 0)
			return rc;
		enum ld_result r = ld_input(&ld, c, echo, &n);
		if (n)
			console_fd_write(1, echo, n);
		if (r == LD_EOF)
			return 0;
		if (r == LD_LINE) {
			memcpy(line, ld.line, ld.len);
			line_len = ld.len;
			line_at = 0;
			ld_next_line(&ld);
			return 1;
		}
	}
}

int console_fd_read(int fd, void *buf, size_t len)
{
	if (fd != 0)
		return -ERR_BADF;
	if (len == 0)
		return 0;
	if (raw_mode)
		return raw_read(buf, len);
	if (!ld_ready) {
		ld_init(&ld);
		ld_ready = 1;
	}
	if (line_at == line_len) {
		int rc = gather_line();
		if (rc <= 0)
			return rc;
	}
	uint32_t n = line_len - line_at;
	if (n > len)
		n = (uint32_t)len;
	memcpy(buf, line + line_at, n);
	line_at += n;
	return (int)n;
}
