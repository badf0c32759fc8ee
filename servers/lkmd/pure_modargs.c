/* The parameter list of a LOAD request (pure_modargs.h). */
#include <stdio.h>
#include <string.h>
#include "uapi/errors.h"
#include "pure_modargs.h"

int modargs_check(const char *buf, size_t size, char *err, size_t errlen)
{
	size_t at = 0;
	int n = 0;
	while (at < size && buf[at] != '\0') {
		size_t len = strnlen(buf + at, size - at);
		if (len == size - at) {
			snprintf(err, errlen, "parameter %d is not terminated",
				 n + 1);
			return -ERR_INVAL;
		}
		const char *eq = memchr(buf + at, '=', len);
		if (!eq || eq == buf + at) {
			snprintf(err, errlen,
				 "%.*s: not a parameter (key=value)",
				 (int)(len > 64 ? 64 : len), buf + at);
			return -ERR_INVAL;
		}
		at += len + 1;
		n++;
	}
	return n;
}

const char *modargs_next(const char *buf, size_t size, size_t *at)
{
	if (*at >= size || buf[*at] == '\0')
		return NULL;
	const char *word = buf + *at;
	*at += strnlen(word, size - *at) + 1;
	return word;
}

int modargs_add(char *buf, size_t size, size_t *used, const char *word)
{
	size_t len = strlen(word);
	if (len == 0)
		return -ERR_INVAL;
	if (*used > size || size - *used < len + 2) /* its NUL, the end */
		return -ERR_2BIG;
	memcpy(buf + *used, word, len + 1);
	*used += len + 1;
	buf[*used] = '\0';
	return 0;
}
