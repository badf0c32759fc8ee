/* The CMOS clock decoding (kernel/nucleus/rtc_decode.c): every format (BCD
 * or binary, 12 or 24 hours) for every hour against an encoder written from
 * the datasheet, the named cases (12 AM, 12 PM, 1 AM/PM, 11 PM), impossible
 * values refused, the century register, and seconds since 1970. */
#include <stdint.h>
#include "nucleus/rtc_decode.h"
#include "uapi/errors.h"
#include "unit.h"

static const uint8_t formats[4] = {0, RTC_B_24H, RTC_B_BINARY,
				   RTC_B_24H | RTC_B_BINARY};

static uint8_t enc(int v, uint8_t status_b)
{
	return status_b & RTC_B_BINARY ? (uint8_t)v
				       : (uint8_t)((v / 10) << 4 | v % 10);
}

/* The hour register for hour h (0-23) as the clock holds it. */
static uint8_t enc_hour(int h, uint8_t status_b)
{
	if (status_b & RTC_B_24H)
		return enc(h, status_b);
	int h12 = h % 12 == 0 ? 12 : h % 12;
	return (uint8_t)(enc(h12, status_b) | (h >= 12 ? RTC_HOUR_PM : 0));
}

static rtc_raw_t raw_of(int y, int mo, int d, int h, int mi, int s,
			uint8_t status_b)
{
	return (rtc_raw_t){.sec = enc(s, status_b),
			   .min = enc(mi, status_b),
			   .hour = enc_hour(h, status_b),
			   .day = enc(d, status_b),
			   .mon = enc(mo, status_b),
			   .year = enc(y % 100, status_b),
			   .century = enc(y / 100, status_b),
			   .status_b = status_b};
}

UNIT_TEST(rtc_every_format_every_hour)
{
	for (int f = 0; f < 4; f++) {
		for (int h = 0; h < 24; h++) {
			rtc_raw_t r = raw_of(2024, 3, 9, h, 59, 58, formats[f]);
			nu_rtc_time_t t;
			CHECK_EQ(rtc_decode(&r, &t), 0);
			CHECK_EQ(t.hour, h);
			CHECK_EQ(t.min, 59);
			CHECK_EQ(t.sec, 58);
			CHECK_EQ(t.year, 2024);
			CHECK_EQ(t.mon, 3);
			CHECK_EQ(t.day, 9);
		}
	}
}

static int hour12(uint8_t raw_hour, int binary)
{
	rtc_raw_t r = raw_of(2024, 1, 1, 0, 0, 0, binary ? RTC_B_BINARY : 0);
	nu_rtc_time_t t;
	r.hour = raw_hour;
	return rtc_decode(&r, &t) == 0 ? t.hour : -1;
}

UNIT_TEST(rtc_twelve_hour_named_cases)
{
	/* BCD */
	CHECK_EQ(hour12(0x12, 0), 0);  /* 12 AM: midnight, not noon */
	CHECK_EQ(hour12(0x92, 0), 12); /* 12 PM: noon */
	CHECK_EQ(hour12(0x01, 0), 1);  /* 1 AM */
	CHECK_EQ(hour12(0x81, 0), 13); /* 1 PM */
	CHECK_EQ(hour12(0x11, 0), 11); /* 11 AM */
	CHECK_EQ(hour12(0x91, 0), 23); /* 11 PM */
	/* binary */
	CHECK_EQ(hour12(12, 1), 0);
	CHECK_EQ(hour12(0x80 | 12, 1), 12);
	CHECK_EQ(hour12(1, 1), 1);
	CHECK_EQ(hour12(0x80 | 1, 1), 13);
	CHECK_EQ(hour12(0x80 | 11, 1), 23);
}

