/* libipc's own side of remote lookups (ns_remote.c): what lv_ns_lookup
 * tells it, for lv_ns_call_strerror. */
#ifndef LIBIPC_NS_REMOTE_H
#define LIBIPC_NS_REMOTE_H

/* A name@node lookup succeeded: notes which protocol server runs now (the
 * one whose proxy ports this process calls). */
void ns_remote_made(void);

#endif
