/*
 * busythreads: many threads that never stop running, under an alarm.
 *
 *	busythreads SECONDS COUNT [MARK]
 *
 * The shape of strace's tests/looping_threads.c: the program sets
 * alarm(SECONDS) and forks; the child starts COUNT threads that spin in
 * getuid() and, once the last one is made, ends them all with _exit(0).
 * Every clone stops the creator until its tracer restarts it, while the
 * threads already made keep every CPU busy: a tracer that competes with
 * them for a CPU (busy-polling, say) makes the creation crawl, and the
 * alarm kills the program (exit 142 from a shell).  Untraced it takes a
 * tenth of a second.  Exits with the child's status: 0.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *
spin(void *arg)
{
	for (;;)
		getuid();
	return arg;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	pthread_attr_t attr;
	pthread_t t;
	sigset_t none;
	int secs, count, i, status, e;
	pid_t pid;

	if (argc < 3 || (secs = atoi(argv[1])) <= 0 || (count = atoi(argv[2])) <= 0) {
		fprintf(stderr, "usage: busythreads SECONDS COUNT [MARK]\n");
		return 2;
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	alarm((unsigned)secs);
	if ((pid = fork()) == -1) {
		perror("busythreads: fork");
		return 1;
	}
	if (pid == 0) {
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 64 * 1024);
		for (i = 0; i < count; i++) {
			if ((e = pthread_create(&t, &attr, spin, NULL)) != 0) {
				if (e == EAGAIN)
					break;
				fprintf(stderr, "busythreads: pthread_create %d: %s\n", i,
				    strerror(e));
				_exit(1);
			}
		}
		_exit(0);	/* ends every thread */
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			perror("busythreads: waitpid");
			return 1;
		}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
