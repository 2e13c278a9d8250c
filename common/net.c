/* net: TCP and Unix socket helpers (see include/net.h).  Every socket made
 * here is close-on-exec; listeners are non-blocking.  Messages written to err
 * name the address and the failing step ("127.0.0.1 port 3493: bind: Address
 * already in use") so callers can log them as they are. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ev.h"
#include "net.h"
#include "strutil.h"

/* Fills err (if any) with "<what>: <strerror(e)>" style text; never fails. */
static void net_err(char *err, size_t errlen, const char *fmt, ...) LOG_PRINTF(3, 4);

static void net_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	/* An over-long message is marked rather than cut without a trace. */
	if (n > 0 && (size_t)n >= errlen && errlen > 4)
		memcpy(err + errlen - 4, "...", 4);
}

int net_set_nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -1;
	fl = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
	return fcntl(fd, F_SETFL, fl);
}

int net_set_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	if (fl < 0)
		return -1;
	return fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
}

int net_set_nodelay(int fd)
{
	int one = 1;

	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

const char *net_addr_str(const struct sockaddr *sa, char *out, size_t outlen)
{
	const void *a = NULL;

	if (outlen == 0)
		return out;
	switch (sa->sa_family) {
	case AF_INET:
		a = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
		break;
	case AF_INET6:
		a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		break;
	case AF_UNIX:
		if (str_copy(out, outlen, "unix") < 0)
			out[0] = '\0';
		return out;
	default:
		break;
	}
	if (a == NULL || inet_ntop(sa->sa_family, a, out, (socklen_t)outlen) == NULL) {
		if (str_copy(out, outlen, "?") < 0)
			out[0] = '\0';
	}
	return out;
}

static unsigned net_port_of(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)(const void *)sa)->sin_port);
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)(const void *)sa)->sin6_port);
	return 0;
}

/* One listening socket on ai; -1 with errno and err filled. */
static int net_listen_one(const struct addrinfo *ai, int backlog, char *err, size_t errlen)
{
	char host[INET6_ADDRSTRLEN];
	const char *step;
	int fd, one = 1, e;

	net_addr_str(ai->ai_addr, host, sizeof(host));
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		step = "socket";
		goto fail;
	}
	step = "setsockopt";
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		goto fail;
	/* "::" must not swallow IPv4: that one gets its own socket. */
	if (ai->ai_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0)
		goto fail;
	step = "bind";
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0)
		goto fail;
	step = "listen";
	if (listen(fd, backlog) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	net_err(err, errlen, "%s port %u: %s: %s", host, net_port_of(ai->ai_addr), step,
	        strerror(e));
	if (fd >= 0)
		close(fd);
	errno = e;
	return -1;
}

/* Is this error "that address family or address does not exist here"?  Such
 * addresses are skipped (a host without IPv6 still serves "*" on IPv4). */
static int net_unavailable(int e)
{
	return e == EAFNOSUPPORT || e == EADDRNOTAVAIL || e == EPROTONOSUPPORT;
}

static int net_same_addr(const struct addrinfo *a, const struct addrinfo *b)
{
	return a->ai_addrlen == b->ai_addrlen && memcmp(a->ai_addr, b->ai_addr, a->ai_addrlen) == 0;
}

/* Would a listener on a conflict with one on b? Same family and port, and
 * the same address or either one the wildcard (the kernel refuses that pair
 * too). IPv4 and IPv6 never conflict: IPv6 listeners are IPV6_V6ONLY. */
static int net_overlap(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family || net_port_of(a) != net_port_of(b))
		return 0;
	if (a->sa_family == AF_INET) {
		const struct in_addr *x = &((const struct sockaddr_in *)(const void *)a)->sin_addr;
		const struct in_addr *y = &((const struct sockaddr_in *)(const void *)b)->sin_addr;

		return x->s_addr == y->s_addr || x->s_addr == htonl(INADDR_ANY) ||
		       y->s_addr == htonl(INADDR_ANY);
	}
	if (a->sa_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)(const void *)a;
		const struct sockaddr_in6 *y = (const struct sockaddr_in6 *)(const void *)b;

		return (memcmp(&x->sin6_addr, &y->sin6_addr, sizeof(x->sin6_addr)) == 0 &&
		        x->sin6_scope_id == y->sin6_scope_id) ||
		       IN6_IS_ADDR_UNSPECIFIED(&x->sin6_addr) ||
		       IN6_IS_ADDR_UNSPECIFIED(&y->sin6_addr);
	}
	return 0;
}

/* The first of fds[0..nfds) whose address conflicts with sa, or -1. */
static int net_find_overlap(const struct sockaddr *sa, const int *fds, int nfds,
                            struct sockaddr_storage *found)
{
	socklen_t len;
	int i;

	for (i = 0; i < nfds; i++) {
		len = sizeof(*found);
		if (getsockname(fds[i], (struct sockaddr *)found, &len) == 0 &&
		    net_overlap(sa, (const struct sockaddr *)found))
			return i;
	}
	return -1;
}

