/* Result lines of the in-guest test programs, the form the harness reads:
 * "PROG NAME: ok" or "PROG NAME: FAIL reason" per check, then
 * "PROG: N passed, M failed". */
#ifndef LAVENDER_USER_CHECK_H
#define LAVENDER_USER_CHECK_H

void check_init(const char *program);
/* One check: ok, or failed because of why. */
void check_report(const char *name, int ok, const char *why);
#define CHECK(name, cond) check_report(name, (cond), #cond)
/* A check as a function returning NULL (passed) or the reason it failed. */
typedef const char *(*check_fn)(void);
void check_run(const char *name, check_fn fn);
/* Formats a reason; the text lives until four more reasons were made. */
const char *check_why(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Prints the summary line; returns the number of failed checks. */
int check_summary(void);

/* Waits up to ticks for child pid to end, then reaps it into *status; kills
 * it first if it did not end (then returns -ERR_TIMEDOUT). */
int check_wait_exit(int pid, unsigned ticks, int *status);

#endif
