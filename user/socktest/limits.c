/* socktest's checks of what a process may hold and touch: the per-process
 * socket limit (and everything freed when a process ends, through its own
 * children), another process's socket id (its child forges it), and a
 * receive queue that overflows. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <lavender/socket.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "socktest.h"

#define CHILD_TICKS 1000 /* a child's run: 10 s at most */
#define LIMIT_RUNS (LV_NET_SOCKETS_MAX / LV_NET_SOCKETS_PER_CLIENT + 1)
#define OVERFLOW_EXTRA 6
#define IMAGE_MAX (1 << 20) /* socktest's own file is far smaller */

/* Opens sockets until socket() fails; how many it got, errno the
 * failure's. fds gets them (LV_NET_SOCKETS_PER_CLIENT + 1 room). */
static int open_all(int *fds)
{
	int n = 0;
	while (n <= LV_NET_SOCKETS_PER_CLIENT &&
	       (fds[n] = socket(AF_INET, SOCK_DGRAM, 0)) >= 0)
		n++;
	return n;
}

int limit_child(void)
{
	int fds[LV_NET_SOCKETS_PER_CLIENT + 1];
	errno = 0;
	int n = open_all(fds);
	if (n != LV_NET_SOCKETS_PER_CLIENT || errno != EMFILE) {
		printf("socktest limit: %d sockets, then %s; want %d, then "
		       "EMFILE\n",
		       n, strerror(errno), LV_NET_SOCKETS_PER_CLIENT);
		return 1;
	}
	return 0; /* ends with every socket open: net frees them */
}

/* How many sockets net lists of pid. */
static int sockets_of(int pid)
{
	static lv_net_sockinfo_t list[LV_NET_SOCKETS_MAX];
	int n = lv_net_sock_list(list, LV_NET_SOCKETS_MAX), count = 0;
	for (int i = 0; i < n; i++)
		count += (int)list[i].pid == pid;
	return n < 0 ? n : count;
}

/* Starts this program again with args: from its file when it was started
 * from one (argv[0] a path: /test/socktest), else the boot module of its
 * name. The pid or -ERR_*. */
static int spawn_self(const char *args)
{
	if (!strchr(self_image, '/'))
		return lv_spawn(self_image, args, LV_SPAWN_DEFAULT, 0, 0);
	FILE *f = fopen(self_image, "rb");
	if (!f)
		return -ERR_NOENT;
	static char image[IMAGE_MAX];
	size_t len = fread(image, 1, sizeof(image), f);
	fclose(f);
	const char *base = strrchr(self_image, '/') + 1;
	lv_spawn_t req = {.name = base,
			  .elf = image,
			  .elf_len = (uint32_t)len,
			  .args = args,
			  .flags = LV_SPAWN_DEFAULT};
	return len == sizeof(image) ? -ERR_NOMEM : lv_spawn_ex(&req);
}

/* Runs "socktest ARGS" to its end: its exit status, or -1 (why set). */
static int run_child(const char *args, int *pid, const char **why)
{
	int status = -1;
	*pid = spawn_self(args);
	if (*pid < 0) {
		*why = check_why("spawn %s: %s", args, lv_strerror(*pid));
		return -1;
	}
	if (check_wait_exit(*pid, CHILD_TICKS, &status) < 0) {
		*why = check_why("%s did not end", args);
		return -1;
	}
	return status;
}

const char *check_limit(void)
{
	int fds[LV_NET_SOCKETS_PER_CLIENT + 1], pids[LIMIT_RUNS];
	const char *why = NULL;

	errno = 0;
	int n = open_all(fds), err = errno;
	for (int i = 0; i < n; i++)
		close(fds[i]);
	if (n != LV_NET_SOCKETS_PER_CLIENT || err != EMFILE)
		return check_why("%d sockets, then %s; want %d, then EMFILE", n,
				 strerror(err), LV_NET_SOCKETS_PER_CLIENT);
	/* More children's sockets than net holds in all: each run gets its
	 * full share only if the ended ones' were freed. */
	for (int i = 0; i < LIMIT_RUNS && !why; i++) {
		int status = run_child("socktest limit", &pids[i], &why);
		if (!why && status != 0)
			why = check_why("run %d of %d: status %d", i + 1,
					LIMIT_RUNS, status);
	}
	for (int i = 0; i < LIMIT_RUNS && !why; i++) {
		int left = sockets_of(pids[i]);
		if (left != 0)
			why = check_why("net lists %d sockets of ended pid %d",
					left, pids[i]);
	}
	n = open_all(fds);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	if (!why && n != LV_NET_SOCKETS_PER_CLIENT)
		why = check_why("%d sockets after the children, want %d", n,
				LV_NET_SOCKETS_PER_CLIENT);
	return why;
}

