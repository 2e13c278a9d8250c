/* Unit tests for clients/upsmon_priv: the frames both ways, the root
 * parent's loop (run in a forked process against a real SOCK_SEQPACKET
 * socketpair: it serves POWERDOWNFLAG and one SHUTDOWNCMD, and leaves on
 * garbage, an unknown request, a second SHUTDOWNCMD, or its child's EOF),
 * and the POWERDOWNFLAG file (written without following a symlink or
 * touching a hard-linked file; -K's prefix rule). */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"
#include "upsmon_priv.h"

static char dir[256];

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/test_upsmon_priv.XXXXXX",
	         tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	log_init("test_upsmon_priv", LOG_TO_STDERR, 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void path(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", dir, name);
}

static void test_frames(void **state)
{
	uint8_t f[UMP_FRAME + 4];
	struct ump_msg m = {UMP_REQ_SHUTDOWN, 0}, d;

	(void)state;
	ump_encode(&m, f);
	assert_int_equal(ump_decode_request(f, UMP_FRAME, &d), 0);
	assert_int_equal(d.type, UMP_REQ_SHUTDOWN);
	assert_int_equal(ump_decode_request(f, UMP_FRAME - 1, &d), -1);
	assert_int_equal(ump_decode_request(f, UMP_FRAME + 1, &d), -1);
	assert_int_equal(ump_decode_answer(f, UMP_FRAME, &d), -1); /* a request is no answer */
	m.type = UMP_REQ_PDFLAG;
	m.status = 1;
	ump_encode(&m, f);
	assert_int_equal(ump_decode_request(f, UMP_FRAME, &d), -1); /* status must be 0 */
	m.type = 3;
	m.status = 0;
	ump_encode(&m, f);
	assert_int_equal(ump_decode_request(f, UMP_FRAME, &d), -1);
	m.type = UMP_ANSWER | UMP_REQ_PDFLAG;
	m.status = -1;
	ump_encode(&m, f);
	assert_int_equal(ump_decode_answer(f, UMP_FRAME, &d), 0);
	assert_int_equal(d.status, -1);
	assert_int_equal(ump_decode_request(f, UMP_FRAME, &d), -1);
	f[0] ^= 1; /* magic */
	assert_int_equal(ump_decode_answer(f, UMP_FRAME, &d), -1);
}

/* Forks a parent loop on one end; returns its pid, *fd the other end. */
static pid_t start_parent(const struct ump_parent *p, int *fd)
{
	int sv[2];
	pid_t pid;

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(sv[1]);
		_exit(ump_parent_run(sv[0], p));
	}
	close(sv[0]);
	*fd = sv[1];
	return pid;
}

