/* The console server's client calls (servers/console implements the server
 * side; the message layouts are in lavender/console_proto.h). The server is
 * found through the name server and the send right cached; where there is no
 * console server the calls return -ERR_NOENT and a program falls back to
 * the kernel's console calls (the newlib glue, user/lib/glue_console.c,
 * does). Threads may read and write at once: the cached right is changed
 * atomically and each call builds its message on the caller's stack.
 * All calls return 0 (or a count / a handle) or -ERR_*. */
#ifndef LAVENDER_CONSOLE_H
#define LAVENDER_CONSOLE_H
#include <stddef.h>
#include <stdint.h>

#define LV_CON_NAME "console" /* its name, and its type, at the name server */
#define LV_CON_INTR_CHAR 0x03 /* Ctrl-C */

/* Sent (LV_NO_WAIT, not a call) by the console server to the port given to
 * lv_con_set_intr when Ctrl-C arrives; the byte is then not given to
 * readers. A full queue loses the event; a dead port ends the registration.
 * Payload: lv_con_intr_t. */
#define LV_CON_EVENT_INTR 0x434F0101u

typedef struct lv_con_intr {
	uint32_t ch; /* the byte that raised it: LV_CON_INTR_CHAR */
	uint32_t reserved;
} lv_con_intr_t;
_Static_assert(sizeof(lv_con_intr_t) == 8, "lv_con_intr_t layout");

/* Bytes one call moves at most (the message sits on the caller's stack). */
#define LV_CON_CHUNK 1024u

/* The cached send right to the console server. The first use looks it up,
 * but only when this process holds the name server's right at LV_NS_HANDLE
 * (so the name server itself, and processes started before it, never call
 * anyone just to print); -ERR_NOENT, cached too, when there is none. */
int lv_con_handle(void);
/* Forgets the cached right and looks "console" up again, now also through
 * the name server's system port when LV_NS_HANDLE is empty. Returns the
 * handle. The name server itself must not call this (it would call itself). */
int lv_con_connect(void);
/* Uses handle (a send right to a console server) from now on, or with 0 no
 * server at all until lv_con_connect: what the console server itself calls,
 * since it must never call itself to print. */
void lv_con_use(int handle);

/* Prints len bytes (in LV_CON_CHUNK pieces); returns len, or the count done
 * before an error, or the error if nothing was done. A dead server is
 * forgotten (the next call looks it up again). */
int lv_con_write(const void *buf, size_t len);
/* Reads up to len (> 0) raw bytes, waiting for at least one. Looks the
 * server up again (lv_con_connect) when none is known or the known one died:
 * reading the kernel's console while a server holds the line would wait for
 * ever. */
int lv_con_read(void *buf, size_t len);
/* Ctrl-C becomes an LV_CON_EVENT_INTR message to the port of handle (a
 * receive or send right; 0 ends it) instead of a byte to read. */
int lv_con_set_intr(int handle);

#endif
