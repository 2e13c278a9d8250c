/* users: upsd.users parser and permission checks.
 *
 * Syntax (NUT's): "[name]" opens a user; inside it "password = secret",
 * "actions = SET FSD" (repeatable), "instcmds = ALL" or command names
 * (repeatable) and "upsmon primary|secondary" (legacy master/slave). "=" is
 * optional. Keywords and action words are case-insensitive. "upsmon primary"
 * grants LOGIN, FSD and PRIMARY; "upsmon secondary" grants LOGIN. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "upsd.h"
#include "users.h"

#define USERS_MAX          4096 /* sections in upsd.users */
#define USERS_MAX_INSTCMDS 1024 /* instcmds words of one user */

struct users_parse {
	struct users *us;
	struct user *cur; /* NULL before the first section */
};

static const struct {
	const char *word;
	unsigned action;
} action_words[] = {
    {"SET", ACT_SET},         {"FSD", ACT_FSD},        {"LOGIN", ACT_LOGIN},
    {"PRIMARY", ACT_PRIMARY}, {"MASTER", ACT_PRIMARY},
};

static const struct {
	const char *word;
	enum upsmon_role role;
	unsigned actions;
} role_words[] = {
    {"primary", UPSMON_PRIMARY, ACT_LOGIN | ACT_FSD | ACT_PRIMARY},
    {"master", UPSMON_PRIMARY, ACT_LOGIN | ACT_FSD | ACT_PRIMARY},
    {"secondary", UPSMON_SECONDARY, ACT_LOGIN},
    {"slave", UPSMON_SECONDARY, ACT_LOGIN},
};

typedef int (*user_key_fn)(struct conf_ctx *ctx, const struct conf_line *line, struct user *u,
                           int argc, char **argv);

static int key_password(struct conf_ctx *ctx, const struct conf_line *line, struct user *u,
                        int argc, char **argv)
{
	char *p;

	if (argc != 1) {
		conf_error(ctx, line, "password takes one value (quote it if it has spaces)");
		return -1;
	}
	p = strdup(argv[0]);
	if (p == NULL) {
		conf_error(ctx, line, "out of memory");
		return -1;
	}
	free(u->password);
	u->password = p;
	return 0;
}

static int key_actions(struct conf_ctx *ctx, const struct conf_line *line, struct user *u, int argc,
                       char **argv)
{
	int i;
	size_t k;

	for (i = 0; i < argc; i++) {
		for (k = 0; k < sizeof(action_words) / sizeof(action_words[0]); k++)
			if (strcasecmp(argv[i], action_words[k].word) == 0)
				break;
		if (k == sizeof(action_words) / sizeof(action_words[0])) {
			conf_error(ctx, line, "unknown action '%s' (SET, FSD, LOGIN or PRIMARY)",
			           argv[i]);
			return -1;
		}
		u->actions |= action_words[k].action;
	}
	return 0;
}

static int key_instcmds(struct conf_ctx *ctx, const struct conf_line *line, struct user *u,
                        int argc, char **argv)
{
	char **nv;
	int i;

	if (u->ninstcmds + (size_t)argc > USERS_MAX_INSTCMDS) {
		conf_error(ctx, line, "more than %d instcmds for one user", USERS_MAX_INSTCMDS);
		return -1;
	}
	nv = realloc(u->instcmds, (u->ninstcmds + (size_t)argc) * sizeof(*nv));
	if (nv == NULL) {
		conf_error(ctx, line, "out of memory");
		return -1;
	}
	u->instcmds = nv;
	for (i = 0; i < argc; i++) {
		nv[u->ninstcmds] = strdup(argv[i]);
		if (nv[u->ninstcmds] == NULL) {
			conf_error(ctx, line, "out of memory");
			return -1;
		}
		u->ninstcmds++;
	}
	return 0;
}

static int key_upsmon(struct conf_ctx *ctx, const struct conf_line *line, struct user *u, int argc,
                      char **argv)
{
	size_t k;

	if (argc != 1) {
		conf_error(ctx, line, "upsmon takes one word: primary or secondary");
		return -1;
	}
	for (k = 0; k < sizeof(role_words) / sizeof(role_words[0]); k++) {
		if (strcasecmp(argv[0], role_words[k].word) == 0) {
			u->upsmon = role_words[k].role;
			u->actions |= role_words[k].actions;
			return 0;
		}
	}
	conf_error(ctx, line, "upsmon '%s': use primary or secondary (master/slave accepted)",
	           argv[0]);
	return -1;
}

static const struct {
	const char *name;
	int min_values;
	user_key_fn fn;
} user_keys[] = {
    {"password", 1, key_password},
    {"actions", 1, key_actions},
    {"instcmds", 1, key_instcmds},
    {"upsmon", 1, key_upsmon},
};

