/*
 * keeper.c: the process the shell started, standing in for ptop once ptop
 * has moved to a session of its own.  See keeper.h.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "keeper.h"
#include "log.h"
#include "loop.h"

static struct {
	char reset[256];	/* bytes that give the terminal back (ui_term_reset_bytes) */
	size_t reset_len;
	struct termios tio;	/* the terminal's modes before ptop took it */
	int have_tio;
} K;

/*
 * ptop died without giving the terminal back (kill -9, a crash): put it as
 * it was, so the shell is not left in the alternate screen with mouse
 * reports on and no echo.
 */
static void
keeper_restore_terminal(void)
{
	const char *p = K.reset;
	size_t left = K.reset_len;
	ssize_t n;

	if (K.have_tio)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &K.tio);
	while (left > 0) {
		n = write(STDOUT_FILENO, p, left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p += n;
		left -= (size_t)n;
	}
}

static void __attribute__((noreturn))
keeper_run(pid_t child)
{
	siginfo_t si;
	int sig, status;
	pid_t r;

	sigset_t set = *loop_handled_signals();

	sigaddset(&set, SIGUSR1);
	/* What ptop would read from its signalfd: SIGCHLD is ptop's, the rest go on. */
	for (;;) {
		sig = sigwaitinfo(&set, &si);
		if (sig == -1) {
			if (errno == EINTR)
				continue;
			fatal("sigwaitinfo");
		}
		if (sig == SIGUSR1) {
			/* ptop gave the terminal back and goes on alone (keeper_release). */
			if (si.si_pid == child)
				exit(0);
			continue;
		}
		if (sig != SIGCHLD) {
			kill(child, sig);
			continue;
		}
		while ((r = waitpid(child, &status, WNOHANG | WUNTRACED)) > 0) {
			if (WIFSTOPPED(status)) {
				/* ptop stopped (SIGTSTP): so does the job the shell knows. */
				kill(getpid(), SIGSTOP);
				kill(child, SIGCONT);
				continue;
			}
			if (WIFEXITED(status))
				exit(WEXITSTATUS(status));
			if (WIFSIGNALED(status)) {
				keeper_restore_terminal();
				exit(128 + WTERMSIG(status));
			}
		}
		if (r == -1 && errno == ECHILD)
			exit(1);
	}
}

static pid_t keeper_parent;	/* in ptop: the keeper, or 0 */

void
keeper_split(const char *reset, size_t len)
{
	pid_t keeper = getpid(), child;
	sigset_t usr1;

	if (len > sizeof K.reset)
		len = 0;
	memcpy(K.reset, reset, len);
	K.reset_len = len;
	K.have_tio = tcgetattr(STDIN_FILENO, &K.tio) == 0;

	/* Blocked before the fork: ptop's keeper_release() must not find it unready. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	if ((child = fork()) == -1)
		fatal("fork");
	if (child != 0)
		keeper_run(child);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	keeper_parent = keeper;
	if (setsid() == -1)
		fatal("setsid");
	/* If the keeper is gone, so is the terminal's claim on us: run.c leaves. */
	prctl(PR_SET_PDEATHSIG, SIGHUP);
	if (getppid() != keeper)
		kill(getpid(), SIGHUP);
}

int
keeper_release(void)
{
	if (keeper_parent == 0 || getppid() != keeper_parent)
		return -1;
	prctl(PR_SET_PDEATHSIG, 0);	/* its exit is no hang-up now */
	if (kill(keeper_parent, SIGUSR1) == -1)
		return -1;
	keeper_parent = 0;
	return 0;
}
