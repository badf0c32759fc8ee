/* Driver kinds (see pure_drvkind.h): parsing only, no system calls. */
#include <stdio.h>
#include <string.h>
#include "uapi/errors.h"
#include "pure_drvkind.h"
#include "../lkmd/pure_modargs.h"

#define WORD_MAX 128

/* The next blank-separated word of s from *at into w (cap bytes): its
 * length, 0 at the end, -ERR_INVAL when it does not fit. */
static int next_word(const char *s, size_t *at, char *w, size_t cap)
{
	while (s[*at] == ' ')
		(*at)++;
	size_t n = strcspn(s + *at, " ");
	if (n >= cap)
		return -ERR_INVAL;
	memcpy(w, s + *at, n);
	w[n] = '\0';
	*at += n;
	return (int)n;
}

static int kind_of(const char *value)
{
	if (strcmp(value, "user") == 0)
		return DRV_KIND_USER;
	if (strcmp(value, "module") == 0)
		return DRV_KIND_MODULE;
	return -ERR_INVAL;
}

int drvkind_take(const char *args, char *rest, size_t len)
{
	char w[WORD_MAX];
	size_t at = 0, used = 0;
	int kind = 0, n;
	while ((n = next_word(args, &at, w, sizeof(w))) > 0) {
		if (strncmp(w, "kind=", 5) == 0) {
			if (kind)
				return -ERR_INVAL;
			kind = kind_of(w + 5);
			if (kind < 0)
				return kind;
			continue;
		}
		int wrote = snprintf(rest + used, len - used, "%s%s",
				     used ? " " : "", w);
		if (wrote < 0 || (size_t)wrote >= len - used)
			return -ERR_INVAL;
		used += (size_t)wrote;
	}
	if (n < 0 || len == 0)
		return -ERR_INVAL;
	rest[used] = '\0';
	return kind ? kind : DRV_KIND_USER;
}

int drvkind_is_field(const char *word)
{
	char w[WORD_MAX];
	if (!word || !*word || strlen(word) >= sizeof(w))
		return 0;
	strcpy(w, word);
	for (char *save, *k = strtok_r(w, ",", &save); k;
	     k = strtok_r(NULL, ",", &save))
		if (kind_of(k) < 0)
			return 0;
	return word[strlen(word) - 1] != ',';
}

int drvkind_allows(const char *kinds, int kind)
{
	char w[WORD_MAX];
	if (!kinds || !*kinds)
		return kind == DRV_KIND_USER;
	if (!drvkind_is_field(kinds))
		return 0;
	strcpy(w, kinds);
	for (char *save, *k = strtok_r(w, ",", &save); k;
	     k = strtok_r(NULL, ",", &save))
		if (kind_of(k) == kind)
			return 1;
	return 0;
}

int drvkind_params(const char *rest, char *params, size_t size, char *err,
		   size_t errlen)
{
	char w[WORD_MAX];
	size_t at = 0, used = 0;
	int n = next_word(rest, &at, w, sizeof(w)); /* KIND */
	memset(params, 0, size);
	while (n > 0 && (n = next_word(rest, &at, w, sizeof(w))) > 0) {
		const char *word = strcmp(w, "pci") == 0	? "pci=1"
				   : strcmp(w, "handover") == 0 ? "handover=1"
								: w;
		const char *eq = strchr(word, '=');
		if (!eq || eq == word) {
			snprintf(err, errlen,
				 "%s: not a module parameter (key=value, pci "
				 "or handover)",
				 w);
			return -ERR_INVAL;
		}
		if (modargs_add(params, size, &used, word) < 0) {
			snprintf(err, errlen, "parameters too long");
			return -ERR_INVAL;
		}
	}
	if (n < 0) {
		snprintf(err, errlen, "a word too long");
		return -ERR_INVAL;
	}
	return 0;
}

const char *drvkind_name(int kind)
{
	return kind == DRV_KIND_MODULE ? "module" : "user";
}
