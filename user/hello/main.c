/* The smallest program: prints its pid and its whole argv (argv[0] is the
 * program name) and exits 0. Proves process start, argument passing and the
 * console through newlib. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	printf("hello from pid %d, argv:", (int)getpid());
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return 0;
}
