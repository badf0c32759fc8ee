/* The parameter list of lkmd's LOAD request (servers/lkmd/pure_modargs.c):
 * built word by word, checked whole, walked; hostile lists refused. */
#include <string.h>
#include "unit.h"
#include "uapi/errors.h"
#include "../../servers/lkmd/pure_modargs.h"

UNIT_TEST(modargs_build_and_walk)
{
	char buf[32], err[96];
	size_t used = 0, at = 0;
	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(modargs_add(buf, sizeof(buf), &used, "count=3"), 0);
	CHECK_EQ(modargs_add(buf, sizeof(buf), &used, "greeting=a b 'c'"), 0);
	CHECK_EQ(modargs_check(buf, sizeof(buf), err, sizeof(err)), 2);
	CHECK_STR_EQ(modargs_next(buf, sizeof(buf), &at), "count=3");
	CHECK_STR_EQ(modargs_next(buf, sizeof(buf), &at), "greeting=a b 'c'");
	CHECK(modargs_next(buf, sizeof(buf), &at) == NULL);
	/* full: the word and the list's end must fit */
	CHECK_EQ(modargs_add(buf, sizeof(buf), &used, "x=123456"), -ERR_2BIG);
	CHECK_EQ(modargs_add(buf, sizeof(buf), &used, ""), -ERR_INVAL);
	CHECK_EQ(modargs_check(buf, sizeof(buf), err, sizeof(err)), 2);
}

UNIT_TEST(modargs_empty)
{
	char err[96];
	size_t at = 0;
	CHECK_EQ(modargs_check("", 1, err, sizeof(err)), 0);
	CHECK_EQ(modargs_check("", 0, err, sizeof(err)), 0);
	CHECK(modargs_next("", 1, &at) == NULL);
}

UNIT_TEST(modargs_hostile)
{
	char err[96];
	static const char unterminated[4] = {'a', '=', '1', '2'};
	CHECK_EQ(
	    modargs_check(unterminated, sizeof(unterminated), err, sizeof(err)),
	    -ERR_INVAL);
	CHECK_STR_EQ(err, "parameter 1 is not terminated");
	static const char no_eq[] = "a=1\0count\0";
	CHECK_EQ(modargs_check(no_eq, sizeof(no_eq), err, sizeof(err)),
		 -ERR_INVAL);
	CHECK_STR_EQ(err, "count: not a parameter (key=value)");
	static const char no_key[] = "=5\0";
	CHECK_EQ(modargs_check(no_key, sizeof(no_key), err, sizeof(err)),
		 -ERR_INVAL);
	/* a list ended by the buffer's end right after a word's NUL */
	static const char tight[4] = {'a', '=', '1', '\0'};
	CHECK_EQ(modargs_check(tight, sizeof(tight), err, sizeof(err)), 1);
	size_t at = 0;
	CHECK_STR_EQ(modargs_next(tight, sizeof(tight), &at), "a=1");
	CHECK(modargs_next(tight, sizeof(tight), &at) == NULL);
}
