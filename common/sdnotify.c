/* sdnotify: see sdnotify.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sdnotify.h"

#ifdef WITH_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

int sdn_notify(const char *state)
{
#ifdef WITH_LIBSYSTEMD
	/* 0 keeps NOTIFY_SOCKET for the children upsdrvctl starts; systemd
	 * only listens to the pid its NotifyAccess= setting allows anyway. */
	int r = sd_notify(0, state);

	if (r < 0)
		log_debug(1, "sd_notify(%s): %s", state, strerror(-r));
	return r < 0 ? -1 : r > 0;
#else
	(void)state;
	return 0;
#endif
}

int sdn_notifyf(const char *fmt, ...)
{
	char state[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(state, sizeof(state), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(state))
		return -1;
	return sdn_notify(state);
}

int sdn_reloading(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return sdn_notifyf("RELOADING=1\nMONOTONIC_USEC=%llu",
	                   (unsigned long long)ts.tv_sec * 1000000ULL +
	                       (unsigned long long)ts.tv_nsec / 1000ULL);
}

int sdn_supervised(void)
{
#ifdef WITH_LIBSYSTEMD
	const char *s = getenv("NOTIFY_SOCKET");

	return s != NULL && *s != '\0';
#else
	return 0;
#endif
}
