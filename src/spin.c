/*
 * spin.c: when to busy-poll after tracer events.  See spin.h.
 *
 * The decision is taken every SPIN_SAMPLE_S from /proc/stat's first line
 * (jiffies of all CPUs): spare = (idle + iowait + our own polling) / total,
 * in CPUs.  Polling is allowed while spare >= SPIN_MIN_SPARE CPUs.
 */
#include "config.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "spin.h"

#define SPIN_BUDGET_US	1000	/* ~ the gap between stops of a serial build */
#define SPIN_MIN_SPARE	0.75	/* CPUs that must have been idle */

static struct {
	int fd;			/* /proc/stat */
	int ncpu;		/* CPUs ptop may run on */
	int64_t forced;		/* PTOP_SPIN_US, or -1 */
	int allowed;
	int busy;		/* the last sample found less than SPIN_MIN_SPARE idle */
	unsigned long long last_idle, last_total;
	int64_t spun_us;	/* polling since the last sample */
	long hz;
} S = { .fd = -1, .forced = -1 };

void
spin_init(void)
{
	const char *env = getenv("PTOP_SPIN_US");
	cpu_set_t set;

	if (env != NULL && *env != '\0')
		S.forced = strtoll(env, NULL, 10);
	S.ncpu = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
	S.hz = sysconf(_SC_CLK_TCK);
	if (S.hz <= 0)
		S.hz = 100;
	if (S.fd == -1)
		S.fd = open("/proc/stat", O_RDONLY | O_CLOEXEC);
	spin_sample();
	/*
	 * No sample to compare with yet: start by polling where it can pay,
	 * so a short run is not left without it until the first sample; a
	 * busy machine stops it SPIN_FIRST_S later.
	 */
	S.allowed = S.ncpu >= 2 && S.forced < 0 && S.fd != -1;
}

int
spin_machine_busy(void)
{
	return S.busy;
}

int64_t
spin_budget_us(void)
{
	if (S.forced >= 0)
		return S.forced;
	return S.allowed ? SPIN_BUDGET_US : 0;
}

void
spin_account(int64_t us)
{
	S.spun_us += us;
}

void
spin_sample(void)
{
	unsigned long long v[10] = { 0 }, idle, total;
	char line[512];
	double spare;
	ssize_t n;
	int i;

	if (S.fd == -1) {
		S.allowed = 0;
		return;
	}
	n = pread(S.fd, line, sizeof line - 1, 0);
	if (n <= 0) {
		S.allowed = 0;
		return;
	}
	line[n] = '\0';
	if (sscanf(line, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
	    &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) < 5) {
		S.allowed = 0;
		return;
	}
	idle = v[3] + v[4];
	for (total = 0, i = 0; i < 8; i++)	/* guest time is already in user */
		total += v[i];
	if (S.last_total != 0 && total > S.last_total) {
		spare = (double)(idle - S.last_idle) + (double)S.spun_us * S.hz / 1e6;
		spare = spare / (double)(total - S.last_total) * S.ncpu;
		S.busy = spare < SPIN_MIN_SPARE;
		S.allowed = !S.busy && S.ncpu >= 2 && S.forced < 0;
	}
	S.last_idle = idle;
	S.last_total = total;
	S.spun_us = 0;
}
