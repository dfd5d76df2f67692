/*
 * test_procfs.c: /proc readers on this very process: whole files, links of
 * any length read repeatedly into one reused buffer (which must not grow
 * each time), status fields, start time; a vanished pid is a quiet -1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "procfs.h"

static void
test_readlink_reuses_buffer(void **state)
{
	struct buf b = BUF_INIT;
	char self[PATH_MAX];
	ssize_t n;
	size_t cap;
	int i;

	n = readlink("/proc/self/exe", self, sizeof self - 1);
	assert_true(n > 0);
	self[n] = '\0';
	assert_int_equal(procfs_readlink(getpid(), "exe", &b), 0);
	assert_string_equal(b.p, self);
	cap = b.cap;
	for (i = 0; i < 1000; i++) {
		assert_int_equal(procfs_readlink(getpid(), "exe", &b), 0);
		assert_int_equal(b.len, (size_t)n);
	}
	/* Regression: the buffer once doubled on every call. */
	assert_int_equal(b.cap, cap);
	buf_free(&b);
}

static void
test_long_cwd(void **state)
{
	char dir[] = "/tmp/ptop-unit-XXXXXX", path[4096], *p;
	struct buf b = BUF_INIT;
	int i;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(chdir(dir), 0);
	/* A cwd longer than the first guess of 256 bytes. */
	for (i = 0; i < 12; i++)
		assert_int_equal(mkdir("a-rather-long-directory-name-for-ptop", 0700) == 0 &&
		    chdir("a-rather-long-directory-name-for-ptop") == 0, 1);
	assert_non_null(getcwd(path, sizeof path));
	assert_int_equal(procfs_readlink(getpid(), "cwd", &b), 0);
	assert_string_equal(b.p, path);
	assert_true(b.len > 256);
	assert_int_equal(chdir("/"), 0);
	/* Clean up the chain from the bottom. */
	for (i = 12; i > 0; i--) {
		p = strrchr(path, '/');
		assert_int_equal(rmdir(path), 0);
		*p = '\0';
	}
	assert_int_equal(rmdir(dir), 0);
	buf_free(&b);
}

static void
test_files_and_fields(void **state)
{
	struct buf b = BUF_INIT, s = BUF_INIT;
	pid_t ppid;
	char st;
	double start;

	assert_int_equal(procfs_read(getpid(), "cmdline", &b), 0);
	assert_true(b.len > 0);
	assert_int_equal(b.p[b.len - 1], '\0');
	assert_int_equal(procfs_status_long(getpid(), "Tgid", &s), getpid());
	assert_int_equal(procfs_status_long(getpid(), "PPid", &s), getppid());
	assert_int_equal(procfs_status_long(getpid(), "NoSuchField", &s), -1);
	assert_int_equal(procfs_stat_ppid(getpid(), &ppid, &st, &s), 0);
	assert_int_equal(ppid, getppid());
	assert_int_equal(st, 'R');
	start = procfs_start_time(getpid(), &s);
	assert_true(start > time(NULL) - 600 && start <= time(NULL) + 1);
	buf_free(&b);
	buf_free(&s);
}

static double
wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A child's start time is exact to the clock tick, not to the second. */
static void
test_start_time_exact(void **state)
{
	struct buf s = BUF_INIT;
	double before, after, start;
	long hz = sysconf(_SC_CLK_TCK);
	int fds[2], i;
	pid_t pid;
	char c;

	for (i = 0; i < 5; i++) {
		assert_int_equal(pipe(fds), 0);
		before = wall_now();
		if ((pid = fork()) == 0) {
			close(fds[1]);
			(void)read(fds[0], &c, 1);	/* until the parent has looked */
			_exit(0);
		}
		after = wall_now();
		start = procfs_start_time(pid, &s);
		close(fds[0]);
		close(fds[1]);
		waitpid(pid, NULL, 0);
		/* The tick rounds down; our own clock reads can straddle it. */
		assert_true(start >= before - 2.0 / hz);
		assert_true(start <= after + 2.0 / hz);
	}
	buf_free(&s);
}

static void
test_vanished(void **state)
{
	struct buf b = BUF_INIT;

	assert_int_equal(procfs_read(999999999, "cmdline", &b), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(procfs_readlink(999999999, "exe", &b), -1);
	assert_int_equal(procfs_status_long(999999999, "Tgid", &b), -1);
	assert_true(procfs_start_time(999999999, &b) == 0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readlink_reuses_buffer),
		cmocka_unit_test(test_long_cwd),
		cmocka_unit_test(test_files_and_fields),
		cmocka_unit_test(test_start_time_exact),
		cmocka_unit_test(test_vanished),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
