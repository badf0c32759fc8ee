/* The shell's command-line language, pure (host-tested): words, quoting,
 * $? and a final &; and the argument string spawn takes (argv joined and
 * quoted the way the kernel splits it: kernel/lib/args.h). No variables
 * other than $?, no pipes, redirections or globbing. */
#ifndef LAVENDER_SH_PURE_PARSE_H
#define LAVENDER_SH_PURE_PARSE_H
#include <stddef.h>

#define SH_LINE_MAX 256 /* bytes of a command line, NUL included */
#define SH_WORDS_MAX 32 /* words of a command */

typedef struct sh_cmd {
	int argc;
	char *argv[SH_WORDS_MAX + 1]; /* NULL-terminated; point into words */
	int background;		      /* the line ended with & */
	const char *error;	      /* why parse_line refused it (a phrase) */
	char words[2 * SH_LINE_MAX];  /* the words, unquoted and expanded */
} sh_cmd_t;

/* The language of a line:
 * - blanks (space, tab) outside quotes separate words;
 * - '...' takes every byte up to the next ' as it is;
 * - "..." too, except that \" \\ \$ stand for " \ $ and $? is expanded;
 * - outside quotes a backslash takes the next byte as it is;
 * - $? (outside '...') becomes status;
 * - an & outside quotes with only blanks after it runs the command in the
 *   background (and ends the word it is stuck to).
 * Quotes may sit inside a word (a'b c'd is one word); '' is an empty word.
 * 0, or -ERR_2BIG (too many words, or too long once expanded), -ERR_INVAL
 * (a quote left open, a backslash at the end), with cmd->error set. */
int parse_line(const char *line, int status, sh_cmd_t *cmd);

/* What parse_partial found open at the end of its input. */
typedef struct parse_tail {
	char quote;  /* '\'' or '"' when a quote is open, else 0 */
	int escape;  /* the input ends with a backslash escaping nothing */
	int in_word; /* it ends inside a word: cmd->argv[argc - 1] */
	size_t word_start; /* where that word starts in the input */
} parse_tail_t;

/* Parses line[0..len) (a line being typed, up to the cursor, say) like
 * parse_line, but an open quote or a final backslash is no error: tail
 * says where the input stopped. 0 or -ERR_2BIG. */
int parse_partial(const char *line, size_t len, int status, sh_cmd_t *cmd,
		  parse_tail_t *tail);

/* Joins argv into the argument string spawn takes: words separated by one
 * space, an empty word as '', a space, ' or \ in a word escaped with a
 * backslash, so that the kernel's split gives argv back. 0, or -ERR_2BIG
 * when it does not fit in size bytes. */
int parse_join(char *const *argv, char *args, size_t size);

#endif
