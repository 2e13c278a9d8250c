/* Unit tests for common/privsep.  The drop itself is tested for real: as root,
 * a forked child drops to nobody/nogroup and checks from the inside that all
 * ids changed, root's supplementary groups are gone, the user's own are kept,
 * and root cannot be regained.
 * Tests that need root are skipped (not passed) otherwise. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "privsep.h"

/* The unprivileged account every Debian-like system has. */
#define TEST_USER "nobody"

static void test_lookup(void **state)
{
	struct priv_id id, keep;
	struct passwd *pw = getpwnam(TEST_USER);
	struct group *gr;
	char err[128] = "";

	if (pw == NULL)
		skip();
	assert_int_equal(priv_lookup(TEST_USER, NULL, &id, err, sizeof(err)), 0);
	assert_int_equal(id.uid, pw->pw_uid);
	assert_int_equal(id.gid, pw->pw_gid);
	assert_string_equal(id.name, TEST_USER);
	/* The group list is what initgroups() would set: it holds the gid. */
	assert_true(id.ngroups >= 1);
	{
		int i, found = 0;

		for (i = 0; i < id.ngroups; i++)
			found |= id.groups[i] == id.gid;
		assert_true(found);
	}

	gr = getgrgid(0);
	assert_non_null(gr);
	assert_int_equal(priv_lookup(TEST_USER, gr->gr_name, &id, err, sizeof(err)), 0);
	assert_int_equal(id.gid, 0);

	/* Failures leave the output alone and say what was wrong (NUT's words). */
	keep = id;
	assert_int_equal(priv_lookup("nosuchuser-upsilon", NULL, &id, err, sizeof(err)), -1);
	assert_string_equal(err, "user nosuchuser-upsilon not found");
	assert_memory_equal(&id, &keep, sizeof(id));
	assert_int_equal(priv_lookup(TEST_USER, "nosuchgroup-upsilon", &id, err, sizeof(err)), -1);
	assert_string_equal(err, "group nosuchgroup-upsilon not found");
	assert_memory_equal(&id, &keep, sizeof(id));
	assert_int_equal(priv_lookup("", NULL, &id, err, sizeof(err)), -1);
}

static void test_not_root_is_noop(void **state)
{
	struct priv_id id = {.uid = 12345, .gid = 12345, .name = "x"};
	char err[128] = "";

	if (geteuid() == 0)
		skip();
	assert_int_equal(priv_drop(&id, NULL, err, sizeof(err)), 0);
	assert_int_not_equal(getuid(), 12345);
}

/* Runs in the child: drop, then check everything from the inside.  The exit
 * status says which check failed (0 = all good). */
static int child_drop(const char *chroot_dir)
{
	struct priv_id id;
	char err[256];
	uid_t ru, eu, su;
	gid_t rg, eg, sg, groups[8];
	struct stat st;
	int n;

	if (priv_lookup(TEST_USER, "nogroup", &id, err, sizeof(err)) < 0 &&
	    priv_lookup(TEST_USER, NULL, &id, err, sizeof(err)) < 0)
		return 10;
	/* Give the child extra groups first, so the drop has something to remove. */
	groups[0] = 0;
	groups[1] = 1;
	if (setgroups(2, groups) < 0)
		return 11;
	if (priv_drop(&id, chroot_dir, err, sizeof(err)) < 0) {
		fprintf(stderr, "priv_drop: %s\n", err);
		return 12;
	}
	if (getresuid(&ru, &eu, &su) < 0 || ru != id.uid || eu != id.uid || su != id.uid)
		return 13;
	if (getresgid(&rg, &eg, &sg) < 0 || rg != id.gid || eg != id.gid || sg != id.gid)
		return 14;
	n = getgroups(8, groups);
	if (n != 1 || groups[0] != id.gid)
		return 15;
	if (setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0)
		return 16;
	if (open("/proc/1/environ", O_RDONLY) >= 0)
		return 17; /* root-only file still readable */
	if (chroot_dir != NULL && (stat("/marker", &st) < 0 || !S_ISREG(st.st_mode)))
		return 18; /* "/" is not the chroot */
	return 0;
}

static void run_child(const char *chroot_dir)
{
	pid_t pid;
	int st;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_drop(chroot_dir));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void test_drop_as_root(void **state)
{
	if (geteuid() != 0 || getpwnam(TEST_USER) == NULL)
		skip();
	run_child(NULL);
	/* The parent is untouched. */
	assert_int_equal(geteuid(), 0);
}

