/* err_str and err_name: every code of ERR_LIST, both signs, unknown codes. */
#include <limits.h>
#include <string.h>
#include "lib/errstr.h"
#include "unit.h"

typedef struct err_entry {
	const char *name;
	int value;
	const char *msg;
} err_entry_t;

static const err_entry_t entries[] = {
#define ERR_ENTRY(name, value, msg) {#name, value, msg},
    ERR_LIST(ERR_ENTRY)
#undef ERR_ENTRY
};
#define NENTRIES ((int)(sizeof(entries) / sizeof(entries[0])))

UNIT_TEST(errstr_every_code)
{
	CHECK(NENTRIES > 20);
	for (int i = 0; i < NENTRIES; i++) {
		const err_entry_t *e = &entries[i];
		CHECK(e->value > 0);
		CHECK_STR_EQ(err_str(e->value), e->msg);
		CHECK_STR_EQ(err_str(-e->value), e->msg);
		CHECK_STR_EQ(err_name(e->value), e->name);
		CHECK_STR_EQ(err_name(-e->value), e->name);
	}
	CHECK_STR_EQ(err_name(-ERR_NOENT), "ERR_NOENT");
	CHECK_STR_EQ(err_str(-ERR_NOMEM), "out of memory");
}

UNIT_TEST(errstr_list_is_sane)
{
	for (int i = 0; i < NENTRIES; i++) {
		CHECK(strncmp(entries[i].name, "ERR_", 4) == 0);
		CHECK(entries[i].msg[0] != '\0');
		for (int j = 0; j < i; j++) {
			CHECK(entries[i].value != entries[j].value);
			CHECK(strcmp(entries[i].msg, entries[j].msg) != 0);
		}
	}
}

UNIT_TEST(errstr_zero_and_unknown)
{
	CHECK_STR_EQ(err_str(0), "success");
	CHECK_STR_EQ(err_name(0), "OK");
	int unknown[] = {6, -6, 10, 199, 202, -1000, 1000, INT_MAX, -INT_MAX};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		CHECK_STR_EQ(err_str(unknown[i]), "unknown error");
		CHECK_STR_EQ(err_name(unknown[i]), "ERR_?");
	}
}

UNIT_TEST(errstr_int_min)
{
	/* Any int is accepted; negating INT_MIN must not overflow. */
	CHECK_STR_EQ(err_str(INT_MIN), "unknown error");
	CHECK_STR_EQ(err_name(INT_MIN), "ERR_?");
}
