/* Line editing on a raw terminal: the shell echoes what is typed itself.
 * Backspace (DEL or BS) erases a character, Ctrl-U the line, Ctrl-C drops the
 * line, Ctrl-D on an empty line ends input, the up and down arrows walk the
 * history (ESC [ A / ESC [ B, or ESC O A / B). Other escape sequences and
 * control bytes are ignored. Cursor movement inside the line is not offered. */
#include <string.h>
#include <unistd.h>
#include "sh.h"

#define HISTORY_MAX 32
#define CTRL_C 0x03
#define CTRL_D 0x04
#define CTRL_U 0x15
#define BS 0x08
#define DEL 0x7f
#define ESC 0x1b

/* The last HISTORY_MAX lines, oldest first from (count - HISTORY_MAX). */
static char history[HISTORY_MAX][SH_LINE_MAX];
static unsigned history_count;

typedef struct edit {
	char *buf;
	size_t size, len;
	unsigned browse; /* history index shown; history_count: the new line */
	char saved[SH_LINE_MAX]; /* the new line while browsing */
} edit_t;

static void out(const char *s, size_t len) { write(1, s, len); }

/* Erases the last n characters shown (at most the whole line). */
static void erase(edit_t *e, size_t n)
{
	char bs[3 * 32];

	while (n && e->len) {
		size_t k = 0;
		for (; n && e->len && k < sizeof(bs); n--, e->len--, k += 3)
			memcpy(bs + k, "\b \b", 3);
		out(bs, k);
	}
}

/* Replaces the line shown with text. */
static void replace(edit_t *e, const char *text)
{
	size_t n = strlen(text);

	erase(e, e->len);
	if (n >= e->size)
		n = e->size - 1;
	memcpy(e->buf, text, n);
	e->len = n;
	out(e->buf, n);
}

static void browse(edit_t *e, int older)
{
	unsigned oldest =
	    history_count > HISTORY_MAX ? history_count - HISTORY_MAX : 0;

	if (older && e->browse > oldest) {
		if (e->browse == history_count) {
			memcpy(e->saved, e->buf, e->len);
			e->saved[e->len] = '\0';
		}
		e->browse--;
	} else if (!older && e->browse < history_count) {
		e->browse++;
	} else {
		return;
	}
	replace(e, e->browse == history_count
		       ? e->saved
		       : history[e->browse % HISTORY_MAX]);
}

/* After ESC: reads the rest of the sequence; acts on the up and down arrows.
 * Returns -1 at the end of input. */
static int escape(edit_t *e)
{
	int c = input_getc();

	if (c != '[' && c != 'O')
		return c < 0 ? -1 : 0;
	do /* parameters, then one final byte in 0x40-0x7e */
		c = input_getc();
	while (c >= 0x20 && c < 0x40);
	if (c == 'A' || c == 'B')
		browse(e, c == 'A');
	return c < 0 ? -1 : 0;
}

void line_history_add(const char *line)
{
	if (!line[0])
		return;
	if (history_count &&
	    strcmp(history[(history_count - 1) % HISTORY_MAX], line) == 0)
		return;
	strncpy(history[history_count % HISTORY_MAX], line, SH_LINE_MAX - 1);
	history_count++;
}

/* One byte typed: 1 when the line is complete, -1 at the end of input, else
 * 0. */
static int key(edit_t *e, int c)
{
	static int after_cr; /* a LF right after a CR ends no second line */

	if (c == '\n' && after_cr) {
		after_cr = 0;
		return 0;
	}
	after_cr = c == '\r';
	switch (c) {
	case '\r':
	case '\n': out("\n", 1); return 1;
	case DEL:
	case BS: erase(e, 1); return 0;
	case CTRL_U: erase(e, e->len); return 0;
	case CTRL_C:
		out("^C\n", 3);
		e->len = 0;
		return 1;
	case CTRL_D: return e->len ? 0 : -1;
	case ESC: return escape(e);
	}
	if (c >= 0x20 && c < 0x7f && e->len + 1 < e->size) {
		e->buf[e->len++] = (char)c;
		out(e->buf + e->len - 1, 1);
	}
	return 0;
}

int line_read(const char *prompt, char *buf, size_t size)
{
	static edit_t e;
	int rc = 0;

	e.buf = buf;
	e.size = size < sizeof(e.saved) ? size : sizeof(e.saved);
	e.len = 0;
	e.browse = history_count;
	out(prompt, strlen(prompt));
	while (rc == 0) {
		int c = input_getc();
		rc = c < 0 ? -1 : key(&e, c);
	}
	buf[e.len] = '\0';
	if (rc < 0 && e.len == 0) {
		out("\n", 1);
		return -1;
	}
	return (int)e.len;
}
