/* The shell's parts: input (stdin and Ctrl-C), line (line editing and
 * history), complete (Tab), pure_parse (words, quotes, $?, &), exec (programs
 * and background jobs), builtins (the table) and the built-ins' own files. Only
 * the main thread uses stdio; input.c's threads use read(), write() and system
 * calls. */
#ifndef LAVENDER_SH_H
#define LAVENDER_SH_H
#include <stddef.h>
#include "pure_parse.h"

#define SH_NOT_FOUND 127 /* $? of a command that does not exist */
#define SH_CANNOT_RUN 126

/* The exit status of the last command ($?). */
extern int sh_status;

/* input.c: stdin for the line editor, and Ctrl-C ending the foreground
 * program (through the console server's interrupt event, or a reader thread
 * on the kernel's console). input_start starts the interrupt thread. */
int input_start(void);
/* The next byte typed (blocks); -1 at the end of input. */
int input_getc(void);
/* The program Ctrl-C ends from now on: a pid, SH_FG_STARTING while one is
 * being started (a Ctrl-C then ends the pid set next), or 0 for none (Ctrl-C
 * then reaches the line editor as a byte). */
#define SH_FG_STARTING -1
void input_set_foreground(int pid);
#define SH_STATUS_INTERRUPTED 130 /* $? of a program Ctrl-C ended */
/* 1 if Ctrl-C ended pid (once: the mark is taken). */
int input_interrupted(int pid);

/* line.c */
/* Shows prompt, then reads one edited line into buf (size bytes, NUL
 * terminated); returns its length, -1 at the end of input, or
 * LINE_TOO_LONG. */
int line_read(const char *prompt, char *buf, size_t size);
/* line_read's answer for a line longer than size - 1 bytes: the line is
 * not run (the bell rang when it filled; a message says so). */
#define LINE_TOO_LONG (-2)
/* line_read's answer when Ctrl-C dropped the line ($? 130, as Unix). */
#define LINE_INTERRUPTED (-3)
/* Remembers line for the arrow keys (empty lines and repeats are not). */
void line_history_add(const char *line);

/* pure_parse.h: sh_cmd_t, parse_line, parse_join. */

/* complete.c: the matches for Tab at pos in line (the names offered from
 * the built-ins, /bin or a directory: pure_complete.h), or NULL when there
 * is nothing to complete there. Valid until the next call. */
struct complete;
const struct complete *complete_tab(const char *line, size_t pos);

/* exec.c */
/* Runs the program cmd->argv[0] (/bin/NAME from the file server, else the boot
 * module NAME): in the foreground, returns its exit status; in the
 * background, prints [pid] and returns 0. 127 when not found. */
int exec_run(const sh_cmd_t *cmd);
/* Reaps background jobs that ended, printing "[pid] done STATUS". */
void exec_reap(void);
/* Prints the background jobs still running. */
void exec_list_jobs(void);

/* builtins.c and the files of the built-ins. */
typedef int (*builtin_fn_t)(int argc, char **argv);

typedef struct builtin {
	const char *name;
	builtin_fn_t fn;
	const char *usage; /* the arguments */
	const char *help;  /* one line */
	int min_args;	   /* arguments it needs (argv[0] not counted) */
	int max_args;	   /* at most (ANY_ARGS: no bound) */
} builtin_t;
#define ANY_ARGS SH_WORDS_MAX

const builtin_t *builtin_find(const char *name);
/* The i-th built-in of the table (0 up), NULL past its end. */
const builtin_t *builtin_at(unsigned i);
/* Runs b after checking its argument count (a usage error, status 2,
 * names the first argument too many or says one is missing). */
int builtin_run(const builtin_t *b, int argc, char **argv);
/* Prints "usage: NAME USAGE" and what b does. */
void builtin_usage(const builtin_t *b);

int builtin_ps(int argc, char **argv);	     /* procs.c */
int builtin_ports(int argc, char **argv);    /* procs.c */
int builtin_ls(int argc, char **argv);	     /* files.c */
int builtin_cat(int argc, char **argv);	     /* files.c */
int builtin_names(int argc, char **argv);    /* names.c */
int builtin_drv(int argc, char **argv);	     /* drv.c */
int builtin_ifconfig(int argc, char **argv); /* net.c */
int builtin_route(int argc, char **argv);    /* net.c */
int builtin_arp(int argc, char **argv);	     /* net.c */
int builtin_kill(int argc, char **argv);     /* admin.c */
int builtin_halt(int argc, char **argv);     /* admin.c */
int builtin_reboot(int argc, char **argv);   /* admin.c */
int builtin_insmod(int argc, char **argv);   /* modules.c */
int builtin_rmmod(int argc, char **argv);    /* modules.c */
int builtin_modprobe(int argc, char **argv); /* modules.c */
int builtin_lsmod(int argc, char **argv);    /* modules.c */
int builtin_modinfo(int argc, char **argv);  /* modules.c */
/* admin.c: the handle of init's control port (LV_BOOT_HANDLE), or -ERR_PERM
 * when this shell was not given one; admin_refused says so for tool. */
int admin_control(void);
void admin_refused(const char *tool);

/* files.c: path itself when it starts with '/' or is "NODE:/path", else
 * "/path" in buf. */
const char *files_path(const char *path, char *buf, size_t size);

/* names.c: up to max entries of the name server's table into out; returns
 * how many or -ERR_*. */
struct lv_ns_entry;
int names_fetch(struct lv_ns_entry *out, int max);

/* dir.c: the one place that knows how to list a directory. Calls fn for
 * each entry of the directory path, in name order; 0 or -ERR_*. */
int dir_list(const char *path,
	     void (*fn)(const char *name, int is_dir, unsigned size, void *ctx),
	     void *ctx);

#endif
