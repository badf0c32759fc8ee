/* A tiny host unit-test framework: UNIT_TEST(name) { ... } registers a test;
 * CHECK* report "  file:line: message", mark the test failed and return. */
#ifndef LAVENDER_TESTS_HOST_UNIT_H
#define LAVENDER_TESTS_HOST_UNIT_H

typedef void (*unit_fn_t)(void);

void unit_register(const char *name, const char *file, int line, unit_fn_t fn);
/* Reports a failure of the running test (for helpers that cannot return). */
void unit_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int unit_eq(const char *file, int line, const char *expr_a, const char *expr_b,
	    long long a, long long b);
int unit_str_eq(const char *file, int line, const char *expr_a,
		const char *expr_b, const char *a, const char *b);
/* Number of failures reported so far by the running test. */
int unit_failures(void);

#define UNIT_TEST(name)                                                        \
	static void unit_test_##name(void);                                    \
	__attribute__((constructor)) static void unit_reg_##name(void)         \
	{                                                                      \
		unit_register(#name, __FILE__, __LINE__, unit_test_##name);    \
	}                                                                      \
	static void unit_test_##name(void)

/* Each check returns from the enclosing (void) function when it fails. */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			unit_fail(__FILE__, __LINE__, "CHECK(%s) failed",      \
				  #cond);                                      \
			return;                                                \
		}                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		if (!unit_eq(__FILE__, __LINE__, #a, #b, (long long)(a),       \
			     (long long)(b)))                                  \
			return;                                                \
	} while (0)

#define CHECK_STR_EQ(a, b)                                                     \
	do {                                                                   \
		if (!unit_str_eq(__FILE__, __LINE__, #a, #b, (a), (b)))        \
			return;                                                \
	} while (0)

#endif
