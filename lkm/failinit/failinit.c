/* A test module whose init fails (-ERR_NODEV) after taking and giving back
 * kernel memory: the kernel must undo the install (user/modtest). */
#include "lavender/kernel.h"
#include "lavender/module.h"

static int failinit_init(void)
{
	void *p = kmalloc(128);
	kfree(p);
	kprintf("failinit: init fails on purpose\n");
	return -ERR_NODEV;
}

static void failinit_exit(void) { kprintf("failinit: exit must not run\n"); }

LV_MODULE(.name = "failinit", .version = "1.0",
	  .description = "test: an init that fails", .init = failinit_init,
	  .exit = failinit_exit);
