/*
 * vfork: the two ways a vfork child may leave, and the parent that sleeps
 * in vfork until it does.
 *
 *	vfork exec PATH [ARG]...	the child execs PATH with argv ARG...
 *	vfork exit CODE			the child calls _exit(CODE)
 *
 * The parent ends as the child ended (its code, or 128+signal); 127 when
 * the exec failed.  A tracer that mishandles the vfork event deadlocks
 * here: the parent cannot run until its child has exec'd or exited.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Outside main: vfork may clobber locals the child and parent share. */
static int code, do_exec;

int
main(int argc, char **argv)
{
	int st;
	pid_t pid;

	if (argc < 3 || (strcmp(argv[1], "exec") != 0 && strcmp(argv[1], "exit") != 0)) {
		fprintf(stderr, "usage: vfork exec PATH [ARG]... | vfork exit CODE\n");
		return 2;
	}
	do_exec = strcmp(argv[1], "exec") == 0;
	if (!do_exec)
		code = atoi(argv[2]);
	pid = vfork();
	if (pid == -1) {
		perror("vfork");
		return 125;
	}
	if (pid == 0) {
		/* Only exec or _exit are allowed here. */
		if (do_exec) {
			execv(argv[2], argv + 3);
			_exit(127);
		}
		_exit(code);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			perror("vfork: waitpid");
			return 125;
		}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
