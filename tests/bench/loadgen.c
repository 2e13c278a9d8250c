/*
 * loadgen.c - closed-loop load generator for upsd benchmarks; tests/bench/run.sh
 * builds it with the system compiler and parses its one-line results:
 *   loadgen getvar HOST PORT UPS VAR [-c CONNS] [-d SECS]
 *       every connection sends "GET VAR UPS VAR", waits for the reply line and
 *       sends again, for SECS seconds; one thread, epoll.
 *       -> "reqs=N secs=S rps=R p50_ms=X p99_ms=Y errors=E"
 *   loadgen listvar HOST PORT UPS [-n ITER]
 *       one connection, ITER times "LIST VAR UPS" read to its END line.
 *       -> "iters=N vars=V p50_ms=X p90_ms=Y max_ms=Z"
 *   loadgen abuse HOST PORT UPS VAR [-c CONNS] [-a ABUSERS] [-d SECS]
 *       ABUSERS processes (default 2) each connect, send ~40 KB of random
 *       bytes mixed with "LIST VAR UPS" lines, read nothing, close and start
 *       again; meanwhile CONNS ordinary connections (default 5) each send
 *       "GET VAR UPS VAR" every 10 ms (or when the previous reply came, if
 *       later), for SECS seconds.
 *       -> "reqs=N p50_ms=X p99_ms=Y max_ms=Z over1s=K abuser_conns=A errors=E"
 *   loadgen hold HOST PORT N [-d SECS]
 *       opens N connections at once (non-blocking connects) and sends nothing;
 *       prints "connected=C of=N connect_s=S" when all are connected (or after
 *       60 s), then holds them open SECS seconds (default 30) and exits.
 * Exit status 1 when a reply was wrong or missing, 2 on setup errors.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LG_MAX_CONNS 10000
#define LG_BUF       65536
#define LG_HIST_US   1000000 /* latency histogram: 1 us buckets up to 1 s */

struct lg_conn {
	int fd;
	size_t len;
	uint64_t sent_ns;
	char buf[512];
};

static uint64_t lg_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int lg_connect(const char *host, int port)
{
	struct sockaddr_in sa;
	int fd, one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		fprintf(stderr, "loadgen: %s: not an IPv4 address\n", host);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "loadgen: connect %s:%d: %s\n", host, port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static int lg_send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Percentile (0..1) of a 1-us histogram, in milliseconds. */
static double lg_hist_ms(const uint32_t *hist, uint64_t total, double q)
{
	uint64_t want = (uint64_t)(q * (double)total), seen = 0;
	size_t i;

	for (i = 0; i < LG_HIST_US; i++) {
		seen += hist[i];
		if (seen > want)
			return (double)i / 1000.0;
	}
	return (double)LG_HIST_US / 1000.0;
}

static int lg_getvar(const char *host, int port, const char *ups, const char *var, int nconns,
                     double secs)
{
	char req[256], want[256];
	struct lg_conn *conns = NULL;
	uint32_t *hist = NULL;
	uint64_t reqs = 0, errors = 0, start, end, now;
	int ep = -1, i, rc = 2;
	size_t reqlen;

	if (snprintf(req, sizeof(req), "GET VAR %s %s\n", ups, var) >= (int)sizeof(req) ||
	    snprintf(want, sizeof(want), "VAR %s %s \"", ups, var) >= (int)sizeof(want)) {
		fprintf(stderr, "loadgen: names too long\n");
		return 2;
	}
	reqlen = strlen(req);
	conns = calloc((size_t)nconns, sizeof(*conns));
	hist = calloc(LG_HIST_US, sizeof(*hist));
	ep = epoll_create1(0);
	if (conns == NULL || hist == NULL || ep < 0)
		goto out;
	for (i = 0; i < nconns; i++) {
		struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &conns[i]};

		conns[i].fd = lg_connect(host, port);
		if (conns[i].fd < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev) < 0)
			goto out;
	}
	start = lg_now_ns();
	end = start + (uint64_t)(secs * 1e9);
	for (i = 0; i < nconns; i++) {
		conns[i].sent_ns = lg_now_ns();
		if (lg_send_all(conns[i].fd, req, reqlen) < 0)
			goto out;
	}
	while ((now = lg_now_ns()) < end) {
		struct epoll_event evs[256];
		int n = epoll_wait(ep, evs, 256, (int)((end - now) / 1000000) + 1);

		for (i = 0; i < n; i++) {
			struct lg_conn *c = evs[i].data.ptr;
			ssize_t r = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
			char *nl;

			if (r <= 0) {
				errors++;
				epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
				continue;
			}
			c->len += (size_t)r;
			nl = memchr(c->buf, '\n', c->len);
			if (nl == NULL) {
				if (c->len == sizeof(c->buf)) {
					errors++;
					c->len = 0;
				}
				continue;
			}
			now = lg_now_ns();
			if ((size_t)(nl - c->buf) + 1 != c->len ||
			    strncmp(c->buf, want, strlen(want)) != 0)
				errors++;
			reqs++;
			{
				uint64_t us = (now - c->sent_ns) / 1000;

				hist[us < LG_HIST_US ? us : LG_HIST_US - 1]++;
			}
			c->len = 0;
			c->sent_ns = now;
			if (lg_send_all(c->fd, req, reqlen) < 0) {
				errors++;
				epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
			}
		}
	}
	secs = (double)(lg_now_ns() - start) / 1e9;
	printf("reqs=%llu secs=%.2f rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%llu\n",
	       (unsigned long long)reqs, secs, (double)reqs / secs, lg_hist_ms(hist, reqs, 0.5),
	       lg_hist_ms(hist, reqs, 0.99), (unsigned long long)errors);
	rc = errors ? 1 : 0;
