/* Command lines into words: blanks separate words, "$?" anywhere in a word
 * becomes the last exit status, a final "&" asks for the background. No
 * quotes, no other variables, no pipes or redirections. */
#include <stdio.h>
#include <string.h>
#include <lavender/syscall.h>
#include "sh.h"

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Appends the word starting at *line (up to a blank) to the words area,
 * expanding $?; advances *line. */
static int copy_word(const char **line, const char *status, sh_cmd_t *cmd,
		     size_t *used)
{
	const char *p = *line;
	size_t n = *used, slen = strlen(status);

	while (*p && !is_blank(*p)) {
		int expand = p[0] == '$' && p[1] == '?';
		size_t len = expand ? slen : 1;
		if (n + len + 1 > sizeof(cmd->words))
			return -ERR_2BIG;
		memcpy(cmd->words + n, expand ? status : p, len);
		n += len;
		p += expand ? 2 : 1;
	}
	cmd->words[n++] = '\0';
	*used = n;
	*line = p;
	return 0;
}

/* A last word "&" goes; "word&" loses the &. */
static void take_background(sh_cmd_t *cmd)
{
	char *last;
	size_t len;

	if (cmd->argc == 0)
		return;
	last = cmd->argv[cmd->argc - 1];
	len = strlen(last);
	if (last[len - 1] != '&')
		return;
	cmd->background = 1;
	if (len == 1)
		cmd->argv[--cmd->argc] = NULL;
	else
		last[len - 1] = '\0';
}

int parse_line(const char *line, int status, sh_cmd_t *cmd)
{
	char num[16];
	size_t used = 0;

	snprintf(num, sizeof(num), "%d", status);
	cmd->argc = 0;
	cmd->background = 0;
	for (;;) {
		while (is_blank(*line))
			line++;
		if (!*line)
			break;
		if (cmd->argc == SH_WORDS_MAX)
			return -ERR_2BIG;
		cmd->argv[cmd->argc++] = cmd->words + used;
		if (copy_word(&line, num, cmd, &used) < 0)
			return -ERR_2BIG;
	}
	cmd->argv[cmd->argc] = NULL;
	take_background(cmd);
	return 0;
}
