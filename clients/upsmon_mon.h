/* upsmon_mon: upsmon's unprivileged work on one event loop: a upsd
 * connection per MONITOR line (upsclient_ev, so a slow or dead server
 * delays nobody else), login, the poll rounds, notifications (syslog, wall,
 * NOTIFYCMD, each bounded), and the shutdown sequence (FSD, waiting for the
 * secondaries, SHUTDOWN, FINALDELAY, LOGOUT, then the parent's two
 * privileged steps). The decisions themselves are upsmon_rules'. */
#ifndef UPS_UPSMON_MON_H
#define UPS_UPSMON_MON_H

#include <stdint.h>
#include <sys/types.h>

#include "ev.h"
#include "upsclient_ev.h"
#include "upsmon_conf.h"
#include "upsmon_rules.h"

#define UM_MAX_NOTIFY_PROCS   32    /* notifiers (NOTIFYCMD, wall) running at once */
#define UM_NOTIFY_TIMEOUT_MS  30000 /* a notifier still running then is killed */
#define UM_REQ_TIMEOUT_MIN_MS 2000  /* a request's reply limit: POLLFREQ, within these */
#define UM_REQ_TIMEOUT_MAX_MS 10000
#define UM_FSD_CHECK_MS       1000 /* NUMLOGINS asked this often while secondaries leave */
#define UM_LOGOUT_WAIT_MS     2000 /* longest wait for LOGOUT replies before SHUTDOWNCMD */
#define UM_WALL_PATH          "/usr/bin/wall"

struct um_ctx;

struct um_ups {
	struct um_ctx *x;
	struct um_monitor m; /* copies of the MONITOR line's fields (owned) */
	struct ucl_ev *conn;
	int logged_in;
	int poll_pending;
	int numlogins; /* the last NUMLOGINS answer, -1 none yet */
	int logout_pending;
	int dying; /* being freed: its callbacks do nothing */
	struct um_state st;
};

struct um_proc {
	pid_t pid;
	uint64_t start_ms;
	int killed;
	char what[16];
};

enum um_phase { UM_RUNNING, UM_FSD_WAIT, UM_FINAL, UM_LOGOUT, UM_DONE };

struct um_ctx {
	struct ev_loop *loop;
	const char *conf_path;
	struct um_conf conf;
	struct um_ups *ups;
	size_t nups;
	int privfd;      /* socket to the privileged parent, -1 with -p */
	int parent_gone; /* the parent closed its end */
	ev_timer_id poll_timer, sd_timer, reap_timer;
	enum um_phase phase;
	uint64_t phase_ms;
	char sd_ups[CONF_MAX_LINE]; /* the UPS the shutdown is about */
	struct um_proc procs[UM_MAX_NOTIFY_PROCS];
	int exit_code;
};

/* Starts monitoring with conf (taken over: freed by um_stop). 0 or -1. */
int um_start(struct um_ctx *x, struct ev_loop *loop, const char *conf_path, struct um_conf *conf,
             int privfd);
/* SIGHUP: reads the file again; on any error keeps the configuration in
 * force (and says why). */
void um_reload(struct um_ctx *x);
/* -c fsd: the shutdown sequence now, as if every UPS were critical. */
void um_force_shutdown(struct um_ctx *x);
void um_stop(struct um_ctx *x);

#endif
