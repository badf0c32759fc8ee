/* The raw test frames (nicframe.h). */
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/syscall.h>
#include "nicframe.h"

#define OPEN_TIMEOUT 500

void nicframe_build(uint8_t *frame, unsigned k, size_t size,
		    const uint8_t mac[6], unsigned type)
{
	memset(frame, 0xFF, 6);
	memcpy(frame + 6, mac, 6);
	frame[12] = (uint8_t)(type >> 8);
	frame[13] = (uint8_t)type;
	for (int b = 0; b < 4; b++)
		frame[14 + b] = (uint8_t)(k >> (24 - 8 * b));
	for (size_t i = 18; i < size; i++)
		frame[i] = (uint8_t)(k + i);
}

int nicframe_open_session(int drv, int port, unsigned type)
{
	static lv_msg_t msg; /* a reply of any size fits */
	msg_netdrv_open_t req = {.ntypes = type ? 1 : 0,
				 .types = {(uint16_t)type}};
	msg.h = (lv_msg_header_t){.op = LV_NETDRV_OPEN,
				  .size = sizeof(req),
				  .right = port,
				  .right_mode = LV_RIGHT_MAKE_SEND};
	memcpy(msg.payload, &req, sizeof(req));
	int rc = lv_msg_call(drv, &msg.h, sizeof(msg), OPEN_TIMEOUT);
	return rc < 0 ? rc : (int)msg.h.op;
}
