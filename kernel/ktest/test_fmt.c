/* Self-test: the kernel's printf formatting, in the kernel. (The host unit
 * tests compare fmt.c with the C library at much greater length.) */
#include "ktest/ktest.h"
#include "lib/fmt.h"
#include "lib/string.h"

static int expect(const char *want, const char *fmt, ...)
{
	char got[96];
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	if (strcmp(got, want) != 0 || n != (int)strlen(want)) {
		kprintf("ktest: format \"%s\" gave \"%s\" (%d), want \"%s\"\n",
			fmt, got, n, want);
		return -1;
	}
	return 0;
}

int ktest_fmt(void)
{
	int bad = 0;
	bad |= expect("42", "%d", 42);
	bad |= expect("-2147483648", "%d", (int)0x80000000);
	bad |= expect("4294967295", "%u", 0xFFFFFFFFu);
	bad |= expect("ffffffff FFFFFFFF", "%x %X", 0xFFFFFFFFu, 0xFFFFFFFFu);
	bad |= expect("0x0000beef", "0x%08x", 0xBEEFu);
	bad |= expect("   -7|-7   |", "%5d|%-5d|", -7, -7);
	bad |= expect("+5 005 0x1f 017", "%+d %03d %#x %#o", 5, 5, 31, 15);
	bad |= expect("18446744073709551615", "%llu", ~0ULL);
	bad |= expect("-9223372036854775807", "%lld", -9223372036854775807LL);
	bad |= expect("abc|  abc|ab", "%s|%5s|%.2s", "abc", "abc", "abcdef");
	bad |= expect("(null)", "%s", (char *)NULL);
	bad |= expect("x%y", "%c%%%c", 'x', 'y');
	bad |= expect("0xc0000000", "%p", (void *)0xC0000000u);
	bad |= expect("  0042", "%6.4d", 42);
	char small[4];
	KT_ASSERT_EQ(fmt_snprintf(small, sizeof(small), "%d", 123456), 6);
	KT_ASSERT(strcmp(small, "123") == 0);
	return bad ? -1 : 0;
}
