/* "actfor": the kernel's act_for from user space (see main.c). */
#ifndef ACTFOR_H
#define ACTFOR_H
#include <stdint.h>
#include <lavender/syscall.h>

#define ACTFOR_SERVER "actfor.srv" /* the server role's name */
#define ACTFOR_ID (-5)		   /* the remote identity the checks use */
#define ACTFOR_TICKS 300	   /* bound of every wait (3 s) */

/* The server role's operations. */
enum {
	ACTFOR_CALL = 1, /* answered with actfor_seen_t */
	ACTFOR_NOTE = 2, /* one-way: only remembered */
	ACTFOR_QUIT = 3, /* answered, then the server ends */
};

/* What the server saw: this call's sender and the last NOTE's. */
typedef struct actfor_seen {
	int32_t call_sender;
	int32_t note_sender;
} actfor_seen_t;

int actfor_serve(void);
/* The checks of the identity itself (client.c) and of the servers that
 * must refuse a remote caller (servers.c). */
void actfor_check_ipc(void);
void actfor_check_servers(void);
/* act_for that must succeed (a failed one is a failed check later). */
void actfor_be(int identity);

#endif
