/* Kernel command-line parsing (see cmdline.h). */
#include "lib/cmdline.h"
#include "uapi/errors.h"

/* Finds the word starting with key followed by '=' or a word end; returns a
 * pointer just past the key, or NULL. */
static const char *find_word(const char *s, const char *key)
{
	while (*s) {
		while (*s == ' ')
			s++;
		const char *w = s;
		const char *k = key;
		while (*k && *w == *k)
			w++, k++;
		if (!*k && (*w == '=' || *w == ' ' || *w == '\0'))
			return w;
		while (*s && *s != ' ')
			s++;
	}
	return NULL;
}

int cmdline_get(const char *cmdline, const char *key, char *buf, size_t size)
{
	const char *p = NULL; /* the last "key=" word's '=' */
	for (const char *w = find_word(cmdline, key); w;) {
		if (*w == '=')
			p = w;
		while (*w && *w != ' ')
			w++;
		w = find_word(w, key);
	}
	if (!p)
		return -ERR_NOENT;
	p++;
	size_t len = 0;
	while (p[len] && p[len] != ' ')
		len++;
	if (size == 0)
		return -ERR_NAMETOOLONG;
	size_t n = len < size - 1 ? len : size - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = p[i];
	buf[n] = '\0';
	return len < size ? (int)len : -ERR_NAMETOOLONG;
}

int cmdline_has(const char *cmdline, const char *flag)
{
	return find_word(cmdline, flag) != NULL;
}

int cmdline_check(const char *cmdline, const char *const *known,
		  void (*fn)(void *ctx, const char *word, size_t len),
		  void *ctx)
{
	int unknown = 0;
	for (const char *s = cmdline; *s;) {
		while (*s == ' ')
			s++;
		size_t len = 0, key = 0;
		while (s[len] && s[len] != ' ')
			len++;
		while (key < len && s[key] != '=')
			key++;
		int ok = len == 0;
		for (size_t i = 0; known[i] && !ok; i++) {
			size_t k = 0;
			while (known[i][k] && k < key && known[i][k] == s[k])
				k++;
			ok = !known[i][k] && k == key;
		}
		/* the image's path, which loaders put first */
		if (!ok && s == cmdline + (cmdline[0] == ' ') && key == len)
			for (size_t i = 0; i < len && !ok; i++)
				ok = s[i] == '/';
		if (!ok) {
			fn(ctx, s, len);
			unknown++;
		}
		s += len;
	}
	return unknown;
}

int cmdline_split_list(char *list, void (*fn)(void *ctx, const char *item),
		       void *ctx)
{
	int count = 0;
	char *item = list;
	for (char *p = list;; p++) {
		if (*p != ',' && *p != '\0')
			continue;
		char end = *p;
		*p = '\0';
		if (*item) {
			fn(ctx, item);
			count++;
		}
		if (!end)
			return count;
		item = p + 1;
	}
}
