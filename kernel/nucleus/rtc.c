/* The CMOS real-time clock, read once at boot for the wall-clock time. */
#include "nucleus/cpu.h"
#include "nucleus/nucleus.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static int bcd(uint8_t v, int binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 15);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint64_t days_since_epoch(int y, int m, int d)
{
	y -= m <= 2;
	int era = y / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)(era * 146097 + doe - 719468);
}

uint64_t nu_rtc_epoch(void)
{
	while (cmos_read(0x0A) & 0x80) /* update in progress */
		;
	uint8_t sec = cmos_read(0x00), min = cmos_read(0x02),
		hour = cmos_read(0x04), day = cmos_read(0x07),
		mon = cmos_read(0x08), year = cmos_read(0x09),
		status_b = cmos_read(0x0B);
	int binary = status_b & 0x04;
	int h = bcd(hour & 0x7F, binary);
	if (!(status_b & 0x02) && (hour & 0x80)) /* 12-hour clock, PM */
		h = (h % 12) + 12;
	uint64_t days = days_since_epoch(2000 + bcd(year, binary),
					 bcd(mon, binary), bcd(day, binary));
	return days * 86400 + h * 3600 + bcd(min, binary) * 60 +
	       bcd(sec, binary);
}
