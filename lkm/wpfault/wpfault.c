/* A test module whose init writes into its own text, which the kernel maps
 * read-only: the write faults in ring 0 and the kernel's report names the
 * module's functions (proc.modfault; user/modtest wpfault). It stops the
 * kernel: load it only to test that. */
#include "lavender/kernel.h"
#include "lavender/module.h"

static __attribute__((noipa)) void wpfault_write_text(volatile uint8_t *at)
{
	*at = 0xC3;
	__asm__ volatile("" ::: "memory"); /* keep the frame */
}

static int wpfault_init(void)
{
	kprintf("wpfault: writing to my text at %p\n", (void *)wpfault_init);
	wpfault_write_text((volatile uint8_t *)wpfault_init);
	kprintf("wpfault: FAIL text was writable\n");
	return 0;
}

LV_MODULE(.name = "wpfault", .version = "1.0",
	  .description = "test: writes to its own text", .init = wpfault_init);