struct net_listen_ctx {
	int backlog;
	int *fds;
	int nfds, maxfds;
	int skipped; /* addresses left to a listener that serves them already */
	net_dup_cb on_dup;
	void *arg;
	char *err;
	size_t errlen;
};

/* Binds every address host resolves to; see net_listen_tcp(). */
static int net_listen_host(struct net_listen_ctx *c, const char *host, const char *port, int family)
{
	struct addrinfo hints, *res = NULL, *ai, *prev;
	struct sockaddr_storage other;
	char want[INET6_ADDRSTRLEN], have[INET6_ADDRSTRLEN];
	int rc, fd;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		if (rc == EAI_FAMILY || rc == EAI_ADDRFAMILY)
			return 0; /* no such stack here */
		net_err(c->err, c->errlen, "%s port %s: %s", host, port, gai_strerror(rc));
		errno = EINVAL;
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		for (prev = res; prev != ai; prev = prev->ai_next) {
			if (net_same_addr(prev, ai))
				break;
		}
		if (prev != ai)
			continue; /* resolver listed it twice */
		if (net_find_overlap(ai->ai_addr, c->fds, c->nfds, &other) >= 0) {
			c->skipped++;
			if (c->on_dup != NULL)
				c->on_dup(net_addr_str(ai->ai_addr, want, sizeof(want)),
				          net_addr_str((const struct sockaddr *)&other, have,
				                       sizeof(have)),
				          net_port_of(ai->ai_addr), c->arg);
			continue;
		}
		if (c->nfds >= c->maxfds) {
			net_err(c->err, c->errlen,
			        "%s port %s: more than %d addresses to listen on", host, port,
			        c->maxfds);
			errno = ENOSPC;
			freeaddrinfo(res);
			return -1;
		}
		fd = net_listen_one(ai, c->backlog, c->err, c->errlen);
		if (fd < 0) {
			if (net_unavailable(errno))
				continue;
			freeaddrinfo(res);
			return -1;
		}
		c->fds[c->nfds++] = fd;
	}
	freeaddrinfo(res);
	return 0;
}

int net_listen_tcp(const char *addr, const char *port, int backlog, int *fds, int have, int maxfds,
                   net_dup_cb on_dup, void *arg, char *err, size_t errlen)
{
	struct net_listen_ctx c = {
	    backlog > 0 ? backlog : NET_BACKLOG, fds, have, maxfds, 0, on_dup, arg, err, errlen};
	int rc, i, e;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (addr == NULL || *addr == '\0')
		addr = "localhost";
	if (strcmp(addr, "*") == 0) {
		rc = net_listen_host(&c, "0.0.0.0", port, AF_INET);
		if (rc >= 0)
			rc = net_listen_host(&c, "::", port, AF_INET6);
	} else {
		rc = net_listen_host(&c, addr, port, AF_UNSPEC);
	}
	if (rc >= 0 && c.nfds == have && c.skipped == 0) {
		if (err != NULL && errlen > 0 && err[0] == '\0')
			net_err(err, errlen, "%s port %s: no usable address", addr, port);
		errno = EADDRNOTAVAIL;
		rc = -1;
	}
	if (rc < 0) {
		e = errno;
		for (i = have; i < c.nfds; i++)
			close(fds[i]);
		errno = e;
		return -1;
	}
	return c.nfds - have;
}

