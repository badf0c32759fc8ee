/* CMOS clock register decoding (see rtc_decode.h). */
#include "nucleus/rtc_decode.h"
#include "uapi/errors.h"

/* A register's value: binary as is, or two BCD digits; -1 if not BCD. */
static int value(uint8_t v, int binary)
{
	if (binary)
		return v;
	if ((v >> 4) > 9 || (v & 15) > 9)
		return -1;
	return (v >> 4) * 10 + (v & 15);
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
	static const uint8_t days[12] = {31, 28, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* The hour in 0-23, or -1. In 12-hour mode 12 AM is 0 and 12 PM is 12. */
static int hour_of(uint8_t raw, uint8_t status_b)
{
	int binary = status_b & RTC_B_BINARY;
	if (status_b & RTC_B_24H) {
		int h = value(raw, binary);
		return h <= 23 ? h : -1;
	}
	int h = value(raw & ~RTC_HOUR_PM, binary);
	if (h < 1 || h > 12)
		return -1;
	return h % 12 + (raw & RTC_HOUR_PM ? 12 : 0);
}

int rtc_decode(const rtc_raw_t *raw, nu_rtc_time_t *out)
{
	int binary = raw->status_b & RTC_B_BINARY;
	int sec = value(raw->sec, binary), min = value(raw->min, binary);
	int hour = hour_of(raw->hour, raw->status_b);
	int day = value(raw->day, binary), mon = value(raw->mon, binary);
	int yy = value(raw->year, binary), cc = value(raw->century, binary);
	if (sec < 0 || sec > 59 || min < 0 || min > 59 || hour < 0 || mon < 1 ||
	    mon > 12 || yy < 0 || yy > 99)
		return -ERR_INVAL;
	if (cc < 19 || cc > 99)
		cc = yy >= 70 ? 19 : 20;
	int year = cc * 100 + yy;
	if (day < 1 || day > days_in_month(year, mon))
		return -ERR_INVAL;
	*out = (nu_rtc_time_t){.year = (uint16_t)year,
			       .mon = (uint8_t)mon,
			       .day = (uint8_t)day,
			       .hour = (uint8_t)hour,
			       .min = (uint8_t)min,
			       .sec = (uint8_t)sec};
	return 0;
}

uint64_t rtc_epoch_seconds(const nu_rtc_time_t *t)
{
	/* Days from 1970-01-01 (Howard Hinnant's days_from_civil). */
	int y = t->year - (t->mon <= 2);
	int era = y / 400;
	int yoe = y - era * 400;
	int doy = (153 * (t->mon + (t->mon > 2 ? -3 : 9)) + 2) / 5 + t->day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	uint64_t days = (uint64_t)(era * 146097 + doe - 719468);
	return days * 86400 + t->hour * 3600u + t->min * 60u + t->sec;
}
