/* The CPU's interrupt flag, halting, and ending the machine (QEMU's
 * isa-debug-exit device at port 0xf4 when present, a halt loop otherwise). */
#include "nucleus/cpu.h"
#include "nucleus/machine.h"
#include "nucleus/nucleus.h"

#define DEBUG_EXIT_PORT 0xF4
#define PANIC_EXIT_CODE 3

static int exit_on_panic;

void nu_irq_enable(void) { cpu_sti(); }
void nu_irq_disable(void) { cpu_cli(); }

uint32_t nu_irq_save(void)
{
	uint32_t f = cpu_eflags();
	cpu_cli();
	return f;
}

void nu_irq_restore(uint32_t saved)
{
	if (saved & EFLAGS_IF)
		cpu_sti();
}

void nu_wait_for_interrupt(void) { cpu_sti_hlt(); }

void nu_set_exit_on_panic(int on) { exit_on_panic = on; }

void nu_machine_exit(unsigned code)
{
	cpu_cli();
	outb(DEBUG_EXIT_PORT, (uint8_t)code);
	for (;;)
		cpu_hlt();
}

void nu_machine_panic_exit(void)
{
	if (exit_on_panic)
		nu_machine_exit(PANIC_EXIT_CODE);
	cpu_cli();
	for (;;)
		cpu_hlt();
}
