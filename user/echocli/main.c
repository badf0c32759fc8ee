/* "echocli [-n COUNT] NAME[@NODE] TEXT...": sends TEXT (the words joined
 * by spaces) to the echo server NAME, on this node or on NODE, and prints
 * what came back with the round-trip time; the same binary either way
 * (the paper's section 4: the caller cannot tell). Status 0 when every
 * answer was the text, 1 otherwise, 2 on a usage error. */
#include <stdio.h>
#include <string.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/bench.h"
#include "../lib/demo.h"
#include "../lib/demo_proto.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "echocli", "[-n COUNT] NAME[@NODE] TEXT...",
    "Calls the echo server NAME (echosrv), here or on NODE (a name in\n"
    "/etc/hosts or an address), with TEXT, COUNT times (default 1), and\n"
    "prints each answer. Exits 0 when every answer was TEXT.",
    NULL};

static char text[LV_MSG_PAYLOAD_MAX], back[LV_MSG_PAYLOAD_MAX];

int main(int argc, char **argv)
{
	unsigned count = 1;
	int first = 1;
	usage_help(&usage, argc, argv);
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		count = (unsigned)usage_number(&usage, "COUNT", argv[2], 1,
					       1000000);
		first = 3;
	}
	if (argc - first < 2)
		usage_error(&usage, argc - first < 1 ? "NAME is missing"
						     : "TEXT is missing");
	size_t len = 0;
	for (int i = first + 1; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (len + n + 1 > sizeof(text))
			usage_error(&usage, "TEXT longer than %u bytes",
				    (unsigned)sizeof(text) - 1);
		if (len)
			text[len++] = ' ';
		memcpy(text + len, argv[i], n);
		len += n;
	}
	int h = demo_find("echocli", argv[first]);
	if (h < 0)
		return 1;
	unsigned good = 0;
	for (unsigned i = 0; i < count; i++) {
		size_t got = 0;
		uint64_t t0 = bench_rdtsc();
		int rc = lv_rpc(h, DEMO_ECHO, text, len, back, sizeof(back) - 1,
				&got, DEMO_CALL_TICKS);
		uint64_t cycles = bench_rdtsc() - t0;
		if (rc < 0) {
			demo_call_failed("echocli", argv[first], rc);
			break;
		}
		back[got] = 0;
		int same = got == len && memcmp(back, text, len) == 0;
		good += same;
		if (count == 1 || !same)
			printf("echocli: %s: %s%s (%llu kcycles)\n",
			       argv[first], back,
			       same ? "" : " (NOT the text sent)",
			       (unsigned long long)(cycles / 1000));
	}
	if (count > 1)
		printf("echocli: %u of %u answers were the text\n", good,
		       count);
	return good == count ? 0 : 1;
}
