/*
 * test_run.c: the run's endings and pauses with a real tracer and real
 * processes, in batch mode: quit by killing (and the leave timeout when the
 * kill does not take), quit by detaching an attached process, Ctrl-Z
 * (ptop stops itself only after its job has stopped), and a lost terminal.
 *
 * The tracer is one per process, so each scenario runs in a child of the
 * test and reports a step number: 0 is success, anything else names the
 * check that failed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ev.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "run.h"
#include "tracer.h"

/* Run scenario() in a child; it exits with 0 or the number of the failed step. */
static void
in_child(int (*scenario)(void))
{
	pid_t kid;
	int st;

	fflush(NULL);
	if ((kid = fork()) == 0) {
		alarm(60);	/* a hang is a failure */
		_exit(scenario());
	}
	assert_int_equal(waitpid(kid, &st, 0), kid);
	if (WIFSIGNALED(st))
		fail_msg("the scenario was killed by signal %d", WTERMSIG(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* A process's state letter from /proc, or 0 when it is gone. */
static char
state_of(pid_t pid)
{
	char path[64], line[256], c = 0;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "State: %c", &c) == 1)
			break;
	fclose(fp);
	return c;
}

static long
tracer_of(pid_t pid)
{
	char path[64], line[256];
	long t = -1;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "TracerPid: %ld", &t) == 1)
			break;
	fclose(fp);
	return t;
}

/* The pid of the only process the run launched (its root). */
static pid_t
root_pid(void)
{
	char path[64], buf[64];
	FILE *fp;
	int pid = 0;

	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)getpid(), (int)getpid());
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof buf, fp) != NULL)
		pid = atoi(buf);
	fclose(fp);
	return pid;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- scenarios ---------------------------------------------------------------- */

static char *sleep_argv[] = { "sleep", "30", NULL };
static struct options opt;
static ev_timer act;
static pid_t victim;

static void
quit_kill_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	run_quit(UI_QUIT_KILL);
}

/* q then k: everything is killed and the run ends with the root's status. */
static int
scenario_quit_kill(void)
{
	int rc;

	loop_block_signals();
	memset(&opt, 0, sizeof opt);
	opt.batch = 1;
	opt.tree_file = "/dev/null";
	opt.argv = sleep_argv;
	run_setup(&opt);
	if (run_launch_start() != 0)
		return 1;
	victim = root_pid();
	if (victim <= 0 || state_of(victim) == 0)
		return 2;
	ev_timer_init(&act, quit_kill_cb, 0.1, 0);
	ev_timer_start(run_loop(), &act);
	rc = run_teardown(run_finish());
	if (rc != 128 + SIGKILL)
		return 3;
	if (state_of(victim) != 0)
		return 4;
	return 0;
}

static void
test_quit_kill(void **state)
{
	in_child(scenario_quit_kill);
}

static int kills;

static void
kill_nothing(void)
{
	kills++;
}

/* The kill does not take (a process stuck in the kernel): leave anyway, in time. */
static int
scenario_leave_timeout(void)
{
	double t0;
	int rc;

	loop_block_signals();
	run_env.kill_all = kill_nothing;
	run_env.leave_timeout = 0.3;
	memset(&opt, 0, sizeof opt);
	opt.batch = 1;
	opt.tree_file = "/dev/null";
	opt.argv = sleep_argv;
	run_setup(&opt);
	if (run_launch_start() != 0)
		return 1;
	victim = root_pid();
	ev_timer_init(&act, quit_kill_cb, 0.05, 0);
	ev_timer_start(run_loop(), &act);
	t0 = now();
	rc = run_finish();
	if (kills < 1)
		return 2;
	if (now() - t0 < 0.3)
		return 3;	/* left before the timeout: it did not wait */
	if (state_of(victim) == 0)
		return 4;	/* the stub killed nothing: it must still be there */
	run_teardown(rc);
	kill(victim, SIGKILL);
	return 0;
}

static void
test_leave_timeout(void **state)
{
	in_child(scenario_leave_timeout);
}

static void
quit_detach_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	run_quit(UI_QUIT_DETACH);
}

static void
sigint_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	run_signal(SIGINT);
}

