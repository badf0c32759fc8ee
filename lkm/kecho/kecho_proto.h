/* kecho's requests (see kecho.c); user/modtest includes this too. */
#ifndef KECHO_PROTO_H
#define KECHO_PROTO_H
#include <stdint.h>

#define KECHO_ECHO 0x4B450001u
#define KECHO_WHO 0x4B450002u
#define KECHO_SEND 0x4B450003u
#define KECHO_QUIT 0x4B450004u
#define KECHO_HELLO 0x4B450010u /* kecho -> the right KECHO_SEND carried */
#define KECHO_CRASH 0x4B450020u /* kfault: fault in the thread */

typedef struct kecho_who {
	int32_t sender;	 /* the pid the request's header named */
	int32_t self;	 /* the module's process */
	int32_t init_rc; /* kipc_port_create in init */
} kecho_who_t;

#endif
