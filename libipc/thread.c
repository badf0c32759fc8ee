/* Threads with reserved stacks (see lavender/thread.h). The new thread
 * starts in a trampoline that sets up its thread-local block (its own
 * newlib state, reached through %gs: user/lib/threads.c), calls the entry
 * and, when it returns, frees that state, ends the thread and gives its
 * stack back in one call (thread_exit_free: the kernel unmaps it once the
 * thread runs on its kernel stack). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/reent.h>
#include <lavender/syscall.h>
#include <lavender/thread.h>

#define USER_DATA_SELECTOR 0x23u

/* The thread-local block: what %gs:0 and %gs:4 read. */
typedef struct tls_block {
	struct _reent *reent;
	int tid;
} tls_block_t;

/* Written at the top of the new stack by the creator. */
typedef struct start {
	tls_block_t tls;
	void (*entry)(void *);
	void *arg;
	uintptr_t lo;
	unsigned len;
} start_t;

static void trampoline(void *p)
{
	start_t *st = p;
	st->tls.tid = lv_gettid();
	if (st->tls.reent && lv_thread_set_tls(&st->tls) == 0)
		__asm__ volatile("mov %0, %%gs" ::"r"(LV_TLS_SELECTOR));
	st->entry(st->arg);
	struct _reent *r = st->tls.reent;
	if (r) { /* back to the shared state, then free the thread's own */
		__asm__ volatile("mov %0, %%gs" ::"r"(USER_DATA_SELECTOR));
		lv_thread_set_tls(NULL);
		_reclaim_reent(r);
		free(r);
	}
	lv_thread_exit_free(0, (void *)st->lo, st->len);
}

int lv_thread_start(void (*entry)(void *), void *arg, unsigned stack_bytes)
{
	void *top;
	unsigned len = stack_bytes ? stack_bytes : LV_THREAD_STACK_DEFAULT;
	int rc = lv_stack_alloc(len, &top);
	if (rc < 0)
		return rc;
	len = (len + 4095u) & ~4095u;
	start_t *st = (start_t *)((uintptr_t)top - 128);
	*st = (start_t){{NULL, 0}, entry, arg, (uintptr_t)top - len, len};
	st->tls.reent = malloc(sizeof(struct _reent));
	if (st->tls.reent)
		_REENT_INIT_PTR(st->tls.reent);
	rc = lv_thread_create(trampoline, st, st);
	if (rc < 0) { /* no thread: its state and stack go back */
		free(st->tls.reent);
		lv_mem_unmap((char *)top - len, len);
	}
	return rc;
}
