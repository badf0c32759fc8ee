/* The driver-name rule both NE2000 drivers apply (see pure_args.h). */
#include "pure_args.h"

int ne2k_name_ok(const char *s)
{
	unsigned n = 0;
	for (; s[n]; n++)
		if (n == NE2K_NAME_MAX ||
		    !((s[n] >= 'a' && s[n] <= 'z') ||
		      (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '_' ||
		      s[n] == '-' || s[n] == '.'))
			return 0;
	return n > 0;
}
