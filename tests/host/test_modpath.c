/* Module file paths as lkmd takes them (servers/lkmd/pure_modpath.c): one
 * spelling per file; hostile and over-long paths refused. */
#include <string.h>
#include "unit.h"
#include "uapi/errors.h"
#include "../../servers/lkmd/pure_modpath.h"

static const char *normal(const char *path)
{
	static char out[32];
	memset(out, 'X', sizeof(out));
	int rc = modpath_normal(path, out, sizeof(out));
	return rc == 0 ? out : rc == -ERR_INVAL ? "INVAL" : "TOOLONG";
}

static const struct {
	const char *path, *want;
} cases[] = {
    {"/lib/modules/hello.ko", "/lib/modules/hello.ko"},
    {"/./lib/modules/hello.ko", "/lib/modules/hello.ko"},
    {"//lib///modules/./hello.ko", "/lib/modules/hello.ko"},
    {"/lib/x/../modules/hello.ko", "/lib/modules/hello.ko"},
    {"/lib/modules/", "/lib/modules"},
    {"/.hidden/..x/...ko", "/.hidden/..x/...ko"},
    /* the root, and above it */
    {"/", "/"},
    {"/.", "/"},
    {"/..", "/"},
    {"/../../lib/../../a.ko", "/a.ko"},
    {"/a/b/../../..", "/"},
    /* not from the root */
    {"lib/modules/hello.ko", "INVAL"},
    {"./hello.ko", "INVAL"},
    {"", "INVAL"},
    /* 31 bytes and the NUL fit in 32; one more does not */
    {"/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    {"/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "TOOLONG"},
    /* what the dots take away does not count */
    {"/./././././././././././././././././a.ko", "/a.ko"},
};

UNIT_TEST(modpath_one_spelling)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR_EQ(normal(cases[i].path), cases[i].want);
}

UNIT_TEST(modpath_no_room)
{
	char tiny[1];
	CHECK_EQ(modpath_normal("/", tiny, sizeof(tiny)), -ERR_NAMETOOLONG);
}
