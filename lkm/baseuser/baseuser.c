/* A module that depends on lkm/base: its record names base, lkmd links
 * its call of base_add against base's image, and base cannot be removed
 * while this one is loaded (modprobe loads base first, modprobe -r
 * removes both, this one first). */
#include "lavender/kernel.h"
#include "lavender/module.h"
#include "../base/base.h"

static int baseuser_init(void)
{
	kprintf("baseuser: init: base_add(2, 3) = %d\n", base_add(2, 3));
	return 0;
}

static void baseuser_exit(void) { kprintf("baseuser: exit\n"); }

LV_MODULE(.name = "baseuser", .version = "1.0",
	  .description = "calls base_add of module base", .init = baseuser_init,
	  .exit = baseuser_exit, .depends = {"base"});