/* Attached: quitting (d, or Ctrl-C in batch mode) lets the process go on, untraced. */
static int
scenario_detach(void (*how)(struct ev_loop *, ev_timer *, int))
{
	char pids[32];
	pid_t kid;
	int rc, i;

	loop_block_signals();
	if ((kid = fork()) == 0) {
		sigprocmask(SIG_SETMASK, loop_orig_mask(), NULL);
		execlp("sleep", "sleep", "30", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100 && state_of(kid) != 'S'; i++)
		usleep(10000);
	snprintf(pids, sizeof pids, "%d", (int)kid);
	memset(&opt, 0, sizeof opt);
	opt.batch = 1;
	opt.tree_file = "/dev/null";
	opt.pids = pids;
	run_setup(&opt);
	if (run_attach_start() != 0)
		return 1;
	if (tracer_of(kid) != getpid())
		return 2;
	ev_timer_init(&act, how, 0.1, 0);
	ev_timer_start(run_loop(), &act);
	rc = run_teardown(run_finish());
	if (rc != 0)
		return 3;
	if (tracer_of(kid) != 0)
		return 4;	/* still traced */
	/* Running on, back to its sleep: not in a trace stop, not stopped. */
	for (i = 0; i < 200 && state_of(kid) != 'S'; i++)
		usleep(10000);
	if (state_of(kid) != 'S')
		return 5;
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	return 0;
}

static int
scenario_detach_quit(void)
{
	return scenario_detach(quit_detach_cb);
}

static int
scenario_detach_sigint(void)
{
	return scenario_detach(sigint_cb);
}

static void
test_detach(void **state)
{
	in_child(scenario_detach_quit);
	in_child(scenario_detach_sigint);
}

static char stopped_state;
static double stopped_at, tstp_at;

/* Stands for SIGSTOP: note the job's state, continue it, and quit. */
static void
stop_self_stub(void)
{
	stopped_state = state_of(victim);
	stopped_at = now();
	kill(victim, SIGCONT);
	run_quit(UI_QUIT_KILL);
}

static void
tstp_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	/* Ctrl-Z: the terminal sends SIGTSTP to the job and to ptop. */
	tstp_at = now();
	kill(victim, SIGTSTP);
	run_signal(SIGTSTP);
}

/* A job that takes a while to stop: it handles SIGTSTP, then stops itself. */
static char *slow_stop_argv[] = { "sh", "-c",
	"trap 'sleep 0.05; kill -STOP $$' TSTP; while :; do sleep 0.02; done", NULL };

/* Ctrl-Z in batch mode: ptop stops itself only once its job has stopped. */
static int
scenario_suspend(void)
{
	loop_block_signals();
	run_env.stop_self = stop_self_stub;
	memset(&opt, 0, sizeof opt);
	opt.batch = 1;
	opt.tree_file = "/dev/null";
	opt.argv = slow_stop_argv;
	run_setup(&opt);
	if (run_launch_start() != 0)
		return 1;
	victim = root_pid();
	ev_timer_init(&act, tstp_cb, 0.1, 0);
	ev_timer_start(run_loop(), &act);
	run_teardown(run_finish());
	if (run_suspended() != 1)
		return 2;
	/* Group-stopped; 't' while parked with PTRACE_LISTEN. */
	if (stopped_state != 'T' && stopped_state != 't')
		return 3;	/* ptop stopped before its job did */
	if (stopped_at < tstp_at)
		return 4;
	return 0;
}

static void
test_suspend(void **state)
{
	in_child(scenario_suspend);
}

static void
lost_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	run_terminal_lost();
}

static char *nohup_argv[] = { "sh", "-c", "trap '' HUP; sleep 30", NULL };

/* A lost terminal: SIGHUP to the command, and what ignores it is killed. */
static int
scenario_terminal_lost(void)
{
	int rc;

	loop_block_signals();
	memset(&opt, 0, sizeof opt);
	opt.batch = 1;
	opt.tree_file = "/dev/null";
	opt.argv = nohup_argv;
	run_setup(&opt);
	if (run_launch_start() != 0)
		return 1;
	victim = root_pid();
	ev_timer_init(&act, lost_cb, 0.1, 0);
	ev_timer_start(run_loop(), &act);
	rc = run_teardown(run_finish());
	if (rc != 128 + SIGKILL)
		return 2;	/* it ignored SIGHUP, so it was killed */
	if (state_of(victim) != 0)
		return 3;
	return 0;
}

static void
test_terminal_lost(void **state)
{
	in_child(scenario_terminal_lost);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quit_kill),
		cmocka_unit_test(test_leave_timeout),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_suspend),
		cmocka_unit_test(test_terminal_lost),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
