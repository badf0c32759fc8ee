/* Splitting a spawn argument string into argv. Pure. The format (the one
 * spawn documents in uapi/syscalls.h): words separated by spaces; a
 * backslash makes the next byte part of the word (a space, a quote, a
 * backslash); '...' makes every byte up to the next ' part of the word, so
 * '' is an empty word. A plain string of words means what it always did. */
#ifndef LAVENDER_LIB_ARGS_H
#define LAVENDER_LIB_ARGS_H
#include <stddef.h>
#include <stdint.h>

/* Splits s in place: each word is unquoted and NUL-terminated inside s, and
 * its offset from s is stored in words[0..n). Returns n, -ERR_2BIG for more
 * than max words, -ERR_INVAL for an unterminated ' or a backslash at the
 * end (s is then partly rewritten). */
int args_split(char *s, uint32_t *words, int max);

#endif