/* Every call on another process's socket id is -ERR_BADF. */
int forge_child(uint32_t id)
{
	lv_sock_t own, forged;
	lv_net_addr_t any = {0, 0, 0};
	lv_sock_poll_t p;
	char buf[4];
	int bad = 0;

	if (lv_sock_open(LV_NET_SOCK_UDP, &own) < 0)
		return 2;
	forged = (lv_sock_t){.id = id, .epoch = own.epoch};
	p = (lv_sock_poll_t){.sock = forged, .events = LV_NET_POLLIN};
	int rc[] = {lv_sock_bind(&forged, any),
		    lv_sock_connect(&forged, any),
		    lv_sock_getname(&forged, &any, NULL),
		    lv_sock_sendto(&forged, "x", 1, &any),
		    lv_sock_recvfrom(&forged, buf, sizeof(buf),
				     LV_NET_RECV_DONTWAIT, 0, NULL),
		    lv_sock_setopt(&forged, LV_NET_OPT_BROADCAST, 1),
		    lv_sock_close(&forged)};
	for (size_t i = 0; i < sizeof(rc) / sizeof(rc[0]); i++)
		if (rc[i] != -ERR_BADF) {
			printf("socktest forge: call %u on socket %u: %s, want "
			       "EBADF\n",
			       (unsigned)i, (unsigned)id, lv_strerror(rc[i]));
			bad = 1;
		}
	if (lv_sock_poll(&p, 1, 0) != 1 || p.revents != LV_NET_POLLNVAL) {
		printf("socktest forge: poll of socket %u: revents %#x\n",
		       (unsigned)id, p.revents);
		bad = 1;
	}
	return bad;
}

const char *check_forged_id(void)
{
	lv_sock_t mine;
	lv_net_addr_t self = {ntohl(self_addr), 0, 0}, local;
	char args[40], buf[8];
	const char *why = NULL;
	int pid;

	if (lv_sock_open(LV_NET_SOCK_UDP, &mine) < 0 ||
	    lv_sock_bind(&mine, self) < 0 ||
	    lv_sock_getname(&mine, &self, NULL) < 0)
		return "lv_sock_open/bind";
	snprintf(args, sizeof(args), "socktest forge %u", (unsigned)mine.id);
	int status = run_child(args, &pid, &why);
	if (!why && status != 0)
		why = check_why("%s: status %d (its lines say which call)",
				args, status);
	else if (!why && (lv_sock_getname(&mine, &local, NULL) < 0 ||
			  local.port != self.port ||
			  lv_sock_sendto(&mine, "mine", 4, &self) != 4 ||
			  lv_sock_recvfrom(&mine, buf, sizeof(buf), 0, 3000,
					   NULL) != 4))
		why = "the socket the child named does not work any more";
	lv_sock_close(&mine);
	return why;
}

/* net's drops of a full socket queue so far. */
static uint32_t queue_drops(void)
{
	lv_net_stats_t st;
	return lv_net_stats(&st) < 0 ? 0 : st.drops[LV_NET_DROP_QUEUE];
}

/* The receive queue of the socket on port: its sockinfo, or -1. */
static int queue_of(uint16_t port, lv_net_sockinfo_t *out)
{
	static lv_net_sockinfo_t list[LV_NET_SOCKETS_MAX];
	int n = lv_net_sock_list(list, LV_NET_SOCKETS_MAX);
	for (int i = 0; i < n; i++)
		if (list[i].local.port == port) {
			*out = list[i];
			return 0;
		}
	return -1;
}

static unsigned char big[60000];

const char *check_queue_overflow(void)
{
	uint16_t rport;
	int r = udp_bound(0, &rport), s = udp_bound(0, NULL);
	struct sockaddr_in to = to_self(rport);
	lv_net_sockinfo_t q;
	uint32_t seq, drops0 = queue_drops();
	const char *why = NULL;
	unsigned sent = 0, got = 0;

	for (seq = 0; seq < LV_NET_RCVQ_DGRAMS + OVERFLOW_EXTRA; seq++)
		sent += sendto(s, &seq, sizeof(seq), 0, (struct sockaddr *)&to,
			       sizeof(to)) == sizeof(seq);
	if (sent != seq)
		why = check_why("%u of %u sends went", sent, (unsigned)seq);
	else if (queue_of(rport, &q) < 0 || q.queued != LV_NET_RCVQ_DGRAMS ||
		 q.dropped != OVERFLOW_EXTRA)
		why = check_why("the socket's queue: %u queued, %u dropped; "
				"want %u, %u",
				q.queued, q.dropped, LV_NET_RCVQ_DGRAMS,
				OVERFLOW_EXTRA);
	else if (queue_drops() - drops0 != OVERFLOW_EXTRA)
		why = check_why("net counted %u queue drops, want %u",
				(unsigned)(queue_drops() - drops0),
				OVERFLOW_EXTRA);
	for (uint32_t v;
	     !why && recv(r, &v, sizeof(v), MSG_DONTWAIT) == (ssize_t)sizeof(v);
	     got++)
		if (v != got)
			why = check_why("datagram %u came as %u", got,
					(unsigned)v);
	if (!why && got != LV_NET_RCVQ_DGRAMS)
		why = check_why("%u datagrams read, want %u", got,
				LV_NET_RCVQ_DGRAMS);
	/* The bytes' bound: two of 60000 fit in 128 KiB, the third not. */
	for (int i = 0; i < 3 && !why; i++)
		sendto(s, big, sizeof(big), 0, (struct sockaddr *)&to,
		       sizeof(to));
	if (!why && (queue_of(rport, &q) < 0 || q.queued != 2 ||
		     q.dropped != OVERFLOW_EXTRA + 1))
		why = check_why("3 datagrams of 60000 bytes: %u queued, %u "
				"dropped; want 2 and %u",
				q.queued, q.dropped, OVERFLOW_EXTRA + 1);
	while (!why && recv(r, big, sizeof(big), MSG_DONTWAIT) > 0)
		;
	/* It still works. */
	if (!why && (sendto(s, "again", 5, 0, (struct sockaddr *)&to,
			    sizeof(to)) != 5 ||
		     recv(r, big, sizeof(big), MSG_DONTWAIT) != 5))
		why = "the socket does not receive after the overflow";
	close(r);
	close(s);
	return why;
}