out:
	if (conns != NULL)
		for (i = 0; i < nconns; i++)
			if (conns[i].fd > 0)
				close(conns[i].fd);
	if (ep >= 0)
		close(ep);
	free(conns);
	free(hist);
	return rc;
}

static int lg_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int lg_listvar(const char *host, int port, const char *ups, int iters)
{
	char req[256], end[256];
	char *buf = malloc(LG_BUF);
	uint64_t *t = calloc((size_t)iters, sizeof(*t));
	int fd = -1, i, nvars = 0, rc = 2;
	size_t endlen;

	if (buf == NULL || t == NULL)
		goto out;
	snprintf(req, sizeof(req), "LIST VAR %s\n", ups);
	snprintf(end, sizeof(end), "END LIST VAR %s\n", ups);
	endlen = strlen(end);
	fd = lg_connect(host, port);
	if (fd < 0)
		goto out;
	for (i = 0; i < iters; i++) {
		uint64_t t0 = lg_now_ns();
		size_t len = 0;
		char *p;

		if (lg_send_all(fd, req, strlen(req)) < 0)
			goto out;
		while (len < endlen || memcmp(buf + len - endlen, end, endlen) != 0) {
			ssize_t r = recv(fd, buf + len, LG_BUF - len, 0);

			if (r <= 0 || (size_t)r == LG_BUF - len) {
				fprintf(stderr, "loadgen: LIST VAR reply lost or too long\n");
				rc = 1;
				goto out;
			}
			len += (size_t)r;
		}
		t[i] = lg_now_ns() - t0;
		nvars = 0;
		for (p = buf; (p = memmem(p, len - (size_t)(p - buf), "\nVAR ", 5)) != NULL; p++)
			nvars++;
	}
	qsort(t, (size_t)iters, sizeof(*t), lg_cmp_u64);
	printf("iters=%d vars=%d p50_ms=%.2f p90_ms=%.2f max_ms=%.2f\n", iters, nvars,
	       (double)t[iters / 2] / 1e6, (double)t[(iters - 1) * 9 / 10] / 1e6,
	       (double)t[iters - 1] / 1e6);
	rc = nvars ? 0 : 1;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(t);
	return rc;
}

/* One abusive client, for ever: connect, ~40 KB of random bytes with
 * LIST VAR lines among them, close without reading. Counts its rounds. */
