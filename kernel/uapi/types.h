/* Structures and constants passed between the kernel and user space. Every
 * structure has a fixed size checked at compile time. */
#ifndef LAVENDER_UAPI_TYPES_H
#define LAVENDER_UAPI_TYPES_H
#include <stdint.h>

/* mem_map flags */
#define LV_MAP_WRITE 0x2u

/* spawn flags */
#define LV_SPAWN_DEFAULT 0u
#define LV_SPAWN_GROUP 0x1u    /* into the address space of process `group` */
#define LV_SPAWN_RESIDENT 0x2u /* into the resident area */
#define LV_SPAWN_NUCLEUS 0x4u  /* give it the nucleus right (caller has it) */
#define LV_SPAWN_SCHED 0x8u    /* give it the scheduler right (caller has it) */
#define LV_SPAWN_MODULE 0x10u  /* give it the module right (caller has it) */
#define LV_SPAWN_NET 0x20u     /* give it the network right (caller has it) */
#define LV_SPAWN_FLAGS 0x3Fu

/* Privileges (rights a process holds, a mask): the kernel gives all to init,
 * which hands them on with the LV_SPAWN_* flag of each; a process can pass on
 * only what it holds. Every privileged call fails closed (-ERR_PERM).
 *   NUCLEUS: I/O ports, IRQs, device memory, system ports, halt, resident
 *            placement, ending any process.
 *   SCHED:   the scheduling policy (sched_claim, then sched_set on others).
 *   MODULE:  installing kernel code (the LKM loader alone).
 *   NET:     the network right (the protocol server, init's -N): NIC drivers
 *            give the reserved EtherTypes (IPv4, ARP, IPv6) only to its
 *            holders, net its reserved UDP ports; servers ask the kernel
 *            who holds it (proc_info's rights). One system call needs it:
 *            act_for (sending as a remote caller's identity).
 * A child holds only what its spawner passed with these flags: a right is
 * never inherited. */
#define LV_PRIV_NONE 0u
#define LV_PRIV_NUCLEUS 0x1u
#define LV_PRIV_SCHED 0x2u
#define LV_PRIV_MODULE 0x4u
#define LV_PRIV_NET 0x8u
#define LV_PRIV_ALL 0xFu

/* The selector that reaches the calling thread's thread-local block (see
 * thread_set_tls): ring-3 data, one page. */
#define LV_TLS_SELECTOR 0x4Bu

/* Reserved handles: every process finds a send right to the name server at
 * LV_NS_HANDLE (once the name server has registered, see sysport_set), and
 * the right its parent gave at spawn at LV_BOOT_HANDLE. Other handles start
 * at LV_FIRST_HANDLE. */
#define LV_NS_HANDLE 1
#define LV_BOOT_HANDLE 2
#define LV_FIRST_HANDLE 3

/* The well-known system ports (sysport_set / sysport_get). */
enum lv_sysport {
	LV_SYSPORT_NS = 0, /* the name server */
	LV_SYSPORT_COUNT
};

/* spawn_ex: a program from a boot module (elf NULL) or from the caller's
 * memory (elf, elf_len: an ELF image read from a file, say). */
typedef struct lv_spawn {
	const char *name; /* the process's name (and boot module if elf NULL) */
	const void *elf;
	uint32_t elf_len;
	const char *args;    /* argument string, quoted as spawn's (syscalls.h);
				its first word is the program name */
	uint32_t flags;	     /* LV_SPAWN_* */
	int32_t handle;	     /* 0, or a right given as LV_BOOT_HANDLE */
	int32_t group;	     /* with LV_SPAWN_GROUP: whose space to join */
	uint32_t stack_size; /* bytes (0: the placement's default: 8 MiB for a
			      * space of its own, 1 MiB in a group, 256 KiB
			      * resident); -ERR_INVAL outside 64 KiB..8 MiB
			      * (group), 2 MiB (resident), 64 MiB (own) */
	uint32_t
	    handles_max; /* its handle table's bound (0: LV_HANDLES_DEFAULT;
			  * -ERR_INVAL outside LV_HANDLES_MIN..LIMIT) */
	uint32_t reserved;
} lv_spawn_t;
_Static_assert(sizeof(lv_spawn_t) == 40, "lv_spawn_t layout");

/* Scheduling */
#define LV_PRIO_MAX 31

/* halt's codes: 0..LV_HALT_CODE_MAX stop the machine with that exit code;
 * LV_HALT_REBOOT resets it instead (the firmware boots it again). */
#define LV_HALT_CODE_MAX 127
#define LV_HALT_REBOOT 128
#define LV_QUANTUM_MAX 1000

typedef struct lv_time {
	uint64_t ticks; /* timer ticks since boot */
	uint32_t hz;	/* ticks per second */
	uint32_t reserved;
	uint64_t boot_epoch; /* seconds since 1970-01-01 UTC at boot (RTC) */
} lv_time_t;
_Static_assert(sizeof(lv_time_t) == 24, "lv_time_t layout");

#define LV_NAME_MAX 32
/* The kernel command line's bytes, its NUL included (the cmdline call). */
#define LV_CMDLINE_MAX 512
/* The bytes one random call fills at most (call again for more). */
#define LV_RANDOM_MAX 256u

enum lv_proc_state {
	LV_PROC_RUNNING = 1, /* has a thread that runs or may run */
	LV_PROC_BLOCKED = 2, /* every thread waits */
	LV_PROC_ZOMBIE = 3,  /* ended, waiting for its parent */
};

typedef struct lv_proc_info {
	int32_t pid;
	int32_t parent;
	int32_t state; /* enum lv_proc_state */
	int32_t threads;
	int32_t priority;
	int32_t quantum;
	uint64_t ticks_used; /* timer ticks its threads were running */
	uint32_t pages;	     /* user pages backed now (touched: resident) */
	int32_t exit_code;
	int32_t placement; /* enum lv_placement */
	int32_t space;	   /* pid that made its address space (its group) */
	uint32_t rights;   /* LV_PRIV_* it holds */
	int32_t handles;   /* handles in use */
	char name[LV_NAME_MAX];
	uint32_t reserved_pages; /* user memory reserved (charged), pages */
} lv_proc_info_t;
_Static_assert(sizeof(lv_proc_info_t) == 92, "lv_proc_info_t layout");

enum lv_placement {
	LV_PLACE_OWN = 0,      /* an address space of its own */
	LV_PLACE_GROUP = 1,    /* shares another process's space */
	LV_PLACE_RESIDENT = 2, /* the resident area, ring 1 */
	LV_PLACE_KERNEL = 3,   /* a module's kernel-side process, ring 0 */
};

typedef struct lv_mem_info {
	uint32_t frames_total; /* 4 KiB frames the kernel manages */
	uint32_t frames_free;
	uint32_t kheap_used;	/* bytes in live kernel-heap blocks */
	uint32_t kheap_mapped;	/* bytes of kernel heap backed by frames */
	uint32_t user_resident; /* user pages backed now, every process */
	uint32_t
	    user_reserved; /* user pages reserved (charged), every process */
} lv_mem_info_t;
_Static_assert(sizeof(lv_mem_info_t) == 24, "lv_mem_info_t layout");

#endif
