/* state: the state tree of one UPS.
 *
 * Variables and commands live in arrays kept sorted by strcasecmp(), which is
 * the order NUT 2.8.0's upsd lists them in (LIST VAR, LIST RW and LIST CMD
 * were checked: "b-z" < "b.z" < "b9z" < "b_z" < "Beta.y" < "bz"). Names are
 * case-insensitive as in NUT: SETINFO ALPHA.X then SETINFO alpha.x update one
 * variable, which keeps the spelling it was created with; ADDCMD A.B after
 * ADDCMD a.b adds nothing. Enum values and ranges keep the order they were
 * added in and a duplicate is not added twice, again as NUT lists them.
 *
 * Every collection is bounded (ST_MAX_*); going past a bound is refused with
 * E2BIG or ENOSPC, and a value that does not fit is refused, never cut.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "state.h"

struct st_tree {
	struct st_var **vars; /* sorted by strcasecmp(name) */
	size_t nvars, capvars;
	char **cmds; /* sorted by strcasecmp */
	size_t ncmds, capcmds;
	uint64_t stamp;
};

struct st_tree *st_new(void)
{
	return calloc(1, sizeof(struct st_tree));
}

static void var_free(struct st_var *v)
{
	size_t i;

	if (v == NULL)
		return;
	free(v->name);
	free(v->value);
	for (i = 0; i < v->nenums; i++)
		free(v->enums[i]);
	free(v->enums);
	free(v->ranges);
	free(v);
}

void st_clear(struct st_tree *t)
{
	size_t i;

	for (i = 0; i < t->nvars; i++)
		var_free(t->vars[i]);
	for (i = 0; i < t->ncmds; i++)
		free(t->cmds[i]);
	if (t->nvars > 0 || t->ncmds > 0)
		t->stamp++;
	t->nvars = 0;
	t->ncmds = 0;
}

void st_free(struct st_tree *t)
{
	if (t == NULL)
		return;
	st_clear(t);
	free(t->vars);
	free(t->cmds);
	free(t);
}

size_t st_count(const struct st_tree *t)
{
	return t->nvars;
}

uint64_t st_stamp(const struct st_tree *t)
{
	return t->stamp;
}

int st_name_ok(const char *name)
{
	size_t n;

	if (name == NULL)
		return 0;
	for (n = 0; name[n] != '\0'; n++) {
		char c = name[n];

		if (n >= ST_MAX_NAME - 1)
			return 0;
		/* NUT takes any name; ours must travel as one bare word in every
		 * protocol and config file: printable ASCII without blanks, quotes,
		 * backslashes, '#' (a comment) or '=' (ups.conf's separator). */
		if (c <= ' ' || c > '~' || c == '"' || c == '\\' || c == '#' || c == '=')
			return 0;
	}
	return n > 0;
}

/* Values: at most ST_MAX_VALUE - 1 bytes and no control bytes, which would
 * break the line framing of every protocol the value travels over. */
static int value_check(const char *value)
{
	size_t n;

	if (value == NULL) {
		errno = EINVAL;
		return -1;
	}
	for (n = 0; value[n] != '\0'; n++) {
		if ((unsigned char)value[n] < 0x20) {
			errno = EINVAL;
			return -1;
		}
		if (n >= ST_MAX_VALUE - 1) {
			errno = E2BIG;
			return -1;
		}
	}
	return 0;
}

/* Binary search over a sorted array of names reached through get(). Returns
 * the index of the match (and *found = 1) or the insertion point. */
