/* Self-test of the CMOS clock in every format: switches QEMU's RTC through
 * status register B to 12-hour and to binary, reads the time in each and
 * compares it with the 24-hour BCD readings taken just before and after (a
 * second that ticks in between is retried), then restores register B.
 * Prints the time, which the harness compares with the -rtc base it gave. */
#include "ktest/ktest.h"

#define TRIES 5

static const struct {
	unsigned format;
	const char *name;
} formats[] = {
    {0, "12-hour BCD"},
    {NU_RTC_BINARY, "12-hour binary"},
    {NU_RTC_24H | NU_RTC_BINARY, "24-hour binary"},
};

/* Field by field: the struct's padding byte is whatever the stack held
 * (nu_rtc_read fills the fields only), so memcmp failed at random. */
static int same(const nu_rtc_time_t *a, const nu_rtc_time_t *b)
{
	return a->year == b->year && a->mon == b->mon && a->day == b->day &&
	       a->hour == b->hour && a->min == b->min && a->sec == b->sec;
}

static int read_in(unsigned format, nu_rtc_time_t *t)
{
	nu_rtc_set_format(format);
	return nu_rtc_read(t);
}

static void show(const char *what, const nu_rtc_time_t *t)
{
	kprintf("ktest rtc: %s %04u-%02u-%02u %02u:%02u:%02u\n", what, t->year,
		t->mon, t->day, t->hour, t->min, t->sec);
}

/* Reads in format between two 24-hour BCD reads of the same second; -1
 * after reporting when the readings disagree or the clock cannot be read. */
static int compare(unsigned format, const char *name, nu_rtc_time_t *ref)
{
	nu_rtc_time_t t, after;
	for (int i = 0; i < TRIES; i++) {
		if (read_in(NU_RTC_24H, ref) < 0 || read_in(format, &t) < 0 ||
		    read_in(NU_RTC_24H, &after) < 0) {
			kprintf("ktest rtc: %s: clock unreadable\n", name);
			return -1;
		}
		if (!same(ref, &after))
			continue; /* a second ticked: again */
		if (same(ref, &t))
			return 0;
		show("24-hour BCD", ref);
		show(name, &t);
		return -1;
	}
	kprintf("ktest rtc: %s: no stable second in %d tries\n", name, TRIES);
	return -1;
}

int ktest_rtc(void)
{
	unsigned saved = nu_rtc_format();
	nu_rtc_time_t ref = {0};
	int rc = 0;
	for (unsigned i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (compare(formats[i].format, formats[i].name, &ref) < 0)
			rc = -1;
	nu_rtc_set_format(saved);
	KT_ASSERT_EQ(nu_rtc_format(), saved);
	KT_ASSERT_EQ(rc, 0);
	uint64_t epoch = nu_rtc_epoch();
	KT_ASSERT(epoch != 0);
	show("every format reads", &ref);
	kprintf("ktest rtc: epoch %llu\n", (unsigned long long)epoch);
	return 0;
}
