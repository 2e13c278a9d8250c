/* upsmon_rules: upsmon's decisions, as a pure module (no I/O, no clock: the
 * caller passes the time): what ups.status words mean, which notification a
 * change of status or of reachability raises, when one UPS is critical and
 * when the power left falls below MINSUPPLIES. The unit tests drive it
 * directly (tests/unit/test_upsmon_rules.c). */
#ifndef UPS_UPSMON_RULES_H
#define UPS_UPSMON_RULES_H

#include <stddef.h>
#include <stdint.h>

/* ups.status words upsmon acts on. */
enum um_flag {
	UM_OL = 1u << 0,
	UM_OB = 1u << 1,
	UM_LB = 1u << 2,
	UM_FSD = 1u << 3,
	UM_RB = 1u << 4,
	UM_CAL = 1u << 5,
	UM_OFF = 1u << 6,
	UM_BYPASS = 1u << 7,
	UM_ALARM = 1u << 8,
	UM_OVER = 1u << 9,
	UM_TRIM = 1u << 10,
	UM_BOOST = 1u << 11,
	UM_ECO = 1u << 12,
	UM_OTHER = 1u << 13, /* a word upsmon does not know */
};

/* The notification types, NUT's names (NOTIFYMSG / NOTIFYFLAG / NOTIFYTYPE). */
enum um_notify {
	UM_N_ONLINE,
	UM_N_ONBATT,
	UM_N_LOWBATT,
	UM_N_FSD,
	UM_N_COMMOK,
	UM_N_COMMBAD,
	UM_N_SHUTDOWN,
	UM_N_REPLBATT,
	UM_N_NOCOMM,
	UM_N_NOPARENT,
	UM_N_CAL,
	UM_N_NOTCAL,
	UM_N_OFF,
	UM_N_NOTOFF,
	UM_N_BYPASS,
	UM_N_NOTBYPASS,
	UM_N_ALARM,
	UM_N_NOTALARM,
	UM_N_OVER,
	UM_N_NOTOVER,
	UM_N_TRIM,
	UM_N_NOTTRIM,
	UM_N_BOOST,
	UM_N_NOTBOOST,
	UM_N_ECO,
	UM_N_NOTECO,
	UM_N_OTHER,
	UM_N_NOTOTHER,
	UM_N_COUNT
};

/* "ONLINE" ... ; NULL for an out-of-range type. */
const char *um_notify_name(enum um_notify t);
/* The type named name (case-insensitive), or -1. */
int um_notify_find(const char *name);
/* Our default text of each type, one %s for the UPS name. */
const char *um_notify_default_msg(enum um_notify t);

/* The flags of a ups.status value ("OB LB", "FSD OL CHRG" ...). Words that
 * say nothing upsmon acts on (CHRG, DISCHRG, HB, WAIT) are known and
 * ignored; any other word sets UM_OTHER. */
unsigned um_parse_status(const char *status);

/* The timing rules, from upsmon.conf (seconds; -1 where the directive says
 * "never"). */
struct um_params {
	int hostsync_s;
	int deadtime_s;
	int rbwarntime_s;
	int nocommwarntime_s;
	int offduration_s;  /* OFF this long: critical; -1 never */
	int overduration_s; /* OVER while OB this long: critical; -1 never */
	int oblbduration_s; /* OB+LB this long: critical; 0 at once */
	int alarmcritical;  /* ALARM while OB is critical */
};

/* What upsmon knows of one UPS. Zero it to start (um_state_init). */
struct um_state {
	int primary;    /* MONITOR ... primary */
	int have;       /* at least one status was read */
	int comm_ok;    /* the last poll gave a status */
	int commbad;    /* COMMBAD was said for the current outage */
	unsigned flags; /* the last status read */
	uint64_t last_ok_ms, first_fail_ms;
	uint64_t nocomm_ms; /* last NOCOMM, or when the outage began */
	uint64_t rb_ms;     /* last REPLBATT */
	uint64_t oblb_ms;   /* OB+LB (not CAL) since, 0: not */
	uint64_t off_ms;    /* OFF since, 0: not */
	uint64_t overob_ms; /* OVER+OB since, 0: not */
};

void um_state_init(struct um_state *s, int primary, uint64_t now_ms);

/* Notifications are handed to emit, in order. */
typedef void (*um_emit_fn)(enum um_notify t, void *arg);

/* A poll gave status flags at now_ms. */
void um_status(struct um_state *s, const struct um_params *p, unsigned flags, uint64_t now_ms,
               um_emit_fn emit, void *arg);
/* A poll failed (no connection, no answer, an ERR, garbage) at now_ms. */
void um_comm_fail(struct um_state *s, const struct um_params *p, uint64_t now_ms, um_emit_fn emit,
                  void *arg);
/* Time passes (called once per poll round, after the polls): NOCOMM and
 * REPLBATT repeats. */
void um_tick(struct um_state *s, const struct um_params *p, uint64_t now_ms, um_emit_fn emit,
             void *arg);

/* Is the UPS critical at now_ms? Returns 1 with *why set to a short reason,
 * or 0. The rules, in order: FSD; OFF for OFFDURATION; unreachable for
 * longer than DEADTIME while last seen on battery; OB+LB (not while CAL)
 * for OBLBDURATION, on a secondary only once HOSTSYNC has passed without
 * FSD; OVER while on battery for OVERDURATION; ALARM while on battery
 * (ALARMCRITICAL). */
int um_critical(const struct um_state *s, const struct um_params *p, uint64_t now_ms,
                const char **why);

/* Is any UPS on battery (polls then come every POLLFREQALERT)? */
int um_on_battery(const struct um_state *s);

#endif
