/* The shell's command-line language (see pure_parse.h): one scanner for
 * whole lines and for lines being typed (completion), and the join of argv
 * into spawn's argument string. */
#include <stdio.h>
#include <string.h>
#include "uapi/errors.h"
#include "pure_parse.h"

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* The scanner's output position in cmd->words. */
typedef struct scan {
	sh_cmd_t *cmd;
	size_t used;
} scan_t;

/* Appends n bytes to the word being made, leaving room for its NUL. */
static int put(scan_t *s, const char *bytes, size_t n)
{
	if (s->used + n + 1 > sizeof(s->cmd->words))
		return -ERR_2BIG;
	memcpy(s->cmd->words + s->used, bytes, n);
	s->used += n;
	return 0;
}

/* 1 if line[i..len) holds only blanks. */
static int only_blanks(const char *line, size_t i, size_t len)
{
	while (i < len && is_blank(line[i]))
		i++;
	return i == len;
}

/* How many bytes starting at line[i] stand for one byte of a word, given
 * the quote open there; *c gets that byte. 0 for an opening or closing
 * quote (which stands for nothing), -1 for a backslash that ends the input
 * (nothing to escape). Not $? (the caller's). */
static int unquote(const char *line, size_t i, size_t len, char *quote, char *c)
{
	char b = line[i];

	if (*quote != '\'' && b == '\\') {
		if (i + 1 == len)
			return -1;
		char n = line[i + 1];
		if (!*quote || n == '"' || n == '\\' || n == '$') {
			*c = n;
			return 2;
		}
	} else if ((b == '\'' || b == '"') && (!*quote || *quote == b)) {
		*quote = *quote ? 0 : b;
		return 0;
	}
	*c = b;
	return 1;
}

int parse_partial(const char *line, size_t len, int status, sh_cmd_t *cmd,
		  parse_tail_t *tail)
{
	scan_t s = {cmd, 0};
	char num[16], quote = 0, c;
	size_t nlen = (size_t)snprintf(num, sizeof(num), "%d", status);
	int in_word = 0;

	cmd->argc = 0;
	cmd->background = 0;
	cmd->error = NULL;
	*tail = (parse_tail_t){0};
	for (size_t i = 0; i < len;) {
		if (!quote &&
		    (is_blank(line[i]) ||
		     (line[i] == '&' && only_blanks(line, i + 1, len)))) {
			if (in_word)
				cmd->words[s.used++] = '\0';
			in_word = 0;
			cmd->background |= line[i++] == '&';
			continue;
		}
		if (!in_word) {
			if (cmd->argc == SH_WORDS_MAX ||
			    s.used == sizeof(cmd->words)) /* no room for NUL */
				goto too_big;
			cmd->argv[cmd->argc++] = cmd->words + s.used;
			tail->word_start = i;
			in_word = 1;
		}
		if (quote != '\'' && line[i] == '$' && i + 1 < len &&
		    line[i + 1] == '?') {
			if (put(&s, num, nlen) < 0)
				goto too_big;
			i += 2;
			continue;
		}
		int n = unquote(line, i, len, &quote, &c);
		if (n < 0) {
			tail->escape = 1;
			break;
		}
		if (n && put(&s, &c, 1) < 0)
			goto too_big;
		i += n ? (size_t)n : 1;
	}
	if (in_word)
		cmd->words[s.used++] = '\0';
	cmd->argv[cmd->argc] = NULL;
	tail->quote = quote;
	tail->in_word = in_word;
	return 0;
too_big:
	cmd->argv[cmd->argc] = NULL;
	cmd->error = "line too long or too many words";
	return -ERR_2BIG;
}

int parse_line(const char *line, int status, sh_cmd_t *cmd)
{
	parse_tail_t tail;
	int rc = parse_partial(line, strlen(line), status, cmd, &tail);

	if (rc < 0)
		return rc;
	if (tail.quote)
		cmd->error =
		    tail.quote == '"'
			? "unterminated quote: close the \" (type \\\" "
			  "for the character)"
			: "unterminated quote: close the ' (type \\' "
			  "for the character)";
	else if (tail.escape)
		cmd->error =
		    "a \\ ends the line and escapes nothing (type \\\\ "
		    "for the character)";
	return cmd->error ? -ERR_INVAL : 0;
}

int parse_join(char *const *argv, char *args, size_t size)
{
	size_t len = 0;

	for (int i = 0; argv[i]; i++) {
		const char *w = argv[i];
		size_t need = (i ? 1 : 0) + (*w ? 0 : 2) + 1; /* NUL */
		if (len + need > size)
			return -ERR_2BIG;
		if (i)
			args[len++] = ' ';
		if (!*w) {
			args[len++] = '\'';
			args[len++] = '\'';
		}
		for (; *w; w++) {
			int esc = *w == ' ' || *w == '\'' || *w == '\\';
			if (len + (size_t)esc + 2 > size)
				return -ERR_2BIG;
			if (esc)
				args[len++] = '\\';
			args[len++] = *w;
		}
		args[len] = '\0';
	}
	if (!size)
		return -ERR_2BIG;
	args[len] = '\0';
	return 0;
}
