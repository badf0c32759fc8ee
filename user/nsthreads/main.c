/* Client calls from several threads at once (issue 11): "nsthreads [N]"
 * registers 8 names, then 8 threads each make N (default 1,000) calls to
 * the name server at once: change their own entry's attributes to a value
 * naming the thread and the round, look it up and check the entry is the
 * one asked for, with that value. One line "nsthreads: ok" or the first
 * mismatch; exits 0 when every reply matched its request. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include <lavender/thread.h>
#include "../lib/usage.h"

#define THREADS 8

static int rounds = 1000;
static volatile int done, bad;
static char why[128];

static void fail(const char *what, int k, int i, int rc)
{
	if (__sync_fetch_and_add(&bad, 1) == 0)
		snprintf(why, sizeof(why), "thread %d round %d: %s (%d)", k, i,
			 what, rc);
}

static void worker(void *arg)
{
	int k = (int)(uintptr_t)arg;
	char name[16], attrs[32];
	snprintf(name, sizeof(name), "nst.%d", k);
	for (int i = 0; i < rounds && !bad; i++) {
		lv_ns_entry_t e;
		snprintf(attrs, sizeof(attrs), "t%d r%d", k, i);
		int rc = lv_ns_modify(name, NULL, attrs);
		if (rc < 0) {
			fail("modify", k, i, rc);
			break;
		}
		rc = lv_ns_lookup(name, &e);
		if (rc < 0) {
			fail("lookup", k, i, rc);
			break;
		}
		lv_handle_close(rc);
		if (strcmp(e.name, name) != 0 || strcmp(e.attrs, attrs) != 0)
			fail("reply for another request", k, i, 0);
	}
	__sync_fetch_and_add(&done, 1);
	lv_thread_exit(0);
}

static const usage_t usage = {
    "nsthreads", "[N]",
    "8 threads call the name server N times each at once (default 1000),\neach "
    "checking every answer is its own. Exits 0 when all matched.",
    "proc.nsthreads"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	if (argc >= 2)
		rounds = atoi(argv[1]);
	for (int k = 0; k < THREADS; k++) {
		char name[16];
		snprintf(name, sizeof(name), "nst.%d", k);
		int port = lv_port_create();
		int rc = lv_ns_register(name, "test", "", port);
		if (rc < 0) {
			printf("nsthreads: register %s: %s\n", name,
			       lv_strerror(rc));
			return 1;
		}
	}
	for (int k = 0; k < THREADS; k++) {
		int rc = lv_thread_start(worker, (void *)(uintptr_t)k, 0);
		if (rc < 0) {
			printf("nsthreads: thread: %s\n", lv_strerror(rc));
			return 1;
		}
	}
	while (done < THREADS)
		lv_sleep(1);
	if (bad) {
		printf("nsthreads: FAIL %s\n", why);
		return 1;
	}
	printf("nsthreads: ok: %d threads, %d rounds each\n", THREADS, rounds);
	return 0;
}