static void lg_abuser(const char *host, int port, const char *ups, unsigned seed,
                      volatile uint64_t *rounds)
{
	char buf[48 * 1024], line[128];
	int llen = snprintf(line, sizeof(line), "\nLIST VAR %s\n", ups);
	size_t n, i, k;
	int fd;

	srand(seed);
	for (;;) {
		n = 0;
		while (n < 40000) {
			size_t junk = 200 + (size_t)rand() % 1600;

			for (i = 0; i < junk && n < sizeof(buf); i++)
				buf[n++] = (char)(rand() & 0xff);
			for (k = (size_t)(1 + rand() % 3); k > 0 && n + (size_t)llen < sizeof(buf);
			     k--) {
				memcpy(buf + n, line, (size_t)llen);
				n += (size_t)llen;
			}
		}
		fd = lg_connect(host, port);
		if (fd < 0) {
			usleep(10000);
			continue;
		}
		(void)lg_send_all(fd, buf, n);
		close(fd);
		++*rounds;
	}
}

static int lg_abuse(const char *host, int port, const char *ups, const char *var, int nconns,
                    int nabusers, double secs)
{
	struct lg_conn *c = calloc((size_t)nconns, sizeof(*c));
	struct pollfd *pf = calloc((size_t)nconns, sizeof(*pf));
	uint64_t *next = calloc((size_t)nconns, sizeof(*next));
	uint32_t *hist = calloc(LG_HIST_US + 1, sizeof(*hist));
	volatile uint64_t *rounds =
	    mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t kids[16];
	char req[256];
	int reqlen = snprintf(req, sizeof(req), "GET VAR %s %s\n", ups, var);
	uint64_t start, end, now, total = 0, over1s = 0, max_ns = 0, ab = 0;
	int i, errors = 0, nk = 0;

	if (c == NULL || pf == NULL || next == NULL || hist == NULL || rounds == MAP_FAILED)
		return 2;
	for (i = 0; i < nconns; i++) {
		c[i].fd = lg_connect(host, port);
		if (c[i].fd < 0)
			return 2;
		pf[i].fd = c[i].fd;
		pf[i].events = POLLIN;
	}
	for (i = 0; i < nabusers && i < 16; i++) {
		kids[nk] = fork();
		if (kids[nk] == 0) {
			lg_abuser(host, port, ups, 1234u + (unsigned)i, rounds + i);
			_exit(0);
		}
		if (kids[nk] > 0)
			nk++;
	}
	usleep(200000); /* let the abuse start */
	start = lg_now_ns();
	end = start + (uint64_t)(secs * 1e9);
	for (i = 0; i < nconns; i++)
		next[i] = start + (uint64_t)i * 2000000u;
	for (;;) {
		int timeout = 10;

		now = lg_now_ns();
		if (now >= end)
			break;
		for (i = 0; i < nconns; i++) {
			if (c[i].sent_ns == 0 && now >= next[i]) {
				if (lg_send_all(c[i].fd, req, (size_t)reqlen) < 0) {
					errors++;
					goto out;
				}
				c[i].sent_ns = now;
			}
			if (c[i].sent_ns == 0 && next[i] > now &&
			    (next[i] - now) / 1000000 < (uint64_t)timeout)
				timeout = (int)((next[i] - now) / 1000000);
		}
		if (poll(pf, (nfds_t)nconns, timeout) < 0 && errno != EINTR)
			break;
		now = lg_now_ns();
		for (i = 0; i < nconns; i++) {
			ssize_t r;
			char *nl;

			if (!(pf[i].revents & (POLLIN | POLLERR | POLLHUP)))
				continue;
			r = recv(c[i].fd, c[i].buf + c[i].len, sizeof(c[i].buf) - 1 - c[i].len, 0);
			if (r <= 0) {
				errors++;
				goto out;
			}
			c[i].len += (size_t)r;
			while ((nl = memchr(c[i].buf, '\n', c[i].len)) != NULL) {
				size_t l = (size_t)(nl - c[i].buf) + 1;
				uint64_t d = now - c[i].sent_ns;

				if (strncmp(c[i].buf, "VAR ", 4) != 0 || c[i].sent_ns == 0)
					errors++;
				hist[d / 1000 > LG_HIST_US ? LG_HIST_US : d / 1000]++;
				total++;
				if (d > max_ns)
					max_ns = d;
				if (d >= 1000000000u)
					over1s++;
				/* every 10 ms, or at once when the reply came later */
				next[i] = c[i].sent_ns + 10000000u;
				c[i].sent_ns = 0;
				memmove(c[i].buf, nl + 1, c[i].len - l);
				c[i].len -= l;
			}
		}
	}
out:
	for (i = 0; i < nk; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < nk; i++)
		waitpid(kids[i], NULL, 0);
	for (i = 0; i < nabusers && i < 16; i++)
		ab += rounds[i];
	printf("reqs=%llu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f over1s=%llu abuser_conns=%llu "
	       "errors=%d\n",
	       (unsigned long long)total, lg_hist_ms(hist, total, 0.50),
	       lg_hist_ms(hist, total, 0.99), max_ns / 1e6, (unsigned long long)over1s,
	       (unsigned long long)ab, errors);
	return errors > 0 ? 1 : 0;
}

