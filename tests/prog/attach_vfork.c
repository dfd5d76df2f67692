/*
 * attach_vfork: a parent stuck in vfork while its child sleeps before exec.
 * Used to detach from a vfork parent mid-vfork.  Prints "ready" once the
 * child sleeps, exits with the child's exit status.
 *   attach_vfork SECONDS PROGRAM [ARG...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec ts;
	int status;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: attach_vfork SECONDS PROGRAM [ARG...]\n");
		return 2;
	}
	ts.tv_sec = atoi(argv[1]);
	ts.tv_nsec = 0;
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		/* Not allowed by POSIX, fine on Linux: the parent waits meanwhile. */
		nanosleep(&ts, NULL);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (pid == -1 || waitpid(pid, &status, 0) == -1)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
