/* init's parts: main.c runs the boot configuration and reaps children;
 * control.c serves the control port (lavender/initctl_proto.h); drivers.c
 * starts and stops drivers for it, modules.c forwards module requests to the
 * loader. All run in init's one server loop. */
#ifndef INIT_INIT_H
#define INIT_INIT_H
#include <lavender/server.h>

/* How a child is started: the options of its configuration line. */
struct how {
	unsigned flags; /* LV_SPAWN_* */
	int group;	/* with LV_SPAWN_GROUP: pid whose space it shares */
	unsigned stack_bytes; /* 0: the placement's default */
	int control;	      /* -c: a send right to the control port */
};

/* init's server loop. */
lv_server_t *init_loop(void);
/* 1 when init started pid with -c (it holds the control right), else 0. */
int init_gave_control(int pid);

/* The pid of init's living run/restart child called name (its
 * configuration's program name), or 0. */
int init_child_pid(const char *name);
/* A send right to the name-server entry name when its owner is init's
 * living run/restart child name (a server init started: the module loader,
 * the protocol server), so no other process that registers the name gets
 * init's requests. -ERR_SRCH: no such child; -ERR_NOENT: it has not
 * registered name (yet); -ERR_ACCES: another process did (logged, naming
 * it and what, the child's role). */
int init_child_port(const char *name, const char *what);
/* ms milliseconds in clock ticks, at least 1 (for timers and calls). */
unsigned init_ms_to_ticks(unsigned ms);

/* Makes the control port and serves it in loop; its handle (> 0, given to
 * -c children) or -ERR_*. */
int control_start(lv_server_t *loop);

/* The control operations on drivers (handlers of the control port). */
int drivers_up(lv_msg_t *m, void *ctx);
int drivers_down(lv_msg_t *m, void *ctx);
/* The control operations on modules (modules.c): forwarded to the module
 * loader init started. */
int modules_load(lv_msg_t *m, void *ctx);
int modules_unload(lv_msg_t *m, void *ctx);
/* Calls the module loader init started with op (LV_LKMD_LOAD: the file
 * server's pid is filled in) and req (len bytes); fn gets the answer
 * (modules_result reads it). 0, or -ERR_* with r's message (no loader, or
 * it cannot be reached; fn is not called then). */
struct msg_lkmd_result;
int modules_call(uint32_t op, void *req, size_t len, lv_answer_fn_t fn,
		 void *arg, struct msg_lkmd_result *r);
/* The loader's answer (status, msg) in *r: its reply, or a message for a
 * time-out or a loader that died. */
void modules_result(int status, const lv_msg_t *msg, struct msg_lkmd_result *r);

/* LV_INITCTL_NET (netctl.c): the administrator's network changes,
 * forwarded to the protocol server init started. */
int netctl_forward(lv_msg_t *m, void *ctx);

/* A child of init ended (already reaped): 1 when it was a driver drivers.c
 * started (it is forgotten and any request waiting on it answered), else 0;
 * a stop request waiting on another pid is answered too. */
int drivers_child_ended(int pid, int status);

#endif
