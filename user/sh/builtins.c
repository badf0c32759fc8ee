/* The built-in commands: the table (name, function, usage, one line of help)
 * and the small ones. ps and ports are in procs.c, ls and cat in files.c,
 * names in names.c. Each returns the exit status $? gets. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "sh.h"

static int builtin_help(int argc, char **argv);

static int builtin_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	printf("\n");
	return 0;
}

static int builtin_mem(int argc, char **argv)
{
	lv_mem_info_t m;
	int rc = lv_mem_info(&m);

	(void)argc, (void)argv;
	if (rc < 0) {
		printf("mem: %s\n", lv_strerror(rc));
		return 1;
	}
	printf("memory: %u KiB total, %u KiB free, %u KiB used; kernel heap "
	       "%u bytes\n",
	       (unsigned)m.frames_total * 4, (unsigned)m.frames_free * 4,
	       (unsigned)(m.frames_total - m.frames_free) * 4,
	       (unsigned)m.kheap_used);
	printf("user: %u KiB resident (touched), %u KiB reserved\n",
	       (unsigned)m.user_resident * 4, (unsigned)m.user_reserved * 4);
	lv_proc_print_memory();
	return 0;
}

static int builtin_uptime(int argc, char **argv)
{
	lv_time_t t;
	int ticks = lv_uptime(), rc = lv_time(&t);
	unsigned hz = rc == 0 && t.hz ? t.hz : 100;

	(void)argc, (void)argv;
	if (ticks < 0) {
		printf("uptime: %s\n", lv_strerror(ticks));
		return 1;
	}
	printf("up %u.%02u s (%d ticks at %u Hz)\n", (unsigned)ticks / hz,
	       (unsigned)ticks % hz * 100 / hz, ticks, hz);
	return 0;
}

static int builtin_jobs(int argc, char **argv)
{
	(void)argc, (void)argv;
	exec_list_jobs();
	return 0;
}

/* Ends the shell; background programs go on (init adopts them). */
static int builtin_exit(int argc, char **argv)
{
	char *end = "";
	long code = argc > 1 ? strtol(argv[1], &end, 10) : 0;

	if (*end || (argc > 1 && !argv[1][0]) || code < 0 || code > 255) {
		printf("exit: %s: not an exit status (0-255)\n", argv[1]);
		return 2;
	}
	exit((int)code);
}

static const builtin_t builtins[] = {
    {"help", builtin_help, "[NAME...]", "this list, or NAME's usage", 0,
     ANY_ARGS},
    {"echo", builtin_echo, "ARGS...", "print the arguments", 0, ANY_ARGS},
    {"ps", builtin_ps, "", "processes: pid, state, placement, handles, name", 0,
     0},
    {"kill", builtin_kill, "PID...",
     "end processes (others than the shell's children through init)", 1,
     ANY_ARGS},
    {"jobs", builtin_jobs, "", "list the background programs", 0, 0},
    {"ls", builtin_ls, "[PATH...]", "list files of the file server", 0,
     ANY_ARGS},
    {"cat", builtin_cat, "FILE...", "print files", 1, ANY_ARGS},
    {"names", builtin_names, "[@NODE] [PREFIX]",
     "list the name server's table (E: exported), or what NODE exports", 0, 2},
    {"ports", builtin_ports, "",
     "handles per process and the names each registered", 0, 0},
    {"mem", builtin_mem, "", "physical memory and kernel heap in use", 0, 0},
    {"uptime", builtin_uptime, "", "time since boot", 0, 0},
    {"drv", builtin_drv, "up|down|swap|list",
     "drivers: up KIND [kind=user|module] [io= irq= name= | pci], down NAME, "
     "swap NAME user|module, list",
     1, ANY_ARGS},
    {"insmod", builtin_insmod, "FILE [key=value...]",
     "load a kernel module (asks init and the module loader)", 1, ANY_ARGS},
    {"rmmod", builtin_rmmod, "[-f] NAME",
     "remove a kernel module (-f: even while modules use it)", 1, 2},
    {"modprobe", builtin_modprobe, "[-r] NAME [key=value...]",
     "load /lib/modules/NAME.ko after its dependencies; -r: remove it and "
     "its unused dependencies",
     1, ANY_ARGS},
    {"lsmod", builtin_lsmod, "", "the loaded kernel modules and their users", 0,
     0},
    {"modinfo", builtin_modinfo, "FILE|NAME...",
     "a module file's info record and parameters", 1, ANY_ARGS},
    {"ifconfig", builtin_ifconfig, "[IF [ADDR[/N]] [up|down|dhcp]]",
     "network interfaces; set one (through init)", 0, 3},
    {"route", builtin_route, "[add|del default|NET/N [gw ADDR] [dev IF]]",
     "the routing table; change it (through init)", 0, 7},
    {"arp", builtin_arp, "[-d ADDR]", "the ARP cache; forget an entry", 0, 2},
    {"halt", builtin_halt, "[CODE]",
     "stop the machine with exit code 0-127 (asks init)", 0, 1},
    {"reboot", builtin_reboot, "",
     "reset the machine: it boots again (asks init)", 0, 0},
    {"exit", builtin_exit, "[CODE]", "end the shell", 0, 1},
};