static int parent_exit(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static int32_t answer(int fd, uint32_t type)
{
	uint8_t f[UMP_FRAME + 1];
	struct ump_msg m;
	ssize_t n = recv(fd, f, sizeof(f), 0);

	assert_int_equal(ump_decode_answer(f, (size_t)n, &m), 0);
	assert_int_equal(m.type, UMP_ANSWER | type);
	return m.status;
}

static void test_parent_serves(void **state)
{
	char flag[300], out[300], cmd[700], buf[64];
	struct ump_parent p = {flag, cmd, 0};
	int fd, rfd;
	ssize_t n;
	pid_t pid;

	(void)state;
	path(flag, sizeof(flag), "killpower");
	path(out, sizeof(out), "ran");
	snprintf(cmd, sizeof(cmd), "echo ran >>'%s'", out);
	pid = start_parent(&p, &fd);
	assert_int_equal(ump_send(fd, UMP_REQ_PDFLAG), 0);
	assert_int_equal(answer(fd, UMP_REQ_PDFLAG), 0);
	assert_int_equal(um_pdflag_check(flag), 1);
	assert_int_equal(ump_send(fd, UMP_REQ_SHUTDOWN), 0);
	assert_int_equal(answer(fd, UMP_REQ_SHUTDOWN), 0);
	rfd = open(out, O_RDONLY);
	assert_true(rfd >= 0);
	n = read(rfd, buf, sizeof(buf));
	close(rfd);
	assert_int_equal(n, 4);
	/* The child leaves: so does the parent, with 0. */
	close(fd);
	assert_int_equal(parent_exit(pid), 0);
}

static void test_parent_refuses(void **state)
{
	static const uint8_t garbage[] = "rm -rf / please";
	struct ump_parent p = {NULL, "true", 0};
	uint8_t f[UMP_FRAME];
	struct ump_msg m = {7, 0};
	int fd;
	pid_t pid;

	(void)state;
	pid = start_parent(&p, &fd);
	assert_int_equal(send(fd, garbage, sizeof(garbage), 0), (ssize_t)sizeof(garbage));
	assert_int_equal(parent_exit(pid), 1);
	close(fd);

	pid = start_parent(&p, &fd); /* a frame of the right size, unknown type */
	ump_encode(&m, f);
	assert_int_equal(send(fd, f, sizeof(f), 0), (ssize_t)sizeof(f));
	assert_int_equal(parent_exit(pid), 1);
	close(fd);

	pid = start_parent(&p, &fd); /* POWERDOWNFLAG with none configured */
	assert_int_equal(ump_send(fd, UMP_REQ_PDFLAG), 0);
	assert_int_equal(parent_exit(pid), 1);
	close(fd);

	pid = start_parent(&p, &fd); /* SHUTDOWNCMD twice */
	assert_int_equal(ump_send(fd, UMP_REQ_SHUTDOWN), 0);
	assert_int_equal(answer(fd, UMP_REQ_SHUTDOWN), 0);
	assert_int_equal(ump_send(fd, UMP_REQ_SHUTDOWN), 0);
	assert_int_equal(parent_exit(pid), 1);
	close(fd);

	pid = start_parent(&p, &fd); /* a short frame */
	assert_int_equal(send(fd, f, 3, 0), 3);
	assert_int_equal(parent_exit(pid), 1);
	close(fd);
}

static void test_pdflag(void **state)
{
	char flag[300], target[300], err[512], buf[64];
	struct stat sb;
	int fd;

	(void)state;
	path(flag, sizeof(flag), "flag");
	path(target, sizeof(target), "target");
	unlink(flag);
	assert_int_equal(um_pdflag_check(flag), 0);
	assert_int_equal(um_pdflag_write(flag, err, sizeof(err)), 0);
	fd = open(flag, O_RDONLY);
	assert_int_equal(read(fd, buf, sizeof(buf)), 21);
	close(fd);
	assert_memory_equal(buf, "upsmon-shutdown-file\n", 21);
	assert_int_equal(um_pdflag_check(flag), 1);
	/* Written again: the same content, not appended. */
	assert_int_equal(um_pdflag_write(flag, err, sizeof(err)), 0);
	assert_int_equal(stat(flag, &sb), 0);
	assert_int_equal(sb.st_size, 21);

	/* NUT's -K: the magic as a prefix is enough; anything else is not. */
	fd = open(flag, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "upsmon-shutdown-file", 20), 20);
	close(fd);
	assert_int_equal(um_pdflag_check(flag), 1);
	fd = open(flag, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "upsmon-shutdown-fil\n", 20), 20);
	close(fd);
	assert_int_equal(um_pdflag_check(flag), 0);

	/* A symlink in its place is not followed, its target not touched. */
	unlink(flag);
	fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_int_equal(write(fd, "keep", 4), 4);
	close(fd);
	assert_int_equal(symlink(target, flag), 0);
	assert_int_equal(um_pdflag_write(flag, err, sizeof(err)), -1);
	assert_int_equal(stat(target, &sb), 0);
	assert_int_equal(sb.st_size, 4);
	assert_int_equal(um_pdflag_check(flag), 0); /* nor read through */
	unlink(flag);
	/* A hard link to another file is not emptied either. */
	assert_int_equal(link(target, flag), 0);
	assert_int_equal(um_pdflag_write(flag, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "one link"));
	assert_int_equal(stat(target, &sb), 0);
	assert_int_equal(sb.st_size, 4);
	unlink(flag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_frames),
	    cmocka_unit_test(test_parent_serves),
	    cmocka_unit_test(test_parent_refuses),
	    cmocka_unit_test(test_pdflag),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
