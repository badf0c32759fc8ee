/* The tick clock for programs: lv_ticks on the time call. */
#include <lavender/clock.h>
#include <lavender/syscall.h>

int lv_ticks(uint64_t *ticks, uint32_t *hz)
{
	lv_time_t t;
	int rc = lv_time(&t);
	if (rc < 0)
		return rc;
	if (ticks)
		*ticks = t.ticks;
	if (hz)
		*hz = t.hz;
	return 0;
}