/* Fills sun from path; -1 (ENAMETOOLONG) when it does not fit. */
static int net_unix_addr(struct sockaddr_un *sun, const char *path, char *err, size_t errlen)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (str_copy(sun->sun_path, sizeof(sun->sun_path), path) < 0) {
		net_err(err, errlen, "%s: socket path too long (limit %zu bytes)", path,
		        sizeof(sun->sun_path) - 1);
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* The socket is created with its final mode by bind() itself (umask), and
 * nothing here follows a symlink at path: lstat() and unlink() act on the
 * link, bind() refuses an existing name.  A chmod() or chown() by name after
 * bind() would follow a symlink swapped in meanwhile by anyone who can write
 * the directory (the nut group can write STATEPATH). */
int net_listen_unix(const char *path, int backlog, int mode, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	struct stat st;
	const char *step;
	mode_t old_mask;
	int fd = -1, probe, e, r;

	if (backlog <= 0)
		backlog = NET_BACKLOG;
	if (net_unix_addr(&sun, path, err, errlen) < 0)
		return -1;
	if (lstat(path, &st) == 0) {
		/* Only ever remove a socket, and only one nobody answers on: a live
		 * one means another instance is running. */
		if (!S_ISSOCK(st.st_mode)) {
			net_err(err, errlen, "%s: exists and is not a socket", path);
			errno = EEXIST;
			return -1;
		}
		/* Non-blocking: a listener whose queue is full (EAGAIN) is alive
		 * too, and must not hold us up. */
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (probe >= 0 && (connect(probe, (struct sockaddr *)&sun, sizeof(sun)) == 0 ||
		                   errno == EAGAIN)) {
			close(probe);
			net_err(err, errlen, "%s: socket in use by another process", path);
			errno = EADDRINUSE;
			return -1;
		}
		if (probe >= 0)
			close(probe);
		step = "unlink stale socket";
		if (unlink(path) < 0 && errno != ENOENT)
			goto fail;
	}
	step = "socket";
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	step = "bind";
	old_mask = mode >= 0 ? umask((mode_t)(~mode & 0777)) : 0;
	r = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	e = errno;
	if (mode >= 0)
		(void)umask(old_mask);
	errno = e;
	if (r < 0)
		goto fail;
	step = "listen";
	if (listen(fd, backlog) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	net_err(err, errlen, "%s: %s: %s", path, step, strerror(e));
	if (fd >= 0) {
		close(fd);
		if (strcmp(step, "bind") != 0)
			unlink(path);
	}
	errno = e;
	return -1;
}

int net_connect_unix(const char *path, int nonblock, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	int fd, rc, e;

	if (net_unix_addr(&sun, path, err, errlen) < 0)
		return -1;
	/* Non-blocking from the start: a Unix connect then never waits on a peer
	 * whose listen queue is full (Linux fails it with EAGAIN instead). */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0), 0);
	if (fd < 0) {
		e = errno;
		net_err(err, errlen, "%s: socket: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	do
		rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	while (rc < 0 && errno == EINTR);
	if (rc < 0) {
		e = errno;
		net_err(err, errlen, "%s: connect: %s", path, strerror(e));
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Connects fd to ai within timeout_ms (<= 0: blocking connect).  Leaves fd
 * blocking.  0 or -1 with errno. */
static int net_connect_one(int fd, const struct addrinfo *ai, int timeout_ms)
{
	struct pollfd pfd;
	uint64_t deadline;
	socklen_t len;
	int rc, soerr;

	if (timeout_ms <= 0) {
		rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (rc == 0 || errno != EINTR)
			return rc;
		/* Interrupted: the connection goes on in the background; wait for it. */
		timeout_ms = -1;
	} else {
		if (net_set_nonblock(fd, 1) < 0)
			return -1;
		rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (rc == 0)
			return net_set_nonblock(fd, 0);
		if (errno != EINPROGRESS && errno != EINTR)
			return -1;
	}
	deadline = timeout_ms > 0 ? ev_now_ms() + (uint64_t)timeout_ms : 0;
	for (;;) {
		int wait_ms = -1;

		if (timeout_ms > 0) {
			uint64_t now = ev_now_ms();

			if (now >= deadline) {
				errno = ETIMEDOUT;
				return -1;
			}
			wait_ms = (int)(deadline - now);
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		rc = poll(&pfd, 1, wait_ms);
		if (rc > 0)
			break;
		if (rc < 0 && errno != EINTR)
			return -1;
	}
	len = sizeof(soerr);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
		return -1;
	if (soerr != 0) {
		errno = soerr;
		return -1;
	}
	return net_set_nonblock(fd, 0);
}

int net_connect_tcp(const char *host, const char *port, int family, int timeout_ms, char *err,
                    size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai;
	int rc, fd = -1, e = ECONNREFUSED;

	if (host == NULL || *host == '\0')
		host = "localhost";
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc == EAI_NONAME || rc == EAI_ADDRFAMILY) {
		/* AI_ADDRCONFIG hides loopback-only stacks on hosts with no other
		 * address; ask again without it. */
		hints.ai_flags = 0;
		rc = getaddrinfo(host, port, &hints, &res);
	}
	if (rc != 0) {
		net_err(err, errlen, "%s port %s: %s", host, port, gai_strerror(rc));
		errno = rc == EAI_SYSTEM ? errno : ENXIO;
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			e = errno;
			continue;
		}
		if (net_connect_one(fd, ai, timeout_ms) == 0)
			break;
		e = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		net_err(err, errlen, "%s port %s: connect: %s", host, port, strerror(e));
		errno = e;
		return -1;
	}
	return fd;
}

int net_accept(int lfd, struct sockaddr_storage *ss, socklen_t *sslen)
{
	struct sockaddr_storage tmp;
	socklen_t tmplen = sizeof(tmp);
	int fd;

	if (ss == NULL) {
		ss = &tmp;
		sslen = &tmplen;
	} else if (sslen != NULL) {
		*sslen = sizeof(*ss);
	} else {
		sslen = &tmplen;
	}
	do {
#ifdef HAVE_ACCEPT4
		fd = accept4(lfd, (struct sockaddr *)ss, sslen, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
		fd = accept(lfd, (struct sockaddr *)ss, sslen);
		if (fd >= 0 && (net_set_nonblock(fd, 1) < 0 || net_set_cloexec(fd) < 0)) {
			int e = errno;

			close(fd);
			errno = e;
			fd = -1;
		}
#endif
	} while (fd < 0 && errno == EINTR);
	return fd;
}

int net_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		/* MSG_NOSIGNAL: a closed peer is an EPIPE error, not a dead process. */
		w = send(fd, c, n, MSG_NOSIGNAL);
		if (w < 0 && errno == ENOTSOCK)
			w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}
