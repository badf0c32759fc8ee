/* The console server's wire protocol: operations and message layouts between
 * libipc/console.c and servers/console. Not an API: programs call
 * lavender/console.h.
 *
 * Every request is a call (lv_msg_call) to the port registered as "console"
 * with the name server; the reply header's op is the status (0, a count, or
 * -ERR_*). An unknown operation is answered -ERR_NOSYS. */
#ifndef LAVENDER_CONSOLE_PROTO_H
#define LAVENDER_CONSOLE_PROTO_H
#include <stdint.h>
#include "uapi/ipc.h"
#include "lavender/console.h"

#define CON_DATA_MAX LV_MSG_PAYLOAD_MAX

enum con_op {
	/* Request msg_con_write_t: 0..CON_DATA_MAX bytes to print; "\n" goes
	 * out as "\r\n". Reply: status = bytes taken, no payload. Waits only
	 * for the line (polled), never for input. */
	CON_WRITE = 0x434F0001u,
	/* Request msg_con_read_t. Reply: status = count (1..max), payload the
	 * raw bytes typed (no echo, no line editing). Waits until at least
	 * one byte is there; waiting readers are answered in the order their
	 * requests arrived. -ERR_INVAL: wrong size, max 0 or over
	 * CON_DATA_MAX, or no reply right; -ERR_BUSY: CON_READERS_MAX (16)
	 * readers wait already; -ERR_NOSPC: 4 of the caller's own do (one
	 * process may not take the queue). Readers whose callers gave up
	 * (timed out, ended) are dropped before a new one is counted. */
	CON_READ = 0x434F0002u,
	/* Request: no payload; the header carries a send right (COPY_SEND or
	 * MAKE_SEND) to the port that is to get LV_CON_EVENT_INTR, or no
	 * right to end the registration. One at a time: the last one wins.
	 * Reply: no payload; 0, or -ERR_INVAL when the right is not a send
	 * right. */
	CON_SET_INTR = 0x434F0003u,
};

typedef struct msg_con_write {
	uint8_t data[CON_DATA_MAX]; /* as many as the header's size says */
} msg_con_write_t;
_Static_assert(sizeof(msg_con_write_t) == LV_MSG_PAYLOAD_MAX,
	       "msg_con_write_t layout");

typedef struct msg_con_read {
	uint32_t max; /* bytes wanted at most, 1..CON_DATA_MAX */
	uint32_t reserved;
} msg_con_read_t;
_Static_assert(sizeof(msg_con_read_t) == 8, "msg_con_read_t layout");

#endif
