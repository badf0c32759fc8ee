/* A small module to show and test the kernel's side of modules: init
 * prints a line with its parameters and takes a kernel buffer, exit prints
 * a line and gives the buffer back (user/modtest loads it 50 times and
 * checks that the kernel heap comes back). Not a driver. */
#include "lavender/kernel.h"
#include "lavender/module.h"

static int count = 1;
static char greeting[32] = "hello";
LV_MODULE_PARAM(count, int, "a number init prints");
LV_MODULE_PARAM(greeting, string, "what init says");

static char *buffer; /* from init to exit */

static int hello_init(void)
{
	buffer = kmalloc(256);
	if (!buffer)
		return -ERR_NOMEM;
	memset(buffer, 0, 256);
	kprintf("hello: init: %s, count=%d\n", greeting, count);
	return 0;
}

static void hello_exit(void)
{
	kfree(buffer);
	buffer = NULL;
	kprintf("hello: exit\n");
}

LV_MODULE(.name = "hello", .version = "1.0",
	  .description = "prints a line at init and at exit",
	  .init = hello_init, .exit = hello_exit);
