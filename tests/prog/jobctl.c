/*
 * jobctl: job control as a real parent sees it.  A tracer must change
 * none of it: a stopped tracee stays stopped until SIGCONT, its parent
 * sees the stop and the continue, the kernel's orphaned-group rule works.
 *
 *	jobctl stop [MARK]	kill -STOP a child, kill -CONT it; exit 7
 *	jobctl stopmt [MARK]	the same with a child of 4 threads, all stopped
 *	jobctl tstp [MARK]	Ctrl-Z: SIGTSTP to a job's process group (a
 *				child and its child), then SIGCONT; exits 6, 5
 *	jobctl orphan [MARK]	a stopped process whose group becomes orphaned
 *				gets SIGHUP+SIGCONT from the kernel: dies of SIGHUP
 *	jobctl killstop SIG [MARK]  a stopped child is killed by signal SIG
 *				(followed by SIGCONT unless SIG is SIGKILL)
 *
 * Children show progress through counters in shared memory: "stays stopped"
 * means its counter does not move.  Exits 0 when all went as without a
 * tracer; otherwise prints the failed step and exits 1 (99 on a hang:
 * SIGALRM after 10 s).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct shared {
	volatile unsigned long count[2];
	volatile pid_t pid[2];
	volatile int done;
};

static struct shared *sh;
static const char *step = "start";

static void
on_alarm(int sig)
{
	static const char msg[] = "jobctl: timed out (a hang) at step: ";

	write(2, msg, sizeof msg - 1);
	write(2, step, strlen(step));
	write(2, "\n", 1);
	/* Leave nothing stopped or running behind. */
	if (sh->pid[0] > 0)
		kill(sh->pid[0], SIGKILL);
	if (sh->pid[1] > 0)
		kill(sh->pid[1], SIGKILL);
	_exit(99);
}

static void __attribute__((noreturn))
failed(const char *why)
{
	fprintf(stderr, "jobctl: step '%s': %s\n", step, why);
	exit(1);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Count until told to stop; give up after 15 s so nothing lingers. */
static void
worker(int k)
{
	int i;

	sh->pid[k] = getpid();
	for (i = 0; i < 15000 && !sh->done; i++) {
		sh->count[k]++;
		sleep_ms(1);
	}
	if (!sh->done)
		_exit(98);
}

static void
wait_progress(int k, unsigned long from)
{
	while (sh->count[k] <= from + 2)
		sleep_ms(1);
}

static char
proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fp = fopen(path, "re")) == NULL)
		return '?';
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || p[1] == '\0')
		return '?';
	return p[2];
}

/* pid must be stopped (T, or t under a tracer) and make no progress. */
static void
check_frozen(pid_t pid, int k)
{
	unsigned long c;
	char s;
	int i;

	for (i = 0; i < 2000; i++) {
		s = proc_state(pid);
		if (s == 'T' || s == 't')
			break;
		sleep_ms(1);
	}
	c = sh->count[k];
	sleep_ms(200);
	s = proc_state(pid);
	if (s != 'T' && s != 't')
		failed("the process is not in a stopped state");
	if (sh->count[k] != c)
		failed("the stopped process kept running");
}

static void
reap(pid_t pid, int *st, int flags)
{
	while (waitpid(pid, st, flags) == -1)
		if (errno != EINTR)
			failed(strerror(errno));
}

/* A thread of a worker: counts in count[1] until done. */
static void *
thread_worker(void *arg)
{
	while (!sh->done) {
		__atomic_add_fetch(&sh->count[1], 1, __ATOMIC_RELAXED);
		sleep_ms(1);
	}
	return arg;
}

static int
mode_stop(int nthreads)
{
	unsigned long c, c1;
	pthread_t t;
	pid_t pid;
	int st, i;

	if ((pid = fork()) == -1)
		failed("fork");
	if (pid == 0) {
		for (i = 0; i < nthreads; i++)
			if (pthread_create(&t, NULL, thread_worker, NULL) != 0)
				_exit(100);
		worker(0);
		_exit(7);
	}
	step = "first progress";
	wait_progress(0, 0);
	step = "kill -STOP";
	kill(pid, SIGSTOP);
	reap(pid, &st, WUNTRACED);
	if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
		failed("waitpid(WUNTRACED) did not report the stop");
	step = "stays stopped";
	check_frozen(pid, 0);
	c1 = sh->count[1];
	sleep_ms(100);
	if (sh->count[1] != c1)
		failed("a thread of the stopped process kept running");
	step = "kill -CONT";
	c = sh->count[0];
	kill(pid, SIGCONT);
	reap(pid, &st, WCONTINUED);
	if (!WIFCONTINUED(st))
		failed("waitpid(WCONTINUED) did not report the continue");
	step = "progress after SIGCONT";
	wait_progress(0, c);
	if (nthreads > 0)
		wait_progress(1, c1);
	step = "exit";
	sh->done = 1;
	reap(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 7)
		failed("the child did not exit 7");
	return 0;
}

