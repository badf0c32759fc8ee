/* Leak check: "memcheck PROGRAM COUNT" runs PROGRAM once to warm up, then
 * COUNT times, waiting for each, and compares before and after: the frames
 * free or holding the kernel heap (which grows and keeps its pages), and the
 * bytes live in the kernel heap. Exits 0 when nothing was lost. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <lavender/syscall.h>

/* Runs program to its end; its pid, or -1 after saying why not. */
static int run_once(const char *program)
{
	int status, pid = lv_spawn(program, program, 0, 0, 0);
	if (pid < 0) {
		printf("memcheck: spawn %s: %s\n", program, lv_strerror(pid));
		return -1;
	}
	lv_wait(pid, &status);
	return pid;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		printf("usage: memcheck PROGRAM COUNT\n");
		return 2;
	}
	int count = atoi(argv[2]);
	lv_mem_info_t before, after;
	if (run_once(argv[1]) < 0) /* warm-up: first-use growth is not a leak */
		return 1;
	lv_mem_info(&before);
	for (int i = 0; i < count; i++)
		if (run_once(argv[1]) < 0)
			return 1;
	lv_sleep(1); /* lets the scheduler free the last thread's stack */
	lv_mem_info(&after);
	uint32_t had = before.frames_free + before.kheap_mapped / 4096;
	uint32_t has = after.frames_free + after.kheap_mapped / 4096;
	printf("memcheck: %d runs of %s: frames free or kernel heap %u -> %u, "
	       "kernel heap %u -> %u bytes\n",
	       count, argv[1], had, has, before.kheap_used, after.kheap_used);
	return had == has && before.kheap_used == after.kheap_used ? 0 : 1;
}
