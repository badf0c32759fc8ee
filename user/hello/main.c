/* The smallest program: prints its pid and its whole argv (argv[0] is the
 * program name) and exits 0. Proves process start, argument passing and the
 * console through newlib. Every word is data except a first --help. */
#include <stdio.h>
#include <unistd.h>
#include "../lib/usage.h"

static const usage_t usage = {
    "hello", "[WORD...]",
    "Prints its pid and its arguments (argv[0] is its own name) and exits 0:\n"
    "the smallest program, a first thing to run.",
    NULL};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	printf("hello from pid %d, argv:", (int)getpid());
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return 0;
}