static size_t search(const void *base, size_t n, const char *(*get)(const void *, size_t),
                     const char *name, int *found)
{
	size_t lo = 0, hi = n;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcasecmp(get(base, mid), name);

		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *var_name_at(const void *base, size_t i)
{
	return ((struct st_var *const *)base)[i]->name;
}

static const char *cmd_at(const void *base, size_t i)
{
	return ((char *const *)base)[i];
}

static struct st_var *find(const struct st_tree *t, const char *name)
{
	int found;
	size_t i;

	if (name == NULL)
		return NULL;
	i = search(t->vars, t->nvars, var_name_at, name, &found);
	return found ? t->vars[i] : NULL;
}

/* Returns arr with room for element n (at most max of elsize bytes), or
 * NULL with errno ENOSPC/ENOMEM (arr is then untouched). */
static void *grow(void *arr, size_t *cap, size_t n, size_t max, size_t elsize)
{
	size_t ncap;

	if (n < *cap)
		return arr;
	if (n >= max) {
		errno = ENOSPC;
		return NULL;
	}
	ncap = *cap ? *cap * 2 : 8;
	if (ncap > max)
		ncap = max;
	arr = realloc(arr, ncap * elsize);
	if (arr == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	*cap = ncap;
	return arr;
}

int st_set(struct st_tree *t, const char *name, const char *value)
{
	struct st_var *v, **vars;
	char *nv;
	int found;
	size_t i;

	if (!st_name_ok(name)) {
		errno = EINVAL;
		return -1;
	}
	if (value_check(value) < 0)
		return -1;
	i = search(t->vars, t->nvars, var_name_at, name, &found);
	if (found) {
		v = t->vars[i];
		if (strcmp(v->value, value) == 0)
			return 0;
		if (v->flags & ST_FLAG_IMMUTABLE) {
			errno = EPERM;
			return -1;
		}
		nv = strdup(value);
		if (nv == NULL) {
			errno = ENOMEM;
			return -1;
		}
		free(v->value);
		v->value = nv;
		v->changed = ++t->stamp;
		return 1;
	}
	vars = grow(t->vars, &t->capvars, t->nvars, ST_MAX_VARS, sizeof(*vars));
	if (vars == NULL)
		return -1;
	t->vars = vars;
	v = calloc(1, sizeof(*v));
	if (v == NULL || (v->name = strdup(name)) == NULL || (v->value = strdup(value)) == NULL) {
		var_free(v);
		errno = ENOMEM;
		return -1;
	}
	memmove(&t->vars[i + 1], &t->vars[i], (t->nvars - i) * sizeof(*t->vars));
	t->vars[i] = v;
	t->nvars++;
	v->changed = ++t->stamp;
	return 1;
}

const struct st_var *st_get(const struct st_tree *t, const char *name)
{
	return find(t, name);
}

const char *st_value(const struct st_tree *t, const char *name)
{
	const struct st_var *v = find(t, name);

	return v ? v->value : NULL;
}

int st_del(struct st_tree *t, const char *name)
{
	int found;
	size_t i;

	if (name == NULL) {
		errno = EINVAL;
		return -1;
	}
	i = search(t->vars, t->nvars, var_name_at, name, &found);
	if (!found)
		return 0;
	var_free(t->vars[i]);
	memmove(&t->vars[i], &t->vars[i + 1], (t->nvars - i - 1) * sizeof(*t->vars));
	t->nvars--;
	t->stamp++;
	return 1;
}

static struct st_var *find_or_enoent(const struct st_tree *t, const char *name)
{
	struct st_var *v = find(t, name);

	if (v == NULL)
		errno = ENOENT;
	return v;
}

static void touch(struct st_tree *t, struct st_var *v)
{
	v->changed = ++t->stamp;
}

int st_set_flags(struct st_tree *t, const char *name, unsigned flags)
{
	struct st_var *v = find_or_enoent(t, name);

	if (v == NULL)
		return -1;
	if (flags & ~(unsigned)(ST_FLAG_RW | ST_FLAG_STRING | ST_FLAG_NUMBER | ST_FLAG_IMMUTABLE)) {
		errno = EINVAL;
		return -1;
	}
	if (v->flags == flags)
		return 0;
	v->flags = flags;
	touch(t, v);
	return 1;
}

int st_set_aux(struct st_tree *t, const char *name, long aux)
{
	struct st_var *v = find_or_enoent(t, name);

	if (v == NULL)
		return -1;
	if (aux < 0) {
		errno = EINVAL;
		return -1;
	}
	if (v->aux == aux)
		return 0;
	v->aux = aux;
	touch(t, v);
	return 1;
}

int st_add_enum(struct st_tree *t, const char *name, const char *value)
{
	struct st_var *v = find_or_enoent(t, name);
	size_t i;
	char *nv, **ne;

	if (v == NULL)
		return -1;
	if (value_check(value) < 0)
		return -1;
	for (i = 0; i < v->nenums; i++)
		if (strcmp(v->enums[i], value) == 0)
			return 0;
	if (v->nenums >= ST_MAX_ENUMS) {
		errno = ENOSPC;
		return -1;
	}
	/* Enums grow one at a time: they are few and rarely change. */
	ne = realloc(v->enums, (v->nenums + 1) * sizeof(*ne));
	if (ne == NULL) {
		errno = ENOMEM;
		return -1;
	}
	v->enums = ne;
	nv = strdup(value);
	if (nv == NULL) {
		errno = ENOMEM;
		return -1;
	}
	v->enums[v->nenums++] = nv;
	touch(t, v);
	return 1;
}

int st_del_enum(struct st_tree *t, const char *name, const char *value)
{
	struct st_var *v = find_or_enoent(t, name);
	size_t i;

	if (v == NULL)
		return -1;
	if (value == NULL) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < v->nenums; i++) {
		if (strcmp(v->enums[i], value) == 0) {
			free(v->enums[i]);
			memmove(&v->enums[i], &v->enums[i + 1],
			        (v->nenums - i - 1) * sizeof(*v->enums));
			v->nenums--;
			touch(t, v);
			return 1;
		}
	}
	return 0;
}

int st_add_range(struct st_tree *t, const char *name, long min, long max)
{
	struct st_var *v = find_or_enoent(t, name);
	struct st_range *nr;
	size_t i;

	if (v == NULL)
		return -1;
	if (min > max) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < v->nranges; i++)
		if (v->ranges[i].min == min && v->ranges[i].max == max)
			return 0;
	if (v->nranges >= ST_MAX_RANGES) {
		errno = ENOSPC;
		return -1;
	}
	nr = realloc(v->ranges, (v->nranges + 1) * sizeof(*nr));
	if (nr == NULL) {
		errno = ENOMEM;
		return -1;
	}
	v->ranges = nr;
	v->ranges[v->nranges].min = min;
	v->ranges[v->nranges].max = max;
	v->nranges++;
	touch(t, v);
	return 1;
}

