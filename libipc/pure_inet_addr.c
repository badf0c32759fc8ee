/* IPv4 addresses as text (pure_inet_addr.h): the parsers of inet_pton and
 * inet_aton and the writer of inet_ntop, without libc's ctype (its locale
 * must not change what an address means). */
#include "pure_inet_addr.h"
#include "uapi/errors.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r'); /* \t \n \v \f \r */
}

/* The value of c as a digit of base, or -1. */
static int digit_value(char c, unsigned base)
{
	int v = -1;

	if (is_digit(c))
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	return v >= 0 && (unsigned)v < base ? v : -1;
}

int lv_inet_pton4(const char *s, uint32_t *addr)
{
	uint32_t a = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0, digits = 0;

		if (part > 0 && *s++ != '.')
			return -ERR_INVAL;
		for (; is_digit(*s); s++, digits++) {
			if (digits == 3 || (digits == 1 && v == 0))
				return -ERR_INVAL; /* too long, leading 0 */
			v = v * 10 + (unsigned)(*s - '0');
		}
		if (digits == 0 || v > 255)
			return -ERR_INVAL;
		a = a << 8 | v;
	}
	if (*s != '\0')
		return -ERR_INVAL;
	*addr = a;
	return 0;
}

/* Reads one inet_aton number at *sp (advanced past it) into *v. */
static int aton_number(const char **sp, uint32_t *v)
{
	const char *s = *sp;
	unsigned base = 10;
	uint64_t n = 0;
	int d, digits = 0;

	if (!is_digit(*s))
		return -ERR_INVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; (d = digit_value(*s, base)) >= 0; s++, digits++) {
		n = n * base + (unsigned)d;
		if (n > UINT32_MAX)
			return -ERR_INVAL;
	}
	if (digits == 0 || is_digit(*s))
		return -ERR_INVAL; /* "0x" alone, or an 8 or 9 in octal */
	*v = (uint32_t)n;
	*sp = s;
	return 0;
}

int lv_inet_aton(const char *s, uint32_t *addr)
{
	uint32_t parts[4], a = 0;
	int n = 0;

	for (;;) {
		if (aton_number(&s, &parts[n]) < 0)
			return -ERR_INVAL;
		n++;
		if (*s != '.')
			break;
		if (n == 4)
			return -ERR_INVAL; /* a dot too many */
		s++;
	}
	if (*s != '\0' && !is_space(*s))
		return -ERR_INVAL;
	/* Every part but the last is one byte; the last fills the rest. */
	for (int i = 0; i < n - 1; i++) {
		if (parts[i] > 255)
			return -ERR_INVAL;
		a |= parts[i] << (24 - 8 * i);
	}
	if (n > 1 && parts[n - 1] >> (8 * (5 - n)))
		return -ERR_INVAL;
	*addr = a | parts[n - 1];
	return 0;
}

int lv_inet_ntop4(uint32_t addr, char *buf, size_t size)
{
	char text[LV_INET_ADDRSTRLEN];
	size_t len = 0;

	for (int i = 0; i < 4; i++) {
		unsigned v = (addr >> (24 - 8 * i)) & 0xFF;

		if (i > 0)
			text[len++] = '.';
		if (v >= 100)
			text[len++] = (char)('0' + v / 100);
		if (v >= 10)
			text[len++] = (char)('0' + v / 10 % 10);
		text[len++] = (char)('0' + v % 10);
	}
	text[len] = '\0';
	if (len + 1 > size) {
		if (size > 0)
			buf[0] = '\0';
		return -ERR_NOSPC;
	}
	for (size_t i = 0; i <= len; i++)
		buf[i] = text[i];
	return (int)len;
}
