/*
 * deep: a chain of fork, each process the only child of the one before.
 *
 *	deep LEVELS [MARK]
 *
 * Process k (the command is 0) forks process k+1, which execs "deep
 * LEVELS-1 MARK", and waits for it; process LEVELS exits 42.  Each process
 * exits with its child's code, so the command exits 42 when the whole
 * chain worked.  (Exec at each level keeps the chain linear in cost: a
 * chain of plain forks makes the kernel's anon_vma chains, and fork time,
 * grow with the depth.)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char self[4096], next[32];
	long levels;
	ssize_t n;
	pid_t pid;
	int st;

	if (argc < 2) {
		fprintf(stderr, "usage: deep LEVELS [MARK]\n");
		return 2;
	}
	if ((levels = atol(argv[1])) <= 0)
		return 42;
	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) == -1)
		return 125;
	self[n] = '\0';
	snprintf(next, sizeof next, "%ld", levels - 1);
	if ((pid = fork()) == -1) {
		perror("deep: fork");
		return 125;
	}
	if (pid == 0) {
		execl(self, "deep", next, argc > 2 ? argv[2] : (char *)NULL, (char *)NULL);
		_exit(126);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return 125;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 125;
}
