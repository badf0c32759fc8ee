/* Shared parts of nstest (see main.c): the helper roles' protocol, the check
 * runner and small helpers. */
#ifndef NSTEST_H
#define NSTEST_H
#include <stdint.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "../lib/check.h"

#define IMAGE "nstest"
#define SHORT 500 /* ticks: bound of every wait that should succeed */

/* Operations of the owner role's port (served with lv_serve). */
enum {
	OWNER_ECHO = 1, /* reply: the payload as sent; status: the pid */
	OWNER_QUIT = 2, /* reply 0, then exit 0 */
	/* payload int32 heir: lv_ns_handover(its name, heir); status its rc */
	OWNER_HANDOVER = 3,
};

/* Exit statuses of the other role: 0 when every refusal was right. */
enum {
	OTHER_OK = 0,
	OTHER_MODIFY = 10,   /* modify was not refused with -ERR_PERM */
	OTHER_DELETE = 11,   /* delete was not refused with -ERR_PERM */
	OTHER_DUP = 12,	     /* register of the name was not -ERR_EXIST */
	OTHER_LOOKUP = 13,   /* lookup failed or showed this process as owner */
	OTHER_HANDOVER = 14, /* handing the name to itself was not -ERR_PERM */
};

/* Spawns "nstest ROLE ARGS" and returns its pid or -ERR_*. */
int spawn_role(const char *args);
/* Looks name up, retrying every tick up to ticks; the handle or -ERR_*. */
int lookup_wait(const char *name, lv_ns_entry_t *e, unsigned ticks);
/* Receives on port, skipping other events, until event about name arrives
 * (within SHORT ticks); *e (may be NULL) gets its entry. */
const char *expect_event(int port, uint32_t event, const char *name,
			 lv_ns_entry_t *e);

/* The checks: basic.c (one process and the registrant) and events.c. */
const char *check_server_found(void);
const char *check_register_lookup(void);
const char *check_call_registrant(void);
const char *check_duplicate_refused(void);
const char *check_bad_requests(void);
const char *check_list_prefix_type(void);
const char *check_list_many(void);
const char *check_nonowner_refused(void);
const char *check_owner_modify(void);
const char *check_owner_delete(void);
const char *check_subscribe_events(void);
const char *check_owner_exit_removed(void);
const char *check_owner_killed_removed(void);
const char *check_lookup_removed(void);
const char *check_slow_subscriber(void);
const char *check_dead_subscriber_dropped(void);
const char *check_server_rights_released(void);
const char *check_handover(void);

const char *check_export_flag(void);	 /* remote.c */
const char *check_remote_refusals(void); /* remote.c */
const char *check_remote_sizes(void);	 /* remote.c */
const char *check_remote_self(void);	 /* remote.c */

/* The name server's handle count (lv_proc_find), or -ERR_*. */
int server_handles(void);

/* The stand-in for net (netstub.c, "nstest netstub"): answers
 * LV_NET_RLOOKUP by the name asked -- node "nowhere": -ERR_HOSTUNREACH;
 * "missing": -ERR_NOENT; "old": -ERR_NOSYS (a net without remote IPC);
 * "bad": an entry without a right; "slow": held until STUB_RELEASE; any
 * other: the entry (name, type "server", attrs "node=NODE", owner
 * STUB_OWNER, exported) with a send right to its proxy port -- and
 * LV_NET_RLIST with "echo" and "echo2" (those matching the prefix). */
enum {
	STUB_LAST = 0x5701,    /* reply stub_last_t; status: RLOOKUPs so far */
	STUB_PENDING = 0x5702, /* answered once a "slow" RLOOKUP waits */
	STUB_RELEASE = 0x5703, /* answers the waiting "slow" RLOOKUP */
	STUB_QUIT = 0x5704,    /* reply 0, then exit 0 */
	PROXY_ECHO = 0x5710,   /* on the proxy port: status STUB_MAGIC */
};
#define STUB_MAGIC 0x5EC0
#define STUB_OWNER 4242
typedef struct stub_last {
	char name[LV_NS_NAME_MAX]; /* of the last RLOOKUP or RLIST */
	char node[LV_NS_NODE_MAX];
	int32_t sender; /* who asked: the name server's pid for RLOOKUP */
} stub_last_t;

/* "nstest remote" (remote.c; the network right): its checks; returns the
 * failures. "nstest netstub": the stand-in's loop; its exit status. */
int run_remote(void);
int role_netstub(void);

/* The pid of the owner role that call_registrant started (0: none). */
extern int registrant_pid;

/* Helper roles (roles.c); each returns the process's exit status. */
int role_owner(const char *name, const char *type);
int role_other(const char *name);

/* "nstest restart" (restart.c): the checks of a name server restart;
 * returns the number of failed checks. */
int run_restart(void);
/* "nstest watchflood": sysport watches up to the kernel's limit. */
int role_watchflood(void);

#endif
