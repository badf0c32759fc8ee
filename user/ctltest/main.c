/* "ctltest": init's control port against a hostile holder of its right
 * (tests/configs/ctltest.cfg starts it with -c). Malformed requests are
 * refused without harm, init is never ended, unlisted or odd driver kinds
 * are refused, and "ctltest child", started by this process with the right
 * passed on as its boot handle, is refused everything: init answers only
 * the processes it gave the right to. Network requests (LV_INITCTL_NET) of
 * a bad size or op are refused, and with no protocol server of init's
 * answered -ERR_NOENT. Started with -N too, it holds the network right and
 * nothing more; its child holds it only when passed on (LV_SPAWN_NET). Prints
 * "ctltest NAME: ok|FAIL" per check, then "ctltest: N passed, M failed"; exit
 * status 1 on a failure. */
#include <stdio.h>
#include <string.h>
#include <lavender/initctl.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

static const usage_t usage = {
    .name = "ctltest",
    .synopsis = "[child|netchild|impostor]",
    .about = "Checks init's control port against a hostile holder of its "
	     "right: malformed\nrequests, unlisted driver kinds, kill of "
	     "init, bad halt codes, and a right\npassed on to a process init "
	     "did not give it to; network requests; the network right "
	     "(init's -N) not\ninherited. Needs the right (init's -c) and "
	     "-N.",
    .suite = "proc.init_control",
};

static int passed, failed;

static void check(const char *name, int ok, int rc)
{
	printf("ctltest %s: %s (%d: %s)\n", name, ok ? "ok" : "FAIL", rc,
	       lv_strerror(rc));
	if (ok)
		passed++;
	else
		failed++;
}

/* A raw request of len bytes (any layout) to the control port. */
static int raw(uint32_t op, const void *req, size_t len)
{
	return lv_rpc(LV_BOOT_HANDLE, op, req, len, NULL, 0, NULL, 1000);
}

/* 1 when the calling process's rights are exactly want (LV_PRIV_*). */
static int rights_are(unsigned want)
{
	lv_proc_info_t me;
	return lv_proc_find(lv_getpid(), &me) == 0 && me.rights == want;
}

/* What the grandchild does: every request is refused -ERR_PERM; it holds
 * the network right only when its spawner passed it (net: "netchild"). */
static int child(int net)
{
	msg_initctl_drv_reply_t r;
	msg_net_sock_t arp = {0};
	msg_initctl_net_reply_t nr;
	int ok = lv_initctl_present(LV_BOOT_HANDLE);
	ok &= rights_are(net ? LV_PRIV_NET : 0);
	ok &= lv_initctl_net(LV_BOOT_HANDLE, LV_NET_ARP_DEL, &arp, sizeof(arp),
			     &nr) == -ERR_PERM;
	ok &= lv_initctl_halt(LV_BOOT_HANDLE, 0) == -ERR_PERM;
	ok &= lv_initctl_halt(LV_BOOT_HANDLE, LV_HALT_REBOOT) == -ERR_PERM;
	ok &= lv_initctl_kill(LV_BOOT_HANDLE, 2) == -ERR_PERM;
	ok &=
	    lv_initctl_drv_up(LV_BOOT_HANDLE, "ne2k", "ne2k", &r) == -ERR_PERM;
	ok &= lv_initctl_drv_down(LV_BOOT_HANDLE, "ne2k0", &r) == -ERR_PERM;
	msg_lkmd_load_t load = {.path = "/lib/modules/hello.ko"};
	msg_lkmd_unload_t unload = {.name = "hello"};
	msg_lkmd_result_t res;
	ok &= lv_initctl_module_load(LV_BOOT_HANDLE, &load, &res) == -ERR_PERM;
	ok &= lv_initctl_module_unload(LV_BOOT_HANDLE, &unload, &res) ==
	      -ERR_PERM;
	printf("ctltest %s: %s\n", net ? "netchild" : "child",
	       ok ? "refused everything" : "FAIL");
	return ok ? 0 : 1;
}

static void hostile_sizes(void)
{
	char junk[300];
	memset(junk, 'A', sizeof(junk)); /* no NUL anywhere */
	uint32_t ops[] = {LV_INITCTL_DRV_UP,	  LV_INITCTL_DRV_DOWN,
			  LV_INITCTL_KILL,	  LV_INITCTL_HALT,
			  LV_INITCTL_MODULE_LOAD, LV_INITCTL_MODULE_UNLOAD,
			  LV_INITCTL_NET};
	int ok = 1, rc = 0;
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		rc = raw(ops[i], junk, 3);
		ok &= rc == -ERR_INVAL;
		rc = raw(ops[i], junk, 0);
		ok &= rc == -ERR_INVAL;
	}
	check("bad_sizes", ok, rc);
	rc = raw(LV_INITCTL_DRV_UP, junk, sizeof(msg_initctl_drv_up_t));
	check("unterminated_kind", rc == -ERR_INVAL, rc);
	rc = raw(LV_INITCTL_DRV_DOWN, junk, sizeof(msg_initctl_name_t));
	check("unterminated_name", rc == -ERR_NAMETOOLONG, rc);
	rc = raw(0x494E01FF, junk, 4);
	check("unknown_op", rc == -ERR_NOSYS, rc);
}

