/* Tab completion, pure (host-tested): which word the cursor ends, what to
 * list for it (commands, or one directory's entries), the matches gathered
 * from the names the caller lists, the text to insert and the listing. The
 * listing of names (file server, built-ins) is complete.c's. */
#ifndef LAVENDER_SH_PURE_COMPLETE_H
#define LAVENDER_SH_PURE_COMPLETE_H
#include <stddef.h>
#include "pure_parse.h"

#define COMPLETE_NAMES_MAX 2048 /* bytes of matches kept for the listing */

typedef struct complete {
	/* What to complete, from complete_start. */
	int commands;		  /* the first word without '/': commands */
	char quote;		  /* the quote open at the cursor, or 0 */
	char dir[SH_LINE_MAX];	  /* else: the directory to list ("/etc") */
	char prefix[SH_LINE_MAX]; /* the part of a name typed (unquoted) */
	size_t prefix_len;
	/* The matches, from complete_add. */
	unsigned count;		 /* different names that match */
	size_t common;		 /* length of their longest common prefix */
	char first[SH_LINE_MAX]; /* the first match (the only one: count 1) */
	int first_is_dir;
	char names[COMPLETE_NAMES_MAX]; /* sorted, NUL-ended, dirs with '/' */
	size_t names_used;
	int truncated; /* some matches did not fit in names */
} complete_t;

/* Finds the word that ends at pos in line (the cursor) and what completes
 * it. 0, or -ERR_INVAL when there is nothing to complete there (a
 * backslash escaping nothing, a word too long), -ERR_2BIG (parse_line's). */
int complete_start(complete_t *c, const char *line, size_t pos);

/* Offers a name (of a directory when is_dir): counted when it starts with
 * the prefix; the same name twice counts once. */
void complete_add(complete_t *c, const char *name, int is_dir);

/* The text to insert at the cursor into out (size bytes, NUL-ended): the
 * matches' common part beyond the prefix, quoted for where the cursor is;
 * for a single match also a '/' (directory) or the quote's close and a
 * space. Returns its length: 0 when there is nothing to add or it does not
 * fit. */
size_t complete_insertion(const complete_t *c, char *out, size_t size);

/* The next line of the listing into out (size bytes): the names from
 * *next on, two spaces apart, as many as fit in width columns (one at
 * least; truncated to size). Returns its length, 0 when none are left. */
size_t complete_list_line(const complete_t *c, size_t *next, char *out,
			  size_t size, size_t width);

#endif
