/* privsep: dropping root for good (see include/privsep.h).
 *
 * Order matters: supplementary groups (the user's own, as initgroups() sets
 * them) and gids go first (changing them needs root), then the uid with all
 * three of real/effective/saved set, so nothing is left to regain root with.
 * The result is then checked, not trusted: a process that believes it
 * dropped privileges but did not is the worst case.
 *
 * priv_assume()/priv_restore() are the one temporary switch: root acts as
 * the run-time user (effective ids only) to create a file in a directory
 * that user can write, so the file is born with the right owner and nothing
 * has to be chown'ed by name afterwards. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "privsep.h"
#include "strutil.h"

/* Fills err when the caller gave one; never fails. */
static void priv_err(char *err, size_t errlen, const char *fmt, ...) LOG_PRINTF(3, 4);

static void priv_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int priv_lookup(const char *user, const char *group, struct priv_id *id, char *err, size_t errlen)
{
	struct passwd *pw;
	struct group *gr;
	struct priv_id tmp;

	memset(&tmp, 0, sizeof(tmp));
	if (user == NULL || *user == '\0') {
		priv_err(err, errlen, "no user name given");
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	pw = getpwnam(user);
	if (pw == NULL) {
		/* Wording as NUT prints it. */
		priv_err(err, errlen, "user %s not found", user);
		errno = ENOENT;
		return -1;
	}
	tmp.uid = pw->pw_uid;
	tmp.gid = pw->pw_gid;
	if (str_copy(tmp.name, sizeof(tmp.name), user) < 0) {
		priv_err(err, errlen, "user name %s is too long", user);
		errno = ENAMETOOLONG;
		return -1;
	}
	if (group != NULL && *group != '\0') {
		errno = 0;
		gr = getgrnam(group);
		if (gr == NULL) {
			priv_err(err, errlen, "group %s not found", group);
			errno = ENOENT;
			return -1;
		}
		tmp.gid = gr->gr_gid;
	}
	/* What initgroups() would set, read now: after a chroot the group
	 * database is usually out of sight. */
	tmp.ngroups = PRIV_MAX_GROUPS;
	if (getgrouplist(user, tmp.gid, tmp.groups, &tmp.ngroups) < 0) {
		priv_err(err, errlen, "user %s is in more than %d groups", user, PRIV_MAX_GROUPS);
		errno = E2BIG;
		return -1;
	}
	*id = tmp; /* outputs untouched on failure */
	return 0;
}

/* 1 when g is one of id's groups (gid alone when the list is empty). */
static int priv_has_group(const struct priv_id *id, gid_t g)
{
	int i;

	if (g == id->gid)
		return 1;
	for (i = 0; i < id->ngroups; i++)
		if (id->groups[i] == g)
			return 1;
	return 0;
}

/* Checks that the process now runs as id and only as id. 0 or -1. */
static int priv_verify(const struct priv_id *id, char *err, size_t errlen)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, groups[PRIV_MAX_GROUPS + 1];
	int n, i;

#if defined(HAVE_SETRESUID) && defined(HAVE_SETRESGID)
	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0) {
		priv_err(err, errlen, "getresuid: %s", strerror(errno));
		return -1;
	}
#else
	ru = getuid();
	eu = su = geteuid();
	rg = getgid();
	eg = sg = getegid();
