/*
 * loop.c: libev wiring for the signalfd.  See loop.h.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "spin.h"
#include "tracer.h"

static sigset_t loop_orig;
static sigset_t loop_handled;
static int loop_sigfd = -1;
static ev_io loop_sig_watcher;
static ev_timer loop_sample;
static void (*loop_on_signal)(struct ev_loop *, int);
static void (*loop_after_reap)(struct ev_loop *);

void
loop_block_signals(void)
{
	sigset_t block;

	sigemptyset(&loop_handled);
	sigaddset(&loop_handled, SIGCHLD);
	sigaddset(&loop_handled, SIGWINCH);
	sigaddset(&loop_handled, SIGINT);
	sigaddset(&loop_handled, SIGTERM);
	sigaddset(&loop_handled, SIGHUP);
	sigaddset(&loop_handled, SIGQUIT);
	sigaddset(&loop_handled, SIGTSTP);
	sigaddset(&loop_handled, SIGCONT);
	block = loop_handled;
	sigaddset(&block, SIGPIPE);
	if (sigprocmask(SIG_BLOCK, &block, &loop_orig) == -1)
		fatal("sigprocmask");
}

const sigset_t *
loop_orig_mask(void)
{
	return &loop_orig;
}

const sigset_t *
loop_handled_signals(void)
{
	return &loop_handled;
}

static int64_t
loop_clock_us(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t
loop_now_us(void)
{
	return loop_clock_us(CLOCK_MONOTONIC);
}

/*
 * Keep polling waitpid for the next stop while the spin policy allows it
 * (see spin.h), instead of sleeping until SIGCHLD wakes us.  A stop found
 * restarts the budget; LOOP_SPIN_MAX_US of continuous polling hands the
 * loop back to input and drawing.  A SIGCHLD left queued meanwhile costs
 * one spurious wake-up at most.
 *
 * A poll that finds nothing yields the CPU: a process of the work that is
 * runnable here (one side of a pipeline, a child just forked) gets it at
 * once instead of at the end of our time slice.  Alone on the CPU, the
 * yield returns at once.  ptop's own ./configure: 1.053x -> 1.024x of the
 * untraced time in batch mode (floor 1.016x), 1.081x -> 1.040x in the view.
 * On a crowded CPU the yield waits behind every runnable task: the spin
 * policy counts only the CPU time a round of polling had as spare, and
 * the rest of its wall time as waiting (spin_account()).
 */
#define LOOP_SPIN_MAX_US 5000
#define LOOP_SCAN_NO_SPIN_US 20

static void
loop_spin(struct ev_loop *loop)
{
	int64_t budget, start, last, now, cpu;

	/*
	 * A waitpid that finds nothing scans every tracee: with thousands
	 * alive each poll costs tens of microseconds, more than it saves.
	 */
	if (tracer_scan_us() > LOOP_SCAN_NO_SPIN_US || (budget = spin_budget_us()) <= 0)
		return;
	cpu = loop_clock_us(CLOCK_THREAD_CPUTIME_ID);
	start = last = now = loop_now_us();
	while (!tracer_done() && now - last < budget && now - start < LOOP_SPIN_MAX_US) {
		if (tracer_reap() > 0) {
			if (loop_after_reap != NULL)
				loop_after_reap(loop);
			last = loop_now_us();
		} else {
			sched_yield();
		}
		now = loop_now_us();
	}
	spin_account(loop_clock_us(CLOCK_THREAD_CPUTIME_ID) - cpu, now - start);
}

static void
loop_sample_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	spin_sample();
}

static void
loop_sig_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct signalfd_siginfo si[16];
	int others[16 * 8], nothers = 0, chld = 0, i;
	ssize_t n;
	size_t k;

	for (;;) {
		n = read(loop_sigfd, si, sizeof si);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (k = 0; k < (size_t)n / sizeof si[0]; k++) {
			if (si[k].ssi_signo == SIGCHLD)
				chld = 1;
			else if (nothers < (int)(sizeof others / sizeof others[0]))
				others[nothers++] = (int)si[k].ssi_signo;
		}
		if ((size_t)n < sizeof si)
			break;
	}
	if (chld) {
		tracer_reap();
		if (loop_after_reap != NULL)
			loop_after_reap(loop);
		loop_spin(loop);
	}
	for (i = 0; i < nothers; i++)
		if (loop_on_signal != NULL)
			loop_on_signal(loop, others[i]);
}

struct ev_loop *
loop_create(void (*on_signal)(struct ev_loop *, int), void (*after_reap)(struct ev_loop *))
{
	struct ev_loop *loop;

	loop = ev_loop_new(EVFLAG_AUTO | EVFLAG_NOSIGMASK);
	if (loop == NULL)
		fatalx("cannot create the event loop (libev)");
	loop_sigfd = signalfd(-1, &loop_handled, SFD_NONBLOCK | SFD_CLOEXEC);
	if (loop_sigfd == -1)
		fatal("signalfd");
	loop_on_signal = on_signal;
	loop_after_reap = after_reap;
	ev_io_init(&loop_sig_watcher, loop_sig_cb, loop_sigfd, EV_READ);
	/* Signals first: the tracer always wins over input and drawing. */
	ev_set_priority(&loop_sig_watcher, EV_MAXPRI);
	ev_io_start(loop, &loop_sig_watcher);
	spin_init();
	ev_timer_init(&loop_sample, loop_sample_cb, SPIN_FIRST_S, SPIN_SAMPLE_S);
	ev_timer_start(loop, &loop_sample);
	ev_unref(loop);		/* the sampler alone does not keep the loop running */
	return loop;
}

void
loop_destroy(struct ev_loop *loop)
{
	if (loop == NULL)
		return;
	ev_io_stop(loop, &loop_sig_watcher);
	ev_ref(loop);
	ev_timer_stop(loop, &loop_sample);
	close(loop_sigfd);
	loop_sigfd = -1;
	ev_loop_destroy(loop);
}
