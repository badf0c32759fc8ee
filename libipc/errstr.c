/* Error code to message, from the one list in uapi/errors.h (the user-space
 * twin of the kernel's err_str). */
#include <lavender/syscall.h>

const char *lv_strerror(int rc)
{
	if (rc < 0)
		rc = -rc;
	switch (rc) {
	case 0: return "success";
#define LV_ERR_CASE(name, value, msg)                                          \
	case value: return msg;
		ERR_LIST(LV_ERR_CASE)
#undef LV_ERR_CASE
	}
	return "unknown error";
}
