/* Reading "key=value" and bare "flag" words from a kernel command line. Pure.
 * Words are separated by spaces; the first word (the image path GRUB passes)
 * is an ordinary word too. Values cannot contain spaces. */
#ifndef LAVENDER_LIB_CMDLINE_H
#define LAVENDER_LIB_CMDLINE_H
#include <stddef.h>

/* Copies the value of the last "key=value" word into buf (NUL-terminated):
 * a later word overrides an earlier one, as on Linux.
 * Returns the value's length, -ERR_NOENT if absent, -ERR_NAMETOOLONG if it does
 * not fit in size (buf then holds a truncated copy). */
int cmdline_get(const char *cmdline, const char *key, char *buf, size_t size);

/* 1 if a bare word "flag" or a "flag=..." word is present, 0 otherwise. */
int cmdline_has(const char *cmdline, const char *flag);

/* Calls fn for every word whose key (the part before '=', or the whole
 * word) is not in known (a NULL-terminated list of keys); a first word
 * with a '/' and no '=' (the image path loaders put first) is known.
 * Returns how many it found. */
int cmdline_check(const char *cmdline, const char *const *known,
		  void (*fn)(void *ctx, const char *word, size_t len),
		  void *ctx);

/* Splits a comma-separated list in place: calls fn for each non-empty item.
 * Returns the number of items. */
int cmdline_split_list(char *list, void (*fn)(void *ctx, const char *item),
		       void *ctx);

#endif
