/* privsep: dropping root for good. The user's groups (initgroups), then
 * setresgid/setresuid, then checks that root cannot be regained; optional
 * chroot. */
#ifndef UPS_PRIVSEP_H
#define UPS_PRIVSEP_H

#include <stddef.h>
#include <sys/types.h>

/* Supplementary groups kept for one user (dialout, plugdev ...): a user in
 * more groups than this is refused at lookup rather than silently cut. */
#define PRIV_MAX_GROUPS 256

struct priv_id {
	uid_t uid;
	gid_t gid;
	char name[64];
	/* The groups the process keeps: gid and the user's supplementary groups
	 * from the group database, read at lookup (before any chroot hides it).
	 * ngroups 0 means gid alone. */
	int ngroups;
	gid_t groups[PRIV_MAX_GROUPS];
};

/* Looks up user (and group, or the user's primary group when NULL) and the
 * user's supplementary groups, as initgroups() would set them. 0 or -1. */
int priv_lookup(const char *user, const char *group, struct priv_id *id, char *err, size_t errlen);
/* Drops to id when running as root (a no-op otherwise, returning 0): chroot,
 * then id's groups, gid and uid. chroot_dir may be NULL. Verifies the drop
 * stuck: exactly id's groups, no way back to root. 0, or -1 with err filled. */
int priv_drop(const struct priv_id *id, const char *chroot_dir, char *err, size_t errlen);

/* Root's identity kept aside by priv_assume(). */
struct priv_saved {
	int active; /* priv_assume() switched; priv_restore() switches back */
	uid_t euid;
	gid_t egid;
	int ngroups;
	gid_t groups[PRIV_MAX_GROUPS];
};

/* While still root, acts as id for a while: effective uid id->uid, id's
 * groups, effective gid file_gid (the group new files get). The real and
 * saved uid stay 0, so priv_restore() can come back. For creating files in a
 * directory a less privileged user can write, so that nothing done there
 * with root's rights can be redirected by a symlink. A no-op (0) when not
 * root. 0, or -1 with err filled and nothing changed. */
int priv_assume(const struct priv_id *id, gid_t file_gid, struct priv_saved *sv, char *err,
                size_t errlen);
/* Back to the identity priv_assume() saved; a no-op when it did not switch.
 * 0 or -1 with err filled (the caller must not go on as root then). */
int priv_restore(struct priv_saved *sv, char *err, size_t errlen);

#endif