static void drivers(void)
{
	msg_initctl_drv_reply_t r;
	int rc = lv_initctl_drv_up(LV_BOOT_HANDLE, "hello", "hello", &r);
	check("unlisted_kind", rc == -ERR_PERM && strcmp(r.known, "ne2k") == 0,
	      rc);
	rc =
	    lv_initctl_drv_up(LV_BOOT_HANDLE, "../bin/ne2k", "../bin/ne2k", &r);
	check("path_kind", rc == -ERR_INVAL, rc);
	rc = lv_initctl_drv_up(LV_BOOT_HANDLE, "ne2k", "hello io=0x300", &r);
	check("args_not_the_kind", rc == -ERR_INVAL, rc);
	rc = lv_initctl_drv_up(LV_BOOT_HANDLE, "ne2k", "ne2kx", &r);
	check("args_longer_kind", rc == -ERR_INVAL, rc);
	rc = lv_initctl_drv_down(LV_BOOT_HANDLE, "fs", &r);
	check("down_not_a_driver", rc == -ERR_INVAL, rc);
	rc = lv_initctl_drv_down(LV_BOOT_HANDLE, "nosuch", &r);
	check("down_no_such_name", rc == -ERR_NOENT, rc);
	/* No NIC on this machine: ne2k finds no chip and exits 1. */
	rc = lv_initctl_drv_up(LV_BOOT_HANDLE, "ne2k", "ne2k", &r);
	check("driver_ends_early", rc == -ERR_SRCH && r.exit_status != 0, rc);
}

/* "ctltest impostor": "fs" is registered by a process init did not start
 * as its file server: init must not read a driver image through it. */
