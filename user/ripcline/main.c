/* "ripcline NAME[@NODE]": looks NAME up once, then makes one call through
 * that one right for every line typed -- a right held across whatever
 * happens in between, and one caller (one pid, so one identity on a remote
 * node) for many calls. tests/cases_ripc.py uses it: a proxy from before a
 * node's reboot must be refused (-ERR_DEADPORT); a key a client put it may
 * delete, another may not. The lines (user/lib/demo_proto.h's calls):
 *   echo TEXT | put KEY VALUE | get KEY | del KEY | incr KEY | count
 * and "lookup NAME", a new lookup (its right closed again; the held one
 * stays), answered "found" or the error; "fill PREFIX N" puts the keys
 * PREFIX0 .. PREFIX(N-1), answered "status 0 N" or the first refusal and
 * how many were put before it ("... (-28) after 64"); "have PREFIX N"
 * gets them, answered "status 0 K" (K of them there) and " missing KEY"
 * for each of the first 8 missing.
 * Prints "ripcline: holding NAME" once the right is there, then per line
 * "ripcline: LINE: status S [PAYLOAD]" or "ripcline: LINE: ERROR (-N)"
 * ("bad line" for a line it does not know). An empty line or the end of
 * input ends it: status 0 (1 when the lookup failed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/demo.h"
#include "../lib/demo_proto.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "ripcline", "NAME[@NODE]",
    "Looks NAME up once, then makes one call through that right per line\n"
    "typed (echo TEXT, put KEY VALUE, get KEY, del KEY, incr KEY, count)\n"
    "and prints its status and payload; lookup NAME looks NAME up anew\n"
    "(the held right stays); fill PREFIX N puts keys PREFIX0..PREFIX(N-1),\n"
    "have PREFIX N says how many of them are there and which are not.\n"
    "An empty line ends it.",
    "ripc.demos, ripc.down, ripc.identity, ripc.kvowner"};

static const struct verb {
	const char *word;
	uint32_t op;
	int words; /* after the verb: 0 none, 1 a key, 2 a key and a value */
} verbs[] = {
    {"put", DEMO_KV_PUT, 2},  {"get", DEMO_KV_GET, 1},
    {"del", DEMO_KV_DEL, 1},  {"incr", DEMO_KV_INCR, 1},
    {"count", DEMO_COUNT, 0},
};

/* The request for line (changed: words cut apart) into req: its op and
 * length, or 0 for a line it does not know. */
static uint32_t parse(char *line, demo_kv_req_t *req, size_t *len)
{
	memset(req, 0, sizeof(*req));
	if (strncmp(line, "echo ", 5) == 0) {
		*len = strlen(line + 5);
		memcpy(req, line + 5, *len);
		return DEMO_ECHO;
	}
	char *verb = strtok(line, " "), *key = strtok(NULL, " ");
	char *value = strtok(NULL, "");
	for (size_t i = 0; verb && i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		const struct verb *v = &verbs[i];
		if (strcmp(verb, v->word) != 0 || (v->words >= 1) != !!key ||
		    (v->words == 2) != !!value ||
		    (key && strlen(key) >= DEMO_KEY_MAX) ||
		    (value && strlen(value) > DEMO_VALUE_MAX))
			continue;
		if (!key) {
			*len = 0;
			return v->op;
		}
		strcpy(req->key, key);
		*len = offsetof(demo_kv_req_t, value);
		if (value) {
			req->len = (uint32_t)strlen(value);
			memcpy(req->value, value, req->len);
			*len += req->len;
		}
		return v->op;
	}
	return 0;
}

/* "PREFIX N" of fill and have: the prefix and N; NULL (said) if bad. */
static const char *keys_of(const char *shown, char *args, int *n)
{
	char *prefix = strtok(args, " "), *count = strtok(NULL, " ");
	*n = count ? atoi(count) : 0;
	if (!prefix || *n <= 0 || strlen(prefix) > DEMO_KEY_MAX - 8) {
		printf("ripcline: %s: bad line\n", shown);
		return NULL;
	}
	return prefix;
}

/* "have PREFIX N": gets PREFIX0 .. PREFIX(N-1): "status 0 K" (how many
 * are there), then " missing KEY" for each of the first 8 missing. */
