/*
 * wide: one parent with many children alive (or zombie) at the same time.
 *
 *	wide COUNT OUT [MARK]
 *
 * Forks COUNT children; child i exits i % 100 at once.  Only then does the
 * parent reap them all, and write "PID CODE" for each child to OUT: the
 * truth a trace is compared with.  Exits 0 when every code was right.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long count, i;
	pid_t *pids;
	FILE *out;
	int st, bad = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: wide COUNT OUT [MARK]\n");
		return 2;
	}
	count = atol(argv[1]);
	if ((pids = calloc((size_t)count, sizeof *pids)) == NULL)
		return 125;
	for (i = 0; i < count; i++) {
		if ((pids[i] = fork()) == -1) {
			perror("wide: fork");
			return 125;
		}
		if (pids[i] == 0)
			_exit((int)(i % 100));
	}
	if ((out = fopen(argv[2], "w")) == NULL)
		return 125;
	for (i = 0; i < count; i++) {
		while (waitpid(pids[i], &st, 0) == -1)
			if (errno != EINTR)
				return 125;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != i % 100)
			bad++;
		fprintf(out, "%d %d\n", (int)pids[i], WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	if (fclose(out) != 0)
		return 125;
	if (bad != 0)
		fprintf(stderr, "wide: %d children ended wrong\n", bad);
	return bad != 0;
}