static int impostor(void)
{
	msg_initctl_drv_reply_t r;
	int rc = lv_initctl_drv_up(LV_BOOT_HANDLE, "ne2k", "ne2k", &r);
	check("impostor_fs_refused", rc == -ERR_ACCES, rc);
	msg_lkmd_load_t load = {.path = "/lib/modules/hello.ko"};
	msg_lkmd_result_t lr;
	rc = lv_initctl_module_load(LV_BOOT_HANDLE, &load, &lr);
	check("impostor_fs_module_refused",
	      rc == -ERR_ACCES &&
		  strstr(lr.message, "not the one init started"),
	      rc);
	printf("ctltest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

/* A network request: op's head, then len bytes of junk. */
static int net_raw(uint32_t op, size_t len)
{
	uint8_t req[sizeof(msg_initctl_net_t) + 64];
	msg_initctl_net_t head = {.op = op};
	memset(req, 0xA5, sizeof(req));
	memcpy(req, &head, sizeof(head));
	return raw(LV_INITCTL_NET, req, sizeof(head) + len);
}

/* The administrator's network changes: only the four ops, each of exactly
 * its size; no protocol server runs here (-ERR_NOENT, saying so), and a
 * process that registers "net" does not get them. */
static void network(void)
{
	static const struct {
		uint32_t op;
		size_t len;
	} good[] = {{LV_NET_IF_SET, sizeof(msg_net_ifset_t)},
		    {LV_NET_ROUTE_ADD, sizeof(msg_net_route_req_t)},
		    {LV_NET_ROUTE_DEL, sizeof(msg_net_route_req_t)},
		    {LV_NET_ARP_DEL, sizeof(msg_net_sock_t)}};
	int ok = 1, rc = 0;
	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ok &= (rc = net_raw(good[i].op, good[i].len - 1)) == -ERR_INVAL;
		ok &= (rc = net_raw(good[i].op, good[i].len + 1)) == -ERR_INVAL;
		ok &= (rc = net_raw(good[i].op, 0)) == -ERR_INVAL;
	}
	ok &= (rc = net_raw(LV_NET_ARP_DEL, sizeof(msg_net_route_req_t))) ==
	      -ERR_INVAL;
	check("net_bad_sizes", ok, rc);
	rc = net_raw(LV_NET_IF_LIST, 0); /* not an administrator's change */
	ok = rc == -ERR_INVAL;
	ok &= (rc = net_raw(LV_NET_SOCKET, sizeof(msg_net_socket_t))) ==
	      -ERR_INVAL;
	ok &= (rc = net_raw(0x12345678u, sizeof(msg_net_sock_t))) == -ERR_INVAL;
	check("net_unknown_op", ok, rc);
	msg_net_ifset_t set = {.name = "eth0", .what = LV_NET_IFSET_UP};
	msg_initctl_net_reply_t r;
	rc = lv_initctl_net(LV_BOOT_HANDLE, LV_NET_IF_SET, &set, sizeof(set),
			    &r);
	check("net_not_running",
	      rc == -ERR_NOENT && strstr(r.message, "no protocol server"), rc);
	rc = lv_initctl_net(LV_BOOT_HANDLE, LV_NET_IF_SET, &set, 64, &r);
	check("net_helper_too_long", rc == -ERR_INVAL, rc);
	int port = lv_port_create();
	rc = lv_ns_register(LV_NET_NAME, LV_NET_TYPE, "", port);
	if (rc == 0)
		rc = lv_initctl_net(LV_BOOT_HANDLE, LV_NET_IF_SET, &set,
				    sizeof(set), &r);
	static lv_msg_t m;
	int got = lv_msg_receive(port, &m.h, sizeof(m), LV_NO_WAIT);
	check("net_squatter_not_asked", rc == -ERR_NOENT && got < 0, rc);
	lv_ns_delete(LV_NET_NAME);
	lv_handle_close(port);
}

/* The network right: init's -N gave this process that right and no
 * other; a child does not inherit it, but gets it when passed on. */
static void net_right(void)
{
	check("net_right_from_init", rights_are(LV_PRIV_NET), 0);
	static const struct {
		const char *args;
		unsigned flags;
	} kids[] = {{"ctltest child", 0}, {"ctltest netchild", LV_SPAWN_NET}};
	for (unsigned i = 0; i < 2; i++) {
		lv_spawn_t req = {.name = "ctltest",
				  .args = kids[i].args,
				  .flags = kids[i].flags,
				  .handle = LV_BOOT_HANDLE};
		int pid = lv_spawn_ex(&req), status = -1;
		if (pid > 0)
			lv_wait(pid, &status);
		check(i ? "net_right_passed_on" : "right_passed_on_refused",
		      pid > 0 && status == 0, pid > 0 ? status : pid);
	}
	int rc = lv_spawn("ctltest", "ctltest child", LV_SPAWN_NUCLEUS, 0, 0);
	check("net_right_gives_no_other", rc == -ERR_PERM, rc);
}

/* No module loader runs here (ctltest.cfg starts none): a request is
 * answered -ERR_SRCH, and a process that registers the loader's name does
 * not get it -- init forwards only to the lkmd it started. */
static void modules(void)
{
	msg_lkmd_load_t load = {.path = "/lib/modules/hello.ko"};
	msg_lkmd_result_t r;
	int rc = lv_initctl_module_load(LV_BOOT_HANDLE, &load, &r);
	check("module_no_loader",
	      rc == -ERR_SRCH && strstr(r.message, "no module loader"), rc);
	int port = lv_port_create();
	rc = lv_ns_register(LV_LKMD_NAME, "server", "", port);
	if (rc == 0)
		rc = lv_initctl_module_load(LV_BOOT_HANDLE, &load, &r);
	static lv_msg_t m;
	int got = lv_msg_receive(port, &m.h, sizeof(m), LV_NO_WAIT);
	check("module_squatter_not_asked", rc == -ERR_SRCH && got < 0, rc);
	lv_ns_delete(LV_LKMD_NAME);
	lv_handle_close(port);
}

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 1);
	if (argc > 1 && strcmp(argv[1], "child") != 0 &&
	    strcmp(argv[1], "netchild") != 0 &&
	    strcmp(argv[1], "impostor") != 0)
		usage_error(&usage,
			    "%s: unknown argument (known: child, netchild, "
			    "impostor)",
			    argv[1]);
	if (argc > 1 && strcmp(argv[1], "impostor") == 0)
		return impostor();
	if (argc > 1)
		return child(strcmp(argv[1], "netchild") == 0);
	check("has_right", lv_initctl_present(LV_BOOT_HANDLE), 0);
	hostile_sizes();
	drivers();
	modules();
	int rc = lv_initctl_kill(LV_BOOT_HANDLE, 1);
	check("kill_init", rc == -ERR_PERM, rc);
	rc = lv_initctl_kill(LV_BOOT_HANDLE, 0);
	check("kill_pid_0", rc == -ERR_SRCH, rc);
	rc = lv_initctl_kill(LV_BOOT_HANDLE, 999);
	check("kill_no_such", rc == -ERR_SRCH, rc);
	rc = lv_initctl_halt(LV_BOOT_HANDLE, LV_HALT_REBOOT + 1);
	check("halt_bad_code", rc == -ERR_INVAL, rc);
	rc = lv_initctl_halt(LV_BOOT_HANDLE, LV_HALT_CODE_MAX + 1000);
	check("halt_big_code", rc == -ERR_INVAL, rc);
	rc = lv_initctl_halt(LV_BOOT_HANDLE, -1);
	check("halt_negative", rc == -ERR_INVAL, rc);
	network();
	net_right();
	printf("ctltest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
