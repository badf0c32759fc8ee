/* The module file paths of LOAD and INFO requests (lavender/lkmd_proto.h),
 * pure and host-tested: one spelling for one file, so insmod and modprobe
 * take the same paths and lkmd's log names them alike. */
#ifndef LAVENDER_LKMD_PURE_MODPATH_H
#define LAVENDER_LKMD_PURE_MODPATH_H
#include <stddef.h>

/* path (from the root: it starts with '/') written into out (len bytes)
 * without empty and "." components, each ".." taking the one before it
 * away (at the root it stays there), and no '/' at its end but for "/"
 * itself: "/./lib//modules/../modules/hello.ko" is
 * "/lib/modules/hello.ko". 0; -ERR_INVAL for a path not from the root;
 * -ERR_NAMETOOLONG when it does not fit. out may not be path. */
int modpath_normal(const char *path, char *out, size_t len);

#endif