static void have(int h, const char *shown, char *args)
{
	static char value[DEMO_VALUE_MAX], missing[8 * (DEMO_KEY_MAX + 9)];
	demo_kv_req_t req;
	size_t got, used = 0;
	int n, k = 0, absent = 0;
	const char *prefix = keys_of(shown, args, &n);
	if (!prefix)
		return;
	missing[0] = 0;
	for (int i = 0; i < n; i++) {
		memset(&req, 0, sizeof(req));
		snprintf(req.key, sizeof(req.key), "%s%d", prefix, i);
		int rc =
		    lv_rpc(h, DEMO_KV_GET, &req, offsetof(demo_kv_req_t, value),
			   value, sizeof(value), &got, DEMO_CALL_TICKS);
		if (rc >= 0)
			k++;
		else if (absent++ < 8)
			used += (size_t)snprintf(missing + used,
						 sizeof(missing) - used,
						 " missing %s", req.key);
	}
	printf("ripcline: %s: status 0 %d%s\n", shown, k, missing);
}

/* "fill PREFIX N": puts PREFIX0 .. PREFIX(N-1) (value "x"), one call
 * each, stopping at the first refusal: "status 0 N" when all were put,
 * else "ERROR (-N) after K" (K put before it). */
static void fill(int h, const char *shown, char *args)
{
	int n, rc = 0, k = 0;
	demo_kv_req_t req;
	const char *prefix = keys_of(shown, args, &n);
	if (!prefix)
		return;
	for (; k < n && rc >= 0; k += rc >= 0) {
		memset(&req, 0, sizeof(req));
		snprintf(req.key, sizeof(req.key), "%s%d", prefix, k);
		req.len = 1;
		req.value[0] = 'x';
		rc = lv_rpc(h, DEMO_KV_PUT, &req,
			    offsetof(demo_kv_req_t, value) + 1, NULL, 0, NULL,
			    DEMO_CALL_TICKS);
	}
	if (rc >= 0)
		printf("ripcline: %s: status 0 %d\n", shown, k);
	else
		printf("ripcline: %s: %s (%d) after %d\n", shown,
		       lv_strerror(rc), rc, k);
}

int main(int argc, char **argv)
{
	static char line[256], shown[256], back[LV_MSG_PAYLOAD_MAX];
	static demo_kv_req_t req;
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 1, 1);
	int h = demo_find("ripcline", argv[1]);
	if (h < 0)
		return 1;
	printf("ripcline: holding %s\n", argv[1]);
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		size_t len = 0, got = 0;
		if (!strchr(line, '\n') && !feof(stdin)) {
			/* Longer than line: the rest up to its end goes too. */
			int c;
			while ((c = getchar()) != EOF && c != '\n')
				;
			printf("ripcline: line too long: at most %u bytes\n",
			       (unsigned)sizeof(line) - 2);
			continue;
		}
		line[strcspn(line, "\r\n")] = 0;
		if (!line[0])
			break;
		strcpy(shown, line);
		if (strncmp(line, "lookup ", 7) == 0) {
			lv_ns_entry_t e;
			int again = lv_ns_lookup(line + 7, &e);
			if (again >= 0)
				lv_handle_close(again);
			if (again >= 0)
				printf("ripcline: %s: found\n", shown);
			else
				printf("ripcline: %s: %s (%d)\n", shown,
				       lv_strerror(again), again);
			fflush(stdout);
			continue;
		}
		if (strncmp(line, "fill ", 5) == 0 ||
		    strncmp(line, "have ", 5) == 0) {
			(line[0] == 'f' ? fill : have)(h, shown, line + 5);
			fflush(stdout);
			continue;
		}
		uint32_t op = parse(line, &req, &len);
		if (!op) {
			printf("ripcline: %s: bad line\n", shown);
			fflush(stdout);
			continue;
		}
		int rc = lv_rpc(h, op, &req, len, back, sizeof(back) - 1, &got,
				DEMO_CALL_TICKS);
		back[rc >= 0 ? got : 0] = 0;
		if (rc >= 0)
			printf("ripcline: %s: status %d%s%s\n", shown, rc,
			       got ? " " : "", back);
		else
			printf("ripcline: %s: %s (%d)\n", shown,
			       lv_strerror(rc), rc);
		fflush(stdout);
	}
	return 0;
}
