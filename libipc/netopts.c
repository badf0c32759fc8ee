/* The kernel command line's network options for the protocol server (see
 * lavender/netopts.h): the cmdline call, then the pure parser. */
#include <lavender/netopts.h>
#include <lavender/syscall.h>

int lv_netopts_read(lv_netopts_t *out)
{
	char line[LV_CMDLINE_MAX];
	*out = (lv_netopts_t){0};
	int rc = lv_cmdline(line, sizeof(line));
	return rc < 0 ? rc : lv_netopts_parse(line, out);
}
