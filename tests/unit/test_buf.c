/* Unit tests for common/buf: the hard capacity (appends fail whole, nothing is
 * cut), lazy growth that never passes cap, compaction over long use, and
 * buf_write_fd on real pipes and sockets. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"

static void test_append_and_consume(void **state)
{
	struct buf b;

	assert_int_equal(buf_init(&b, 16), 0);
	assert_int_equal(buf_used(&b), 0);
	assert_int_equal(buf_append(&b, "hello ", 6), 0);
	assert_int_equal(buf_append(&b, "world", 5), 0);
	assert_int_equal(buf_used(&b), 11);
	assert_memory_equal(buf_head(&b), "hello world", 11);
	buf_consume(&b, 6);
	assert_int_equal(buf_used(&b), 5);
	assert_memory_equal(buf_head(&b), "world", 5);
	buf_consume(&b, 100); /* more than waiting: empties */
	assert_int_equal(buf_used(&b), 0);
	assert_int_equal(buf_append(&b, "", 0), 0);
	buf_free(&b);
}

static void test_cap_refuses_whole(void **state)
{
	struct buf b;

	assert_int_equal(buf_init(&b, 8), 0);
	assert_int_equal(buf_append(&b, "12345", 5), 0);
	errno = 0;
	assert_int_equal(buf_append(&b, "6789", 4), -1);
	assert_int_equal(errno, ENOBUFS);
	/* Nothing of the refused append went in. */
	assert_int_equal(buf_used(&b), 5);
	assert_memory_equal(buf_head(&b), "12345", 5);
	/* Exactly up to cap is fine. */
	assert_int_equal(buf_append(&b, "678", 3), 0);
	assert_int_equal(buf_used(&b), 8);
	assert_int_equal(buf_append(&b, "x", 1), -1);
	/* Consuming makes room again. */
	buf_consume(&b, 3);
	assert_int_equal(buf_append(&b, "abc", 3), 0);
	assert_memory_equal(buf_head(&b), "45678abc", 8);
	buf_reset(&b);
	assert_int_equal(buf_used(&b), 0);
	buf_free(&b);
	assert_int_equal(buf_init(&b, SIZE_MAX), -1);
	assert_int_equal(errno, EINVAL);
}

static void test_growth_bounded(void **state)
{
	struct buf b;
	char chunk[100];
	size_t total = 0;

	memset(chunk, 'a', sizeof(chunk));
	assert_int_equal(buf_init(&b, 10000), 0);
	assert_true(b.alloc <= 10001);
	while (buf_append(&b, chunk, sizeof(chunk)) == 0)
		total += sizeof(chunk);
	assert_int_equal(total, 10000);
	assert_true(b.alloc <= 10001);
	/* A long stream through a full buffer: consumed space is reused, the
	 * allocation never grows past cap + 1. */
	for (int i = 0; i < 10000; i++) {
		buf_consume(&b, 37);
		assert_int_equal(buf_append(&b, chunk, 37), 0);
		assert_int_equal(buf_used(&b), 10000);
		assert_true(b.alloc <= 10001);
	}
	buf_free(&b);
}

static void test_printf(void **state)
{
	struct buf b;

	assert_int_equal(buf_init(&b, 20), 0);
	assert_int_equal(buf_printf(&b, "VAR %s %d\n", "ups", 42), 0);
	assert_int_equal(buf_used(&b), 11);
	assert_memory_equal(buf_head(&b), "VAR ups 42\n", 11);
	/* 10 more would pass 20: refused whole. */
	errno = 0;
	assert_int_equal(buf_printf(&b, "%s", "0123456789"), -1);
	assert_int_equal(errno, ENOBUFS);
	assert_int_equal(buf_used(&b), 11);
	/* Exactly filling cap works (the NUL does not count). */
	assert_int_equal(buf_printf(&b, "%s", "012345678"), 0);
	assert_int_equal(buf_used(&b), 20);
	assert_memory_equal(buf_head(&b), "VAR ups 42\n012345678", 20);
	buf_free(&b);

	/* Output larger than the first allocation. */
	assert_int_equal(buf_init(&b, 4096), 0);
	assert_int_equal(buf_printf(&b, "%3000s", "x"), 0);
	assert_int_equal(buf_used(&b), 3000);
	assert_int_equal(buf_head(&b)[2999], 'x');
	buf_free(&b);
}

static void test_write_fd(void **state)
{
	struct buf b;
	char out[64];
	int p[2];

	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	assert_int_equal(buf_init(&b, 1 << 20), 0);
	assert_int_equal(buf_write_fd(&b, p[1]), 0); /* nothing waiting */
	assert_int_equal(buf_append(&b, "line one\n", 9), 0);
	assert_int_equal(buf_write_fd(&b, p[1]), 9);
	assert_int_equal(buf_used(&b), 0);
	assert_int_equal(read(p[0], out, sizeof(out)), 9);
	assert_memory_equal(out, "line one\n", 9);

	/* Fill the pipe: a partial write keeps the rest, then EAGAIN keeps all. */
	{
		static char big[1 << 20];
		ssize_t w;

		memset(big, 'z', sizeof(big));
		assert_int_equal(buf_append(&b, big, sizeof(big)), 0);
		w = buf_write_fd(&b, p[1]);
		assert_true(w > 0 && (size_t)w < sizeof(big));
		assert_int_equal(buf_used(&b), sizeof(big) - (size_t)w);
		errno = 0;
		assert_int_equal(buf_write_fd(&b, p[1]), -1);
		assert_int_equal(errno, EAGAIN);
		assert_int_equal(buf_used(&b), sizeof(big) - (size_t)w);
	}
	close(p[0]);
	close(p[1]);
	buf_free(&b);
}

static void test_write_closed_socket(void **state)
{
	struct buf b;
	int sv[2];

	/* A vanished peer is EPIPE for the caller, not a SIGPIPE death. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	assert_int_equal(buf_init(&b, 64), 0);
	assert_int_equal(buf_append(&b, "data", 4), 0);
	errno = 0;
	assert_int_equal(buf_write_fd(&b, sv[0]), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(buf_used(&b), 4);
	close(sv[0]);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_append_and_consume), cmocka_unit_test(test_cap_refuses_whole),
	    cmocka_unit_test(test_growth_bounded),     cmocka_unit_test(test_printf),
	    cmocka_unit_test(test_write_fd),           cmocka_unit_test(test_write_closed_socket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
