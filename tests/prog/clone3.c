/*
 * clone3: new processes made with the raw clone3 system call, which older
 * tracers (and libc-less code) see differently from fork.
 *
 *	clone3 PATH [ARG]...
 *
 * 1. clone3 with CLONE_PIDFD and exit_signal SIGCHLD: the child exits 9.
 * 2. clone3 with exit_signal 0 (no SIGCHLD; the kernel reports it as a
 *    clone, not a fork, yet it is a process): the child exits 10, reaped
 *    with __WALL.
 * 3. clone3 like fork: the child execs PATH with argv ARG..., which must
 *    exit 11.
 * Exits 0 when all three ended as said, 77 when clone3 is ENOSYS.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

static pid_t
do_clone3(uint64_t flags, int exit_signal, int *pidfd)
{
	struct clone_args ca;

	memset(&ca, 0, sizeof ca);
	ca.flags = flags;
	ca.exit_signal = (uint64_t)exit_signal;
	if (pidfd != NULL)
		ca.pidfd = (uint64_t)(uintptr_t)pidfd;
	return (pid_t)syscall(SYS_clone3, &ca, sizeof ca);
}

static int
reap(pid_t pid, int want)
{
	int st;

	while (waitpid(pid, &st, __WALL) == -1)
		if (errno != EINTR) {
			perror("clone3: waitpid");
			return -1;
		}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != want) {
		fprintf(stderr, "clone3: child %d: status 0x%x, want exit %d\n", (int)pid, st, want);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int pidfd = -1, bad = 0;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: clone3 PATH [ARG]...\n");
		return 2;
	}
	pid = do_clone3(CLONE_PIDFD, SIGCHLD, &pidfd);
	if (pid == -1 && errno == ENOSYS) {
		fprintf(stderr, "clone3: ENOSYS\n");
		return 77;
	}
	if (pid == -1) {
		perror("clone3");
		return 125;
	}
	if (pid == 0)
		_exit(9);
	if (pidfd < 0)
		bad++;
	bad += reap(pid, 9) != 0;

	if ((pid = do_clone3(0, 0, NULL)) == -1)
		return 125;
	if (pid == 0)
		_exit(10);
	bad += reap(pid, 10) != 0;

	if ((pid = do_clone3(0, SIGCHLD, NULL)) == -1)
		return 125;
	if (pid == 0) {
		execv(argv[1], argv + 2);
		_exit(127);
	}
	bad += reap(pid, 11) != 0;
	return bad != 0;
}
