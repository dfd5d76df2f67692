/*
 * sigchld_wait: a parent that blocks SIGCHLD and waits for it in
 * sigsuspend, as shells do for "cmd & wait" (the seed's hang).  A tracer
 * that swallows the SIGCHLD of a signal-delivery stop makes it hang
 * forever.
 *
 *	sigchld_wait CODE [MARK]
 *
 * The child sleeps 50 ms and exits CODE; the parent exits with the code it
 * reaped, after seeing SIGCHLD arrive.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_chld;

static void
on_chld(int sig)
{
	got_chld = 1;
}

int
main(int argc, char **argv)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	struct sigaction sa;
	sigset_t block, old;
	int st;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: sigchld_wait CODE [MARK]\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	if ((pid = fork()) == -1) {
		perror("fork");
		return 125;
	}
	if (pid == 0) {
		nanosleep(&ts, NULL);
		_exit(atoi(argv[1]));
	}
	while (!got_chld)
		sigsuspend(&old);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
		fprintf(stderr, "sigchld_wait: bad child status\n");
		return 125;
	}
	return WEXITSTATUS(st);
}
