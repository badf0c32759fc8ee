/* A module that others depend on (lkm/baseuser): its global symbols are
 * its exports, which lkmd links the modules naming it in their depends
 * against. Shows modprobe's order and rmmod's refusal while it is used. */
#include "lavender/kernel.h"
#include "lavender/module.h"
#include "base.h"

int base_calls;

int base_add(int a, int b)
{
	base_calls++;
	return a + b;
}

static int base_init(void)
{
	kprintf("base: init\n");
	return 0;
}

static void base_exit(void) { kprintf("base: exit (%d calls)\n", base_calls); }

LV_MODULE(.name = "base", .version = "1.0",
	  .description = "exports base_add to the modules that depend on it",
	  .init = base_init, .exit = base_exit);
