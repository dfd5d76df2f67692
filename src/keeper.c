/*
 * keeper.c: the process the shell started, standing in for ptop once ptop
 * has moved to a session of its own.  See keeper.h.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keeper.h"
#include "log.h"
#include "loop.h"

static void __attribute__((noreturn))
keeper_run(pid_t child)
{
	siginfo_t si;
	int sig, status;
	pid_t r;

	/* What ptop would read from its signalfd: SIGCHLD is ptop's, the rest go on. */
	for (;;) {
		sig = sigwaitinfo(loop_handled_signals(), &si);
		if (sig == -1) {
			if (errno == EINTR)
				continue;
			fatal("sigwaitinfo");
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
			if (WIFSIGNALED(status))
				exit(128 + WTERMSIG(status));
		}
		if (r == -1 && errno == ECHILD)
			exit(1);
	}
}

void
keeper_split(void)
{
	pid_t keeper = getpid(), child;

	if ((child = fork()) == -1)
		fatal("fork");
	if (child != 0)
		keeper_run(child);
	if (setsid() == -1)
		fatal("setsid");
	/* If the keeper is gone, so is the terminal's claim on us: leave. */
	prctl(PR_SET_PDEATHSIG, SIGHUP);
	if (getppid() != keeper)
		kill(getpid(), SIGHUP);
}
