/* upsmon_rules.c: status words, notifications and the critical rules (see
 * upsmon_rules.h). Tables first: the notify types, then the status words
 * and the notification pair each one raises when it comes and goes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "upsmon_rules.h"

#define UM_STATUS_MAX_WORD 32 /* longer words are "other" */

struct um_notify_def {
	const char *name;
	const char *msg; /* our own wording; %s is the UPS */
};

static const struct um_notify_def um_notify_defs[UM_N_COUNT] = {
    [UM_N_ONLINE] = {"ONLINE", "UPS %s: on line power again"},
    [UM_N_ONBATT] = {"ONBATT", "UPS %s: running on battery"},
    [UM_N_LOWBATT] = {"LOWBATT", "UPS %s: battery low"},
    [UM_N_FSD] = {"FSD", "UPS %s: forced shutdown under way"},
    [UM_N_COMMOK] = {"COMMOK", "UPS %s: in contact again"},
    [UM_N_COMMBAD] = {"COMMBAD", "UPS %s: contact lost"},
    [UM_N_SHUTDOWN] = {"SHUTDOWN", "this system is shutting down now (UPS %s)"},
    [UM_N_REPLBATT] = {"REPLBATT", "UPS %s: the battery wants replacing"},
    [UM_N_NOCOMM] = {"NOCOMM", "UPS %s: cannot be reached"},
    [UM_N_NOPARENT] = {"NOPARENT", "upsmon's privileged parent is gone: no shutdown possible"},
    [UM_N_CAL] = {"CAL", "UPS %s: calibrating its battery"},
    [UM_N_NOTCAL] = {"NOTCAL", "UPS %s: calibration over"},
    [UM_N_OFF] = {"OFF", "UPS %s: output switched off"},
    [UM_N_NOTOFF] = {"NOTOFF", "UPS %s: output on again"},
    [UM_N_BYPASS] = {"BYPASS", "UPS %s: on bypass, the load is not protected"},
    [UM_N_NOTBYPASS] = {"NOTBYPASS", "UPS %s: off bypass"},
    [UM_N_ALARM] = {"ALARM", "UPS %s: raised an alarm"},
    [UM_N_NOTALARM] = {"NOTALARM", "UPS %s: alarm cleared"},
    [UM_N_OVER] = {"OVER", "UPS %s: overloaded"},
    [UM_N_NOTOVER] = {"NOTOVER", "UPS %s: no longer overloaded"},
    [UM_N_TRIM] = {"TRIM", "UPS %s: trimming a high input voltage"},
    [UM_N_NOTTRIM] = {"NOTTRIM", "UPS %s: no longer trimming"},
    [UM_N_BOOST] = {"BOOST", "UPS %s: boosting a low input voltage"},
    [UM_N_NOTBOOST] = {"NOTBOOST", "UPS %s: no longer boosting"},
    [UM_N_ECO] = {"ECO", "UPS %s: in eco mode"},
    [UM_N_NOTECO] = {"NOTECO", "UPS %s: out of eco mode"},
    [UM_N_OTHER] = {"OTHER", "UPS %s: reports a status upsmon does not know"},
    [UM_N_NOTOTHER] = {"NOTOTHER", "UPS %s: unknown status gone"},
};

/* Status words; on/off are the notifications when the flag comes and goes
 * (-1: none; OL/OB/LB/FSD/RB have their own rules in um_status). */
struct um_word {
	const char *word;
	unsigned flag;
	int on, off;
};

static const struct um_word um_words[] = {
    {"OL", UM_OL, -1, -1},
    {"OB", UM_OB, -1, -1},
    {"LB", UM_LB, -1, -1},
    {"FSD", UM_FSD, -1, -1},
    {"RB", UM_RB, -1, -1},
    {"CAL", UM_CAL, UM_N_CAL, UM_N_NOTCAL},
    {"OFF", UM_OFF, UM_N_OFF, UM_N_NOTOFF},
    {"BYPASS", UM_BYPASS, UM_N_BYPASS, UM_N_NOTBYPASS},
    {"ALARM", UM_ALARM, UM_N_ALARM, UM_N_NOTALARM},
    {"OVER", UM_OVER, UM_N_OVER, UM_N_NOTOVER},
    {"TRIM", UM_TRIM, UM_N_TRIM, UM_N_NOTTRIM},
    {"BOOST", UM_BOOST, UM_N_BOOST, UM_N_NOTBOOST},
    {"ECO", UM_ECO, UM_N_ECO, UM_N_NOTECO},
    /* Known, nothing to do. */
    {"CHRG", 0, -1, -1},
    {"DISCHRG", 0, -1, -1},
    {"HB", 0, -1, -1},
    {"WAIT", 0, -1, -1},
    {"TEST", 0, -1, -1},
    {NULL, 0, -1, -1},
};

