/* The console server: owns COM1 (its I/O ports and IRQ 4, so it needs the
 * nucleus right), registers "console" with the name server and serves
 * WRITE, READ and SET_INTR (lavender/console_proto.h) for ever. Its own
 * messages go through the kernel's console call. Exits 1, giving the line
 * back to the kernel, when it cannot start. */
#include <stdio.h>
#include <lavender/console.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "service.h"
#include "uart.h"
#include "../../user/lib/usage.h"

static const usage_t usage = {
    "console", "",
    "The console server: owns COM1 (needs the nucleus right) and serves\n"
    "stdin and stdout of every program, and Ctrl-C. init starts it; a\n"
    "second copy cannot take COM1 and ends.",
    NULL};

static con_server_t server;

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	lv_con_use(0); /* never call ourselves to print */
	con_ring_init(&server.input);
	con_readq_init(&server.readers);
	server.port = lv_port_create();
	if (server.port < 0) {
		printf("console: no port: %s\n", lv_strerror(server.port));
		return 1;
	}
	int rc = uart_claim(server.port);
	if (rc < 0) {
		printf("console: cannot take COM1: %s\n", lv_strerror(rc));
		return 1;
	}
	rc =
	    lv_ns_register(LV_CON_NAME, LV_CON_NAME, "com1 irq=4", server.port);
	if (rc < 0) {
		printf("console: cannot register: %s\n", lv_strerror(rc));
		uart_release();
		return 1;
	}
	printf("console: serving COM1 (pid %d)\n", lv_getpid());
	rc = con_serve(&server);
	printf("console: stopped: %s\n", lv_strerror(rc));
	uart_release();
	return 1;
}
