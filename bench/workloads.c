/*
 * workloads.c: synthetic workloads for bench/overhead.sh.
 *
 *   workloads threads N      create and join N threads, one at a time
 *   workloads forktree D N   a fork tree D levels deep with N processes
 *                            in all; each process waits for its children
 *   workloads busy N         a child starts N threads that spin in getuid()
 *                            and ends them all once the last is made: the
 *                            CPUs are busy while the creator's clones stop
 *                            (tests/prog/busythreads without the alarm)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *
nothing(void *arg)
{
	return arg;
}

static int
threads(int n)
{
	pthread_t t;
	int i;

	for (i = 0; i < n; i++) {
		if (pthread_create(&t, NULL, nothing, NULL) != 0)
			return 1;
		pthread_join(t, NULL);
	}
	return 0;
}

/* Largest f >= 1 with f^k <= n. */
static int
iroot(int n, int k)
{
	int f = 1, i;
	long p;

	for (;;) {
		for (p = 1, i = 0; i < k && p <= n; i++)
			p *= f + 1;
		if (p > n)
			return f;
		f++;
	}
}

/*
 * This process is a node with budget n (itself included) and depth levels
 * below and including it.  Its n - 1 descendants are spread over f children
 * so that the deepest path has exactly depth levels: the fan-out is the
 * (depth-1)th root of the budget, and the last level takes what is left.
 */
static void
forktree(int depth, int n)
{
	int children, share, extra, i, status;
	pid_t pid;

	n--;	/* this process */
	if (depth <= 1 || n <= 0)
		return;
	children = depth == 2 ? n : iroot(n, depth - 1);
	share = n / children;
	extra = n % children;
	for (i = 0; i < children; i++) {
		int budget = share + (i < extra);
		if ((pid = fork()) == -1) {
			perror("fork");
			exit(1);
		}
		if (pid == 0) {
			forktree(depth - 1, budget);
			_exit(0);
		}
	}
	while (wait(&status) > 0)
		;
}

static void *
spin(void *arg)
{
	for (;;)
		getuid();
	return arg;
}

static int
busy(int n)
{
	pthread_attr_t attr;
	pthread_t t;
	int i, status;
	pid_t pid;

	if ((pid = fork()) == -1)
		return 1;
	if (pid == 0) {
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 64 * 1024);
		for (i = 0; i < n; i++)
			if (pthread_create(&t, &attr, spin, NULL) != 0)
				_exit(1);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "threads") == 0)
		return threads(atoi(argv[2]));
	if (argc == 4 && strcmp(argv[1], "forktree") == 0) {
		forktree(atoi(argv[2]), atoi(argv[3]));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "busy") == 0)
		return busy(atoi(argv[2]));
	fprintf(stderr, "usage: workloads threads N | forktree DEPTH N | busy N\n");
	return 2;
}
