/*
 * daemon: a double fork that leaves a daemon behind, outliving the command.
 *
 *	daemon FILE MS [MARK]
 *
 * The command forks an intermediate child and exits 0 once that child has
 * exited.  The intermediate forks the daemon and exits 3 at once.  The
 * daemon (reparented to init or a subreaper) calls setsid, forks a worker
 * of its own, sleeps MS milliseconds, writes "done" to FILE and exits 4
 * after its worker exited 5.  A tracer must wait for both, and keep the
 * intermediate as the daemon's parent.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static void __attribute__((noreturn))
daemon_main(const char *file, long ms)
{
	pid_t worker;
	int fd, st;

	if (setsid() == -1)
		_exit(120);
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, 0);
		dup2(fd, 1);
		if (fd > 2)
			close(fd);
	}
	if ((worker = fork()) == -1)
		_exit(121);
	if (worker == 0) {
		sleep_ms(ms / 2);
		_exit(5);
	}
	sleep_ms(ms);
	if (waitpid(worker, &st, 0) != worker || !WIFEXITED(st) || WEXITSTATUS(st) != 5)
		_exit(122);
	if ((fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, "done\n", 5) != 5)
		_exit(123);
	_exit(4);
}

int
main(int argc, char **argv)
{
	pid_t mid, d;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: daemon FILE MS [MARK]\n");
		return 2;
	}
	if ((mid = fork()) == -1)
		return 125;
	if (mid == 0) {
		if ((d = fork()) == -1)
			_exit(124);
		if (d == 0)
			daemon_main(argv[1], atol(argv[2]));
		_exit(3);
	}
	if (waitpid(mid, &st, 0) != mid || !WIFEXITED(st) || WEXITSTATUS(st) != 3) {
		fprintf(stderr, "daemon: intermediate child did not exit 3\n");
		return 1;
	}
	return 0;
}
