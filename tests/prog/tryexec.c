/*
 * tryexec: one exec attempt of a given kind, in this process, and an exit
 * that says how it went: 0 never (a successful exec does not return),
 * else 100 + the errno.  For the failed exec attempts a trace must show.
 *
 *	tryexec [-e ENVFILE] [-E] KIND ARG...
 *
 * KIND:
 *   path PATH [ARGV...]     execve(PATH, {ARGV..., NULL}, env)
 *   at DIR NAME [ARGV...]   execveat(open(DIR), NAME, argv, env, 0)
 *   fd FILE [ARGV...]       execveat(open(FILE), "", argv, env, AT_EMPTY_PATH)
 *   nullpath                execve(NULL, {"x", NULL}, env)
 *   badargv PATH            execve(PATH, (char **)1, env)
 *   badenvp PATH [ARGV...]  execve(PATH, argv, (char **)1)
 *   badenvstr PATH [ARGV...] execve(PATH, argv, {env..., (char *)1, NULL})
 *   nullargv PATH           execve(PATH, NULL, env)
 *   big PATH COUNT SIZE     execve(PATH, COUNT arguments of SIZE bytes, env)
 *   seq STEP...             the steps in turn, the exit saying how the last
 *                           attempt failed:
 *                             x:PATH   execve(PATH, {PATH, NULL}, env); go on
 *                             u:UID    setgroups(0), setresgid, setresuid to UID
 *                             X:PATH   execve(PATH, {PATH, the rest...}, env)
 *
 * -e ENVFILE: env is the NUL-terminated entries of ENVFILE, exactly (no
 * '=' needed); -E: env is NULL.  Otherwise env is this process's environ.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: tryexec [-e ENVFILE] [-E] "
	    "path|at|fd|nullpath|badargv|badenvp|badenvstr|nullargv|big|seq ARG...\n");
	exit(2);
}

/* NUL-terminated entries of a file as a NULL-terminated list. */
static char **
read_env(const char *file)
{
	static char data[4 << 20];
	char **list;
	size_t n, i, k = 0, count = 0;
	FILE *fp = fopen(file, "rb");

	if (fp == NULL) {
		perror(file);
		exit(2);
	}
	n = fread(data, 1, sizeof data - 1, fp);
	fclose(fp);
	for (i = 0; i < n; i++)
		count += data[i] == '\0';
	if ((list = calloc(count + 1, sizeof *list)) == NULL)
		exit(2);
	for (i = 0; i < n; i += strlen(data + i) + 1)
		list[k++] = data + i;
	list[k] = NULL;
	return list;
}

static int
fail(void)
{
	return 100 + errno;
}

int
main(int argc, char **argv)
{
	char **env = environ, **args, *none[] = { "x", NULL };
	long count, size, i, j;
	int fd, c;

	while ((c = getopt(argc, argv, "+e:E")) != -1) {
		switch (c) {
		case 'e': env = read_env(optarg); break;
		case 'E': env = NULL; break;
		default: usage();
		}
	}
	argv += optind;
	argc -= optind;
	if (argc < 1)
		usage();
	if (strcmp(argv[0], "path") == 0 && argc >= 2) {
		execve(argv[1], argv + 2, env);
		return fail();
	}
	if (strcmp(argv[0], "at") == 0 && argc >= 3) {
		if ((fd = open(argv[1], O_RDONLY | O_DIRECTORY)) == -1)
			return fail();
		syscall(SYS_execveat, fd, argv[2], argv + 3, env, 0);
		return fail();
	}
	if (strcmp(argv[0], "fd") == 0 && argc >= 2) {
		if ((fd = open(argv[1], O_PATH)) == -1)
			return fail();
		syscall(SYS_execveat, fd, "", argv + 2, env, AT_EMPTY_PATH);
		return fail();
	}
	if (strcmp(argv[0], "nullpath") == 0) {
		syscall(SYS_execve, NULL, none, env);
		return fail();
	}
	if (strcmp(argv[0], "badargv") == 0 && argc >= 2) {
		syscall(SYS_execve, argv[1], (char **)1, env);
		return fail();
	}
	if (strcmp(argv[0], "badenvp") == 0 && argc >= 2) {
		syscall(SYS_execve, argv[1], argv + 2, (char **)1);
		return fail();
	}
	if (strcmp(argv[0], "badenvstr") == 0 && argc >= 2) {
		for (count = 0; env != NULL && env[count] != NULL; count++)
			;
		if ((args = calloc((size_t)count + 2, sizeof *args)) == NULL)
			return 2;
		for (i = 0; i < count; i++)
			args[i] = env[i];
		args[count] = (char *)1;
		syscall(SYS_execve, argv[1], argv + 2, args);
		return fail();
	}
	if (strcmp(argv[0], "nullargv") == 0 && argc >= 2) {
		syscall(SYS_execve, argv[1], NULL, env);
		return fail();
	}
	if (strcmp(argv[0], "seq") == 0) {
		c = 0;
		for (i = 1; i < argc; i++) {
			if (strncmp(argv[i], "x:", 2) == 0) {
				none[0] = argv[i] + 2;
				execve(argv[i] + 2, none, env);
				c = fail();
			} else if (strncmp(argv[i], "X:", 2) == 0) {
				argv[i] += 2;
				execve(argv[i], argv + i, env);
				return fail();
			} else if (strncmp(argv[i], "u:", 2) == 0) {
				j = atol(argv[i] + 2);
				if (setgroups(0, NULL) == -1 || setresgid((gid_t)j, (gid_t)j, (gid_t)j) == -1 ||
				    setresuid((uid_t)j, (uid_t)j, (uid_t)j) == -1) {
					perror("tryexec: u");
					return 2;
				}
			} else
				usage();
		}
		return c;
	}
	if (strcmp(argv[0], "big") == 0 && argc >= 4) {
		count = atol(argv[2]);
		size = atol(argv[3]);
		if ((args = calloc((size_t)count + 2, sizeof *args)) == NULL)
			return 2;
		args[0] = argv[1];
		for (i = 1; i <= count; i++) {
			if ((args[i] = malloc((size_t)size + 1)) == NULL)
				return 2;
			for (j = 0; j < size; j++)
				args[i][j] = (char)('a' + (i + j) % 26);
			args[i][size] = '\0';
		}
		execve(argv[1], args, env);
		return fail();
	}
	usage();
}
