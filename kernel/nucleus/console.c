/* The kernel console: kprintf onto the serial line, and panic. Output is
 * serialised by disabling interrupts, so lines from an interrupt handler do not
 * cut into another line's characters. */
#include "nucleus/cpu.h"
#include "nucleus/machine.h"
#include "nucleus/nucleus.h"
#include "nucleus/serial.h"
#include "lib/export.h"
#include "lib/fmt.h"

static int panicking;

void nu_console_init(void) { nu_serial_init(); }

static void console_sink(void *ctx, char c)
{
	(void)ctx;
	if (c == '\n')
		nu_serial_putc('\r');
	nu_serial_putc(c);
}

int kvprintf(const char *fmt, va_list ap)
{
	uint32_t f = nu_irq_save();
	int n = fmt_vformat(console_sink, NULL, fmt, ap);
	nu_irq_restore(f);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
LV_EXPORT(kprintf);

static void __attribute__((noreturn))
panic_v(int backtrace, const char *fmt, va_list ap)
{
	nu_irq_disable();
	if (panicking++) {
		kprintf("panic: (nested panic)\n");
		nu_machine_exit(3);
	}
	kprintf("panic: ");
	kvprintf(fmt, ap);
	kprintf("\n");
	if (backtrace)
		nu_backtrace_print(0, cpu_ebp());
	kprintf("panic: system halted\n");
	nu_machine_panic_exit();
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_v(1, fmt, ap);
}

void nu_panic_stop(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_v(0, fmt, ap);
}