/* The flags with a come/go pair, in the order their notifications go out. */
static const unsigned um_paired =
    UM_CAL | UM_OFF | UM_BYPASS | UM_ALARM | UM_OVER | UM_TRIM | UM_BOOST | UM_ECO;

const char *um_notify_name(enum um_notify t)
{
	if ((unsigned)t >= UM_N_COUNT)
		return NULL;
	return um_notify_defs[t].name;
}

int um_notify_find(const char *name)
{
	int i;

	for (i = 0; i < UM_N_COUNT; i++)
		if (strcasecmp(name, um_notify_defs[i].name) == 0)
			return i;
	return -1;
}

const char *um_notify_default_msg(enum um_notify t)
{
	if ((unsigned)t >= UM_N_COUNT)
		return NULL;
	return um_notify_defs[t].msg;
}

unsigned um_parse_status(const char *status)
{
	unsigned flags = 0;
	const char *p = status;

	while (*p != '\0') {
		char word[UM_STATUS_MAX_WORD];
		size_t n = 0;
		const struct um_word *w;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		while (p[n] != '\0' && p[n] != ' ' && p[n] != '\t')
			n++;
		if (n >= sizeof(word)) {
			flags |= UM_OTHER;
			p += n;
			continue;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		p += n;
		for (w = um_words; w->word != NULL; w++)
			if (strcmp(w->word, word) == 0)
				break;
		if (w->word == NULL)
			flags |= UM_OTHER;
		else
			flags |= w->flag;
	}
	return flags;
}

void um_state_init(struct um_state *s, int primary, uint64_t now_ms)
{
	memset(s, 0, sizeof(*s));
	s->primary = primary;
	s->nocomm_ms = now_ms; /* a UPS never reached counts from start-up */
}

static void um_emit(um_emit_fn emit, void *arg, int t)
{
	if (emit != NULL && t >= 0)
		emit((enum um_notify)t, arg);
}

void um_status(struct um_state *s, const struct um_params *p, unsigned flags, uint64_t now_ms,
               um_emit_fn emit, void *arg)
{
	unsigned old = s->have ? s->flags : 0, came = flags & ~old, went = old & ~flags;
	const struct um_word *w;

	if (!s->comm_ok && s->commbad)
		um_emit(emit, arg, UM_N_COMMOK);
	s->comm_ok = 1;
	s->commbad = 0;
	s->last_ok_ms = now_ms;
	s->first_fail_ms = 0;

	if ((came & UM_FSD) != 0)
		um_emit(emit, arg, UM_N_FSD);
	/* ONLINE only as a change: the first status read says nothing new. */
	if ((came & UM_OL) != 0 && s->have)
		um_emit(emit, arg, UM_N_ONLINE);
	if ((came & UM_OB) != 0)
		um_emit(emit, arg, UM_N_ONBATT);
	if ((came & UM_LB) != 0)
		um_emit(emit, arg, UM_N_LOWBATT);
	if ((flags & UM_RB) != 0 &&
	    ((came & UM_RB) != 0 || now_ms - s->rb_ms >= (uint64_t)p->rbwarntime_s * 1000)) {
		um_emit(emit, arg, UM_N_REPLBATT);
		s->rb_ms = now_ms;
	}
	for (w = um_words; w->word != NULL; w++) {
		if ((w->flag & um_paired) == 0)
			continue;
		if ((came & w->flag) != 0)
			um_emit(emit, arg, w->on);
		else if ((went & w->flag) != 0)
			um_emit(emit, arg, w->off);
	}
	if ((came & UM_OTHER) != 0)
		um_emit(emit, arg, UM_N_OTHER);
	else if ((went & UM_OTHER) != 0)
		um_emit(emit, arg, UM_N_NOTOTHER);

	/* Since when each timed condition holds. */
	if ((flags & (UM_OB | UM_LB)) == (UM_OB | UM_LB) && (flags & UM_CAL) == 0) {
		if (s->oblb_ms == 0)
			s->oblb_ms = now_ms;
	} else {
		s->oblb_ms = 0;
	}
	if ((flags & UM_OFF) != 0) {
		if (s->off_ms == 0)
			s->off_ms = now_ms;
	} else {
		s->off_ms = 0;
	}
	if ((flags & (UM_OVER | UM_OB)) == (UM_OVER | UM_OB)) {
		if (s->overob_ms == 0)
			s->overob_ms = now_ms;
	} else {
		s->overob_ms = 0;
	}
	s->flags = flags;
	s->have = 1;
}

void um_comm_fail(struct um_state *s, const struct um_params *p, uint64_t now_ms, um_emit_fn emit,
                  void *arg)
{
	(void)p;
	if (s->first_fail_ms == 0)
		s->first_fail_ms = now_ms;
	if (s->comm_ok) {
		/* The outage starts now: COMMBAD once, NOCOMM counts from here. */
		s->comm_ok = 0;
		s->commbad = 1;
		s->nocomm_ms = now_ms;
		um_emit(emit, arg, UM_N_COMMBAD);
	}
}

void um_tick(struct um_state *s, const struct um_params *p, uint64_t now_ms, um_emit_fn emit,
             void *arg)
{
	if (!s->comm_ok && now_ms - s->nocomm_ms >= (uint64_t)p->nocommwarntime_s * 1000) {
		um_emit(emit, arg, UM_N_NOCOMM);
		s->nocomm_ms = now_ms;
	}
}

static int um_held(uint64_t since_ms, int limit_s, uint64_t now_ms)
{
	return since_ms != 0 && now_ms - since_ms >= (uint64_t)limit_s * 1000;
}

int um_critical(const struct um_state *s, const struct um_params *p, uint64_t now_ms,
                const char **why)
{
	const char *dummy;
	unsigned f = s->flags;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (!s->have)
		return 0; /* never read: nothing known, assumed to feed us */
	if (!s->comm_ok) {
		/* Unreachable: what it was last seen doing counts until DEADTIME;
		 * after that one last seen on battery is taken as exhausted. */
		if ((f & UM_OB) != 0 && s->first_fail_ms != 0 &&
		    now_ms - s->last_ok_ms > (uint64_t)p->deadtime_s * 1000) {
			*why = "unreachable for longer than DEADTIME, last seen on battery";
			return 1;
		}
	}
	if ((f & UM_FSD) != 0) {
		*why = "forced shutdown (FSD)";
		return 1;
	}
	if ((f & UM_OFF) != 0 && p->offduration_s >= 0 &&
	    um_held(s->off_ms, p->offduration_s, now_ms)) {
		*why = "output off for OFFDURATION";
		return 1;
	}
	if (s->oblb_ms != 0 && um_held(s->oblb_ms, p->oblbduration_s, now_ms)) {
		if (s->primary) {
			*why = "on battery with a low battery";
			return 1;
		}
		/* A secondary waits HOSTSYNC for the primary's FSD. */
		if (um_held(s->oblb_ms, p->hostsync_s, now_ms)) {
			*why = "on battery with a low battery, no FSD from the primary within "
			       "HOSTSYNC";
			return 1;
		}
	}
	if (p->overduration_s >= 0 && um_held(s->overob_ms, p->overduration_s, now_ms)) {
		*why = "overloaded on battery for OVERDURATION";
		return 1;
	}
	if (p->alarmcritical && (f & (UM_ALARM | UM_OB)) == (UM_ALARM | UM_OB)) {
		*why = "alarm while on battery";
		return 1;
	}
	return 0;
}

int um_on_battery(const struct um_state *s)
{
	return s->have && (s->flags & UM_OB) != 0;
}
