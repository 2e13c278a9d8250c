/* Unit tests for common/net on real sockets: TCP on 127.0.0.1 and ::1 (IPv6
 * parts are skipped when the host has no ::1), "*" on both stacks, Unix
 * sockets with stale/live/foreign files, connect timeouts and errors. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "ev.h"
#include "net.h"

#define SOON_MS 5000

static int have_ipv6(void)
{
	struct sockaddr_in6 sin6;
	int fd = socket(AF_INET6, SOCK_STREAM, 0), ok;

	if (fd < 0)
		return 0;
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = in6addr_loopback;
	ok = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0;
	close(fd);
	return ok;
}

static unsigned local_port(int fd, int *family)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
	if (family != NULL)
		*family = ss.ss_family;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

static int getopt_int(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	assert_int_equal(getsockopt(fd, level, name, &v, &len), 0);
	return v;
}

static void assert_listener_flags(int fd)
{
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_true(getopt_int(fd, SOL_SOCKET, SO_ACCEPTCONN) != 0);
}

static void assert_tcp_listener_flags(int fd)
{
	assert_listener_flags(fd);
	/* A restarted upsd must rebind at once despite TIME_WAIT connections. */
	assert_true(getopt_int(fd, SOL_SOCKET, SO_REUSEADDR) != 0);
}

/* Accepts one connection on lfd, waiting for it with poll. */
static int accept_one(int lfd, char *peer, size_t peerlen)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct pollfd p = {.fd = lfd, .events = POLLIN};
	int fd;

	assert_int_equal(poll(&p, 1, SOON_MS), 1);
	fd = net_accept(lfd, &ss, &len);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	if (peer != NULL)
		net_addr_str((struct sockaddr *)&ss, peer, peerlen);
	return fd;
}

/* Client fd -> server fd and back, one short message each way. */
static void exchange(int cfd, int sfd)
{
	struct pollfd p = {.fd = sfd, .events = POLLIN};
	char buf[16];

	assert_int_equal(net_write_all(cfd, "PING\n", 5), 0);
	assert_int_equal(poll(&p, 1, SOON_MS), 1);
	assert_int_equal(read(sfd, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "PING\n", 5);
	assert_int_equal(net_write_all(sfd, "PONG\n", 5), 0);
	assert_int_equal(read(cfd, buf, sizeof(buf)), 5); /* client fd is blocking */
	assert_memory_equal(buf, "PONG\n", 5);
}

static void run_tcp_roundtrip(const char *addr, int family, const char *want_peer)
{
	char err[256] = "", port[16], peer[64];
	int fds[4], n, fam, cfd, sfd;

	n = net_listen_tcp(addr, "0", 0, fds, 0, 4, NULL, NULL, err, sizeof(err));
	if (n != 1)
		fail_msg("listen %s: n=%d %s", addr, n, err);
	assert_tcp_listener_flags(fds[0]);
	snprintf(port, sizeof(port), "%u", local_port(fds[0], &fam));
	assert_int_equal(fam, family);

	cfd = net_connect_tcp(addr, port, AF_UNSPEC, 2000, err, sizeof(err));
	if (cfd < 0)
		fail_msg("connect %s port %s: %s", addr, port, err);
	assert_false(fcntl(cfd, F_GETFL) & O_NONBLOCK); /* handed back blocking */
	assert_true(fcntl(cfd, F_GETFD) & FD_CLOEXEC);
	sfd = accept_one(fds[0], peer, sizeof(peer));
	assert_string_equal(peer, want_peer);
	exchange(cfd, sfd);
	assert_int_equal(net_set_nodelay(sfd), 0);
	assert_int_equal(getopt_int(sfd, IPPROTO_TCP, TCP_NODELAY), 1);
	/* Drained: EAGAIN, not a block. */
	errno = 0;
	assert_int_equal(net_accept(fds[0], NULL, NULL), -1);
	assert_int_equal(errno, EAGAIN);
	close(cfd);
	close(sfd);
	close(fds[0]);
}

static void test_tcp_v4(void **state)
{
	run_tcp_roundtrip("127.0.0.1", AF_INET, "127.0.0.1");
}

static void test_tcp_v6(void **state)
{
	if (!have_ipv6())
		skip();
	run_tcp_roundtrip("::1", AF_INET6, "::1");
}

static void test_tcp_wildcard(void **state)
{
	char err[256] = "";
	int fds[4], n, fam, i, v4 = 0, v6 = 0;

	n = net_listen_tcp("*", "0", 0, fds, 0, 4, NULL, NULL, err, sizeof(err));
	if (n < 1)
		fail_msg("listen *: %s", err);
	assert_int_equal(n, have_ipv6() ? 2 : 1);
	for (i = 0; i < n; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);

		assert_tcp_listener_flags(fds[i]);
		local_port(fds[i], &fam);
		assert_int_equal(getsockname(fds[i], (struct sockaddr *)&ss, &len), 0);
		if (fam == AF_INET) {
			v4++;
			assert_int_equal(((struct sockaddr_in *)&ss)->sin_addr.s_addr, INADDR_ANY);
		} else {
			v6++;
			assert_int_equal(fam, AF_INET6);
			/* The :: socket leaves IPv4 to its own socket. */
			assert_int_equal(getopt_int(fds[i], IPPROTO_IPV6, IPV6_V6ONLY), 1);
			assert_true(
			    IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *)&ss)->sin6_addr));
		}
		close(fds[i]);
	}
	assert_int_equal(v4, 1);
	assert_int_equal(v6, n - 1);

	/* Room for fewer fds than addresses: an error, not a silent half. */
	if (have_ipv6()) {
		assert_int_equal(
		    net_listen_tcp("*", "0", 0, fds, 0, 1, NULL, NULL, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "more than 1"));
	}
}