static void test_drop_with_chroot(void **state)
{
	char dir[64], marker[96];
	int fd;

	if (geteuid() != 0 || getpwnam(TEST_USER) == NULL)
		skip();
	snprintf(dir, sizeof(dir), "/tmp/test_privsep.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0); /* nobody must be able to look inside */
	snprintf(marker, sizeof(marker), "%s/marker", dir);
	fd = open(marker, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	run_child(dir);
	unlink(marker);
	rmdir(dir);
}

/* A user listed as a member of some group other than its own primary one
 * (postgres in ssl-cert, a driver user in dialout ...); NULL when the system
 * has none. Fills the extra group's gid. */
static const char *user_with_extra_group(gid_t *extra)
{
	static char name[64];
	struct group *gr;
	struct passwd *pw;
	const char *found = NULL;

	setgrent();
	while (found == NULL && (gr = getgrent()) != NULL) {
		for (char **m = gr->gr_mem; m != NULL && *m != NULL; m++) {
			pw = getpwnam(*m);
			if (pw != NULL && pw->pw_uid != 0 && pw->pw_gid != gr->gr_gid &&
			    strlen(*m) < sizeof(name)) {
				snprintf(name, sizeof(name), "%s", *m);
				*extra = gr->gr_gid;
				found = name;
				break;
			}
		}
	}
	endgrent();
	return found;
}

/* In the child: drop to user, then the extra group must still be there and
 * root's must not. Exit status 0 when all good. */
static int child_keeps_groups(const char *user, gid_t extra)
{
	struct priv_id id;
	char err[256];
	gid_t groups[PRIV_MAX_GROUPS];
	int n, i, has_extra = 0;

	if (priv_lookup(user, NULL, &id, err, sizeof(err)) < 0)
		return 10;
	groups[0] = 0;
	if (setgroups(1, groups) < 0)
		return 11;
	if (priv_drop(&id, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "priv_drop: %s\n", err);
		return 12;
	}
	n = getgroups(PRIV_MAX_GROUPS, groups);
	if (n < 1)
		return 13;
	for (i = 0; i < n; i++) {
		if (groups[i] == 0)
			return 14; /* root's group survived */
		has_extra |= groups[i] == extra;
	}
	return has_extra ? 0 : 15;
}

static void test_drop_keeps_user_groups(void **state)
{
	const char *user;
	gid_t extra = 0;
	pid_t pid;
	int st;

	if (geteuid() != 0)
		skip();
	user = user_with_extra_group(&extra);
	if (user == NULL)
		skip(); /* integration test 108 creates such a user */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_keeps_groups(user, extra));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* priv_assume: a file created meanwhile is born the user's (and file_gid's);
 * priv_restore gives root back with its groups. Run in a child. */
static int child_assume(const char *dir)
{
	struct priv_id id;
	struct priv_saved sv;
	char err[256], path[128];
	gid_t g[4];
	struct stat st;
	int fd;

	if (priv_lookup(TEST_USER, NULL, &id, err, sizeof(err)) < 0)
		return 10;
	g[0] = 0;
	if (setgroups(1, g) < 0)
		return 11;
	if (priv_assume(&id, 0, &sv, err, sizeof(err)) < 0)
		return 12;
	if (geteuid() != id.uid || getuid() != 0)
		return 13;
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return 14;
	close(fd);
	if (open("/proc/1/environ", O_RDONLY) >= 0)
		return 15; /* still root's rights while assumed */
	if (priv_restore(&sv, err, sizeof(err)) < 0)
		return 16;
	if (geteuid() != 0 || getegid() != 0 || getgroups(4, g) != 1 || g[0] != 0)
		return 17;
	if (stat(path, &st) < 0 || st.st_uid != id.uid || st.st_gid != 0)
		return 18;
	unlink(path);
	return 0;
}

static void test_assume_restore(void **state)
{
	char dir[64];
	pid_t pid;
	int st;

	if (geteuid() != 0 || getpwnam(TEST_USER) == NULL)
		skip();
	snprintf(dir, sizeof(dir), "/tmp/test_privsep.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0777), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_assume(dir));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	rmdir(dir);
}

static void test_drop_to_root_stays(void **state)
{
	struct priv_id id = {.uid = 0, .gid = 0, .name = "root"};
	char err[128];
	pid_t pid;
	int st;

	/* "-u root" (what tests and NUT users do): allowed, keeps uid 0. */
	if (geteuid() != 0)
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(priv_drop(&id, NULL, err, sizeof(err)) == 0 && getuid() == 0 ? 0 : 1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lookup),
	    cmocka_unit_test(test_not_root_is_noop),
	    cmocka_unit_test(test_drop_as_root),
	    cmocka_unit_test(test_drop_with_chroot),
	    cmocka_unit_test(test_drop_keeps_user_groups),
	    cmocka_unit_test(test_assume_restore),
	    cmocka_unit_test(test_drop_to_root_stays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
