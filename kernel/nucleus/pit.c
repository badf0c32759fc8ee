/* PIT channel 0 as the periodic tick. The tick count is the kernel's clock. */
#include "nucleus/cpu.h"
#include "nucleus/nucleus.h"
#include "lib/export.h"

#define PIT_CHANNEL0 0x40
#define PIT_COMMAND 0x43
#define PIT_INPUT_HZ 1193182u

static volatile uint64_t ticks;
static unsigned timer_hz;
static nu_tick_handler_t tick_handler;

static void pit_irq(unsigned irq)
{
	(void)irq;
	ticks++;
	if (tick_handler)
		tick_handler(ticks);
}

void nu_timer_init(unsigned hz)
{
	uint32_t divisor = PIT_INPUT_HZ / hz;
	timer_hz = hz;
	outb(PIT_COMMAND,
	     0x34); /* channel 0, lo/hi byte, mode 2 rate generator */
	outb(PIT_CHANNEL0, divisor & 0xFF);
	outb(PIT_CHANNEL0, (divisor >> 8) & 0xFF);
	nu_irq_set_handler(0, pit_irq);
}

uint64_t nu_ticks(void)
{
	uint32_t f = nu_irq_save();
	uint64_t t = ticks;
	nu_irq_restore(f);
	return t;
}
LV_EXPORT(nu_ticks);

unsigned nu_timer_hz(void) { return timer_hz; }
uint64_t nu_rdtsc(void) { return cpu_rdtsc(); }
void nu_timer_set_handler(nu_tick_handler_t h) { tick_handler = h; }
