/* net: socket helpers for TCP (IPv4 and IPv6) and Unix sockets, all
 * non-blocking and close-on-exec. Errors are returned with a message in err. */
#ifndef UPS_NET_H
#define UPS_NET_H

#include <stddef.h>
#include <sys/socket.h>

#define NET_BACKLOG 1024

/* Told about an address that one of the listeners already open serves (the
 * same address, or a wildcard and an address of one family, on one port):
 * addr is skipped, have is the listener's address. */
typedef void (*net_dup_cb)(const char *addr, const char *have, unsigned port, void *arg);
/* Binds and listens on addr:port. addr "*" binds both stacks (separately on
 * "0.0.0.0" and "::"); NULL or "" means localhost; a name binds every address
 * it resolves to. fds[0..have) are listeners already open: an address one of
 * them conflicts with is skipped and reported through on_dup (may be NULL)
 * instead of failing with EADDRINUSE. New fds are written from fds[have] on,
 * up to maxfds in all. Returns how many were added (0 when every address was
 * skipped so), or -1 with err filled and nothing added. */
int net_listen_tcp(const char *addr, const char *port, int backlog, int *fds, int have, int maxfds,
                   net_dup_cb on_dup, void *arg, char *err, size_t errlen);
/* Removes a stale socket file first (only a socket nobody answers on); the
 * socket is created with mode (through the umask; -1: the process umask decides) by bind itself,
 * owned by the caller's effective uid/gid. Follows no symlink at path: a
 * symlink or other file there is an error. fd or -1. */
int net_listen_unix(const char *path, int backlog, int mode, char *err, size_t errlen);
/* Connects to a Unix socket. With nonblock the fd is non-blocking from the
 * start and the connect never waits: a peer whose listen queue is full gives
 * -1 with errno EAGAIN (try again later). */
int net_connect_unix(const char *path, int nonblock, char *err, size_t errlen);
/* Connects to host:port, trying every address, each attempt bounded by timeout_ms
 * (<= 0: system default). family AF_UNSPEC/AF_INET/AF_INET6. Blocking fd.
 * A name that does not resolve gives errno ENXIO (distinct from connect()'s
 * EHOSTUNREACH, "no route to host"). */
int net_connect_tcp(const char *host, const char *port, int family, int timeout_ms, char *err,
                    size_t errlen);
/* accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC; -1 with errno (EAGAIN when drained). */
int net_accept(int lfd, struct sockaddr_storage *ss, socklen_t *sslen);
int net_set_nonblock(int fd, int on);
int net_set_cloexec(int fd);
int net_set_nodelay(int fd);
/* "1.2.3.4" or "::1" (no port) into out; returns out. */
const char *net_addr_str(const struct sockaddr *sa, char *out, size_t outlen);
/* write() all of p, retrying EINTR; for blocking fds. 0 or -1. */
int net_write_all(int fd, const void *p, size_t n);

#endif
