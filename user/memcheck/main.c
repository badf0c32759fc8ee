/* Leak check: "memcheck PROGRAM COUNT" runs PROGRAM COUNT times, waiting for
 * each, and compares free frames and kernel-heap use before and after. Exits 0
 * when nothing was lost. */
#include <stdio.h>
#include <stdlib.h>
#include <lavender/syscall.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		printf("usage: memcheck PROGRAM COUNT\n");
		return 2;
	}
	int count = atoi(argv[2]), status;
	lv_mem_info_t before, after;
	lv_mem_info(&before);
	for (int i = 0; i < count; i++) {
		int pid = lv_spawn(argv[1], argv[1], 0, 0, 0);
		if (pid < 0) {
			printf("memcheck: spawn %s: %s\n", argv[1],
			       lv_strerror(pid));
			return 1;
		}
		lv_wait(pid, &status);
	}
	lv_sleep(1); /* lets the scheduler free the last thread's stack */
	lv_mem_info(&after);
	printf("memcheck: %d runs of %s: frames free %u -> %u, kernel heap "
	       "%u -> %u bytes\n",
	       count, argv[1], before.frames_free, after.frames_free,
	       before.kheap_used, after.kheap_used);
	return before.frames_free == after.frames_free &&
		       before.kheap_used == after.kheap_used
		   ? 0
		   : 1;
}
