/* The C side of process start: sets up newlib's environment and runs main.
 * exit() flushes stdio, then _exit ends the process with lv_exit. */
#include <stdlib.h>

extern char **environ;
int main(int argc, char **argv);
__attribute__((noreturn)) void user_start(int argc, char **argv, char **envp);

void user_start(int argc, char **argv, char **envp)
{
	environ = envp;
	exit(main(argc, argv));
}
