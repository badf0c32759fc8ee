/* The parameters of a LOAD request (lavender/lkmd_proto.h), pure and
 * host-tested: "key=value" words as the shell took them from the command
 * line, each ended by a NUL, the list ended by an empty word -- so a value
 * may hold blanks and quotes without any escaping. lkmd checks the whole
 * list before it loads anything; modlink_param_set then sets each word. */
#ifndef LAVENDER_LKMD_PURE_MODARGS_H
#define LAVENDER_LKMD_PURE_MODARGS_H
#include <stddef.h>

/* Checks the list in buf (size bytes): every word NUL-terminated inside
 * buf, the list ended by an empty word (or by the end of buf right after
 * a word's NUL), each word "key=value" with a key of 1 or more bytes.
 * Returns the number of words, or -ERR_INVAL with the reason (naming the
 * word) in err. */
int modargs_check(const char *buf, size_t size, char *err, size_t errlen);

/* The word after *at (start with *at = 0) of a list modargs_check passed,
 * or NULL at its end. */
const char *modargs_next(const char *buf, size_t size, size_t *at);

/* Appends word to the list in buf (size bytes, *used of them taken, the
 * ending empty word not counted): 0, -ERR_INVAL for an empty word,
 * -ERR_2BIG when it and the list's end do not fit. */
int modargs_add(char *buf, size_t size, size_t *used, const char *word);

#endif
