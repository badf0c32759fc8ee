/* sh: the interactive shell on the console. Shows the node's name as the
 * prompt, reads an edited line, runs a built-in or a program, and loops until
 * exit or the end of input. Not a script interpreter: quoting and $? but
 * no pipes, redirections or variables (pure_parse.h). */
#include <stdio.h>
#include <string.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"
#include "../lib/console_mode.h"
#include "sh.h"

int sh_status;

static const usage_t usage = {
    "sh", "",
    "The interactive shell: shows the node's name as the prompt, runs a\n"
    "built-in or a program (/bin/NAME, or a path such as /test/ipctest) per\n"
    "line, NAME ARGS... [&]; $? is the last status. help lists the built-ins,\n"
    "help NAME or NAME --help tells more, ls /bin lists the programs.\n"
    "docs/commands.md is the reference. Takes no arguments (no scripts).\n"
    "init starts it on the console and again when it exits.",
    NULL};

static void run_line(const char *line)
{
	static sh_cmd_t cmd;
	const builtin_t *b;

	if (parse_line(line, sh_status, &cmd) < 0) {
		printf("sh: %s\n", cmd.error);
		sh_status = 2;
		return;
	}
	if (cmd.argc == 0)
		return;
	b = builtin_find(cmd.argv[0]);
	if (b && cmd.argc == 2 &&
	    (strcmp(cmd.argv[1], "--help") == 0 ||
	     strcmp(cmd.argv[1], "-h") == 0)) {
		builtin_usage(b);
		sh_status = 0;
		return;
	}
	if (b && cmd.background) /* built-ins run in the shell itself */
		printf("sh: %s is a built-in: it runs in the foreground (& "
		       "ignored)\n",
		       cmd.argv[0]);
	sh_status = b ? builtin_run(b, cmd.argc, cmd.argv) : exec_run(&cmd);
}

int main(int argc, char **argv)
{
	char prompt[LV_NAME_MAX + 3], line[SH_LINE_MAX];
	int rc;

	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	rc = lv_node_name(prompt, LV_NAME_MAX);

	setvbuf(stdout, NULL, _IONBF, 0); /* the prompt and echo interleave */
	console_set_raw(1);		  /* it edits and echoes its lines */
	if (rc < 0)
		rc = snprintf(prompt, LV_NAME_MAX, "sh");
	prompt[rc < LV_NAME_MAX ? rc : LV_NAME_MAX - 1] = '\0';
	strcat(prompt, "> ");
	rc = input_start();
	if (rc < 0)
		printf("sh: no Ctrl-C: %s\n", lv_strerror(rc));
	for (;;) {
		exec_reap();
		int n = line_read(prompt, line, sizeof(line));
		if (n == LINE_TOO_LONG || n == LINE_INTERRUPTED) {
			sh_status =
			    n == LINE_TOO_LONG ? 2 : SH_STATUS_INTERRUPTED;
			continue;
		}
		if (n < 0)
			break;
		line_history_add(line);
		run_line(line);
	}
	return sh_status;
}
