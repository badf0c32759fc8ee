/* Leak check: "memcheck PROGRAM COUNT [ARGS...]" runs PROGRAM (with ARGS)
 * once to warm up, then COUNT times, waiting for each, and compares before
 * and after: the frames free or holding the kernel heap (which grows and
 * keeps its pages), and the bytes live in the kernel heap. Exits 0 when
 * nothing was lost and every run exited 0. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

static int failed_runs; /* runs that exited with a status other than 0 */

/* Runs program with args ("PROGRAM ARGS...") to its end; its pid, or -1
 * after saying why not. */
static int run_once(const char *program, const char *args)
{
	int status = -1, pid = lv_spawn(program, args, 0, 0, 0);
	if (pid < 0) {
		printf("memcheck: spawn %s: %s\n", program, lv_strerror(pid));
		return -1;
	}
	lv_wait(pid, &status);
	if (status != 0) {
		printf("memcheck: %s exited with status %d\n", args, status);
		failed_runs++;
	}
	return pid;
}

static const usage_t usage = {
    "memcheck", "PROGRAM COUNT [ARGS...]",
    "Leak check: runs the boot module PROGRAM (with ARGS) once, then "
    "COUNT\ntimes, and compares free frames and kernel heap before and "
    "after.\nExits 0 when nothing was lost and every run exited 0.",
    "proc.no_leak, proc.fpu_no_leak"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	char args[128];
	if (argc < 3) {
		printf("usage: memcheck PROGRAM COUNT [ARGS...]\n");
		return 2;
	}
	int count = atoi(argv[2]);
	strlcpy(args, argv[1], sizeof(args));
	for (int i = 3; i < argc; i++) {
		strlcat(args, " ", sizeof(args));
		strlcat(args, argv[i], sizeof(args));
	}
	lv_mem_info_t before, after;
	/* The warm-up run: first-use growth is not a leak. */
	if (run_once(argv[1], args) < 0)
		return 1;
	lv_mem_info(&before);
	for (int i = 0; i < count; i++)
		if (run_once(argv[1], args) < 0)
			return 1;
	lv_sleep(1); /* lets the scheduler free the last thread's stack */
	lv_mem_info(&after);
	uint32_t had = before.frames_free + before.kheap_mapped / 4096;
	uint32_t has = after.frames_free + after.kheap_mapped / 4096;
	printf("memcheck: %d runs of %s: frames free or kernel heap %u -> %u, "
	       "kernel heap %u -> %u bytes\n",
	       count, argv[1], had, has, before.kheap_used, after.kheap_used);
	int lost = had != has || before.kheap_used != after.kheap_used;
	return lost || failed_runs ? 1 : 0;
}
