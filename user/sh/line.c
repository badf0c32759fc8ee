/* Line editing on a raw terminal: the shell echoes what is typed itself.
 * The cursor moves inside the line: Left/Right (ESC [ D / C, or Ctrl-B /
 * Ctrl-F), Home/End (ESC [ H / F, ESC [ 1~ / 4~, ESC O H / F, or Ctrl-A /
 * Ctrl-E); typing inserts at the cursor; Backspace (DEL or BS) erases the
 * character before it, Delete (ESC [ 3~) the one under it, Ctrl-W the word
 * before it, Ctrl-U everything before it. Tab completes the word before the
 * cursor (complete.c): one match whole, several as far as they agree, and a
 * second Tab lists them; the bell when there is nothing to add. Ctrl-C drops
 * the line, Ctrl-D on an empty line ends input, Up/Down (ESC [ A / B) walk
 * the history. A byte that cannot belong to an escape sequence (CR, LF,
 * another control byte) ends it unfinished and counts as typed: Enter after
 * a lone ESC or ESC [ still ends the line. Other sequences and control bytes
 * are ignored. Redrawing uses only BS, spaces and the characters themselves
 * (any serial terminal). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "pure_complete.h"
#include "sh.h"

#define HISTORY_MAX 32
#define CTRL(c) ((c)&0x1f)
#define BS 0x08
#define DEL 0x7f
#define ESC 0x1b
#define NO_BYTE (-2)  /* escape(): nothing to feed back */
#define LIST_WIDTH 78 /* columns of Tab's listing */

/* The last HISTORY_MAX lines, oldest first from (count - HISTORY_MAX). */
static char history[HISTORY_MAX][SH_LINE_MAX];
static unsigned history_count;

typedef struct edit {
	const char *prompt;
	char *buf;
	size_t size, len;
	size_t pos;	 /* the cursor: 0..len */
	unsigned browse; /* history index shown; history_count: the new line */
	char saved[SH_LINE_MAX]; /* the new line while browsing */
	int tab;		 /* the last key was Tab */
	unsigned dropped;	 /* bytes typed past the line's room */
	int interrupted;	 /* Ctrl-C dropped the line */
} edit_t;

static void out(const char *s, size_t len) { write(1, s, len); }

/* Writes n copies of c. */
static void repeat(char c, size_t n)
{
	char b[32];

	memset(b, c, sizeof(b));
	for (size_t k; n; n -= k) {
		k = n < sizeof(b) ? n : sizeof(b);
		out(b, k);
	}
}

/* Shows the line from the cursor on, blanks clear more columns after it,
 * and puts the terminal's cursor back at pos. */
static void redraw_tail(edit_t *e, size_t clear)
{
	out(e->buf + e->pos, e->len - e->pos);
	repeat(' ', clear);
	repeat(BS, e->len - e->pos + clear);
}

static void move_to(edit_t *e, size_t pos)
{
	if (pos < e->pos)
		repeat(BS, e->pos - pos);
	else
		out(e->buf + e->pos, pos - e->pos);
	e->pos = pos;
}

/* Inserts n bytes at the cursor: 0, or -1 when they do not fit. */
static int insert(edit_t *e, const char *s, size_t n)
{
	if (e->len + n >= e->size)
		return -1;
	memmove(e->buf + e->pos + n, e->buf + e->pos, e->len - e->pos);
	memcpy(e->buf + e->pos, s, n);
	e->len += n;
	out(s, n);
	e->pos += n;
	redraw_tail(e, 0);
	return 0;
}

/* Deletes the n characters before the cursor (fewer if there are not). */
static void delete_back(edit_t *e, size_t n)
{
	if (n > e->pos)
		n = e->pos;
	if (!n)
		return;
	e->dropped = 0; /* edited after the bell: what is left counts */
	repeat(BS, n);
	memmove(e->buf + e->pos - n, e->buf + e->pos, e->len - e->pos);
	e->pos -= n;
	e->len -= n;
	redraw_tail(e, n);
}

/* Deletes the character under the cursor. */
static void delete_at(edit_t *e)
{
	if (e->pos == e->len)
		return;
	memmove(e->buf + e->pos, e->buf + e->pos + 1, e->len - e->pos - 1);
	e->len--;
	redraw_tail(e, 1);
}

/* Ctrl-W: the word before the cursor and the blanks after it. */
static void delete_word(edit_t *e)
{
	size_t p = e->pos;

	while (p && e->buf[p - 1] == ' ')
		p--;
	while (p && e->buf[p - 1] != ' ')
		p--;
	delete_back(e, e->pos - p);
}

