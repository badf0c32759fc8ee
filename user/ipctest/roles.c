/* The helper roles the checks spawn. Each finds main's port at LV_BOOT_HANDLE
 * (when given one) and returns its exit status; nonzero statuses say where a
 * helper gave up. Only touch and nonucleus print (they are ordinary
 * processes and say why they fail). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipctest.h"

static lv_msg_t msg;

/* Sends main a HELLO with payload (size bytes) and a send right made from
 * the receive right port (0: none). */
static int hello(const void *payload, uint32_t size, int port)
{
	msg_set(&msg.h, OP_HELLO, size);
	if (size)
		memcpy(msg.payload, payload, size);
	if (port) {
		msg.h.right = port;
		msg.h.right_mode = LV_RIGHT_MAKE_SEND;
	}
	return lv_msg_send(LV_BOOT_HANDLE, &msg.h, SHORT);
}

/* Answers the broker's requests in msg; *kept: the registered right. */
static void broker_answer(int *kept)
{
	int carried = msg.h.right;
	switch (msg.h.op) {
	case OP_REGISTER:
		if (*kept)
			lv_handle_close(*kept);
		*kept = carried;
		msg_set(&msg.h, carried > 0 ? 0 : (uint32_t)-ERR_INVAL, 0);
		break;
	case OP_LOOKUP:
		msg_set(&msg.h, *kept ? 0 : (uint32_t)-ERR_NOENT, 0);
		if (*kept) {
			msg.h.right = *kept;
			msg.h.right_mode = LV_RIGHT_COPY_SEND;
		}
		break;
	default:
		if (carried)
			lv_handle_close(carried);
		msg_set(&msg.h, (uint32_t)-ERR_NOSYS, 0);
	}
}

/* Keeps one registered send right and hands out copies of it. */
int role_broker(void)
{
	int port = lv_port_create(), kept = 0, reply = 0;
	if (port <= 0 || hello(NULL, 0, port) != 0)
		return 2;
	for (;;) {
		int rc = lv_msg_reply_receive(reply, port, &msg.h, sizeof(msg),
					      LV_WAIT_FOREVER);
		if (rc < 0)
			return 3;
		reply = msg.h.reply;
		if (msg.h.op == OP_QUIT) {
			msg_set(&msg.h, 0, 0);
			return lv_msg_reply(reply, &msg.h) == 0 ? 0 : 4;
		}
		broker_answer(&kept);
	}
}

/* Serves ECHO, HOLD and QUIT on port until QUIT. */
static int serve(int port)
{
	int reply = 0;
	for (;;) {
		int rc = lv_msg_reply_receive(reply, port, &msg.h, sizeof(msg),
					      LV_WAIT_FOREVER);
		if (rc < 0)
			return 3;
		reply = msg.h.reply;
		if (msg.h.right)
			lv_handle_close(msg.h.right);
		if (msg.h.op == OP_HOLD) {
			reply = 0; /* kept, never answered */
			continue;
		}
		if (msg.h.op == OP_QUIT) {
			msg_set(&msg.h, 0, 0);
			return lv_msg_reply(reply, &msg.h) == 0 ? 0 : 4;
		}
		uint32_t status =
		    msg.h.op == OP_ECHO ? 0 : (uint32_t)-ERR_NOSYS;
		for (int i = 0; i < rc; i++)
			msg.payload[i]++;
		msg_set(&msg.h, status, status ? 0 : (uint32_t)rc);
	}
}

/* Registers its port with the broker (at LV_BOOT_HANDLE), then serves. */
int role_server(void)
{
	int port = lv_port_create();
	if (port <= 0)
		return 2;
	msg_set(&msg.h, OP_REGISTER, 0);
	msg.h.right = port;
	msg.h.right_mode = LV_RIGHT_MAKE_SEND;
	int rc = lv_msg_call(LV_BOOT_HANDLE, &msg.h, sizeof(msg), SHORT);
	if (rc != 0 || msg.h.op != 0)
		return 5;
	return serve(port);
}

/* In main's space: tells main where its main is, writes the pattern where
 * main's reply says, reports done and exits with MEMBER_STATUS. */
int role_member(void)
{
	uint32_t addr = (uint32_t)(uintptr_t)main;
	msg_set(&msg.h, OP_HELLO, 4);
	memcpy(msg.payload, &addr, 4);
	int rc = lv_msg_call(LV_BOOT_HANDLE, &msg.h, sizeof(msg), SHORT);
	if (rc != 4 || msg.h.op != 0)
		return 2;
	memcpy(&addr, msg.payload, 4);
	volatile uint8_t *buf = (volatile uint8_t *)(uintptr_t)addr;
	for (int i = 0; i < 256; i++)
		buf[i] = (uint8_t)(i ^ 0xA5);
	msg_set(&msg.h, OP_DONE, 0);
	if (lv_msg_send(LV_BOOT_HANDLE, &msg.h, SHORT) != 0)
		return 3;
	return MEMBER_STATUS;
}

static volatile uint32_t resident_var = 0x12345678u;

/* In the resident area: sends main the address of a variable of its own and
 * a send right to its port, then serves. */
int role_resident(void)
{
	uint32_t addr = (uint32_t)(uintptr_t)&resident_var;
	int port = lv_port_create();
	if (port <= 0 || hello(&addr, 4, port) != 0)
		return 2;
	return serve(port);
}

/* Reads addr; the kernel should kill it first. */
int role_touch(const char *addr)
{
	volatile uint32_t *p = (volatile uint32_t *)strtoul(addr, NULL, 0);
	uint32_t v = *p;
	printf("ipctest touch: read 0x%08x at %p: not killed\n", (unsigned)v,
	       (void *)p);
	return 1;
}

/* Without the nucleus right: nucleus calls and privileged spawns fail. */
int role_nonucleus(void)
{
	int io = lv_ioport_grant(0x300, 32);
	int res = lv_spawn(IMAGE, IMAGE " touch 0", LV_SPAWN_RESIDENT, 0, 0);
	int nuc = lv_spawn(IMAGE, IMAGE " touch 0", LV_SPAWN_NUCLEUS, 0, 0);
	if (io == -ERR_PERM && res == -ERR_PERM && nuc == -ERR_PERM)
		return 0;
	printf("ipctest nonucleus: ioport_grant %d, resident spawn %d, "
	       "nucleus spawn %d\n",
	       io, res, nuc);
	return 1;
}
