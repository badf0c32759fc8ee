/* Freestanding string and memory functions; plain C, no hardware. */
#include "lib/string.h"
#include "lib/export.h"
#include <stdint.h>

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	/* Words where alignment allows: loops cost per iteration under
	 * emulation, and the kernel clears and copies on hot paths. */
	if (((uintptr_t)d & 3) == 0) {
		uint32_t word = (unsigned char)c * 0x01010101u;
		for (; n >= 4; n -= 4, d += 4)
			*(uint32_t *)d = word;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
LV_EXPORT(memset);

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0)
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(uint32_t *)d = *(const uint32_t *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}
LV_EXPORT(memcpy);

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}
LV_EXPORT(memmove);

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
LV_EXPORT(memcmp);

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}
LV_EXPORT(strlen);

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
