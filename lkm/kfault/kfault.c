/* A test module whose thread faults on purpose (proc.kproc): it registers
 * "kfault" (type "test") and, at the first message on its port, writes to
 * its own read-only text. The kernel reports the fault with the module's
 * function names, ends the module's process (its port dies, so the name
 * goes) and marks the module dead; the node goes on. */
#include "lavender/kernel.h"
#include "lavender/kns.h"
#include "lavender/module.h"

static lv_msg_t msg;

static __attribute__((noipa)) void kfault_crash(volatile uint8_t *at)
{
	*at = 0xC3;
	__asm__ volatile("" ::: "memory"); /* keep the frame */
}

static void kfault_main(void *arg)
{
	(void)arg;
	int rc = kns_register("kfault", "test", "", KPROC_PORT);
	kprintf("kfault: registered as pid %d: %d\n", kproc_pid(), rc);
	if (rc < 0)
		return;
	rc = kipc_receive(KPROC_PORT, &msg.h, sizeof(msg), LV_WAIT_FOREVER);
	kprintf("kfault: message (%d); writing to my text\n", rc);
	kfault_crash((volatile uint8_t *)kfault_main);
	kprintf("kfault: FAIL text was writable\n");
}

static int kfault_init(void) { return kthread_start(kfault_main, NULL); }

LV_MODULE(.name = "kfault", .version = "1.0",
	  .description = "test: its thread writes to its own text",
	  .init = kfault_init);