#endif
	if (ru != id->uid || eu != id->uid || su != id->uid) {
		priv_err(err, errlen, "user %s: uid is %ld/%ld/%ld after the drop, not %ld",
		         id->name, (long)ru, (long)eu, (long)su, (long)id->uid);
		return -1;
	}
	if (rg != id->gid || eg != id->gid || sg != id->gid) {
		priv_err(err, errlen, "user %s: gid is %ld/%ld/%ld after the drop, not %ld",
		         id->name, (long)rg, (long)eg, (long)sg, (long)id->gid);
		return -1;
	}
	/* The same set as asked for: nothing more (root's groups gone), nothing
	 * less (the user's own groups kept). */
	n = getgroups(PRIV_MAX_GROUPS + 1, groups);
	if (n < 0 || n > PRIV_MAX_GROUPS) {
		priv_err(err, errlen, "user %s: cannot read the groups after the drop", id->name);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!priv_has_group(id, groups[i])) {
			priv_err(err, errlen, "user %s: group %ld survived the drop", id->name,
			         (long)groups[i]);
			return -1;
		}
	}
	for (i = 0; i < id->ngroups; i++) {
		int k;

		for (k = 0; k < n && groups[k] != id->groups[i]; k++)
			;
		if (k == n) {
			priv_err(err, errlen, "user %s: group %ld lost in the drop", id->name,
			         (long)id->groups[i]);
			return -1;
		}
	}
	if (id->uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		priv_err(err, errlen, "user %s: root could be regained after the drop", id->name);
		return -1;
	}
	return 0;
}

int priv_drop(const struct priv_id *id, const char *chroot_dir, char *err, size_t errlen)
{
	if (geteuid() != 0) {
		/* Nothing to drop; but a chroot asked for and not done is worth saying. */
		if (chroot_dir != NULL && *chroot_dir != '\0')
			log_warnx("chroot to %s not done: not started as root", chroot_dir);
		return 0;
	}
	if (chroot_dir != NULL && *chroot_dir != '\0') {
		if (chdir(chroot_dir) < 0 || chroot(".") < 0 || chdir("/") < 0) {
			priv_err(err, errlen, "chroot %s: %s", chroot_dir, strerror(errno));
			return -1;
		}
	}
	/* The user's supplementary groups stay (drivers reach serial and USB
	 * devices through dialout/plugdev), as initgroups() would set them. */
	if (id->ngroups > 0 ? setgroups((size_t)id->ngroups, id->groups) < 0
	                    : setgroups(1, &id->gid) < 0) {
		priv_err(err, errlen, "setgroups for user %s: %s", id->name, strerror(errno));
		return -1;
	}
#ifdef HAVE_SETRESGID
	if (setresgid(id->gid, id->gid, id->gid) < 0) {
#else
	if (setregid(id->gid, id->gid) < 0) {
#endif
		priv_err(err, errlen, "setresgid %ld: %s", (long)id->gid, strerror(errno));
		return -1;
	}
#ifdef HAVE_SETRESUID
	if (setresuid(id->uid, id->uid, id->uid) < 0) {
#else
	if (setreuid(id->uid, id->uid) < 0) {
#endif
		priv_err(err, errlen, "setresuid %ld: %s", (long)id->uid, strerror(errno));
		return -1;
	}
	return priv_verify(id, err, errlen);
}

int priv_assume(const struct priv_id *id, gid_t file_gid, struct priv_saved *sv, char *err,
                size_t errlen)
{
	int n, e;

	sv->active = 0;
	if (geteuid() != 0)
		return 0;
	n = getgroups(PRIV_MAX_GROUPS, sv->groups);
	if (n < 0) {
		priv_err(err, errlen, "getgroups: %s", strerror(errno));
		return -1;
	}
	sv->ngroups = n;
	sv->euid = geteuid();
	sv->egid = getegid();
	if ((id->ngroups > 0 ? setgroups((size_t)id->ngroups, id->groups)
	                     : setgroups(1, &id->gid)) < 0 ||
	    setegid(file_gid) < 0 || seteuid(id->uid) < 0) {
		e = errno;
		sv->active = 1;
		(void)priv_restore(sv, NULL, 0);
		priv_err(err, errlen, "acting as user %s: %s", id->name, strerror(e));
		return -1;
	}
	sv->active = 1;
	return 0;
}

int priv_restore(struct priv_saved *sv, char *err, size_t errlen)
{
	if (!sv->active)
		return 0;
	if (seteuid(sv->euid) < 0 || setegid(sv->egid) < 0 ||
	    setgroups((size_t)sv->ngroups, sv->groups) < 0) {
		priv_err(err, errlen, "back to uid %ld: %s", (long)sv->euid, strerror(errno));
		return -1;
	}
	sv->active = 0;
	return 0;
}
