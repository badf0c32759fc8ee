/* Spawn argument strings into words (see args.h). */
#include "lib/args.h"
#include "uapi/errors.h"

int args_split(char *s, uint32_t *words, int max)
{
	char *r = s, *w = s; /* read and write: w never passes r */
	int n = 0;

	for (;;) {
		while (*r == ' ')
			r++;
		if (!*r)
			return n;
		if (n == max)
			return -ERR_2BIG;
		words[n++] = (uint32_t)(w - s);
		while (*r && *r != ' ') {
			if (*r == '\\') {
				if (!r[1])
					return -ERR_INVAL;
				*w++ = r[1];
				r += 2;
			} else if (*r == '\'') {
				for (r++; *r != '\''; *w++ = *r++)
					if (!*r)
						return -ERR_INVAL;
				r++;
			} else {
				*w++ = *r++;
			}
		}
		/* w < r or *r is a space or the end: the NUL loses nothing. */
		if (*r)
			r++;
		*w++ = '\0';
	}
}
