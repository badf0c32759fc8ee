/* Threads with stacks of their own: lv_thread_start reserves a stack (the
 * kernel's stack_alloc: backed on first touch, a guard gap below, a touch
 * there reported as a stack overflow) and starts entry(arg) on it. When
 * entry returns, the thread ends and its stack is given back; a thread that
 * ends with lv_thread_exit instead leaves its stack reserved until the
 * process ends. Each such thread has newlib state of its own (errno, its
 * own stdin/stdout/stderr streams, reentrant calls); newlib's locks (stdio,
 * malloc) hold between threads. */
#ifndef LAVENDER_THREAD_H
#define LAVENDER_THREAD_H

#define LV_THREAD_STACK_DEFAULT (1u << 20) /* bytes */

/* Starts entry(arg) on a new stack of stack_bytes (0: the default, 1 MiB;
 * 64 KiB..8 MiB). Returns the thread id, or -ERR_NOMEM (no room or over the
 * memory limit), -ERR_NOSPC (no region left), -ERR_INVAL, -ERR_AGAIN
 * (thread limit). */
int lv_thread_start(void (*entry)(void *), void *arg, unsigned stack_bytes);

#endif
