/*
 * forkkill: fork, then SIGKILL the child at once, many times: the child's
 * first ptrace stop, the parent's fork event and the child's death race.
 *
 *	forkkill COUNT OUT [MARK]
 *
 * Each child only waits (it can end by SIGKILL alone).  The parent kills
 * it right after fork returns, reaps it, and writes each child's pid to
 * OUT.  Exits 0 when every child was reported killed by SIGKILL.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long count, i;
	FILE *out;
	pid_t pid;
	int st, bad = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: forkkill COUNT OUT [MARK]\n");
		return 2;
	}
	count = atol(argv[1]);
	if ((out = fopen(argv[2], "w")) == NULL)
		return 125;
	for (i = 0; i < count; i++) {
		if ((pid = fork()) == -1) {
			perror("forkkill: fork");
			return 125;
		}
		if (pid == 0)
			for (;;)
				pause();
		if (kill(pid, SIGKILL) == -1) {
			perror("forkkill: kill");
			return 125;
		}
		while (waitpid(pid, &st, 0) == -1)
			if (errno != EINTR)
				return 125;
		if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
			bad++;
		fprintf(out, "%d\n", (int)pid);
	}
	if (fclose(out) != 0)
		return 125;
	if (bad != 0)
		fprintf(stderr, "forkkill: %d children not killed by SIGKILL\n", bad);
	return bad != 0;
}
