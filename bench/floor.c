/*
 * floor.c: the cheapest possible event-only ptrace follower, the floor that
 * ptop's overhead is measured against.  It does what ptrace itself costs and
 * nothing else: PTRACE_SEIZE with fork/vfork/clone/exec events, PTRACE_CONT
 * after every stop (re-injecting signals, PTRACE_LISTEN for group stops so
 * that job control works), until no tracee is left.  No /proc, no output.
 *
 *   cc -O2 -o floor floor.c && ./floor COMMAND [ARG]...
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int status, sig, event, go[2], rc = 0, poll = 0, yield = 0;
	pid_t pid, root;
	char c = 'g';

	if (argc > 1 && (strcmp(argv[1], "-s") == 0 || strcmp(argv[1], "-y") == 0)) {
		poll = 1;
		yield = argv[1][1] == 'y';
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: floor [-s|-y] COMMAND [ARG]...\n");
		return 2;
	}
	if (pipe(go) == -1 || (root = fork()) == -1)
		return 1;
	if (root == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	close(go[0]);
	if (ptrace(PTRACE_SEIZE, root, 0, (void *)(long)(PTRACE_O_TRACEFORK |
	    PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |
	    PTRACE_O_EXITKILL)) == -1) {
		perror("floor: PTRACE_SEIZE");
		return 1;
	}
	if (write(go[1], &c, 1) != 1)
		return 1;
	close(go[1]);
	while ((pid = waitpid(-1, &status, __WALL | (poll ? WNOHANG : 0))) != -1 ||
	    errno == EINTR) {
		if (pid == 0 && yield)
			sched_yield();
		if (pid <= 0)
			continue;
		if (!WIFSTOPPED(status)) {
			if (pid == root)
				rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			continue;
		}
		sig = WSTOPSIG(status);
		event = (unsigned)status >> 16;
		if (event == PTRACE_EVENT_STOP && (sig == SIGSTOP || sig == SIGTSTP ||
		    sig == SIGTTIN || sig == SIGTTOU))
			ptrace(PTRACE_LISTEN, pid, 0, 0);
		else
			ptrace(PTRACE_CONT, pid, 0, (void *)(long)(event == 0 ? sig : 0));
	}
	return rc;
}
