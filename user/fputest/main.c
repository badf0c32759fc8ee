/* fputest MODE ARGS: x87 and SSE state per thread (tests/cases_fpu.py).
 *   crunch A|B TICKS  long computations in two threads, own rounding modes
 *   clean             a new process and a new thread start clean; SSE works
 *   leak              marked state is not seen by a new thread or process
 *   leak_child        (started by leak)
 *   owner_exit [N]    threads that exit owning the FPU leave nothing behind
 *   churn             quick FPU use in two threads (for memcheck)
 *   mf, xm            unmasked x87 / SSE divide by zero: must be killed
 *   mf_pending        the same, with another process using the FPU between
 *                     the division and the x87 instruction that reports it
 * Exit status 0 when every check passed. */
#include <stdio.h>
#include <string.h>
#include "fputest.h"
#include "../lib/usage.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} modes[] = {
    {"crunch", fputest_crunch},
    {"clean", fputest_clean},
    {"leak", fputest_leak},
    {"leak_child", fputest_leak_child},
    {"owner_exit", fputest_owner_exit},
    {"churn", fputest_churn},
    {"mf", fputest_mf},
    {"mf_pending", fputest_mf_pending},
    {"xm", fputest_xm},
};

static const usage_t usage = {
    "fputest",
    "crunch A|B TICKS | clean | leak | owner_exit [N] | churn | mf | "
    "mf_pending | xm",
    "x87 and SSE state per thread: exact sums under own rounding modes,\nclean "
    "state in new threads and processes, nothing leaked between "
    "them,\nunmasked divide by zero killing only its process. Exits 0 when "
    "every\ncheck passed.",
    "proc.fpu_*"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	const char *mode = argc > 1 ? argv[1] : "";
	for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(mode, modes[i].name) == 0)
			return modes[i].run(argc, argv);
	printf("usage: fputest "
	       "crunch|clean|leak|owner_exit|churn|mf|mf_pending|xm\n"
	       "Per-thread x87/SSE state under test (tests/cases_fpu.py).\n");
	return 2;
}
