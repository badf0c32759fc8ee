/* Threads with reserved stacks (see lavender/thread.h). */
#include <stdint.h>
#include <lavender/syscall.h>
#include <lavender/thread.h>

int lv_thread_start(void (*entry)(void *), void *arg, unsigned stack_bytes)
{
	void *top;
	unsigned len = stack_bytes ? stack_bytes : LV_THREAD_STACK_DEFAULT;
	int rc = lv_stack_alloc(len, &top);
	if (rc < 0)
		return rc;
	rc = lv_thread_create(entry, top, arg);
	if (rc < 0) { /* no thread: the stack goes back */
		len = (len + 4095u) & ~4095u;
		lv_mem_unmap((char *)top - len, len);
	}
	return rc;
}
