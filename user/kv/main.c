/* "kv NAME[@NODE] put KEY VALUE | get KEY | del KEY | incr KEY [-n N] |
 * count": a client of kvsrv, here or on NODE, the same binary either way.
 * Prints the answer; status 0 on success, 1 on a refusal or error (named),
 * 2 on a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/demo.h"
#include "../lib/demo_proto.h"
#include "../lib/usage.h"
#include "refusal.h"

static const usage_t usage = {
    "kv",
    "NAME[@NODE] put KEY VALUE | get KEY | del KEY | incr KEY [-n N] | count",
    "Calls the key-value server NAME (kvsrv), here or on NODE: put sets\n"
    "KEY (yours from then on), get prints it, del removes it, incr adds 1\n"
    "to a value that is a decimal number 0..2147483646 (a new key counts\n"
    "from 0; N times with -n, printing the last value; each answer must be\n"
    "one more than the one before), count prints the requests the server\n"
    "executed.",
    NULL};

/* How far incr -n got before a call failed with rc: the calls answered,
 * the last answer, and, when no answer came (timed out), that the failed
 * call may have run all the same. */
static void incr_progress(const char *name, const char *key, unsigned done,
			  unsigned times, int last, int rc)
{
	char tail[96] = "";
	if (rc == -ERR_TIMEDOUT)
		snprintf(tail, sizeof(tail),
			 "; the unanswered one may have run (kv %s get %s "
			 "tells)",
			 name, key);
	if (done)
		printf("kv: incr %s: %u of %u calls answered, the last %d%s\n",
		       key, done, times, last, tail);
	else
		printf("kv: incr %s: 0 of %u calls answered%s\n", key, times,
		       tail);
}

int main(int argc, char **argv)
{
	demo_kv_req_t r;
	char out[DEMO_VALUE_MAX + 1];
	size_t head = offsetof(demo_kv_req_t, value), len = head, got = 0;
	unsigned times = 1;
	uint32_t op;
	usage_help(&usage, argc, argv);
	if (argc < 3)
		usage_error(&usage, argc < 2 ? "NAME is missing"
					     : "the operation is missing");
	const char *verb = argv[2];
	memset(&r, 0, sizeof(r));
	if (strcmp(verb, "count") == 0) {
		usage_count(&usage, argc, argv, 2, 2);
		op = DEMO_COUNT;
		len = 0;
	} else {
		if (argc < 4)
			usage_error(&usage, "%s needs a KEY", verb);
		if (strlen(argv[3]) >= DEMO_KEY_MAX || !argv[3][0])
			usage_error(&usage, "KEY %s: 1 to %d bytes", argv[3],
				    DEMO_KEY_MAX - 1);
		strcpy(r.key, argv[3]);
		if (strcmp(verb, "put") == 0) {
			usage_count(&usage, argc, argv, 4, 4);
			r.len = (uint32_t)strlen(argv[4]);
			if (r.len > DEMO_VALUE_MAX)
				usage_error(&usage, "VALUE: up to %d bytes",
					    DEMO_VALUE_MAX);
			memcpy(r.value, argv[4], r.len);
			len = head + r.len;
			op = DEMO_KV_PUT;
		} else if (strcmp(verb, "get") == 0 ||
			   strcmp(verb, "del") == 0) {
			usage_count(&usage, argc, argv, 3, 3);
			op = verb[0] == 'g' ? DEMO_KV_GET : DEMO_KV_DEL;
		} else if (strcmp(verb, "incr") == 0) {
			if (argc == 6 && strcmp(argv[4], "-n") == 0)
				times = (unsigned)usage_number(
				    &usage, "N", argv[5], 1, 1000000);
			else
				usage_count(&usage, argc, argv, 3, 3);
			op = DEMO_KV_INCR;
		} else {
			usage_error(&usage,
				    "%s: give put, get, del, incr or "
				    "count",
				    verb);
		}
	}
	int h = demo_find("kv", argv[1]);
	if (h < 0)
		return 1;
	int rc = 0, last = -1;
	unsigned done = 0;
	for (unsigned i = 0; i < times && rc >= 0; i++) {
		rc = lv_rpc(h, op, &r, len, out, sizeof(out) - 1, &got,
			    DEMO_CALL_TICKS);
		/* each incr answers one more than the one before: a call
		 * run twice or lost on the way shows here */
		if (op == DEMO_KV_INCR && rc >= 0 && last >= 0 &&
		    rc != last + 1) {
			printf("kv: incr %s: answer %d after %d (NOT one more: "
			       "a call ran twice or not at all)\n",
			       r.key, rc, last);
			return 1;
		}
		if (rc >= 0)
			last = rc, done++;
	}
	if (rc < 0) {
		if (times > 1)
			incr_progress(argv[1], r.key, done, times, last, rc);
		char what[64]; /* "VERB KEY": every line names the key */
		snprintf(what, sizeof(what), "%s%s%s", verb,
			 r.key[0] ? " " : "", r.key);
		if (!kv_refusal(h, argv[1], verb, &r, rc))
			demo_call_failed("kv", what, rc);
		return 1;
	}
	out[got] = 0;
	if (op == DEMO_KV_GET || op == DEMO_KV_INCR)
		printf("%s\n", out);
	else if (op == DEMO_COUNT)
		printf("%d requests executed\n", rc);
	else
		printf("kv: %s %s: done\n", verb, r.key);
	return 0;
}