UNIT_TEST(rtc_impossible_values_refused)
{
	nu_rtc_time_t t = {.year = 1};
	rtc_raw_t r = raw_of(2024, 1, 1, 0, 0, 0, 0);
	r.hour = 0x00; /* 12-hour mode has no hour 0 */
	CHECK_EQ(rtc_decode(&r, &t), -ERR_INVAL);
	r.hour = 0x13;
	CHECK_EQ(rtc_decode(&r, &t), -ERR_INVAL);
	r.hour = 0x1A; /* not BCD */
	CHECK_EQ(rtc_decode(&r, &t), -ERR_INVAL);
	r = raw_of(2024, 1, 1, 0, 0, 0, RTC_B_24H);
	r.hour = 0x24;
	CHECK_EQ(rtc_decode(&r, &t), -ERR_INVAL);
	r = raw_of(2024, 1, 1, 0, 0, 0, RTC_B_24H | RTC_B_BINARY);
	r.min = 60;
	CHECK_EQ(rtc_decode(&r, &t), -ERR_INVAL);
	r = raw_of(2024, 4, 30, 0, 0, 0, RTC_B_24H);
	r.day = 0x31; /* April 31 */
	CHECK_EQ(rtc_decode(&r, &t), -ERR_INVAL);
	r = raw_of(2023, 2, 28, 0, 0, 0, RTC_B_24H);
	r.day = 0x29; /* not a leap year */
	CHECK_EQ(rtc_decode(&r, &t), -ERR_INVAL);
	r.mon = 0x13;
	CHECK_EQ(rtc_decode(&r, &t), -ERR_INVAL);
	CHECK_EQ(t.year, 1); /* untouched */
	r = raw_of(2024, 2, 29, 0, 0, 0, RTC_B_24H);
	CHECK_EQ(rtc_decode(&r, &t), 0);
	r = raw_of(2000, 2, 29, 0, 0, 0, RTC_B_24H);
	CHECK_EQ(rtc_decode(&r, &t), 0);
	r = raw_of(2100, 2, 28, 0, 0, 0, RTC_B_24H);
	r.day = 0x29;
	CHECK_EQ(rtc_decode(&r, &t), -ERR_INVAL);
}

UNIT_TEST(rtc_century)
{
	nu_rtc_time_t t;
	rtc_raw_t r = raw_of(2124, 6, 15, 12, 30, 0, RTC_B_24H);
	CHECK_EQ(rtc_decode(&r, &t), 0);
	CHECK_EQ(t.year, 2124);
	r = raw_of(1999, 12, 31, 23, 59, 59, RTC_B_24H | RTC_B_BINARY);
	CHECK_EQ(rtc_decode(&r, &t), 0);
	CHECK_EQ(t.year, 1999);
	/* No century register (0 or garbage): 70-99 are 19xx, else 20xx. */
	r.century = 0;
	CHECK_EQ(rtc_decode(&r, &t), 0);
	CHECK_EQ(t.year, 1999);
	r = raw_of(2005, 1, 1, 0, 0, 0, RTC_B_24H);
	r.century = 0xFF;
	CHECK_EQ(rtc_decode(&r, &t), 0);
	CHECK_EQ(t.year, 2005);
}

UNIT_TEST(rtc_epoch_seconds)
{
	nu_rtc_time_t t = {1970, 1, 1, 0, 0, 0};
	CHECK_EQ(rtc_epoch_seconds(&t), 0);
	t = (nu_rtc_time_t){2000, 3, 1, 0, 0, 0};
	CHECK_EQ(rtc_epoch_seconds(&t), 951868800);
	t = (nu_rtc_time_t){2024, 3, 9, 0, 30, 0};
	CHECK_EQ(rtc_epoch_seconds(&t), 1709944200);
	t = (nu_rtc_time_t){2038, 1, 19, 3, 14, 8};
	CHECK_EQ(rtc_epoch_seconds(&t), 2147483648ll);
	t = (nu_rtc_time_t){2124, 2, 29, 23, 59, 59};
	CHECK_EQ(rtc_epoch_seconds(&t), 4864924799ll);
}
