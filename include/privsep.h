/* privsep: dropping root for good. setgroups/setresgid/setresuid, then checks
 * that root cannot be regained; optional chroot. */
#ifndef UPS_PRIVSEP_H
#define UPS_PRIVSEP_H

#include <stddef.h>
#include <sys/types.h>

struct priv_id {
	uid_t uid;
	gid_t gid;
	char name[64];
};

/* Looks up user (and group, or the user's primary group when NULL). 0 or -1. */
int priv_lookup(const char *user, const char *group, struct priv_id *id, char *err, size_t errlen);
/* Drops to id when running as root (a no-op otherwise, returning 0). chroot_dir
 * may be NULL. Verifies the drop stuck. 0, or -1 with err filled. */
int priv_drop(const struct priv_id *id, const char *chroot_dir, char *err, size_t errlen);

#endif
