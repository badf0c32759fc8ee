/* The command line of every program in /bin and /test, the Unix way: "PROG
 * --help" (or -h) prints the usage and what the program is, and exits 0; a
 * usage error (an unknown option, a bad or missing argument) prints a line
 * naming the argument and what is accepted, then the usage line, and exits
 * USAGE_EXIT. Not an option parser: each program walks its own argv. */
#ifndef LAVENDER_USER_USAGE_H
#define LAVENDER_USER_USAGE_H

#define USAGE_EXIT 2 /* the exit status of a usage error */

typedef struct usage {
	const char *name;     /* the program */
	const char *synopsis; /* its arguments, "IF COUNT [-q]"; "" if none */
	const char *about;    /* what it does, one or more lines, no final \n */
	const char *suite;    /* a test program: the cases that run it
			       * ("proc.ipctest"); NULL for a user's tool */
} usage_t;

/* When argv[1] is --help or -h: prints "usage: NAME SYNOPSIS", the about
 * text and, for a test program, a line saying it is one ("... is a test
 * program ..."), then exits 0. Otherwise returns. Call it first in main. */
void usage_help(const usage_t *u, int argc, char **argv);

/* Prints what usage_help prints, without looking at argv or exiting (for a
 * program whose own parser found --help). */
void usage_show(const usage_t *u);

/* A usage error: prints "NAME: WHY" (printf-style), the usage line and
 * "(NAME --help says more)", then exits USAGE_EXIT. */
__attribute__((noreturn, format(printf, 2, 3))) void
usage_error(const usage_t *u, const char *fmt, ...);

/* Refuses (usage_error) unless the program got from min to max arguments,
 * argv[0] not counted; the message names the first argument too many. */
void usage_count(const usage_t *u, int argc, char **argv, int min, int max);

/* arg as a whole number, decimal or 0x hex, from min to max; anything else
 * (empty, trailing junk, out of range) is a usage error naming what (the
 * argument's name, "COUNT") and the range. */
unsigned long usage_number(const usage_t *u, const char *what, const char *arg,
			   unsigned long min, unsigned long max);

/* The value of arg when it is "key=VALUE" (key given without '='), else
 * NULL. */
const char *usage_value(const char *arg, const char *key);

#endif
