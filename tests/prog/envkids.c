/*
 * envkids: environments inherited and changed across fork and exec, each
 * child exec'ing IMGDUMP (tests/prog/imgdump) to write back what it got.
 * One child at a time, in this order, each waited for:
 *
 *   same      its environment, inherited as it is
 *   plus      + ADDED=new (at the end)
 *   minus     - every entry named REMOVED
 *   changed   ~ CHANGED=new (in the place of the first CHANGED)
 *   grand     a child that never execs forks one that execs with + GRAND=1
 *   chain     env -u REMOVED CHAIN=1 sh -c 'IMGDUMP chain-a; exec IMGDUMP chain-b'
 *   middle    forks "early", then execs with + MIDDLE=1 (its first exec)
 *   early     waits until middle has exec'd, then execs as it is: its
 *             environment came with the fork, before middle's exec
 *   late      waits until this process has exec'd (below), then execs as it is
 *
 * Last, this process execs IMGDUMP (dump "self") with + PARENT_EXECD=1,
 * right after forking "late": late's environment came with the fork,
 * before that exec.
 *
 *	envkids IMGDUMP DIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *imgdump, *dir;

/* environ changed: drop the entries named drop, set (replace in place, or add) set. */
static char **
changed(const char *drop, const char *set)
{
	size_t n = 0, k = 0, nlen = set != NULL ? strcspn(set, "=") : 0;
	char **list, **e;
	int done = 0;

	for (e = environ; *e != NULL; e++)
		n++;
	if ((list = calloc(n + 2, sizeof *list)) == NULL)
		exit(2);
	for (e = environ; *e != NULL; e++) {
		if (drop != NULL && strncmp(*e, drop, strlen(drop)) == 0 &&
		    (*e)[strlen(drop)] == '=')
			continue;
		if (set != NULL && !done && strncmp(*e, set, nlen) == 0 && (*e)[nlen] == '=') {
			list[k++] = (char *)set;
			done = 1;
			continue;
		}
		list[k++] = *e;
	}
	if (set != NULL && !done)
		list[k++] = (char *)set;
	list[k] = NULL;
	return list;
}

static void __attribute__((noreturn))
dump(const char *name, char **env)
{
	char path[4096];
	char *argv[3] = { (char *)imgdump, path, NULL };

	snprintf(path, sizeof path, "%s/%s", dir, name);
	execve(imgdump, argv, env);
	perror(imgdump);
	_exit(127);
}

static void
wait_for(pid_t kid)
{
	int st;

	if (kid == -1) {
		perror("envkids: fork");
		exit(2);
	}
	while (waitpid(kid, &st, 0) == -1)
		if (errno != EINTR) {
			perror("envkids: waitpid");
			exit(2);
		}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "envkids: a child failed (status %#x)\n", st);
		exit(1);
	}
}

/* Fork a child that waits for this process's exec, then execs; exec. */
static void __attribute__((noreturn))
exec_after_fork(const char *kid_dump, const char *dump_name, char **env)
{
	int fds[2];
	char c;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		perror("envkids: pipe");
		exit(2);
	}
	switch (fork()) {
	case -1:
		perror("envkids: fork");
		exit(2);
	case 0:
		close(fds[1]);
		while (read(fds[0], &c, 1) == -1 && errno == EINTR)
			;
		dump(kid_dump, environ);	/* EOF: the parent has exec'd */
	}
	dump(dump_name, env);
}

static void
chain(void)
{
	char script[] = "\"$0\" \"$1\"/chain-a; exec \"$0\" \"$1\"/chain-b";
	char *argv[] = { "env", "-u", "REMOVED", "CHAIN=1", "/bin/sh", "-c", script,
	    (char *)imgdump, (char *)dir, NULL };

	execve("/usr/bin/env", argv, environ);
	perror("/usr/bin/env");
	_exit(127);
}

int
main(int argc, char **argv)
{
	pid_t kid;

	if (argc != 3) {
		fprintf(stderr, "usage: envkids IMGDUMP DIR\n");
		return 2;
	}
	imgdump = argv[1];
	dir = argv[2];
	if ((kid = fork()) == 0)
		dump("same", environ);
	wait_for(kid);
	if ((kid = fork()) == 0)
		dump("plus", changed(NULL, "ADDED=new"));
	wait_for(kid);
	if ((kid = fork()) == 0)
		dump("minus", changed("REMOVED", NULL));
	wait_for(kid);
	if ((kid = fork()) == 0)
		dump("changed", changed(NULL, "CHANGED=new"));
	wait_for(kid);
	if ((kid = fork()) == 0) {
		if ((kid = fork()) == 0)
			dump("grand", changed(NULL, "GRAND=1"));
		wait_for(kid);
		_exit(0);
	}
	wait_for(kid);
	if ((kid = fork()) == 0)
		chain();
	wait_for(kid);
	if ((kid = fork()) == 0)
		exec_after_fork("early", "middle", changed(NULL, "MIDDLE=1"));
	wait_for(kid);
	exec_after_fork("late", "self", changed(NULL, "PARENT_EXECD=1"));
}