int st_del_range(struct st_tree *t, const char *name, long min, long max)
{
	struct st_var *v = find_or_enoent(t, name);
	size_t i;

	if (v == NULL)
		return -1;
	for (i = 0; i < v->nranges; i++) {
		if (v->ranges[i].min == min && v->ranges[i].max == max) {
			memmove(&v->ranges[i], &v->ranges[i + 1],
			        (v->nranges - i - 1) * sizeof(*v->ranges));
			v->nranges--;
			touch(t, v);
			return 1;
		}
	}
	return 0;
}

int st_add_cmd(struct st_tree *t, const char *cmd)
{
	int found;
	size_t i;
	char *c, **cmds;

	if (!st_name_ok(cmd)) {
		errno = EINVAL;
		return -1;
	}
	i = search(t->cmds, t->ncmds, cmd_at, cmd, &found);
	if (found)
		return 0;
	cmds = grow(t->cmds, &t->capcmds, t->ncmds, ST_MAX_CMDS, sizeof(*cmds));
	if (cmds == NULL)
		return -1;
	t->cmds = cmds;
	c = strdup(cmd);
	if (c == NULL) {
		errno = ENOMEM;
		return -1;
	}
	memmove(&t->cmds[i + 1], &t->cmds[i], (t->ncmds - i) * sizeof(*t->cmds));
	t->cmds[i] = c;
	t->ncmds++;
	t->stamp++;
	return 1;
}

