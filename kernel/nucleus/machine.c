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

/* Intel's PIIX/ICH reset control register: SYS_RST (bit 1) chooses a hard
 * reset, RST_CPU (bit 2) going from 0 to 1 starts it. */
#define RESET_CONTROL_PORT 0xCF9
#define RESET_CONTROL_HARD 0x02
#define RESET_CONTROL_START 0x04
/* The 8042 keyboard controller: command 0xFE pulses the CPU's reset line. */
#define KBC_STATUS_PORT 0x64
#define KBC_STATUS_INPUT_FULL 0x02
#define KBC_PULSE_RESET 0xFE

void nu_machine_reset(void)
{
	cpu_cli();
	outb(RESET_CONTROL_PORT, RESET_CONTROL_HARD);
	outb(RESET_CONTROL_PORT, RESET_CONTROL_HARD | RESET_CONTROL_START);
	for (int i = 0;
	     i < 100000 && (inb(KBC_STATUS_PORT) & KBC_STATUS_INPUT_FULL); i++)
		;
	outb(KBC_STATUS_PORT, KBC_PULSE_RESET);
	/* Still here: no IDT, so the next exception is a triple fault. */
	static const struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) no_idt = {0, 0};
	__asm__ volatile("lidt %0; int3" : : "m"(no_idt));
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
