/* Messages and names for the error codes of uapi/errors.h. Pure. */
#ifndef LAVENDER_LIB_ERRSTR_H
#define LAVENDER_LIB_ERRSTR_H
#include "uapi/errors.h"

/* Message for rc (sign ignored); "unknown error" if not in the list. */
const char *err_str(int rc);
/* Symbolic name, e.g. "ERR_FAULT"; "ERR_?" if not in the list. */
const char *err_name(int rc);

#endif
