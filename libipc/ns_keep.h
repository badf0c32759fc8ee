/* What this process registered with the name server, kept to register it
 * again on a restarted one (ns_keep.c); libipc's own, not an API. */
#ifndef LIBIPC_NS_KEEP_H
#define LIBIPC_NS_KEEP_H
#include <stdint.h>
#include <lavender/server.h>

/* Makes sure a restart will be noticed (a sysport watch on a port of this
 * process's): called before a REGISTER or SUBSCRIBE is sent, so no restart
 * after it goes unseen. A restart between this and the request's arrival
 * may replay the request once more (a name: -ERR_EXIST, ignored; a
 * subscription: made twice, its events then come twice). */
void ns_keep_watch(void);
/* A name was registered (or registered again) with flags (LV_NS_*): kept,
 * by name. */
void ns_keep_name(const char *name, const char *type, const char *attrs,
		  int handle, uint32_t flags);
/* A kept name's type or attributes changed (NULL: unchanged), and its
 * flags if set_flags. */
void ns_keep_modify(const char *name, const char *type, const char *attrs,
		    int set_flags, uint32_t flags);
/* A name was deleted: no longer kept. */
void ns_keep_forget(const char *name);
/* A subscription was made: kept, by (type, handle). */
void ns_keep_sub(const char *type, int handle);
/* In a server loop's thread, at each turn: the first loop to come takes
 * the restart notices into its set (their handler registers again). */
void ns_keep_adopt(lv_server_t *s);
/* The loop s is freed: another may take the notices. */
void ns_keep_release(lv_server_t *s);

#endif