static void test_tcp_localhost_and_default(void **state)
{
	char err[256] = "", port[16];
	int fds[4], n, i, cfd, sfd;

	/* NULL means localhost: one or two fds (127.0.0.1 and maybe ::1). */
	n = net_listen_tcp(NULL, "0", 16, fds, 0, 4, NULL, NULL, err, sizeof(err));
	if (n < 1)
		fail_msg("listen localhost: %s", err);
	assert_true(n <= 2);
	for (i = 0; i < n; i++)
		assert_tcp_listener_flags(fds[i]);
	/* Connect by name to the IPv4 one. */
	for (i = 0; i < n; i++) {
		int fam;
		unsigned p = local_port(fds[i], &fam);

		if (fam != AF_INET)
			continue;
		snprintf(port, sizeof(port), "%u", p);
		cfd = net_connect_tcp("localhost", port, AF_INET, 2000, err, sizeof(err));
		if (cfd < 0)
			fail_msg("connect localhost: %s", err);
		sfd = accept_one(fds[i], NULL, 0);
		exchange(cfd, sfd);
		close(cfd);
		close(sfd);
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
}

static int local_family(int fd)
{
	int fam = 0;

	(void)local_port(fd, &fam);
	return fam;
}

struct dups {
	int n;
	char addr[64], have[64];
	unsigned port;
};

static void on_dup(const char *addr, const char *have, unsigned port, void *arg)
{
	struct dups *d = arg;

	d->n++;
	snprintf(d->addr, sizeof(d->addr), "%s", addr);
	snprintf(d->have, sizeof(d->have), "%s", have);
	d->port = port;
}

/* One address reached twice (directly, through a name, or through a
 * wildcard of the same family) is skipped and reported, not an error; an
 * address that merely shares the port is bound. */
static void test_tcp_overlap(void **state)
{
	char err[256] = "", port[16];
	struct dups d;
	int fds[8], n, i, have, v6;

	(void)state;
	n = net_listen_tcp("127.0.0.1", "0", 0, fds, 0, 8, NULL, NULL, err, sizeof(err));
	assert_int_equal(n, 1);
	snprintf(port, sizeof(port), "%u", local_port(fds[0], NULL));
	have = 1;

	memset(&d, 0, sizeof(d));
	assert_int_equal(
	    net_listen_tcp("127.0.0.1", port, 0, fds, have, 8, on_dup, &d, err, sizeof(err)), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.addr, "127.0.0.1");
	assert_string_equal(d.have, "127.0.0.1");
	assert_int_equal(d.port, local_port(fds[0], NULL));
	/* Without on_dup too. */
	assert_int_equal(
	    net_listen_tcp("127.0.0.1", port, 0, fds, have, 8, NULL, NULL, err, sizeof(err)), 0);

	/* A name resolving to it (localhost may also give ::1, which is bound). */
	memset(&d, 0, sizeof(d));
	n = net_listen_tcp("localhost", port, 0, fds, have, 8, on_dup, &d, err, sizeof(err));
	if (n < 0)
		fail_msg("localhost: %s", err);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.addr, "127.0.0.1");
	for (i = have; i < have + n; i++)
		assert_int_equal(local_family(fds[i]), AF_INET6);
	for (i = have; i < have + n; i++)
		close(fds[i]);

	/* The IPv4 wildcard conflicts with it; "*" then adds only IPv6. */
	memset(&d, 0, sizeof(d));
	assert_int_equal(
	    net_listen_tcp("0.0.0.0", port, 0, fds, have, 8, on_dup, &d, err, sizeof(err)), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.addr, "0.0.0.0");
	assert_string_equal(d.have, "127.0.0.1");
	memset(&d, 0, sizeof(d));
	n = net_listen_tcp("*", port, 0, fds, have, 8, on_dup, &d, err, sizeof(err));
	assert_true(n == 0 || n == 1);
	assert_int_equal(d.n, 1);
	v6 = n == 1;
	if (v6) {
		assert_int_equal(local_family(fds[have]), AF_INET6);
		have++;
		/* ::1 is covered by the "::" just opened. */
		memset(&d, 0, sizeof(d));
		assert_int_equal(
		    net_listen_tcp("::1", port, 0, fds, have, 8, on_dup, &d, err, sizeof(err)), 0);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.addr, "::1");
		assert_string_equal(d.have, "::");
	}

	/* Another loopback address on the same port is not a duplicate. */
	memset(&d, 0, sizeof(d));
	n = net_listen_tcp("127.0.0.2", port, 0, fds, have, 8, on_dup, &d, err, sizeof(err));
	if (n < 0)
		fail_msg("127.0.0.2: %s", err);
	assert_int_equal(n, 1);
	assert_int_equal(d.n, 0);
	have++;
	/* The wildcard, the other way round. */
	for (i = 0; i < have; i++)
		close(fds[i]);
	n = net_listen_tcp("0.0.0.0", "0", 0, fds, 0, 8, NULL, NULL, err, sizeof(err));
	assert_int_equal(n, 1);
	snprintf(port, sizeof(port), "%u", local_port(fds[0], NULL));
	memset(&d, 0, sizeof(d));
	assert_int_equal(
	    net_listen_tcp("127.0.0.1", port, 0, fds, 1, 8, on_dup, &d, err, sizeof(err)), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.have, "0.0.0.0");
	/* A listener nobody told us about is still an error (another process). */
	assert_int_equal(
	    net_listen_tcp("127.0.0.1", port, 0, fds + 1, 0, 7, on_dup, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Address already in use"));
	close(fds[0]);
}

static void test_tcp_errors(void **state)
{
	char err[256] = "", port[16];
	int fds[4], n, fd;

	/* Port taken (SO_REUSEADDR does not allow two listeners). */
	n = net_listen_tcp("127.0.0.1", "0", 0, fds, 0, 4, NULL, NULL, err, sizeof(err));
	assert_int_equal(n, 1);
	snprintf(port, sizeof(port), "%u", local_port(fds[0], NULL));
	assert_int_equal(
	    net_listen_tcp("127.0.0.1", port, 0, fds + 1, 0, 3, NULL, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "127.0.0.1 port"));
	assert_non_null(strstr(err, "bind: Address already in use"));
	close(fds[0]);

	/* Nothing listens there any more: refused, with the reason. */
	errno = 0;
	fd = net_connect_tcp("127.0.0.1", port, AF_UNSPEC, 2000, err, sizeof(err));
	assert_int_equal(fd, -1);
	assert_int_equal(errno, ECONNREFUSED);
	assert_non_null(strstr(err, "Connection refused"));
	fd = net_connect_tcp("127.0.0.1", port, AF_INET, 0, err, sizeof(err)); /* blocking */
	assert_int_equal(fd, -1);
	assert_int_equal(errno, ECONNREFUSED);

	/* Names that do not resolve. */
	assert_int_equal(
	    net_listen_tcp("nosuch.invalid", "0", 0, fds, 0, 4, NULL, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nosuch.invalid"));
	assert_int_equal(
	    net_connect_tcp("nosuch.invalid", "3493", AF_UNSPEC, 500, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nosuch.invalid"));
	/* An address this host does not have. */
	assert_int_equal(
	    net_listen_tcp("192.0.2.1", "0", 0, fds, 0, 4, NULL, NULL, err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
}

/* A listener whose accept queue is full drops SYNs, so a connect attempt
 * hangs: the timeout must end it. */
static void test_tcp_connect_timeout(void **state)
{
	char err[256] = "", port[16];
	int fds[1], held[64], nheld = 0, timed_out = 0;
	uint64_t t0, took = 0;

	assert_int_equal(
	    net_listen_tcp("127.0.0.1", "0", 1, fds, 0, 1, NULL, NULL, err, sizeof(err)), 1);
	snprintf(port, sizeof(port), "%u", local_port(fds[0], NULL));
	while (nheld < 64) {
		int fd;

		t0 = ev_now_ms();
		fd = net_connect_tcp("127.0.0.1", port, AF_INET, 300, err, sizeof(err));
		if (fd < 0) {
			took = ev_now_ms() - t0;
			timed_out = errno == ETIMEDOUT;
			break;
		}
		held[nheld++] = fd;
	}
	for (int i = 0; i < nheld; i++)
		close(held[i]);
	close(fds[0]);
	if (!timed_out)
		skip(); /* this kernel kept accepting: nothing to time out */
	assert_non_null(strstr(err, "timed out"));
	assert_true(took >= 300);
	assert_true(took < SOON_MS);
}

static void test_addr_str(void **state)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	char out[INET6_ADDRSTRLEN], tiny[4];

	inet_pton(AF_INET, "192.168.1.20", &sin.sin_addr);
	assert_string_equal(net_addr_str((struct sockaddr *)&sin, out, sizeof(out)),
	                    "192.168.1.20");
	inet_pton(AF_INET6, "2001:db8::7", &sin6.sin6_addr);
	assert_string_equal(net_addr_str((struct sockaddr *)&sin6, out, sizeof(out)),
	                    "2001:db8::7");
	assert_string_equal(net_addr_str((struct sockaddr *)&sun, out, sizeof(out)), "unix");
	/* Does not fit: a marker, never a cut address. */
	assert_string_equal(net_addr_str((struct sockaddr *)&sin, tiny, sizeof(tiny)), "?");
}

struct udir {
	char dir[64];
	char path[128];
};

static int unix_setup(void **state)
{
	struct udir *u = calloc(1, sizeof(*u));

	if (u == NULL)
		return -1;
	snprintf(u->dir, sizeof(u->dir), "/tmp/test_net.XXXXXX");
	if (mkdtemp(u->dir) == NULL) {
		free(u);
		return -1;
	}
	snprintf(u->path, sizeof(u->path), "%s/dummy-ups-myups", u->dir);
	*state = u;
	return 0;
}

static int unix_teardown(void **state)
{
	struct udir *u = *state;

	unlink(u->path);
	rmdir(u->dir);
	free(u);
	return 0;
}

static void test_unix_roundtrip(void **state)
{
	struct udir *u = *state;
	char err[256] = "";
	struct stat st;
	int lfd, cfd, sfd;

	lfd = net_listen_unix(u->path, 0, 0660, err, sizeof(err));
	if (lfd < 0)
		fail_msg("%s", err);
	assert_listener_flags(lfd);
	assert_int_equal(stat(u->path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);

	cfd = net_connect_unix(u->path, 0, err, sizeof(err));
	assert_true(cfd >= 0);
	assert_false(fcntl(cfd, F_GETFL) & O_NONBLOCK);
	assert_true(fcntl(cfd, F_GETFD) & FD_CLOEXEC);
	sfd = accept_one(lfd, NULL, 0);
	exchange(cfd, sfd);
	close(cfd);
	close(sfd);

	cfd = net_connect_unix(u->path, 1, err, sizeof(err));
	assert_true(cfd >= 0);
	assert_true(fcntl(cfd, F_GETFL) & O_NONBLOCK);
	close(cfd);

	/* A second listener on a live socket is refused; the socket survives. */
	assert_int_equal(net_listen_unix(u->path, 0, 0660, err, sizeof(err)), -1);
	assert_int_equal(errno, EADDRINUSE);
	assert_non_null(strstr(err, "in use"));
	assert_int_equal(stat(u->path, &st), 0);
	close(lfd);
}

static void test_unix_stale_and_foreign(void **state)
{
	struct udir *u = *state;
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	char err[256] = "", longpath[200];
	int fd, lfd;

	/* A socket file left by a dead process (bound, never listening). */
	assert_true(strlen(u->path) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, u->path, strlen(u->path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	lfd = net_listen_unix(u->path, 0, 0600, err, sizeof(err));
	if (lfd < 0)
		fail_msg("stale socket not replaced: %s", err);
	close(lfd);
	unlink(u->path);

	/* Not a socket: never removed. */
	fd = open(u->path, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(net_listen_unix(u->path, 0, 0600, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a socket"));
	assert_int_equal(access(u->path, F_OK), 0);
	unlink(u->path);

	/* A symlink at the name is not followed: refused, its target unchanged. */
	{
		char target[sizeof(u->path) + 8];
		struct stat st;

		snprintf(target, sizeof(target), "%s.tgt", u->path);
		fd = open(target, O_WRONLY | O_CREAT, 0600);
		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(symlink(target, u->path), 0);
		assert_int_equal(net_listen_unix(u->path, 0, 0666, err, sizeof(err)), -1);
		assert_int_equal(stat(target, &st), 0);
		assert_true(S_ISREG(st.st_mode));
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_int_equal(lstat(u->path, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
		unlink(u->path);
		unlink(target);
	}

	/* Longer than sun_path: refused, not truncated. */
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(net_listen_unix(longpath, 0, 0600, err, sizeof(err)), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	assert_int_equal(net_connect_unix(longpath, 0, err, sizeof(err)), -1);

	/* Nobody there. */
	assert_int_equal(net_connect_unix(u->path, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, u->path));
}

static void test_write_all(void **state)
{
	static char big[200000];
	char *got;
	size_t have = 0;
	int sv[2];
	pid_t pid;

	/* More than a socket buffer: write_all must loop while the peer reads. */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(sv[0]);
		_exit(net_write_all(sv[1], big, sizeof(big)) == 0 ? 0 : 1);
	}
	close(sv[1]);
	got = malloc(sizeof(big));
	assert_non_null(got);
	while (have < sizeof(big)) {
		ssize_t r = read(sv[0], got + have, sizeof(big) - have);

		assert_true(r > 0);
		have += (size_t)r;
	}
	assert_memory_equal(got, big, sizeof(big));
	free(got);
	close(sv[0]);

	/* Peer gone: EPIPE, and the process is still alive to see it. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	errno = 0;
	assert_int_equal(net_write_all(sv[0], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	close(sv[0]);
}

static void test_fd_flags(void **state)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(net_set_nonblock(p[0], 1), 0);
	assert_true(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	assert_int_equal(net_set_nonblock(p[0], 0), 0);
	assert_false(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	assert_int_equal(net_set_cloexec(p[0]), 0);
	assert_true(fcntl(p[0], F_GETFD) & FD_CLOEXEC);
	close(p[0]);
	close(p[1]);
	assert_int_equal(net_set_nonblock(p[0], 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tcp_v4),
	    cmocka_unit_test(test_tcp_v6),
	    cmocka_unit_test(test_tcp_wildcard),
	    cmocka_unit_test(test_tcp_localhost_and_default),
	    cmocka_unit_test(test_tcp_errors),
	    cmocka_unit_test(test_tcp_overlap),
	    cmocka_unit_test(test_tcp_connect_timeout),
	    cmocka_unit_test(test_addr_str),
	    cmocka_unit_test_setup_teardown(test_unix_roundtrip, unix_setup, unix_teardown),
	    cmocka_unit_test_setup_teardown(test_unix_stale_and_foreign, unix_setup, unix_teardown),
	    cmocka_unit_test(test_write_all),
	    cmocka_unit_test(test_fd_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
