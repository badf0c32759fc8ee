/* printf-style formatter (see fmt.h for what it supports). No floating point.
 */
#include "lib/fmt.h"

enum fmt_flag {
	FMT_LEFT = 1,
	FMT_PLUS = 2,
	FMT_SPACE = 4,
	FMT_ALT = 8,
	FMT_ZERO = 16,
};

typedef struct fmt_out {
	fmt_sink_t sink;
	void *ctx;
	int count;
} fmt_out_t;

typedef struct fmt_spec {
	int flags;
	int width;
	int precision; /* -1: none given */
	char conv;
} fmt_spec_t;

static void out_char(fmt_out_t *out, char c)
{
	out->sink(out->ctx, c);
	out->count++;
}

static void out_repeat(fmt_out_t *out, char c, int n)
{
	while (n-- > 0)
		out_char(out, c);
}

static void out_string(fmt_out_t *out, const fmt_spec_t *spec, const char *s)
{
	int len = 0;
	if (!s)
		s = "(null)";
	while (s[len] && (spec->precision < 0 || len < spec->precision))
		len++;
	if (!(spec->flags & FMT_LEFT))
		out_repeat(out, ' ', spec->width - len);
	for (int i = 0; i < len; i++)
		out_char(out, s[i]);
	if (spec->flags & FMT_LEFT)
		out_repeat(out, ' ', spec->width - len);
}

/* Lays out sign, prefix, zero padding and digits as C's printf does. */
static void out_number(fmt_out_t *out, const fmt_spec_t *spec,
		       unsigned long long value, int negative)
{
	char digits[24];
	int ndigits = 0;
	unsigned base = 10;
	const char *set = "0123456789abcdef";
	const char *prefix = "";

	if (spec->conv == 'o')
		base = 8;
	else if (spec->conv == 'x' || spec->conv == 'X' || spec->conv == 'p')
		base = 16;
	if (spec->conv == 'X')
		set = "0123456789ABCDEF";
	while (value) {
		digits[ndigits++] = set[value % base];
		value /= base;
	}

	int zeros = spec->precision > ndigits ? spec->precision - ndigits : 0;
	if (spec->conv == 'o' && (spec->flags & FMT_ALT) && zeros == 0 &&
	    (ndigits == 0 || digits[ndigits - 1] != '0'))
		zeros = 1;
	if (spec->precision < 0 && ndigits == 0 && zeros == 0)
		zeros = 1; /* a plain zero still prints "0" */

	if (negative)
		prefix = "-";
	else if ((spec->conv == 'd' || spec->conv == 'i') &&
		 (spec->flags & FMT_PLUS))
		prefix = "+";
	else if ((spec->conv == 'd' || spec->conv == 'i') &&
		 (spec->flags & FMT_SPACE))
		prefix = " ";
	else if (spec->conv == 'p' && ndigits)
		prefix = "0x";
	else if ((spec->flags & FMT_ALT) && ndigits && spec->conv == 'x')
		prefix = "0x";
	else if ((spec->flags & FMT_ALT) && ndigits && spec->conv == 'X')
		prefix = "0X";

	int plen = 0;
	while (prefix[plen])
		plen++;
	int body = plen + zeros + ndigits;
	int pad = spec->width > body ? spec->width - body : 0;
	if ((spec->flags & FMT_ZERO) && !(spec->flags & FMT_LEFT) &&
	    spec->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(spec->flags & FMT_LEFT))
		out_repeat(out, ' ', pad);
	for (int i = 0; i < plen; i++)
		out_char(out, prefix[i]);
	out_repeat(out, '0', zeros);
	while (ndigits)
		out_char(out, digits[--ndigits]);
	if (spec->flags & FMT_LEFT)
		out_repeat(out, ' ', pad);
}

static const char *parse_flags(const char *f, fmt_spec_t *spec)
{
	for (;; f++) {
		switch (*f) {
		case '-': spec->flags |= FMT_LEFT; break;
		case '+': spec->flags |= FMT_PLUS; break;
		case ' ': spec->flags |= FMT_SPACE; break;
		case '#': spec->flags |= FMT_ALT; break;
		case '0': spec->flags |= FMT_ZERO; break;
		default: return f;
		}
	}
}