/* Replaces the line shown with text; the cursor goes to its end. */
static void replace(edit_t *e, const char *text)
{
	size_t n = strlen(text), old = e->len;

	repeat(BS, e->pos);
	if (n >= e->size)
		n = e->size - 1;
	memcpy(e->buf, text, n);
	e->len = e->pos = n;
	out(e->buf, n);
	if (old > n) {
		repeat(' ', old - n);
		repeat(BS, old - n);
	}
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

/* Acts on a sequence's final byte (with its first number, 0 if none). */
static void sequence(edit_t *e, int final, unsigned number)
{
	switch (final) {
	case 'A': browse(e, 1); break;
	case 'B': browse(e, 0); break;
	case 'C': move_to(e, e->pos < e->len ? e->pos + 1 : e->len); break;
	case 'D': move_to(e, e->pos ? e->pos - 1 : 0); break;
	case 'H': move_to(e, 0); break;
	case 'F': move_to(e, e->len); break;
	case '~':
		if (number == 1 || number == 7)
			move_to(e, 0);
		else if (number == 4 || number == 8)
			move_to(e, e->len);
		else if (number == 3)
			delete_at(e);
		break;
	}
}

/* After ESC: reads the rest of the sequence and acts on it. Returns -1 at
 * the end of input, a byte that broke the sequence off (to be taken as
 * typed), or NO_BYTE. */
static int escape(edit_t *e)
{
	unsigned number = 0;
	int c = input_getc();

	if (c < 0)
		return -1;
	if (c != '[' && c != 'O')
		return c < 0x20 || c == DEL ? c : NO_BYTE;
	int csi = c == '[';
	for (;;) {
		c = input_getc();
		if (c < 0)
			return -1;
		if (csi && c >= '0' && c <= '9') {
			if (number < 1000)
				number = number * 10 + (unsigned)(c - '0');
			continue;
		}
		if (csi && c >= 0x20 && c < 0x40)
			continue; /* other parameters, intermediates */
		if (c >= 0x40 && c < 0x7f) {
			sequence(e, c, number);
			return NO_BYTE;
		}
		return c; /* not part of a sequence: CR, LF, ESC, ... */
	}
}

/* Tab's listing on lines of its own, then the prompt and the line again
 * with the cursor where it was. */
static void list(edit_t *e, const complete_t *c)
{
	char row[LIST_WIDTH + 1];
	size_t next = 0, n, pos = e->pos;

	move_to(e, e->len);
	out("\n", 1);
	while (
	    (n = complete_list_line(c, &next, row, sizeof(row), LIST_WIDTH))) {
		out(row, n);
		out("\n", 1);
	}
	if (c->truncated) {
		static const char more[] = "(more: type more of the name)\n";
		out(more, sizeof(more) - 1);
	}
	out(e->prompt, strlen(e->prompt));
	out(e->buf, e->len);
	move_to(e, pos);
}

/* Tab: inserts what the matches agree on; when that is nothing, a second
 * Tab in a row lists them, else the bell rings. */
static void tab(edit_t *e, int again)
{
	char add[SH_LINE_MAX];
	const complete_t *c = complete_tab(e->buf, e->pos);
	size_t n = c ? complete_insertion(c, add, sizeof(add)) : 0;

	if (n && insert(e, add, n) == 0)
		return;
	if (c && c->count > 1 && again && !n)
		list(e, c);
	else
		out("\a", 1);
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

	for (;;) {
		int again = e->tab;
		e->tab = c == '\t';
		if (c == '\n' && after_cr) {
			after_cr = 0;
			return 0;
		}
		after_cr = c == '\r';
		switch (c) {
		case '\r':
		case '\n':
			move_to(e, e->len);
			out("\n", 1);
			return 1;
		case DEL:
		case BS: delete_back(e, 1); return 0;
		case CTRL('U'): delete_back(e, e->pos); return 0;
		case CTRL('W'): delete_word(e); return 0;
		case CTRL('A'): move_to(e, 0); return 0;
		case CTRL('E'): move_to(e, e->len); return 0;
		case CTRL('B'): sequence(e, 'D', 0); return 0;
		case CTRL('F'): sequence(e, 'C', 0); return 0;
		case '\t': tab(e, again); return 0;
		case CTRL('C'):
			move_to(e, e->len);
			out("^C\n", 3);
			e->len = e->pos = e->dropped = 0;
			e->interrupted = 1;
			return 1;
		case CTRL('D'): return e->len ? 0 : -1;
		case ESC:
			c = escape(e);
			if (c == NO_BYTE)
				return 0;
			if (c < 0)
				return -1;
			continue; /* the byte that broke it off */
		}
		if (c >= 0x20 && c < 0x7f) {
			char b = (char)c;
			if (insert(e, &b, 1) < 0 && !e->dropped++)
				out("\a", 1); /* full: the bell, once */
		}
		return 0;
	}
}

int line_read(const char *prompt, char *buf, size_t size)
{
	static edit_t e;
	int rc = 0;

	e.prompt = prompt;
	e.buf = buf;
	e.tab = 0;
	e.size = size < sizeof(e.saved) ? size : sizeof(e.saved);
	e.len = e.pos = 0;
	e.dropped = 0;
	e.interrupted = 0;
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
	if (e.interrupted)
		return LINE_INTERRUPTED;
	if (e.dropped) {
		/* Never run the part of a line that fit. */
		printf("sh: line too long (%u byte%s past the %u a line "
		       "holds); not run\n",
		       e.dropped, e.dropped == 1 ? "" : "s",
		       (unsigned)e.size - 1);
		return LINE_TOO_LONG;
	}
	return (int)e.len;
}
