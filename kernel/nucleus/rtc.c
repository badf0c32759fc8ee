/* The CMOS real-time clock: reading it consistently (never in the middle of
 * its once-a-second update) and switching its format for self-tests. The
 * decoding is rtc_decode.c. The kernel reads the clock at boot; a process
 * holding ports 0x70-0x71 (irqtest) shares the index register with it. */
#include "nucleus/cpu.h"
#include "nucleus/nucleus.h"
#include "nucleus/rtc_decode.h"
#include "lib/string.h"
#include "uapi/errors.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define REG_A 0x0A
#define REG_B 0x0B
#define REG_CENTURY 0x32
#define A_UPDATE_IN_PROGRESS 0x80
#define UIP_POLLS 100000 /* an update lasts at most 2 ms */
#define READ_TRIES 8

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

/* One pass over the time registers, after the update flag went down. */
static void read_raw(rtc_raw_t *r)
{
	for (int i = 0;
	     i < UIP_POLLS && (cmos_read(REG_A) & A_UPDATE_IN_PROGRESS); i++)
		;
	r->sec = cmos_read(0x00);
	r->min = cmos_read(0x02);
	r->hour = cmos_read(0x04);
	r->day = cmos_read(0x07);
	r->mon = cmos_read(0x08);
	r->year = cmos_read(0x09);
	r->century = cmos_read(REG_CENTURY);
	r->status_b = cmos_read(REG_B);
}

int nu_rtc_read(nu_rtc_time_t *out)
{
	rtc_raw_t a, b;
	uint32_t f = nu_irq_save();
	int rc = -ERR_AGAIN;
	read_raw(&a);
	/* An update may start after the flag was read: two passes that agree
	 * saw no update between them. */
	for (int i = 0; i < READ_TRIES; i++, a = b) {
		read_raw(&b);
		if (memcmp(&a, &b, sizeof(a)) == 0) {
			rc = rtc_decode(&b, out);
			break;
		}
	}
	nu_irq_restore(f);
	return rc;
}

uint64_t nu_rtc_epoch(void)
{
	nu_rtc_time_t t;
	if (nu_rtc_read(&t) < 0 || t.year < 1970)
		return 0;
	return rtc_epoch_seconds(&t);
}

unsigned nu_rtc_format(void)
{
	uint32_t f = nu_irq_save();
	unsigned b = cmos_read(REG_B) & (NU_RTC_24H | NU_RTC_BINARY);
	nu_irq_restore(f);
	return b;
}

void nu_rtc_set_format(unsigned format)
{
	uint32_t f = nu_irq_save();
	uint8_t b = cmos_read(REG_B) & ~(NU_RTC_24H | NU_RTC_BINARY);
	outb(CMOS_INDEX, REG_B);
	outb(CMOS_DATA, b | (format & (NU_RTC_24H | NU_RTC_BINARY)));
	nu_irq_restore(f);
}