#define BUILTINS (sizeof(builtins) / sizeof(builtins[0]))

void builtin_usage(const builtin_t *b)
{
	printf("usage: %s%s%s\n  %s (a shell built-in)\n", b->name,
	       b->usage[0] ? " " : "", b->usage, b->help);
}

int builtin_run(const builtin_t *b, int argc, char **argv)
{
	if (argc - 1 > b->max_args) {
		printf("%s: %s: unexpected argument (%s)\n", b->name,
		       argv[b->max_args + 1],
		       b->max_args ? "too many" : "it takes none");
	} else if (argc - 1 < b->min_args) {
		printf("%s: an argument is missing\n", b->name);
	} else {
		return b->fn(argc, argv);
	}
	printf("usage: %s%s%s\n", b->name, b->usage[0] ? " " : "", b->usage);
	return 2;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where program name is into path: name itself when it is a path (has a
 * '/'), else /bin, /test or /sbin (the first that has it); 0, or
 * -ERR_NOENT. */
static int program_path(const char *name, char *path, size_t size)
{
	static const char *const dirs[] = {"/bin", "/test", "/sbin"};
	if (strchr(name, '/')) {
		snprintf(path, size, "%s", name);
		return is_file(path) ? 0 : -ERR_NOENT;
	}
	for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, size, "%s/%s", dirs[i], name);
		if (is_file(path))
			return 0;
	}
	return -ERR_NOENT;
}

/* help: the list; help NAME: one built-in's usage, or where NAME is. */
static int builtin_help(int argc, char **argv)
{
	char path[SH_LINE_MAX];

	for (int i = 1; i < argc; i++) {
		const builtin_t *b = builtin_find(argv[i]);
		if (b)
			builtin_usage(b);
		else if (program_path(argv[i], path, sizeof(path)) == 0)
			printf("%s: the program %s: run %s --help\n", argv[i],
			       path,
			       strncmp(path, "/bin/", 5) == 0 ? argv[i] : path);
		else {
			printf("help: %s: no such built-in or program (help "
			       "lists the built-ins; ls /bin, /test and /sbin "
			       "the programs)\n",
			       argv[i]);
			return 1;
		}
	}
	if (argc > 1)
		return 0;
	for (unsigned i = 0; i < BUILTINS; i++)
		printf("  %-6s %-10s %s\n", builtins[i].name, builtins[i].usage,
		       builtins[i].help);
	printf("  NAME ARGS... [&]  run /bin/NAME (else the boot module NAME) "
	       "or a path, /test/NAME; & in the background\n");
	printf("  $? in a word is the last exit status; Ctrl-C ends the "
	       "running program\n");
	return 0;
}

const builtin_t *builtin_at(unsigned i)
{
	return i < BUILTINS ? &builtins[i] : NULL;
}

const builtin_t *builtin_find(const char *name)
{
	for (unsigned i = 0; i < BUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}
