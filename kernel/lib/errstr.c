/* Error code to message, from the one list in uapi/errors.h. */
#include "lib/errstr.h"

const char *err_str(int rc)
{
	/* Negated as unsigned: -INT_MIN would overflow. */
	switch (rc < 0 ? 0u - (unsigned)rc : (unsigned)rc) {
	case 0: return "success";
#define ERR_CASE(name, value, msg)                                             \
	case value: return msg;
		ERR_LIST(ERR_CASE)
#undef ERR_CASE
	}
	return "unknown error";
}

const char *err_name(int rc)
{
	/* Negated as unsigned: -INT_MIN would overflow. */
	switch (rc < 0 ? 0u - (unsigned)rc : (unsigned)rc) {
	case 0: return "OK";
#define ERR_NAME_CASE(name, value, msg)                                        \
	case value: return #name;
		ERR_LIST(ERR_NAME_CASE)
#undef ERR_NAME_CASE
	}
	return "ERR_?";
}
