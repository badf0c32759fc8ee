/* Threads with reserved stacks (see lavender/thread.h). The new thread
 * starts in a trampoline that calls the entry and, when it returns, ends
 * the thread and gives its stack back in one call (thread_exit_free: the
 * kernel unmaps it once the thread runs on its kernel stack). */
#include <stdint.h>
#include <lavender/syscall.h>
#include <lavender/thread.h>

/* Written at the top of the new stack by the creator. */
typedef struct start {
	void (*entry)(void *);
	void *arg;
	uintptr_t lo;
	unsigned len;
} start_t;

static void trampoline(void *p)
{
	start_t st = *(start_t *)p;
	st.entry(st.arg);
	lv_thread_exit_free(0, (void *)st.lo, st.len);
}

int lv_thread_start(void (*entry)(void *), void *arg, unsigned stack_bytes)
{
	void *top;
	unsigned len = stack_bytes ? stack_bytes : LV_THREAD_STACK_DEFAULT;
	int rc = lv_stack_alloc(len, &top);
	if (rc < 0)
		return rc;
	len = (len + 4095u) & ~4095u;
	start_t *st = (start_t *)((uintptr_t)top - 64);
	*st = (start_t){entry, arg, (uintptr_t)top - len, len};
	rc = lv_thread_create(trampoline, st, st);
	if (rc < 0) /* no thread: the stack goes back */
		lv_mem_unmap((char *)top - len, len);
	return rc;
}
