/* newlib's per-thread state and locks (newlib is built with
 * __DYNAMIC_REENT__ and retargetable locking, tools/build-newlib.sh).
 * A thread started by lv_thread_start has a thread-local block (libipc
 * thread.c) that %gs reaches: its own struct _reent (errno, stdio) and its
 * thread id. Other threads (the main one, raw lv_thread_create ones) use
 * newlib's global reent and ask the kernel for their id. Locks spin on a
 * compare-and-swap and yield while another thread holds them. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/lock.h>
#include <sys/reent.h>
#include <lavender/syscall.h>
#include <lavender/thread.h>

static int tls_on(void)
{
	uint16_t gs;
	__asm__ volatile("mov %%gs, %0" : "=r"(gs));
	return gs == LV_TLS_SELECTOR;
}

struct _reent *__getreent(void)
{
	if (tls_on()) {
		struct _reent *r;
		__asm__ volatile("mov %%gs:0, %0" : "=r"(r));
		return r;
	}
	return _impure_ptr;
}

/* The calling thread's id (never 0). */
static int self(void)
{
	if (tls_on()) {
		int tid;
		__asm__ volatile("mov %%gs:4, %0" : "=r"(tid));
		return tid;
	}
	return lv_gettid();
}

struct __lock {
	volatile int owner; /* thread id, 0: free */
	int count;	    /* recursive acquisitions */
};

struct __lock __lock___sinit_recursive_mutex, __lock___sfp_recursive_mutex,
    __lock___atexit_recursive_mutex, __lock___at_quick_exit_mutex,
    __lock___malloc_recursive_mutex, __lock___env_recursive_mutex,
    __lock___tz_mutex, __lock___dd_hash_mutex, __lock___arc4random_mutex;

void __retarget_lock_init(_LOCK_T *lock)
{
	*lock = calloc(1, sizeof(struct __lock));
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	__retarget_lock_init(lock);
}

void __retarget_lock_close(_LOCK_T lock) { free(lock); }

void __retarget_lock_close_recursive(_LOCK_T lock) { free(lock); }

static int take(_LOCK_T l, int me, int wait)
{
	if (!l) /* a dynamic lock that could not be made: no locking */
		return 1;
	if (l->owner == me) {
		l->count++;
		return 1;
	}
	while (!__sync_bool_compare_and_swap(&l->owner, 0, me)) {
		if (!wait)
			return 0;
		lv_yield();
	}
	l->count = 1;
	return 1;
}

static void give(_LOCK_T l)
{
	if (l && --l->count == 0)
		__sync_lock_release(&l->owner);
}

void __retarget_lock_acquire(_LOCK_T lock) { take(lock, self(), 1); }

void __retarget_lock_acquire_recursive(_LOCK_T lock) { take(lock, self(), 1); }

int __retarget_lock_try_acquire(_LOCK_T lock) { return take(lock, self(), 0); }

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return take(lock, self(), 0);
}

void __retarget_lock_release(_LOCK_T lock) { give(lock); }

void __retarget_lock_release_recursive(_LOCK_T lock) { give(lock); }
