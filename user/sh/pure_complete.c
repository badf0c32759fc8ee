/* Tab completion's logic (see pure_complete.h): no I/O; complete.c offers
 * the names and line.c shows the result. */
#include <string.h>
#include "uapi/errors.h"
#include "pure_complete.h"

int complete_start(complete_t *c, const char *line, size_t pos)
{
	sh_cmd_t cmd;
	parse_tail_t t;
	int rc = parse_partial(line, pos, 0, &cmd, &t);

	memset(c, 0, sizeof(*c));
	if (rc < 0)
		return rc;
	if (t.escape)
		return -ERR_INVAL;
	const char *word = t.in_word ? cmd.argv[cmd.argc - 1] : "";
	const char *slash = strrchr(word, '/');
	const char *name = slash ? slash + 1 : word;
	size_t dlen = slash ? (size_t)(slash - word) : 0;

	if (strlen(name) >= sizeof(c->prefix) || dlen + 2 > sizeof(c->dir))
		return -ERR_INVAL;
	c->quote = t.quote;
	c->commands = !slash && cmd.argc == (t.in_word ? 1 : 0);
	strcpy(c->prefix, name);
	c->prefix_len = strlen(name);
	/* No current directory: a relative path starts at the root. */
	if (word[0] == '/' && dlen) {
		memcpy(c->dir, word, dlen);
	} else {
		c->dir[0] = '/';
		memcpy(c->dir + 1, word, dlen);
	}
	return 0;
}

/* Puts the sorted names entry (name, a '/' after a directory's) into
 * c->names unless it is there: 1 if it was new (or did not fit). */
static int keep(complete_t *c, const char *entry)
{
	size_t at, n = strlen(entry) + 1;

	for (at = 0; at < c->names_used; at += strlen(c->names + at) + 1) {
		int cmp = strcmp(c->names + at, entry);
		if (cmp == 0)
			return 0;
		if (cmp > 0)
			break;
	}
	if (c->names_used + n > sizeof(c->names)) {
		c->truncated = 1;
		return 1;
	}
	memmove(c->names + at + n, c->names + at, c->names_used - at);
	memcpy(c->names + at, entry, n);
	c->names_used += n;
	return 1;
}

void complete_add(complete_t *c, const char *name, int is_dir)
{
	char entry[SH_LINE_MAX + 1];
	size_t len = strlen(name), k = 0;

	if (len >= sizeof(c->first) || strncmp(name, c->prefix, c->prefix_len))
		return;
	memcpy(entry, name, len);
	strcpy(entry + len, is_dir ? "/" : "");
	if (!keep(c, entry))
		return;
	if (c->count++ == 0) {
		memcpy(c->first, name, len + 1);
		c->common = len;
		c->first_is_dir = is_dir;
		return;
	}
	while (k < c->common && c->first[k] == name[k])
		k++;
	c->common = k;
}

/* Appends s (len bytes) to out; 0, or -1 when it does not fit. */
static int append(char *out, size_t size, size_t *n, const char *s, size_t len)
{
	if (*n + len + 1 > size)
		return -1;
	memcpy(out + *n, s, len);
	*n += len;
	return 0;
}

/* Appends byte b quoted so that the parser reads b inside quote. */
static int append_quoted(char *out, size_t size, size_t *n, char quote, char b)
{
	char esc[2] = {'\\', b};
	const char *special = !quote	     ? " \t'\"\\&$"
			      : quote == '"' ? "\"\\$"
					     : "";

	if (quote == '\'' && b == '\'')
		return append(out, size, n, "'\\''", 4); /* close, \', reopen */
	if (strchr(special, b))
		return append(out, size, n, esc, 2);
	return append(out, size, n, &b, 1);
}

size_t complete_insertion(const complete_t *c, char *out, size_t size)
{
	size_t n = 0;
	int rc = 0;

	if (!size)
		return 0;
	for (size_t i = c->prefix_len; i < c->common && rc == 0; i++)
		rc = append_quoted(out, size, &n, c->quote, c->first[i]);
	if (c->count == 1 && rc == 0) {
		if (c->first_is_dir)
			rc = append(out, size, &n, "/", 1);
		else if (c->quote)
			rc = append(out, size, &n, (char[]){c->quote, ' '}, 2);
		else
			rc = append(out, size, &n, " ", 1);
	}
	n = rc < 0 ? 0 : n;
	out[n] = '\0';
	return n;
}

size_t complete_list_line(const complete_t *c, size_t *next, char *out,
			  size_t size, size_t width)
{
	size_t n = 0;

	if (!size)
		return 0;
	while (*next < c->names_used) {
		const char *name = c->names + *next;
		size_t len = strlen(name), sep = n ? 2 : 0;
		if (n && n + sep + len > width)
			break;
		if (n + sep + len + 1 > size) {
			if (n)
				break;
			len = size - 1; /* a lone name too long: cut */
		}
		memcpy(out + n, "  ", sep);
		memcpy(out + n + sep, name, len);
		n += sep + len;
		*next += strlen(name) + 1;
	}
	out[n] = '\0';
	return n;
}
