/* killpower: the kill-power step, written once for `driver -k` (what
 * `upsdrvctl shutdown` runs at the end of a power failure) and for the
 * driver.killpower instant command of a running driver (only with the
 * allow_killpower flag in ups.conf). With sdcommands in ups.conf, the
 * listed instant commands are tried through the driver, in order, until one
 * is done; otherwise the driver's own shutdown routine runs. */
#include "config.h"

#include <string.h>

#include "core.h"
#include "log.h"
#include "strutil.h"

/* Runs one comma-separated word of sdcommands. 0 when the driver did it. */
static int drv_killpower_cmd(struct drv_ctx *d, const char *cmd)
{
	int r;

	if (d->ops->instcmd == NULL) {
		log_warnx("ups %s: sdcommands: driver %s takes no instant commands", d->upsname,
		          d->ops->name);
		return -1;
	}
	r = d->ops->instcmd(d, d->priv, cmd, NULL);
	if (r == DRP_HANDLED) {
		log_info("ups %s: kill power: %s done", d->upsname, cmd);
		return 0;
	}
	log_warnx("ups %s: kill power: %s %s", d->upsname, cmd,
	          r == DRP_UNKNOWN   ? "not supported"
	          : r == DRP_INVALID ? "refused"
	          : r == DRP_PENDING ? "not confirmed (the driver answers later)"
	                             : "failed");
	return -1;
}

int drv_killpower(struct drv_ctx *d)
{
	const char *list = drv_getopt(d, "sdcommands");
	char cmd[ST_MAX_NAME];
	const char *p, *end;
	size_t n;

	if (list == NULL) {
		if (d->ops->shutdown == NULL) {
			log_warnx("ups %s: shutdown not supported by driver %s", d->upsname,
			          d->ops->name);
			return -1;
		}
		return d->ops->shutdown(d, d->priv);
	}
	for (p = list; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		n = (size_t)(end - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0)
			continue;
		if (n >= sizeof(cmd)) {
			log_warnx("ups %s: sdcommands: command name too long", d->upsname);
			continue;
		}
		memcpy(cmd, p, n);
		cmd[n] = '\0';
		if (strcmp(cmd, DRV_KILLPOWER_CMD) == 0) {
			log_warnx("ups %s: sdcommands: %s would call itself; skipped", d->upsname,
			          cmd);
			continue;
		}
		if (drv_killpower_cmd(d, cmd) == 0)
			return 0;
	}
	log_warnx("ups %s: kill power: no command of sdcommands (%s) worked", d->upsname, list);
	return -1;
}

int drv_killpower_request(struct drv_ctx *d)
{
	if (!drv_testopt(d, "allow_killpower")) {
		log_warnx("ups %s: %s refused: allow_killpower is not set in ups.conf", d->upsname,
		          DRV_KILLPOWER_CMD);
		return DRP_INVALID;
	}
	log_warnx("ups %s: %s: killing the power now", d->upsname, DRV_KILLPOWER_CMD);
	if (drv_killpower(d) < 0) {
		log_warnx("ups %s: Shutdown failed!", d->upsname);
		return DRP_FAILED;
	}
	return DRP_HANDLED;
}
