/* Canonical input mode (see pure_linedisc.h). */
#include <string.h>
#include "pure_linedisc.h"

#define CH_BS 0x08
#define CH_DEL 0x7F
#define CH_EOF 0x04  /* Ctrl-D */
#define CH_KILL 0x15 /* Ctrl-U */
#define CH_BELL 0x07

void ld_init(ld_t *ld)
{
	ld->len = 0;
	ld->after_cr = 0;
}

void ld_next_line(ld_t *ld) { ld->len = 0; }

static void erase(ld_t *ld, char *echo, uint32_t *n)
{
	if (ld->len == 0)
		return;
	ld->len--;
	memcpy(echo + *n, "\b \b", 3);
	*n += 3;
}

enum ld_result ld_input(ld_t *ld, uint8_t c, char *echo, uint32_t *echo_len)
{
	uint32_t n = 0;
	enum ld_result r = LD_MORE;
	int after_cr = ld->after_cr;

	ld->after_cr = c == '\r';
	if (c == '\n' && after_cr) {
		/* CR LF from a terminal that sends both: one line end */
	} else if (c == '\r' || c == '\n') {
		ld->line[ld->len++] = '\n'; /* room kept for it below */
		echo[n++] = '\n';
		r = LD_LINE;
	} else if (c == CH_EOF) {
		r = ld->len ? LD_LINE : LD_EOF;
	} else if (c == CH_DEL || c == CH_BS) {
		erase(ld, echo, &n);
	} else if (c == CH_KILL) {
		ld->len = 0; /* ECHOK: the line shown as killed, a new one */
		memcpy(echo, "^U\n", 3);
		n = 3;
	} else if (c == '\t' || (c >= 0x20 && c != CH_DEL)) {
		if (ld->len < LD_LINE_MAX - 1) { /* the last byte: '\n' */
			ld->line[ld->len++] = (char)c;
			echo[n++] = (char)c;
		} else {
			echo[n++] = CH_BELL;
		}
	}
	*echo_len = n;
	return r;
}
