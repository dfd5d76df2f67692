/*
 * xexec: fork a child that calls execve with exactly the argv given, and
 * end as the child ended (its code, or 128+signal).
 *
 *	xexec [-0] [-b COUNT SIZE] PATH [ARG]...
 *
 * The child runs execve(PATH, {ARG..., NULL}): ARG is argv[0] and onwards,
 * nothing is added.  -0 passes an empty argv ({NULL}).  -b appends COUNT
 * generated arguments of SIZE bytes each (argument i, byte j is
 * 'a' + (i + j) % 26), to build an argv of a megabyte or more.  A failed
 * exec makes the child exit 127 (ENOENT) or 126 (anything else), like a
 * shell; it is not an exec at all, so a trace must show none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: xexec [-0] [-b COUNT SIZE] PATH [ARG]...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	char **args, *path;
	long count = 0, size = 0, i, j;
	int empty = 0, n = 0, st, e;
	pid_t pid;

	argv++;
	argc--;
	while (argc > 0 && argv[0][0] == '-') {
		if (strcmp(argv[0], "-0") == 0) {
			empty = 1;
			argv++;
			argc--;
		} else if (strcmp(argv[0], "-b") == 0 && argc >= 3) {
			count = strtol(argv[1], NULL, 10);
			size = strtol(argv[2], NULL, 10);
			argv += 3;
			argc -= 3;
		} else
			usage();
	}
	if (argc < 1 || count < 0 || size < 0)
		usage();
	path = argv[0];
	if ((args = calloc((size_t)(argc + count + 1), sizeof *args)) == NULL)
		return 125;
	if (!empty)
		for (i = 1; i < argc; i++)
			args[n++] = argv[i];
	for (i = 0; i < count; i++) {
		if ((args[n] = malloc((size_t)size + 1)) == NULL)
			return 125;
		for (j = 0; j < size; j++)
			args[n][j] = (char)('a' + (i + j) % 26);
		args[n++][size] = '\0';
	}
	args[n] = NULL;

	if ((pid = fork()) == -1) {
		perror("xexec: fork");
		return 125;
	}
	if (pid == 0) {
		execve(path, args, environ);
		e = errno;
		fprintf(stderr, "xexec: %s: %s\n", path, strerror(e));
		_exit(e == ENOENT ? 127 : 126);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			perror("xexec: waitpid");
			return 125;
		}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
