/*
 * spin.c: when to busy-poll after tracer events.  See spin.h.
 *
 * The decision is taken every SPIN_SAMPLE_S from /proc/stat's first line
 * (jiffies of all CPUs): spare = (idle + iowait + the CPU time our own
 * polling had) / total, in CPUs.  Polling is allowed while spare >=
 * SPIN_MIN_SPARE CPUs and polling did not wait long for a CPU.
 *
 * Only the CPU time polling really had counts as spare, never its wall
 * time: a poll that yields waits in the run queue while other work runs,
 * and that wait is not idle CPU.  With a hundred busy threads ptop once
 * counted its wall time, saw a whole CPU to spare, and polled on while
 * each thread it had to restart waited (strace's looping_threads was
 * killed by its own alarm).  The wall time polling spent waiting for a
 * CPU is one contention signal: past SPIN_MAX_WAIT_US in one sample period
 * polling stops at once, until a sample finds the machine idle again.  The
 * other is the number of runnable tasks in /proc/loadavg, read before each
 * round of polling (spin_contended()): it stops polling before the first
 * yield that would wait, which the samples cannot.
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

/*
 * How long to poll after the last stop.  The gaps between stops of a serial
 * build are mostly under 1 ms, but the life of a short process (exec to
 * exit of /bin/true, 1.2 ms on the VM of doc/performance.md) falls just
 * beyond: 1 ms left about one wake-up in two on the spawn loop, 2 ms one in
 * thirty.  3 and 5 ms saved little more; an estimator of the 80th or 90th
 * percentile of recent gaps did worse than a fixed 2 ms on both the spawn
 * loop and configure (most gaps are far shorter than the one that matters).
 */
#define SPIN_BUDGET_US	2000
#define SPIN_MIN_SPARE	0.75	/* CPUs that must have been idle */
#define SPIN_MAX_WAIT_US 10000	/* a sample period's polling spent off the CPU */

static struct {
	int fd;			/* /proc/stat */
	int loadavg;		/* /proc/loadavg */
	int ncpu;		/* CPUs ptop may run on */
	int nonline;		/* CPUs of the machine (loadavg counts on all) */
	int64_t forced;		/* PTOP_SPIN_US, or -1 */
	int allowed;
	int busy;		/* the last sample found less than SPIN_MIN_SPARE idle */
	unsigned long long last_idle, last_total;
	int64_t spun_us;	/* CPU time polling had since the last sample */
	int64_t waited_us;	/* wall time polling spent off the CPU since then */
	long hz;
} S = { .fd = -1, .loadavg = -1, .forced = -1 };

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
	S.nonline = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (S.nonline < 1)
		S.nonline = 1;
	if (S.fd == -1)
		S.fd = open("/proc/stat", O_RDONLY | O_CLOEXEC);
	if (S.loadavg == -1)
		S.loadavg = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
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

/*
 * More tasks are runnable right now than the machine has CPUs, plus one:
 * polling would wait for a CPU (a sched_yield() then waits for every task
 * queued on ours, tens of milliseconds with a hundred busy threads).  The
 * one extra leaves room for what ptop itself makes runnable: at a fork it
 * restarts both the parent and the child, and the parent runs on for a
 * moment before it waits.  Subtler contention (one CPU busy with other
 * work) is left to the samples.
 */
int
spin_contended(void)
{
	char line[128], *p;
	ssize_t n;
	long running;

	if (S.loadavg == -1)
		return 0;
	n = pread(S.loadavg, line, sizeof line - 1, 0);
	if (n <= 0)
		return 0;
	line[n] = '\0';
	/* "0.50 0.40 0.30 RUNNING/TOTAL LASTPID": RUNNING counts ptop. */
	if ((p = strchr(line, '/')) == NULL)
		return 0;
	while (p > line && p[-1] >= '0' && p[-1] <= '9')
		p--;
	running = strtol(p, NULL, 10);
	return running > S.nonline + 1;
}

int64_t
spin_budget_us(void)
{
	if (S.forced >= 0)
		return S.forced;
	if (!S.allowed || spin_contended())
		return 0;
	return SPIN_BUDGET_US;
}

void
spin_account(int64_t cpu_us, int64_t wall_us)
{
	S.spun_us += cpu_us;
	if (wall_us > cpu_us)
		S.waited_us += wall_us - cpu_us;
	if (S.waited_us > SPIN_MAX_WAIT_US)
		S.allowed = 0;
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
		S.allowed = !S.busy && S.waited_us <= SPIN_MAX_WAIT_US && S.ncpu >= 2 &&
		    S.forced < 0;
		log_debug("spin: spare %.2f CPU, polled %lld us, waited %lld us: %s", spare,
		    (long long)S.spun_us, (long long)S.waited_us, S.allowed ? "poll" : "sleep");
	}
	S.last_idle = idle;
	S.last_total = total;
	S.spun_us = 0;
	S.waited_us = 0;
}