static int
mode_tstp(void)
{
	unsigned long c0, c1;
	pid_t pid, g;
	int st;

	if ((pid = fork()) == -1)
		failed("fork");
	if (pid == 0) {
		setpgid(0, 0);
		if ((g = fork()) == -1)
			_exit(100);
		if (g == 0) {
			worker(1);
			_exit(5);
		}
		worker(0);
		while (waitpid(g, &st, 0) == -1)
			if (errno != EINTR)
				_exit(101);
		_exit(WIFEXITED(st) && WEXITSTATUS(st) == 5 ? 6 : 102);
	}
	setpgid(pid, pid);
	step = "first progress";
	wait_progress(0, 0);
	wait_progress(1, 0);
	step = "Ctrl-Z (SIGTSTP to the job's group)";
	kill(-pid, SIGTSTP);
	reap(pid, &st, WUNTRACED);
	if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTSTP)
		failed("waitpid(WUNTRACED) did not report the SIGTSTP stop");
	step = "job stays stopped";
	check_frozen(pid, 0);
	check_frozen(sh->pid[1], 1);
	step = "fg (SIGCONT to the job's group)";
	c0 = sh->count[0];
	c1 = sh->count[1];
	kill(-pid, SIGCONT);
	reap(pid, &st, WCONTINUED);
	if (!WIFCONTINUED(st))
		failed("waitpid(WCONTINUED) did not report the continue");
	step = "progress after SIGCONT";
	wait_progress(0, c0);
	wait_progress(1, c1);
	step = "exit";
	sh->done = 1;
	reap(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 6)
		failed("the job did not exit 6");
	return 0;
}

/*
 * session leader S -> C -> G, G alone in its own process group and
 * stopped.  When C exits, G's group is orphaned (G's new parent is outside
 * the session) and has a stopped member: the kernel sends it SIGHUP and
 * SIGCONT.  S sees G die as EOF on a pipe only G still holds.
 */
static int
mode_orphan(void)
{
	pid_t s, c, g;
	int fds[2], st;
	char ch;

	if ((s = fork()) == -1)
		failed("fork");
	if (s == 0) {
		alarm(10);
		if (setsid() == -1 || pipe(fds) == -1)
			_exit(100);
		if ((c = fork()) == -1)
			_exit(101);
		if (c == 0) {
			if ((g = fork()) == -1)
				_exit(102);
			if (g == 0) {
				close(fds[0]);
				setpgid(0, 0);
				raise(SIGSTOP);
				/* SIGHUP's default action ends it before this. */
				_exit(103);
			}
			close(fds[1]);
			setpgid(g, g);
			sh->pid[1] = g;
			step = "the orphan-to-be stops";
			reap(g, &st, WUNTRACED);
			_exit(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP ? 0 : 104);
		}
		close(fds[1]);
		step = "the middle process exits";
		reap(c, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			_exit(105);
		step = "the orphaned stopped process dies of SIGHUP";
		while (read(fds[0], &ch, 1) == -1)
			if (errno != EINTR)
				_exit(106);
		_exit(0);
	}
	reap(s, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "jobctl: orphan: session leader status 0x%x\n", st);
		return 1;
	}
	return 0;
}

static int
mode_killstop(int sig)
{
	pid_t pid;
	int st;

	if ((pid = fork()) == -1)
		failed("fork");
	if (pid == 0) {
		worker(0);
		_exit(7);
	}
	step = "first progress";
	wait_progress(0, 0);
	step = "kill -STOP";
	kill(pid, SIGSTOP);
	reap(pid, &st, WUNTRACED);
	if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
		failed("waitpid(WUNTRACED) did not report the stop");
	check_frozen(pid, 0);
	step = "kill the stopped child";
	kill(pid, sig);
	if (sig != SIGKILL) {
		/*
		 * Only SIGKILL ends a stopped process at once: another fatal
		 * signal waits for SIGCONT (as the shell's kill sends it).
		 */
		step = "stays stopped with the signal pending";
		check_frozen(pid, 0);
		step = "SIGCONT after the signal";
		kill(pid, SIGCONT);
	}
	reap(pid, &st, 0);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != sig)
		failed("the stopped child was not killed by the signal");
	return 0;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;

	if (argc < 2) {
		fprintf(stderr, "usage: jobctl stop|stopmt|tstp|orphan|killstop SIG [MARK]\n");
		return 2;
	}
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 125;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(10);
	if (strcmp(argv[1], "stop") == 0)
		return mode_stop(0);
	if (strcmp(argv[1], "stopmt") == 0)
		return mode_stop(3);
	if (strcmp(argv[1], "tstp") == 0)
		return mode_tstp();
	if (strcmp(argv[1], "orphan") == 0)
		return mode_orphan();
	if (strcmp(argv[1], "killstop") == 0 && argc >= 3)
		return mode_killstop(atoi(argv[2]));
	fprintf(stderr, "jobctl: unknown mode '%s'\n", argv[1]);
	return 2;
}