static int users_section(struct conf_ctx *ctx, const struct conf_line *line, struct users_parse *p,
                         const char *name)
{
	struct user *nv;
	size_t i;

	for (i = 0; i < p->us->n; i++) {
		if (strcmp(p->us->v[i].name, name) == 0) {
			conf_error(ctx, line, "user [%s] defined twice", name);
			p->cur = NULL;
			return -1;
		}
	}
	if (p->us->n >= USERS_MAX) {
		conf_error(ctx, line, "more than %d users", USERS_MAX);
		return -1;
	}
	nv = realloc(p->us->v, (p->us->n + 1) * sizeof(*nv));
	if (nv == NULL) {
		conf_error(ctx, line, "out of memory");
		return -1;
	}
	p->us->v = nv;
	memset(&nv[p->us->n], 0, sizeof(nv[0]));
	nv[p->us->n].name = strdup(name);
	if (nv[p->us->n].name == NULL) {
		conf_error(ctx, line, "out of memory");
		return -1;
	}
	p->cur = &nv[p->us->n++];
	return 0;
}

static int users_line(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	struct users_parse *p = arg;
	char name[UPSD_MAX_NAME];
	int rc, first;
	size_t k;

	rc = conf_is_section(line, name, sizeof(name));
	if (rc < 0) {
		conf_error(ctx, line, "bad section header (empty, too long or followed by words)");
		p->cur = NULL;
		return 0;
	}
	if (rc == 1) {
		(void)users_section(ctx, line, p, name);
		return 0;
	}
	if (p->cur == NULL) {
		if (p->us->n == 0)
			conf_error(ctx, line, "'%s' outside of a [user] section", line->argv[0]);
		return 0; /* inside a refused section: its own error was reported */
	}
	for (k = 0; k < sizeof(user_keys) / sizeof(user_keys[0]); k++)
		if (strcasecmp(user_keys[k].name, line->argv[0]) == 0)
			break;
	if (k == sizeof(user_keys) / sizeof(user_keys[0])) {
		conf_error(ctx, line, "unknown setting '%s' for user [%s]", line->argv[0],
		           p->cur->name);
		return 0;
	}
	first = (line->argc > 1 && strcmp(line->argv[1], "=") == 0) ? 2 : 1;
	if (line->argc - first < user_keys[k].min_values) {
		conf_error(ctx, line, "%s needs a value", user_keys[k].name);
		return 0;
	}
	(void)user_keys[k].fn(ctx, line, p->cur, line->argc - first, line->argv + first);
	return 0;
}

void users_free(struct users *us)
{
	size_t i, k;

	for (i = 0; i < us->n; i++) {
		free(us->v[i].name);
		if (us->v[i].password != NULL) {
			/* Not a secret store, but do not leave passwords lying in freed heap. */
			explicit_bzero(us->v[i].password, strlen(us->v[i].password));
			free(us->v[i].password);
		}
		for (k = 0; k < us->v[i].ninstcmds; k++)
			free(us->v[i].instcmds[k]);
		free(us->v[i].instcmds);
	}
	free(us->v);
	us->v = NULL;
	us->n = 0;
}

int users_load(const char *path, struct users *out)
{
	struct users_parse p;
	int nerr;

	memset(out, 0, sizeof(*out));
	if (access(path, F_OK) < 0 && errno == ENOENT) {
		log_warnx("%s: not found, no user can log in", path);
		return 0;
	}
	p.us = out;
	p.cur = NULL;
	nerr = conf_read_file(path, users_line, &p);
	if (nerr != 0) {
		if (nerr > 0)
			log_warnx("%s: %d error%s, file not used", path, nerr,
			          nerr == 1 ? "" : "s");
		users_free(out);
		return -1;
	}
	return 0;
}

const struct user *users_find(const struct users *us, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < us->n; i++)
		if (strcmp(us->v[i].name, name) == 0)
			return &us->v[i];
	return NULL;
}

/* Compares in time that depends only on the lengths, not on where the first
 * difference is, so a network peer cannot guess a password byte by byte. */
static int users_secret_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char diff = (unsigned char)(la != lb);

	for (i = 0; i < la; i++)
		diff |= (unsigned char)(a[i] ^ (i < lb ? b[i] : 0));
	return diff == 0;
}

/* The user, when name exists and password matches it exactly. */
static const struct user *users_auth(const struct users *us, const char *name, const char *password)
{
	const struct user *u = users_find(us, name);

	if (u == NULL || u->password == NULL || password == NULL)
		return NULL;
	return users_secret_eq(u->password, password) ? u : NULL;
}

int users_allowed(const struct users *us, const char *name, const char *password, unsigned action)
{
	const struct user *u = users_auth(us, name, password);

	return u != NULL && (u->actions & action) == action;
}

int users_allowed_cmd(const struct users *us, const char *name, const char *password,
                      const char *cmd)
{
	const struct user *u = users_auth(us, name, password);
	size_t i;

	if (u == NULL)
		return 0;
	for (i = 0; i < u->ninstcmds; i++)
		if (strcasecmp(u->instcmds[i], "ALL") == 0 || strcasecmp(u->instcmds[i], cmd) == 0)
			return 1;
	return 0;
}

enum upsmon_role users_role(const struct users *us, const char *name, const char *password)
{
	const struct user *u = users_auth(us, name, password);

	return u == NULL ? UPSMON_NONE : u->upsmon;
}
