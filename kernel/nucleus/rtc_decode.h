/* Decoding the CMOS clock's (MC146818) time registers: BCD or binary and 12
 * or 24 hours, as status register B says; in 12-hour mode bit 7 of the hour
 * is PM, and 12 AM is hour 0, 12 PM hour 12. The century comes from register
 * 0x32 when it holds one. Pure (no I/O): host tests run it as is; rtc.c does
 * the reading. Nucleus-internal. */
#ifndef LAVENDER_NUCLEUS_RTC_DECODE_H
#define LAVENDER_NUCLEUS_RTC_DECODE_H
#include <stdint.h>
#include "nucleus/nucleus.h"

#define RTC_B_24H NU_RTC_24H
#define RTC_B_BINARY NU_RTC_BINARY
#define RTC_HOUR_PM 0x80u /* 12-hour mode: the hour's bit 7 */

/* The registers as the clock holds them, all in the format status_b says. */
typedef struct rtc_raw {
	uint8_t sec, min, hour, day, mon, year;
	uint8_t century; /* register 0x32: absent on some boards */
	uint8_t status_b;
} rtc_raw_t;

/* Fills *out (24-hour time, four-digit year) from raw; -ERR_INVAL if a
 * register holds a value the format cannot have (a BCD digit above 9, hour
 * 0 or 13 in 12-hour mode, day 31 of a 30-day month...); *out is then
 * untouched. The century register counts when it reads 19-99 in the same
 * format; otherwise years 70-99 are 19xx and 00-69 20xx. */
int rtc_decode(const rtc_raw_t *raw, nu_rtc_time_t *out);

/* Seconds from 1970-01-01 00:00:00 to t (proleptic Gregorian, no leap
 * seconds); t must be a valid date from 1970 on. */
uint64_t rtc_epoch_seconds(const nu_rtc_time_t *t);

#endif