static int lg_hold(const char *host, int port, int n, double secs)
{
	struct sockaddr_in sa;
	struct pollfd *pf = calloc((size_t)n, sizeof(*pf));
	uint64_t start = lg_now_ns(), deadline = start + 60000000000u;
	int i, done = 0, pending;

	if (pf == NULL)
		return 2;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return 2;
	for (i = 0; i < n; i++) {
		pf[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (pf[i].fd < 0) {
			fprintf(stderr, "loadgen: socket: %s\n", strerror(errno));
			return 2;
		}
		if (connect(pf[i].fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			pf[i].events = 0, done++;
		else if (errno == EINPROGRESS)
			pf[i].events = POLLOUT;
		else
			return 2;
	}
	for (pending = n - done; pending > 0 && lg_now_ns() < deadline;) {
		if (poll(pf, (nfds_t)n, 100) < 0 && errno != EINTR)
			return 2;
		for (i = 0; i < n; i++) {
			int err = 0;
			socklen_t el = sizeof(err);

			if (pf[i].events == 0 || pf[i].revents == 0)
				continue;
			pf[i].events = 0;
			pending--;
			if (getsockopt(pf[i].fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == 0)
				done++;
		}
	}
	printf("connected=%d of=%d connect_s=%.3f\n", done, n, (lg_now_ns() - start) / 1e9);
	fflush(stdout);
	usleep((useconds_t)(secs * 1e6));
	return done == n ? 0 : 1;
}

static void lg_usage(void)
{
	fprintf(stderr, "usage: loadgen getvar HOST PORT UPS VAR [-c CONNS] [-d SECS]\n"
	                "       loadgen listvar HOST PORT UPS [-n ITER]\n"
	                "       loadgen abuse HOST PORT UPS VAR [-c CONNS] [-a ABUSERS] [-d SECS]\n"
	                "       loadgen hold HOST PORT N [-d SECS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int conns = 1, iters = 50, abusers = 2, i, first_opt;
	double secs = 5;

	if (argc < 5)
		lg_usage();
	first_opt = strcmp(argv[1], "getvar") == 0 || strcmp(argv[1], "abuse") == 0 ? 6 : 5;
	if (strcmp(argv[1], "hold") == 0)
		secs = 30;
	if (strcmp(argv[1], "abuse") == 0)
		conns = 5;
	if (argc < first_opt)
		lg_usage();
	for (i = first_opt; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-c") == 0)
			conns = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "-d") == 0)
			secs = atof(argv[i + 1]);
		else if (strcmp(argv[i], "-n") == 0)
			iters = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "-a") == 0)
			abusers = atoi(argv[i + 1]);
		else
			lg_usage();
	}
	if (i != argc || conns < 1 || conns > LG_MAX_CONNS || iters < 1 || secs <= 0)
		lg_usage();
	if (strcmp(argv[1], "getvar") == 0)
		return lg_getvar(argv[2], atoi(argv[3]), argv[4], argv[5], conns, secs);
	if (strcmp(argv[1], "listvar") == 0)
		return lg_listvar(argv[2], atoi(argv[3]), argv[4], iters);
	if (strcmp(argv[1], "hold") == 0)
		return lg_hold(argv[2], atoi(argv[3]), atoi(argv[4]), secs);
	if (strcmp(argv[1], "abuse") == 0)
		return lg_abuse(argv[2], atoi(argv[3]), argv[4], argv[5], conns, abusers, secs);
	lg_usage();
	return 2;
}