static const char *parse_int(const char *f, int *value)
{
	*value = 0;
	while (*f >= '0' && *f <= '9')
		*value = *value * 10 + (*f++ - '0');
	return f;
}

/* Reads a signed or unsigned argument of the given length (0 int, 1 long,
 * 2 long long, -1 short, -2 char, 3 size_t). */
static unsigned long long fetch_unsigned(va_list *ap, int length)
{
	switch (length) {
	case 2: return va_arg(*ap, unsigned long long);
	case 1: return va_arg(*ap, unsigned long);
	case 3: return va_arg(*ap, size_t);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	default: return va_arg(*ap, unsigned int);
	}
}

static long long fetch_signed(va_list *ap, int length)
{
	switch (length) {
	case 2: return va_arg(*ap, long long);
	case 1: return va_arg(*ap, long);
	case 3: return va_arg(*ap, ptrdiff_t); /* %zd: signed size_t */
	case -1: return (short)va_arg(*ap, int);
	case -2: return (signed char)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

static const char *parse_length(const char *f, int *length)
{
	*length = 0;
	if (f[0] == 'h' && f[1] == 'h')
		return *length = -2, f + 2;
	if (f[0] == 'h')
		return *length = -1, f + 1;
	if (f[0] == 'l' && f[1] == 'l')
		return *length = 2, f + 2;
	if (f[0] == 'l')
		return *length = 1, f + 1;
	if (f[0] == 'z')
		return *length = 3, f + 1;
	return f;
}

static void convert(fmt_out_t *out, fmt_spec_t *spec, int length, va_list *ap)
{
	switch (spec->conv) {
	case 'd':
	case 'i': {
		long long v = fetch_signed(ap, length);
		unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v
					       : (unsigned long long)v;
		out_number(out, spec, mag, v < 0);
		break;
	}
	case 'u':
	case 'o':
	case 'x':
	case 'X': out_number(out, spec, fetch_unsigned(ap, length), 0); break;
	case 'p': {
		void *p = va_arg(*ap, void *);
		if (!p) {
			spec->precision = -1;
			out_string(out, spec, "(nil)");
		} else {
			out_number(out, spec, (unsigned long)p, 0);
		}
		break;
	}
	case 's': out_string(out, spec, va_arg(*ap, const char *)); break;
	case 'c': {
		char c[2] = {(char)va_arg(*ap, int), 0};
		spec->precision = -1;
		if (!(spec->flags & FMT_LEFT))
			out_repeat(out, ' ', spec->width - 1);
		out_char(out, c[0]);
		if (spec->flags & FMT_LEFT)
			out_repeat(out, ' ', spec->width - 1);
		break;
	}
	default: /* '%' and unknown conversions print themselves */
		out_char(out, spec->conv);
		break;
	}
}

int fmt_vformat(fmt_sink_t sink, void *ctx, const char *fmt, va_list ap)
{
	fmt_out_t out = {sink, ctx, 0};
	va_list args;
	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			out_char(&out, *f);
			continue;
		}
		fmt_spec_t spec = {0, 0, -1, 0};
		int length;
		f = parse_flags(f + 1, &spec);
		if (*f == '*') {
			spec.width = va_arg(args, int);
			if (spec.width < 0) {
				spec.flags |= FMT_LEFT;
				spec.width = -spec.width;
			}
			f++;
		} else {
			f = parse_int(f, &spec.width);
		}
		if (*f == '.') {
			f++;
			if (*f == '*') {
				spec.precision = va_arg(args, int);
				if (spec.precision < 0)
					spec.precision = -1;
				f++;
			} else {
				f = parse_int(f, &spec.precision);
			}
		}
		f = parse_length(f, &length);
		if (!*f)
			break;
		spec.conv = *f;
		convert(&out, &spec, length, &args);
	}
	va_end(args);
	return out.count;
}

typedef struct fmt_buf {
	char *buf;
	size_t size;
	size_t pos;
} fmt_buf_t;

static void buf_sink(void *ctx, char c)
{
	fmt_buf_t *b = ctx;
	if (b->size && b->pos < b->size - 1)
		b->buf[b->pos] = c;
	b->pos++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	fmt_buf_t b = {buf, size, 0};
	int n = fmt_vformat(buf_sink, &b, fmt, ap);
	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
