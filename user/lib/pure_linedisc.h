/* A terminal's canonical input mode for programs that read stdin (POSIX.1
 * "Canonical Mode Input Processing", with ICRNL, ECHO and ECHOE on): typed
 * bytes are gathered into a line, shown as they come, and handed to read()
 * only once the line ends. The shell edits its own lines and reads raw.
 *
 *   CR or LF      ends the line; a '\n' ends what read() returns
 *                 (Enter sends CR on a terminal, LF from a pipe; an LF
 *                 right after a CR is that CR's)
 *   DEL or BS     erases the last byte of the line (echo "\b \b")
 *   Ctrl-U        erases the whole line (echo "^U" and a new line)
 *   Ctrl-D        ends the line without a '\n'; on an empty line it is
 *                 end of file (read() returns 0)
 *   other control bytes are dropped (an arrow key's escape sequence leaves
 *   its printable tail); past LD_LINE_MAX - 1 bytes the rest of the line is
 *   dropped and the echo rings the bell. */
#ifndef LAVENDER_USER_PURE_LINEDISC_H
#define LAVENDER_USER_PURE_LINEDISC_H

#include <stdint.h>

#define LD_LINE_MAX 256 /* bytes a line holds, its '\n' included */
#define LD_ECHO_MAX 4	/* bytes one input byte may echo */

typedef struct ld {
	char line[LD_LINE_MAX];
	uint32_t len; /* bytes gathered */
	int after_cr; /* the last byte was a CR */
} ld_t;

enum ld_result {
	LD_MORE = 0, /* the line goes on */
	LD_LINE = 1, /* line[0..len) is complete (ends in '\n', or Ctrl-D's) */
	LD_EOF = 2,  /* Ctrl-D on an empty line */
};

void ld_init(ld_t *ld);
/* Takes one typed byte c; what the terminal shows for it goes to echo
 * (*echo_len bytes, at most LD_ECHO_MAX). After LD_LINE the caller takes
 * line[0..len) and calls ld_next_line before the next byte. */
enum ld_result ld_input(ld_t *ld, uint8_t c, char *echo, uint32_t *echo_len);
void ld_next_line(ld_t *ld);

#endif