int st_del_cmd(struct st_tree *t, const char *cmd)
{
	int found;
	size_t i;

	if (cmd == NULL) {
		errno = EINVAL;
		return -1;
	}
	i = search(t->cmds, t->ncmds, cmd_at, cmd, &found);
	if (!found)
		return 0;
	free(t->cmds[i]);
	memmove(&t->cmds[i], &t->cmds[i + 1], (t->ncmds - i - 1) * sizeof(*t->cmds));
	t->ncmds--;
	t->stamp++;
	return 1;
}

int st_has_cmd(const struct st_tree *t, const char *cmd)
{
	int found = 0;

	if (cmd != NULL)
		(void)search(t->cmds, t->ncmds, cmd_at, cmd, &found);
	return found;
}

size_t st_cmd_count(const struct st_tree *t)
{
	return t->ncmds;
}

int st_foreach(const struct st_tree *t, st_var_cb cb, void *arg)
{
	size_t i;
	int rc;

	for (i = 0; i < t->nvars; i++)
		if ((rc = cb(t->vars[i], arg)) != 0)
			return rc;
	return 0;
}

int st_foreach_cmd(const struct st_tree *t, st_cmd_cb cb, void *arg)
{
	size_t i;
	int rc;

	for (i = 0; i < t->ncmds; i++)
		if ((rc = cb(t->cmds[i], arg)) != 0)
			return rc;
	return 0;
}

enum st_set_check st_check_set(const struct st_tree *t, const char *name, const char *value)
{
	const struct st_var *v = st_get(t, name);
	size_t len = strlen(value), i;
	long n;

	if (v == NULL)
		return ST_SET_UNKNOWN;
	if (!(v->flags & ST_FLAG_RW) || (v->flags & ST_FLAG_IMMUTABLE))
		return ST_SET_READONLY;
	if (len >= ST_MAX_VALUE)
		return ST_SET_TOOLONG;
	if (v->flags & ST_FLAG_STRING) {
		if (v->aux <= 0)
			return ST_SET_NOLENGTH;
		if (len > (size_t)v->aux)
			return ST_SET_TOOLONG;
	}
	if (v->nenums > 0) {
		for (i = 0; i < v->nenums; i++)
			if (strcmp(v->enums[i], value) == 0)
				break;
		if (i == v->nenums)
			return ST_SET_INVALID;
	}
	if (v->nranges > 0) {
		/* atoi()'s reading (0 without digits), saturating on overflow
		 * where atoi() is undefined. */
		n = strtol(value, NULL, 10);
		for (i = 0; i < v->nranges; i++)
			if (n >= v->ranges[i].min && n <= v->ranges[i].max)
				break;
		if (i == v->nranges)
			return ST_SET_INVALID;
	}
	return ST_SET_OK;
}

static const struct {
	enum st_flag flag;
	const char *name;
	int wire; /* may appear in SETFLAGS */
} flag_names[] = {
    {ST_FLAG_RW, "RW", 1},
    {ST_FLAG_STRING, "STRING", 1},
    {ST_FLAG_NUMBER, "NUMBER", 1},
    {ST_FLAG_IMMUTABLE, "IMMUTABLE", 0},
};

const char *st_flag_name(enum st_flag f)
{
	size_t i;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (flag_names[i].flag == f)
			return flag_names[i].name;
	return NULL;
}

int st_flag_parse(const char *word, unsigned *flag)
{
	size_t i;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (flag_names[i].wire && strcasecmp(flag_names[i].name, word) == 0) {
			*flag = flag_names[i].flag;
			return 0;
		}
	}
	return -1;
}
