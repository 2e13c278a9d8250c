/* users: upsd.users, the accounts that may LOGIN (upsmon) and, in the write
 * path, SET variables, run instant commands and set FSD. User names and
 * passwords are compared case-sensitively, as NUT does. */
#ifndef UPSD_USERS_H
#define UPSD_USERS_H

#include <stddef.h>

enum upsmon_role {
	UPSMON_NONE = 0,
	UPSMON_PRIMARY,
	UPSMON_SECONDARY,
};

enum user_action {
	ACT_SET = 1,
	ACT_FSD = 2,
	ACT_LOGIN = 4,
	ACT_PRIMARY = 8,
};

struct user {
	char *name;
	char *password;   /* NULL when the section gave none: nobody can log in as it */
	unsigned actions; /* enum user_action, upsmon roles folded in */
	char **instcmds;  /* "ALL" or command names */
	size_t ninstcmds;
	enum upsmon_role upsmon;
};

struct users {
	struct user *v;
	size_t n;
};

/* Reads path into *out. Errors are "file:line: message"; any error gives -1
 * and *out empty. A missing file gives an empty table (with a warning). */
int users_load(const char *path, struct users *out);
void users_free(struct users *us);
const struct user *users_find(const struct users *us, const char *name);
/* Does name/password hold action (enum user_action)? */
int users_allowed(const struct users *us, const char *name, const char *password, unsigned action);
/* Same for running instant command cmd. */
int users_allowed_cmd(const struct users *us, const char *name, const char *password,
                      const char *cmd);
/* Role of name/password as an upsmon client (UPSMON_NONE if the password is wrong). */
enum upsmon_role users_role(const struct users *us, const char *name, const char *password);

#endif
