/* printf-style formatting into a caller-supplied sink. Pure: used by the kernel
 * console and unit-tested on the host against the C library's snprintf.
 * Supports flags "-+ #0", width and precision (numbers or '*'), length
 * modifiers hh h l ll z, and conversions d i u o x X p s c %. */
#ifndef LAVENDER_LIB_FMT_H
#define LAVENDER_LIB_FMT_H
#include <stdarg.h>
#include <stddef.h>

/* Receives each output character in order. */
typedef void (*fmt_sink_t)(void *ctx, char c);

/* Formats to sink; returns the number of characters produced. */
int fmt_vformat(fmt_sink_t sink, void *ctx, const char *fmt, va_list ap);

/* snprintf semantics: writes at most size-1 chars plus NUL (when size > 0) and
 * returns the length the full output would have. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
