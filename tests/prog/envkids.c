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
	int fds[2];
	pid_t kid;
	char c;

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
	if (pipe2(fds, O_CLOEXEC) == -1) {
		perror("envkids: pipe");
		return 2;
	}
	if ((kid = fork()) == 0) {
		close(fds[1]);
		while (read(fds[0], &c, 1) == -1 && errno == EINTR)
			;
		dump("late", environ);	/* EOF: the parent has exec'd */
	}
	dump("self", changed(NULL, "PARENT_EXECD=1"));
}
