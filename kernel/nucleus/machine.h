/* Stopping the machine after a panic. Nucleus-internal. */
#ifndef LAVENDER_NUCLEUS_MACHINE_H
#define LAVENDER_NUCLEUS_MACHINE_H

/* Prints "panic: <message>" and stops the machine (no backtrace: callers that
 * want one print it first). */
void nu_panic_stop(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

/* Exits QEMU (status 3<<1|1) if exit-on-panic is set, else halts forever. */
void nu_machine_panic_exit(void) __attribute__((noreturn));

#endif
